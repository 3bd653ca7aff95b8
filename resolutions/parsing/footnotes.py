"""Footnotes: their definitions, wherever a page put them, and the markers that point at them.

In extracted text a footnote block lands at the foot of a page, often in the middle of a
paragraph. Its definitions take three shapes: a superscript number ("¹ A/HRC/24/56."), a
plain number after the page's rule ("____" then "1 See resolution 70/1."), or, in some
extractions, the numbers and the texts on lines of their own and out of order ("3", "See
...", and at the block's end the bare numbers of texts that came first). A bracketed
number at the start of a line ("[1] A/HRC/24/56.") is a web copy's footnote. A footnote
marked by a sign ("* The resolutions ...", a dagger) is a line that opens with it; cleanup
tells it from a bullet and gives it as a line with its `mark`.

Markers are superscripts glued to the text ("session;¹"), plain digits glued to a word or a
punctuation mark ("70/1;1", "2015,2", "Goals, 1"), or bracketed ("[1]"). Plain digits are
read as markers only for footnotes that exist, in numbering order, and never after words
that take a number ("paragraph 3", "Article 1"). A sign glued to what it follows
("Council*") is a marker where the text defines a footnote with that sign.

Definitions are lifted out of the line stream before paragraphs are assembled; markers are
stripped from paragraph text once each footnote knows its paragraph.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .cleanup import MARK_IN_TEXT, Line, is_separator
from .types import Footnote, Paragraph
from .units import NEW_ITEM
from .vocabulary import starts_like_paragraph

SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_DEFINITION = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]{{1,3}})\s*(\S.*)$")
_BRACKET_DEFINITION = re.compile(r"^\[([0-9]{1,3})\]\s*(\S.*)$")
_PLAIN_DEFINITION = re.compile(r"^([0-9]{1,3})\s+(\S.*)$")
_BARE_NUMBER = re.compile(r"^[0-9]{1,3}$")
_HAS_SUPERSCRIPT = re.compile(f"[{SUPERSCRIPT_DIGITS}]")
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]{{1,3}}")
_SPACES = re.compile(r" {2,}")
_FORMULA_OR_CLOSING = re.compile(
    r"^(?:The\s+[A-Z][A-Za-z ]+,?$|[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting|\[?Adopted)"
)


@dataclass(frozen=True)
class Definition:
    number: int  # for a footnote marked by a sign, the number it is given
    line: int
    text: str
    mark: str = ""  # the sign, "*" or "†", that marks it instead of a number
    marker_line: int | None = None  # where the sign's marker was found, if it was


def extract_definitions(lines: list[Line]) -> tuple[list[Definition], list[Line]]:
    """The footnote definitions, and the lines with those definitions blanked out."""
    definitions: list[Definition] = []
    kept: list[Line] = []
    current: Definition | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if text and is_separator(text):
            block, index = _block(lines, index + 1, _next_number(definitions))
            definitions.extend(block)
            kept.append(Line(line.number, "", True))
            kept.extend(Line(number, "", True) for number in range(line.number + 1, index + 1))
            current = definitions[-1] if definitions else None
            continue
        index += 1
        match = (text[:1] in SUPERSCRIPT_DIGITS or text[:1] == "[") and (
            _SUPERSCRIPT_DEFINITION.match(text) or _BRACKET_DEFINITION.match(text)
        )
        if match or line.mark:
            if line.mark:
                current = Definition(0, line.number, text, line.mark)
            else:
                current = Definition(_number(match.group(1)), line.number, match.group(2))
            definitions.append(current)
            kept.append(Line(line.number, "", True))
            continue
        if current and text and not line.noise and not current.text.endswith("."):
            # A long footnote wraps onto the next line of the same block.
            current = dataclasses.replace(current, text=f"{current.text} {text}")
            definitions[-1] = current
            kept.append(Line(line.number, "", True))
            continue
        if text or not line.noise:
            current = None
        kept.append(line)
    kept = _renumber(kept, lines)
    if any(definition.mark for definition in definitions):
        return _number_marked(definitions, kept)
    return definitions, kept


_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def _number_marked(
    definitions: list[Definition], lines: list[Line]
) -> tuple[list[Definition], list[Line]]:
    """The footnotes marked by a sign numbered after the numbered ones, and each one's marker
    in the text written as the superscript of that number: from here on they are read as
    numbered footnotes are (tied to the paragraph that holds the marker, to none when it
    stands in the header), and keep their sign as their `mark`.

    The signs start again on each page, so one sign may mark several footnotes: each
    definition takes the nearest marker of its sign, the closest pairs first. A marker stands
    on its footnote's page, above it (the PDF reader writes a page's footnotes after its
    text) or just below it (in Word's text, before the heading it marks)."""
    definitions = list(definitions)
    signs = {definition.mark for definition in definitions if definition.mark}
    markers = [
        (position, match)
        for position, line in enumerate(lines)
        if line.text and not line.noise and any(sign[0] in line.text for sign in signs)
        for match in MARK_IN_TEXT.finditer(line.text)
        if match.group(1) in signs
    ]
    pairs = sorted(
        (abs(lines[position].number - definition.line), index, which)
        for index, definition in enumerate(definitions)
        if definition.mark
        for which, (position, match) in enumerate(markers)
        if match.group(1) == definition.mark
    )
    chosen: dict[int, int] = {}  # definition -> marker
    for _, index, which in pairs:
        if index not in chosen and which not in chosen.values():
            chosen[index] = which
    number = max(
        (definition.number for definition in definitions if not definition.mark), default=0
    )
    rewritten: dict[int, list[tuple[re.Match, str]]] = {}
    for index, definition in enumerate(definitions):
        if not definition.mark:
            continue
        number += 1
        marker_line = None
        if index in chosen:
            position, match = markers[chosen[index]]
            rewritten.setdefault(position, []).append(
                (match, str(number).translate(_TO_SUPERSCRIPT))
            )
            marker_line = lines[position].number
        definitions[index] = dataclasses.replace(definition, number=number, marker_line=marker_line)
    lines = list(lines)
    for position, replacements in rewritten.items():
        text = lines[position].text
        for match, superscript in sorted(replacements, key=lambda item: -item[0].start()):
            if text[match.start() - 1] in SUPERSCRIPT_DIGITS:
                superscript = " " + superscript  # "Council¹*": two markers, not "¹²"
            text = text[: match.start()] + superscript + text[match.end() :]
        lines[position] = lines[position]._replace(text=text)
    return definitions, lines


def _renumber(kept: list[Line], lines: list[Line]) -> list[Line]:
    # Blanked block lines were appended by number; put the list back in input order, one
    # entry per input line.
    by_number = {line.number: line for line in kept}
    return [by_number.get(line.number, line) for line in lines]


def _next_number(definitions: list[Definition]) -> int:
    return max((definition.number for definition in definitions), default=0) + 1


def _block(lines: list[Line], index: int, expected: int) -> tuple[list[Definition], int]:
    """Definitions of one footnote block starting at lines[index]; returns where it ends."""
    # Items in order: [number or None, line, text, mark]; texts without numbers wait for the
    # bare numbers that some extractions put at the end of the block.
    items: list[list] = []
    waiting_number: list | None = None
    last: list | None = None
    while index < len(lines):
        line = lines[index]
        text = line.text or line.bare_number
        if not text:
            index += 1
            continue
        if line.mark:
            last = [0, line.number, text, line.mark]
            items.append(last)
            waiting_number = None
            index += 1
            continue
        bare = _BARE_NUMBER.match(text)
        if bare and expected <= int(text) <= expected + 30:
            waiting_number = [int(text), line.number, "", ""]
            items.append(waiting_number)
            last = None
            index += 1
            continue
        if line.noise:
            index += 1
            continue
        plain = _PLAIN_DEFINITION.match(text) or _BRACKET_DEFINITION.match(text)
        if plain and expected <= int(plain.group(1)) <= expected + 30:
            last = [int(plain.group(1)), line.number, plain.group(2), ""]
            items.append(last)
            waiting_number = None
            index += 1
            continue
        if _ends_block(text):
            break
        if waiting_number is not None:
            waiting_number[2] = text
            last, waiting_number = waiting_number, None
        elif last is not None and not last[2].endswith("."):
            last[2] = f"{last[2]} {text}"
        else:
            last = [None, line.number, text, ""]
            items.append(last)
        index += 1
    return _pair(items), index


def _ends_block(text: str) -> bool:
    # Body text resumes: a continuation in lower case, a numbered paragraph, a lead word.
    return (
        text[0].islower()
        or bool(NEW_ITEM.match(text))
        or starts_like_paragraph(text)
        or bool(_FORMULA_OR_CLOSING.match(text))
    )


def _pair(items: list[list]) -> list[Definition]:
    orphans = [item for item in items if item[0] is None]
    numbers = [item for item in items if item[0] is not None and not item[2]]
    for orphan, number in zip(orphans, numbers, strict=False):
        orphan[0] = number[0]
        number[2] = orphan[2]
    return sorted(
        (
            Definition(number, line, text, mark)
            for number, line, text, mark in items
            if (number or mark) and text
        ),
        key=lambda definition: definition.number,
    )


def strip_markers(text: str) -> tuple[str, list[int]]:
    """`text` without superscript footnote markers, and the numbers they carried, in order."""
    if not _HAS_SUPERSCRIPT.search(text):
        return text, []
    # The markers are "\s*" and one to three superscripts, found from the superscripts (a
    # pattern opening with "\s*" is tried at every character): each run of them takes the
    # white space before it, back to the previous marker.
    pieces = []
    numbers = []
    kept_from = 0
    for marker in _SUPERSCRIPT_RUN.finditer(text):
        start = marker.start()
        while start > kept_from and text[start - 1].isspace():
            start -= 1
        pieces.append(text[kept_from:start])
        numbers.append(_number(marker.group()))
        kept_from = marker.end()
    pieces.append(text[kept_from:])
    return _SPACES.sub(" ", "".join(pieces)).strip(), numbers


# A plain-digit marker: digits right after a letter or closing punctuation (one space at most),
# followed by a space, punctuation or the end. "70/1" and "2,000" are excluded by the look-behind.
_PLAIN_MARKER = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f,;:.)\]\u201d\u2019\"'])(?P<space>\s?)(?P<number>[0-9]{1,3})"
    r"(?=[\s,;:.)]|$)"
)
_BRACKET_MARKER = re.compile(r"\s?\[(?P<number>[0-9]{1,3})\]")
# Words after which a number is part of the text: "paragraph 3", "Article 1", "Goal 2".
_TAKES_A_NUMBER = frozenset(
    "paragraph paragraphs para paras article articles item items chapter chapters section "
    "sections annex annexes goal target targets rule rules principle principles resolution "
    "resolutions decision decisions page pages no number numbers phase level protocol part "
    "parts table figure step tier category class vol volume box appendix option options "
    "recommendation recommendations conclusion conclusions point points stage group cluster "
    "the and or to of than over under least some about nearly approximately from with for by "
    "in at per all first top week day days month months year years session sessions "
    "meeting meetings covid-19 covid g ii iii iv v schedule criterion criteria "
    "committee conference".split()
)
_UNIT_AFTER = re.compile(
    r"\s*(?:per\s?cent|%|percent|million|billion|thousand|hundred|years?|days?|months?|weeks?|"
    r"hours?|members?|times|countries|States|Member|and\s+[0-9])",
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z0-9\-]*)\W*$")


