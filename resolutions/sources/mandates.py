"""The "Legislative mandates" list of a section of the UN programme budget: the resolutions
and decisions that mandate the programme's work, as the section names them.

A budget section (A/80/6 (Sect. 24), Human rights) lists them after its heading
"Legislative mandates", under headings naming the body and the kind of text ("General
Assembly resolutions", "Human Rights Council resolutions and decisions", "President's
statements agreed upon by the Human Rights Council"), for the programme as a whole and then
for each subprogramme. Each row of the list's tables gives the numbers, short as the body's
own documents write them ("47/135", "57/300; 58/269", "Decision 2/102", "S-7/1",
"2282 (2016)", "2200 A (XXI)"), and the title. The symbols are made whole from the heading:
"47/135" under General Assembly resolutions is A/RES/47/135.

Only the reading is here; recording the mandates is the importer's.

No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resolutions.parsing.bodies import (
    HUMAN_RIGHTS_COUNCIL,
    SECURITY_COUNCIL,
    canonical_body,
    resolution_symbol,
)
from resolutions.parsing.symbols import normalise_symbol
from resolutions.sources.docx import Block, read_blocks

__all__ = [
    "BudgetSection",
    "Mandate",
    "Mandates",
    "budget_section_symbol",
    "mandates_from_blocks",
    "read_budget_section",
    "read_mandates",
]

_LIST_HEADING = "legislative mandates"


@dataclass(frozen=True)
class Mandate:
    """One text the list names."""

    symbol: str  # "A/RES/47/135", "A/HRC/DEC/2/102", "S/RES/2282 (2016)"
    written: str  # as the list writes it: "47/135", "Decision 2/102"
    title: str  # the list's title for it ("" where the list gives none)
    heading: str  # the list's heading above it: "General Assembly resolutions"
    # The part of the programme it mandates, "Subprogramme 1: Human rights mainstreaming,
    # ..." under a subprogramme's heading, "" for the programme as a whole.
    part: str = ""


@dataclass
class Mandates:
    mandates: list[Mandate] = field(default_factory=list)
    # The list's entries that name no text the tracker can make a symbol of, as written,
    # with the heading above them: shown to the person importing, never dropped unsaid.
    unread: list[str] = field(default_factory=list)

    def symbols(self) -> list[str]:
        """Each symbol once, in the list's order."""
        return list(dict.fromkeys(mandate.symbol for mandate in self.mandates))


@dataclass
class BudgetSection:
    """A section of the programme budget and the mandates its list names."""

    symbol: str  # "A/80/6 (Sect. 24)"
    number: int  # 24
    title: str  # "Human rights"
    mandates: Mandates


# "A/80/6 (Sect. 24)", "A/79/6 (Sect. 2)": the programme budget is document 6 of a session,
# in sections; "A/80/6/Add.1" and the budget as a whole are no section.
_SECTION_SYMBOL = re.compile(
    r"(?<![A-Z0-9/])A\s*/\s*([0-9]{2,3})\s*/\s*6\s*\(\s*Sect\.\s*([0-9]{1,3})\s*\)"
)
# The cover's "Section 24" line, its title on the next.
_SECTION_LINE = re.compile(r"^\s*Section\s+([0-9]{1,3})\s*$")


def budget_section_symbol(text: str) -> tuple[str, int] | None:
    """ "A/80/6 (Sect. 24)" and 24 when `text` names a budget section's symbol, else None."""
    match = _SECTION_SYMBOL.search(text)
    if match is None:
        return None
    return f"A/{match.group(1)}/6 (Sect. {int(match.group(2))})", int(match.group(2))


def read_budget_section(data: bytes, name: str) -> BudgetSection | None:
    """The budget section the Word document `data` is, with its mandates; None when it is
    no budget section (its first page header, or else its text, prints no section symbol).
    Unreadable when the document cannot be read."""
    document = read_blocks(data, name)
    found = None
    for header in document.headers:
        found = budget_section_symbol(header)
        if found:
            break
    texts = [block.text for block in document.blocks]
    if found is None:
        found = budget_section_symbol("\n".join(texts[:200]))
    if found is None:
        return None
    symbol, number = found
    return BudgetSection(
        symbol, number, _section_title(texts, number), mandates_from_blocks(document.blocks)
    )


def _section_title(texts: list[str], number: int) -> str:
    """The line after the cover's "Section 24": "Human rights"."""
    for index, text in enumerate(texts[:200]):
        match = _SECTION_LINE.match(text)
        if match and int(match.group(1)) == number and index + 1 < len(texts):
            return " ".join(texts[index + 1].split())
    return ""


def read_mandates(data: bytes, name: str) -> Mandates:
    """The legislative mandates of the budget section in the Word document `data`; empty
    when it has no such list. Unreadable when the document cannot be read."""
    return mandates_from_blocks(read_blocks(data, name).blocks)


