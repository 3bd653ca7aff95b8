"""The parser as a whole: raw text in, a ParsedResolution out, one stage after another.

cleanup (lines) -> footnotes (lift definitions) -> layout (header / body / closing / annex)
-> running titles out of the body -> header, paragraphs, footnotes (attach), closing,
citations, predecessors, follow-ups.

`parse_many` splits a compilation (a session's resolutions in one file) at each enacting
formula and parses the pieces one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from . import annexes, bodies, cleanup, closing, deadlines, footnotes, header, layout, paragraphs
from .addressees import read_addressees
from .citations import find_citations, find_predecessors
from .cleanup import Line
from .followups import find_follow_ups
from .symbols import find_symbols, symbol_from_file_name
from .types import ParsedResolution, ParseError, ParserBug, Unread
from .units import join_units
from .unread import unread_lines

# What a bug of ours raises; ParseError (a ValueError) is caught before these.
_BUGS = (RecursionError, MemoryError, ValueError, IndexError, KeyError, TypeError, AttributeError)


@contextmanager
def _bugs_told_apart(stage: str) -> Iterator[None]:
    """A bug of ours is not a verdict on the text: it gets its own type, so that callers ask
    for a report and tests fail, and the message says what broke and in which stage."""
    try:
        yield
    except ParseError:
        raise
    except _BUGS as error:
        raise ParserBug(f"internal error while {stage}: {type(error).__name__}: {error}") from error


def parse(text: str | bytes, symbol: str | None = None) -> ParsedResolution:
    """Parse one resolution. Raises ParseError when the text cannot be read, ParserBug on a bug.

    `symbol`, when given, is the text's symbol whatever the header says (the header may be
    missing, or name the wrong document); number, body, session and kind follow from it.
    """
    if not isinstance(text, str | bytes):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if symbol is not None and not isinstance(symbol, str):
        raise ParseError(f"expected a symbol as text, got {type(symbol).__name__}")
    with _bugs_told_apart("parsing"):
        lines = cleanup.clean_lines(text)
        if symbol:
            lines = _own_piece(lines, symbol)
        return _parse_lines(lines, symbol)


def symbol_from_name(text: str | bytes, file_name: str) -> str | None:
    """The symbol that `file_name` spells ("A_HRC_RES_32_22.txt"), when the text's header
    states none: Word's plain text and web copies leave the page header out, and the file
    named after the document is then what says which one it is. None when the header
    states a symbol (the text is believed) or the name spells none."""
    named = symbol_from_file_name(file_name)
    if named is None:
        return None
    try:
        lines = cleanup.clean_lines(text)
        parts = layout.split(footnotes.extract_definitions(lines)[1])
    except ParseError:
        return named
    except _BUGS as error:
        raise ParserBug(f"internal error while reading the header: {error}") from error
    title = parts.title
    header_lines = [
        line
        for index, line in enumerate(parts.header)
        if title is None or not title.index <= index < title.end
    ]
    return None if _found_symbol(header_lines) else named


def parse_many(text: str | bytes) -> list[ParsedResolution]:
    """Every resolution of a compilation, in order. Raises ParseError when none can be read.

    The file is cut before the header of each resolution after the first: the lines between
    one text's closing and the next one's enacting formula. A piece that cannot be read is
    skipped when others can; its error is kept in the next parsed text's warnings.
    """
    if not isinstance(text, str | bytes):
        raise ParseError(f"expected text, got {type(text).__name__}")
    with _bugs_told_apart("cleaning"):
        lines = cleanup.clean_lines(text)
    formulas = [index for index, line in enumerate(lines) if header.is_formula(line.text)]
    if not formulas:
        raise ParseError('no enacting formula ("The General Assembly,"): no resolution found')
    starts = [0] + [_start_before(lines, previous, formula) for previous, formula in
                    zip(formulas, formulas[1:], strict=False)]  # fmt: skip
    results: list[ParsedResolution] = []
    errors: list[str] = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        # Lines outside the piece stay, blank, so that line numbers keep pointing at the input.
        piece = [line if start <= index < end else Line(line.number, "") for index, line in
                 enumerate(lines)]  # fmt: skip
        try:
            with _bugs_told_apart("parsing"):
                result = _parse_lines(piece, None)
        except ParseError as error:
            errors.append(str(error))
            continue
        result.warnings[:0] = [f"previous piece skipped: {message}" for message in errors]
        errors = []
        results.append(result)
    if not results:
        raise ParseError("no resolution could be read: " + "; ".join(errors))
    return results


_CLOSING = re.compile(
    r"^(?:[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|\[?\s*Adopted\s+(?:without|by|at)\b"
    r"|[0-9]{1,2}\s+[A-Z][a-z]{2,8}\s+[0-9]{4}$)",
    re.IGNORECASE,
)


def _start_before(lines: list[Line], previous: int, formula: int) -> int:
    """Where the text whose formula is at `formula` starts: after the previous one's closing."""
    closing_end = None
    for index in range(formula - 1, previous, -1):
        text = lines[index].text
        if text and _CLOSING.match(text) and not text.startswith("Resolution"):
            closing_end = index
            break
    if closing_end is None:
        # No closing seen: the piece starts at its title line, or just before the formula.
        title = header.find_title(lines[previous + 1 : formula], formula - previous - 1)
        return previous + 1 + title.index if title else formula
    index = closing_end + 1
    # The previous text's adoption note and footnotes follow its closing date.
    while index < formula:
        text = lines[index].text
        if text and not (
            text.startswith("[")
            or text[0] in footnotes.SUPERSCRIPT_DIGITS
            or re.match(r"^[0-9]{1,3}\s+\S", text)
            or text.startswith(("In favour", "Against", "Abstain"))
        ):
            break
        index += 1
    return index