def attach(
    paragraphs: list[Paragraph], definitions: list[Definition]
) -> tuple[list[Paragraph], list[Footnote], list[str], list[Definition]]:
    """Paragraphs without markers, one footnote per definition tied to its paragraph,
    warnings, and the definitions that could not be placed.

    A footnote whose marker no paragraph carries (it annotates the title, or the marker was
    lost in extraction) keeps an empty paragraph label rather than a guessed one. A second
    definition of a number already defined is the same footnote repeated (a page printed
    twice) when its text is the same; with another text it is placed nowhere, and returned
    so that the parse lists it among the lines it could not place.
    """
    carriers: dict[int, str] = {}
    # A footnote marked by a sign has no number in the text: plain digits never mark it.
    defined = sorted({definition.number for definition in definitions if not definition.mark})
    # Markers come in numbering order: superscripts first tell which numbers are taken.
    for paragraph in _walk(paragraphs):
        text, numbers = strip_markers(paragraph.text)
        paragraph.text = text
        for number in numbers:
            carriers.setdefault(number, paragraph.label)
    plain = [number for number in defined if number not in carriers]
    if plain:
        _attach_plain(paragraphs, plain, carriers)
    footnotes = []
    seen: dict[int, str] = {}
    warnings = []
    unplaced = []
    for definition in definitions:
        if definition.number in seen:
            if definition.text != seen[definition.number]:
                warnings.append(
                    f"footnote {definition.number} (line {definition.line}) is defined again "
                    "with another text; it is listed among the lines not placed"
                )
                unplaced.append(definition)
            continue
        seen[definition.number] = definition.text
        label = carriers.get(definition.number, "")
        if definition.mark:
            # A sign's marker outside the paragraphs marks the symbol, the title or the
            # adopting body, as signs most often do; only a marker found nowhere is told.
            if definition.marker_line is None:
                warnings.append(
                    f"footnote {definition.mark} (line {definition.line}): no marker found in "
                    "the text"
                )
        elif not label:
            warnings.append(
                f"footnote {definition.number} (line {definition.line}): no marker found in the"
                " paragraphs"
            )
        footnotes.append(Footnote(definition.number, label, definition.text, definition.mark))
    return paragraphs, footnotes, warnings, unplaced