# A heading of the list: the body, then what its texts are.
_HEADING = re.compile(
    r"^(?:(?P<statements>President[’']s statements?)\s+agreed upon by\s+(?:the\s+)?"
    r"(?P<statement_body>.+?)"
    r"|(?P<body>.+?)\s+(?P<kinds>resolutions?(?:\s+and\s+decisions?)?|decisions?))\s*$",
    re.IGNORECASE,
)
_SUBPROGRAMME = re.compile(r"^subprogramme\s+[0-9]+\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*[;\n]\s*")
# "Decision 2/102", "decision 56/117".
_DECISION = re.compile(r"^decisions?\s+", re.IGNORECASE)
# "47/135", "S-7/1", "27/31/Corr.1", "59/113 A and B", "61/106, annex II", "1993/2A".
_NUMBER = re.compile(
    r"^(?P<number>(?:S-)?[0-9]{1,4}/[0-9]{1,4}[A-Z]?)"
    r"(?P<corrigendum>/Corr\.[0-9]{1,2})?"
    r"(?:\s+(?P<parts>[A-Z](?:(?:\s*,\s*|\s+and\s+|\s*-\s*)[A-Z])*))?"
    r"(?:\s*,\s*(?:annex|annexes|section|part)\b.*)?$",
    re.IGNORECASE,
)
# Security Council resolutions: "2282 (2016)".
_COUNCIL_NUMBER = re.compile(r"^(?P<number>[0-9]{1,4})\s*\((?P<year>[0-9]{4})\)$")
# General Assembly resolutions before 1976: "2200 A (XXI)", "1514 (XV)".
_ROMAN_SESSION = re.compile(
    r"^(?P<number>[0-9]{1,4})(?:\s*[A-Z](?:(?:\s*,\s*|\s+and\s+|\s*-\s*)[A-Z])*)?"
    r"\s*\((?P<session>[IVXL]{1,7})\)$"
)
# A symbol written whole: "E/CN.4/RES/ 1993/2A", "A/RES/70/1".
_WHOLE = re.compile(r"^[A-Z]{1,2}(?:\.[0-9]+)?/[A-Z0-9.]+/", re.IGNORECASE)
_PRESIDENTIAL = re.compile(r"^PRST/(?P<rest>(?:OS/)?[0-9]{1,3}/[0-9]{1,3})$", re.IGNORECASE)
# A footnote marker or star after an entry ("55/2*", "70/1¹").
_TRAILING_MARKS = re.compile(r"[\s*\u00b9\u00b2\u00b3\u2070-\u2079]+$")


def mandates_from_blocks(blocks: list[Block]) -> Mandates:
    """The mandates list in `blocks` (from docx.read_blocks), from its heading to the next
    heading of the same style."""
    found = Mandates()
    start = next(
        (index for index, block in enumerate(blocks)
         if not block.cells and block.text.strip().lower() == _LIST_HEADING),
        None,
    )  # fmt: skip
    if start is None:
        return found
    list_style = blocks[start].style
    heading = ""
    body = kind = None
    part: list[str] = []
    part_style: str | None = None
    after_rows = True  # a part's heading starts after the rows of the part before
    for block in blocks[start + 1 :]:
        text = " ".join(block.text.split())
        if not block.cells:
            if block.style and block.style == list_style:
                break  # the section's next heading ("Deliverables")
            match = _HEADING.match(text)
            if match and _body_of(match):
                heading, (body, kind) = text, _body_of(match)
            elif _SUBPROGRAMME.match(text) or (part_style and block.style == part_style):
                # A subprogramme's heading, on one line or two ("Subprogramme 1", then its
                # name, in the same style).
                if after_rows:
                    part, after_rows = [], False
                part.append(text)
                part_style = block.style or part_style
                heading, body, kind = "", None, None
            continue
        after_rows = True
        written, title = block.cells[0], " ".join(" ".join(block.cells[1:2]).split())
        for entry in _SEPARATORS.split(written.strip()):
            entry = _TRAILING_MARKS.sub("", " ".join(entry.split()))
            if not entry:
                continue
            symbol = _symbol(entry, body, kind)
            if symbol is None:
                found.unread.append(f"{heading or 'no heading'}: {entry}")
                continue
            found.mandates.append(Mandate(symbol, entry, title, heading, ": ".join(part)))
    return found


def _body_of(match: re.Match) -> tuple[str, str] | None:
    """(body, kind) of a heading: kind "resolution", "decision" (a mix is read entry by
    entry), or "statement"."""
    if match.group("statements"):
        body = canonical_body(match.group("statement_body"))
        return (body, "statement") if body else None
    body = canonical_body(match.group("body"))
    if body is None:
        return None
    kinds = match.group("kinds").lower()
    return body, "decision" if kinds.startswith("decision") else "resolution"


def _symbol(entry: str, body: str | None, kind: str | None) -> str | None:
    """The symbol of one entry of the list under a heading of `body`'s texts of `kind`."""
    if _WHOLE.match(entry):
        return normalise_symbol(entry)
    presidential = _PRESIDENTIAL.match(entry)
    if presidential:
        # The Council's presidential statements: A/HRC/PRST/22/1, A/HRC/PRST/OS/12/1.
        if body in (None, HUMAN_RIGHTS_COUNCIL):
            return normalise_symbol(f"A/HRC/PRST/{presidential.group('rest')}")
        return None
    if body is None:
        return None
    decision = kind == "decision"
    if _DECISION.match(entry):
        entry, decision = _DECISION.sub("", entry), True
    if kind == "statement":
        return None
    council = _COUNCIL_NUMBER.match(entry)
    if council and body == SECURITY_COUNCIL:
        return f"S/RES/{council.group('number')} ({council.group('year')})"
    roman = _ROMAN_SESSION.match(entry)
    if roman:
        # The tracker writes them as the UN's documents do, without the part letter:
        # A/RES/2200 (XXI) holds 2200 A and its annexes.
        number = f"{roman.group('number')} ({roman.group('session')})"
        return resolution_symbol(body, number, decision)
    match = _NUMBER.match(entry)
    if match is None:
        return None
    number = match.group("number").upper()
    symbol = resolution_symbol(body, number, decision)
    if symbol is None:
        return None
    if match.group("corrigendum"):
        symbol += match.group("corrigendum")
    parts = match.group("parts")
    if parts:
        # "59/113 A and B" is one text in parts, written A/RES/59/113/A-B like the others.
        letters = re.findall(r"[A-Z]", parts.upper())
        symbol += "/" + (letters[0] if len(letters) == 1 else f"{letters[0]}-{letters[-1]}")
    return normalise_symbol(symbol)