# What stands before a text's title only when it is another text's: its meeting line, or a
# numbered paragraph (the end of the annex before, "52. Governments should enact ...").
_OTHER_TEXT = re.compile(
    r"^(?:[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|[0-9]{1,3}\.\s+[A-Z][a-z]+\s)"
)


def _own_piece(lines: list[Line], symbol: str) -> list[Line]:
    """The text that `symbol` names, when the input holds more: a page of a compilation.

    The General Assembly's annual volumes (and copies of them) set resolutions one after
    another: a page starts with the end of the text before and runs into the next. The
    text's own numbered title ("37/66.", "1514 (XV).") just before an enacting formula marks
    where it starts, when the end of another text (its meeting line, or numbered paragraphs
    of its annex) stands before it; it ends
    where the next text starts, after a closing. Lines outside it stay, blank, so that line
    numbers keep pointing at the input. Without such a title the input is left whole.
    """
    title = _own_title(symbol)
    if title is None:
        return lines
    formulas = [index for index, line in enumerate(lines) if header.is_formula(line.text)]
    start = formula = None
    for index, line in enumerate(lines):
        if title.match(line.text):
            formula = next((f for f in formulas if index < f <= index + 4), None)
            if formula is not None:
                start = index
                break
    if start is None or formula is None:
        return lines
    if not any(_OTHER_TEXT.match(line.text) for line in lines[:start]):
        start = 0  # nothing of another text before the title: the header is the text's own
    end = len(lines)
    previous = formula
    for following in (f for f in formulas if f > formula):
        # A second formula with no closing before it belongs to this text (ECOSOC
        # "recommends ... the following draft resolution: The General Assembly, ...").
        if any(_CLOSING.match(line.text) for line in lines[previous + 1 : following]):
            end = _start_before(lines, previous, following)
            break
        previous = following
    if start == 0 and end == len(lines):
        return lines
    return [line if start <= index < end else Line(line.number, "") for index, line in
            enumerate(lines)]  # fmt: skip


def _own_title(symbol: str) -> re.Pattern | None:
    """The opening of `symbol`'s numbered title line: "37/66.", "1514 (XV)." or "1514 A (XV)."."""
    number = header.number_from_symbol(_normalised(symbol))
    old = re.fullmatch(r"([0-9]{1,4}) \(((?:E?S-)?[IVXL]{1,7})\)", number)
    if old:
        return re.compile(rf"^{old.group(1)}\s?(?:[A-Z]\s?)?\({re.escape(old.group(2))}\)\s?\.")
    if re.fullmatch(r"(?:E?S-)?[0-9]{1,4}/[0-9]{1,4}", number):
        return re.compile(rf"^{re.escape(number)}\s?\.(?:\s|$)")
    return None


def _normalised(symbol: str) -> str:
    found = find_symbols(symbol)
    return found[0].symbol if found else symbol.strip()