def _attach_plain(paragraphs: list[Paragraph], numbers: list[int], carriers: dict) -> None:
    # Candidates everywhere first; then each footnote takes the first candidate with its number
    # after the previous footnote's marker. A number with no candidate is skipped, not searched
    # for again, so one lost marker does not lose the ones after it.
    flat = list(_walk(paragraphs))
    candidates = [
        (position, start, end, number)
        for position, paragraph in enumerate(flat)
        if any(char.isdigit() for char in paragraph.text)
        for start, end, number in _markers(paragraph.text)
    ]
    cursor = (-1, -1)
    taken: dict[int, list[tuple[int, int]]] = {}
    for number in numbers:
        for position, start, end, candidate in candidates:
            if candidate == number and (position, start) > cursor:
                cursor = (position, start)
                taken.setdefault(position, []).append((start, end))
                carriers.setdefault(number, flat[position].label)
                break
    for position, spans in taken.items():
        paragraph = flat[position]
        text = paragraph.text
        pieces = []
        previous = 0
        for start, end in sorted(spans):
            pieces.append(text[previous:start])
            previous = end
        pieces.append(text[previous:])
        paragraph.text = _SPACES.sub(" ", "".join(pieces)).strip()


# "19 June 20207": the marker glued to a date's year.
_AFTER_YEAR = re.compile(
    r"\b[0-9]{1,2}\s+[A-Z][a-z]{2,8}\s+(?:19|20)[0-9]{2}(?P<number>[0-9]{1,2})(?=[\s,;:.)]|$)"
    r"|(?<=[^0-9/.,][12][0-9]{3})\s(?P<spaced>[0-9]{1,2})(?=[\s,;:.)]|$)"
)


def _markers(text: str) -> list[tuple[int, int, int]]:
    """Candidate plain markers as (start, end, number), in text order."""
    found = []
    for match in _BRACKET_MARKER.finditer(text):
        found.append((match.start(), match.end(), int(match.group("number"))))
    for match in _AFTER_YEAR.finditer(text):
        group = "number" if match.group("number") else "spaced"
        found.append(
            (match.start(group) - (group == "spaced"), match.end(), int(match.group(group)))
        )
    for match in _PLAIN_MARKER.finditer(text):
        before = text[: match.start()]
        word = _LAST_WORD.search(before[-40:])
        if match.group("space") and word and word.group(1).lower() in _TAKES_A_NUMBER:
            continue
        if not match.group("space") and before[-1:].isalpha() and len(match.group("number")) > 2:
            continue
        if _UNIT_AFTER.match(text, match.end()):
            continue
        found.append((match.start(), match.end(), int(match.group("number"))))
    return sorted(found)


def _walk(paragraphs: list[Paragraph]):
    for paragraph in paragraphs:
        yield from paragraph.walk()


def _number(marker: str) -> int:
    return int(marker.translate(_TO_DIGITS))