def _parse_lines(lines: list[Line], symbol: str | None) -> ParsedResolution:
    if not any(line.text for line in lines):
        raise ParseError("the text is empty")
    definitions, lines = footnotes.extract_definitions(lines)
    parts = layout.split(lines)

    title = parts.title
    header_lines = [
        line
        for index, line in enumerate(parts.header)
        if title is None or not title.index <= index < title.end
    ]
    head = header.parse_header(header_lines, title, parts.formula_body)
    if symbol:
        _apply_symbol(head, symbol)
    if not head.symbol and title is None:
        raise ParseError(
            "no document symbol and no numbered title line: is this a resolution?",
            _first_text_line(lines),
        )
    warnings: list[str] = []
    if symbol and head.symbol and _found_symbol(header_lines) not in ("", head.symbol):
        warnings.append(
            f"symbol {head.symbol} given; the header says {_found_symbol(header_lines)}"
        )

    body_lines = _without_running_titles(parts.body, head.title)
    units = join_units(body_lines)
    found, paragraph_warnings = paragraphs.build(units)
    warnings.extend(paragraph_warnings)
    if not found:
        where = next((line.number for line in parts.body if line.text), None)
        where = where or parts.formula_line or _first_text_line(lines)
        raise ParseError("no paragraphs found after the header", where)
    found, annex_units = _embedded_instrument(found, units)
    if not any(paragraph.kind == "operative" for paragraph in found):
        where = next((unit.line for unit in units), parts.formula_line)
        raise ParseError(
            'no operative paragraph (numbered, or opening with a verb such as "Decides")', where
        )
    found, notes, footnote_warnings, unplaced_notes = footnotes.attach(found, definitions)
    if not (annex_units or parts.annex):
        # With an annex, unplaced footnotes are the annex's own.
        warnings.extend(footnote_warnings)

    end = closing.parse_closing(parts.closing)
    adopted_on = head.adopted_on or end.date
    if adopted_on is None:
        warnings.append("no adoption date found")
    if not head.symbol:
        warnings.append("no document symbol found")
    annexed = [*annex_units, *join_units(parts.annex)]
    annex = "\n\n".join(unit.text for unit in annexed)
    declaration = annexes.declaration_paragraphs(annexed)
    follow_ups = find_follow_ups([*found, *declaration], head.body)
    warnings.extend(deadlines.settle(follow_ups, adopted_on, head.session))
    result = ParsedResolution(
        symbol=head.symbol,
        number=head.number,
        body=head.body,
        session=head.session,
        agenda_items=head.agenda_items,
        title=head.title,
        adopted_on=adopted_on,
        distributed_on=head.distributed_on,
        meeting=end.meeting or head.meeting,
        adoption=end.adoption,
        paragraphs=found,
        footnotes=notes,
        citations=find_citations([*found, *declaration], notes, head.body),
        follow_ups=follow_ups,
        kind=head.kind,
        draft_symbol=head.draft_symbol,
        committee=head.committee,
        committee_report=head.committee_report,
        annex=annex,
        annex_paragraphs=declaration,
        predecessors=find_predecessors(found, head.body, head.symbol),
        warnings=warnings,
        header_lines=[line.text for line in parts.header if line.text],
        closing_lines=[line.text for line in parts.closing if line.text],
    )
    read_addressees(result.follow_ups, found, head.title, head.body)
    result.unread = sorted(
        [*unread_lines(body_lines, result), *(Unread(d.line, d.text) for d in unplaced_notes)],
        key=lambda unread: unread.line,
    )
    return result


def _first_text_line(lines: list[Line]) -> int | None:
    return next((line.number for line in lines if line.text), None)


def _found_symbol(lines: list[Line]) -> str:
    text = " ".join(line.text for line in lines if line.text)
    own = [
        found.symbol
        for found in find_symbols(text)
        if "/RES/" in found.symbol or "/DEC/" in found.symbol
    ]
    return own[0] if own else ""


def _apply_symbol(head: header.Header, symbol: str) -> None:
    normalised = _normalised(symbol)
    head.symbol = normalised
    number = header.number_from_symbol(normalised)
    if number:
        head.number = re.sub(r"\s?\(", " (", number)
    head.body = bodies.body_from_symbol(normalised) or head.body
    head.session = header.session_from_symbol(normalised) or (
        None if head.body == bodies.SECURITY_COUNCIL else head.session
    )
    head.kind = "decision" if "/DEC/" in normalised else "resolution"


def _without_running_titles(body: list[Line], title: str) -> list[Line]:
    """The body without the running title that page headers repeat near page breaks."""
    if not title or not any(line.noise for line in body):
        return body
    folded = " ".join(title.lower().split())
    result = list(body)
    noise_at = [index for index, line in enumerate(body) if line.noise]
    for index in noise_at:
        for near in range(max(0, index - 6), min(len(body), index + 7)):
            text = result[near].text
            if (
                text
                and not result[near].noise
                and len(text) >= 12
                and " ".join(text.lower().split()) in folded
            ):
                result[near] = Line(result[near].number, "", True)
    return result


_ENDS_WITH_COLON = re.compile(r":[\s\u00b9\u00b2\u00b3\u2070\u2074-\u2079]*[0-9]{0,2}\s*$")


def _embedded_instrument(found, units):
    """An "Adopts the following declaration:" text: the declaration goes to the annex.

    When an unnumbered paragraph that opens with a present-tense verb ends with a colon and
    more paragraphs follow (numbered from 1 again, or not at all), those paragraphs are the
    instrument it adopts, not the resolution's own: it becomes OP1 and they the annex.
    """
    for index, paragraph in enumerate(found):
        if paragraph.kind == "operative" and paragraph.number is not None and index == 0:
            return found, []
        if paragraph.kind == "preambular" and paragraphs.looks_operative(paragraph.lead):
            break
        if paragraph.kind == "operative":
            return found, []
    else:
        return found, []
    if not _ENDS_WITH_COLON.search(paragraph.text) or paragraph.subparagraphs:
        return found, []
    if index + 1 >= len(found):
        return found, []
    unit_index = next(
        (position for position, unit in enumerate(units) if unit.text == paragraph.text), None
    )
    if unit_index is None:
        return found, []
    op1 = paragraphs.Paragraph("OP1", "operative", 1, paragraph.lead, paragraph.text)
    return [*found[:index], op1], units[unit_index + 1 :]
