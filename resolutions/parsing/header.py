"""The header of a resolution: symbol, number, body, session, agenda items, dates and title.

The header is everything above the enacting formula ("The Human Rights Council,"):
"United Nations A/HRC/RES/32/6", "Distr.: General 15 July 2016", "Thirty-second session",
"Agenda item 3", "Resolution adopted by the Human Rights Council on 30 June 2016", and the
title line "32/6. Enhancement of ...". PDF extraction may put several of these on one line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import bodies
from .cleanup import Line
from .dates import find_date
from .footnotes import strip_markers
from .ordinals import ORDINAL_PATTERN, ordinal_to_number, roman_value
from .symbols import find_symbols
from .types import SessionRef
from .vocabulary import starts_like_paragraph

# "The Human Rights Council," / "The General Assembly,": a short capitalised name and a comma
# (which some extractions lose, or print as a full stop: then the name must be a body we know).
FORMULA = re.compile(
    r"^The\s+(?P<body>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|and|on|of|for)){0,7})\s*"
    r"(?P<comma>,?)\.?$"
)
# "32/6. Enhancement ...", "S-1/1. The human rights situation ...", "Resolution 2334 (2016)".
_TITLE = re.compile(
    r"^(?:Resolution\s+)?(?P<number>(?:E?S-)?[0-9]{1,4}/[0-9]{1,4}|[0-9]{1,5}\s?\([0-9]{4}\))"
    r"(?:\.\s+(?P<title>\S.*)|\.?\s*$)"
)
_SESSION = re.compile(
    rf"\b(?P<ordinal>{ORDINAL_PATTERN})\s+(?P<kind>(?:emergency\s+)?special\s+)?session\b",
    re.IGNORECASE,
)
_AGENDA = re.compile(
    r"\bAgenda\s+items?\s+(?P<items>[0-9]{1,3}(?:\s?\([a-z]\))?"
    r"(?:\s*(?:,\s*and|,|and)\s*[0-9]{1,3}(?:\s?\([a-z]\))?){0,20})",
    re.IGNORECASE,
)
_DISTRIBUTED = re.compile(r"\bDistr\b\.?", re.IGNORECASE)
_ADOPTED = re.compile(
    r"\b[Aa]dopted\s+by\s+the\s+(?P<body>[A-Z][A-Za-z ]{2,60}?)"
    r"(?:\s+at\s+its\s+(?P<meeting>[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting))?,?\s+on\s+",
)


@dataclass(frozen=True)
class TitleLine:
    index: int  # position in the line list
    end: int  # position just after the title's last line
    line: int  # 1-based line number in the input
    number: str
    title: str


@dataclass
class Header:
    symbol: str = ""
    number: str = ""
    body: str = ""
    session: SessionRef | None = None
    agenda_items: list[int] = field(default_factory=list)
    title: str = ""
    adopted_on: datetime.date | None = None
    distributed_on: datetime.date | None = None
    meeting: str = ""
    kind: str = "resolution"
    draft_symbol: str = ""
    committee: str = ""
    committee_report: str = ""


# "[on the report of the Third Committee (A/76/462/Add.2)]",
# "[without reference to a Main Committee (A/70/L.1)]".
_COMMITTEE = re.compile(
    r"\[\s*(?:on\s+the\s+report\s+of\s+the\s+(?P<committee>[A-Z][A-Za-z\-]*"
    r"(?:\s+[A-Z][A-Za-z\-]*){0,3}\s+Committee)|without\s+reference\s+to\s+a\s+Main\s+Committee)"
    r"\s*\((?P<documents>[^)\]]{3,120})\)\s*\]?"
)
_DECISION = re.compile(r"\bDecision\s+adopted\s+by\b|/DEC/")


def formula_match(text: str) -> re.Match | None:
    """The enacting formula's match, or None; the comma may be missing after a known body."""
    if not text.startswith("The ") or len(text) > 80:
        return None
    match = FORMULA.match(text)
    if match and (match.group("comma") or bodies.canonical_body(match.group("body"))):
        return match
    return None


# "The Human Rights Council,<TAB>Guided by the Charter ...": Word copies sometimes put the
# enacting formula and the first preambular paragraph on one line (the tab is a space by now).
_FORMULA_AND_TEXT = re.compile(
    r"^The\s+(?P<body>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|and|on|of|for)){0,7}),\s+(?=[A-Z])"
)


def formula_with_paragraph(text: str) -> str:
    """The enacting formula opening `text` when a paragraph follows it on the line, else ""."""
    if not text.startswith("The "):
        return ""
    match = _FORMULA_AND_TEXT.match(text)
    if (
        not match
        or bodies.canonical_body(match.group("body")) is None
        or not starts_like_paragraph(text[match.end() :])
    ):
        return ""
    return text[: match.end()].rstrip()


def is_formula(text: str) -> bool:
    return formula_match(text) is not None


def find_title(lines: list[Line], stop: int) -> TitleLine | None:
    """The numbered title line among lines[:stop], with the lines it wraps onto."""
    for index, line in enumerate(lines[:stop]):
        match = _TITLE.match(line.text or _own_number(lines, index, stop))
        if not match:
            continue
        title = match.group("title") or ""
        end = index + 1
        if not title and not match.group("number").endswith(")"):
            # "73/3." alone on its line: the title follows after blank lines.
            while end < stop and not lines[end].text:
                end += 1
            if end < stop and not is_formula(lines[end].text):
                title = lines[end].text
                end += 1
        # A long title wraps: take the following lines up to the blank line or the formula.
        while title and end < stop and lines[end].text and not is_formula(lines[end].text):
            title = f"{title} {lines[end].text}"
            end += 1
        title, _ = strip_markers(title)
        return TitleLine(index, end, line.number, re.sub(r"\s?\(", " (", match["number"]), title)
    return None


def _own_number(lines: list[Line], index: int, stop: int) -> str:
    """The text's number when lines[index] is one the cleanup took for a page number: the
    2010 template prints "14/105" alone on the line above the title, without a period, which
    reads as page 14 of 105. A page number can be any pair of numbers, so only the place and
    the symbol tell: the number stands in the header, directly above the title's line, and
    the header's symbol has that number (A/HRC/DEC/14/105); "" otherwise."""
    number = lines[index].bare_number
    if "/" not in number or index + 1 >= stop:
        return ""
    following = lines[index + 1].text
    if not following or is_formula(following) or _TITLE.match(following):
        return ""
    text = " ".join(line.text for line in lines[:stop] if line.text)
    if any(number_from_symbol(found.symbol) == number for found in find_symbols(text)):
        return number
    return ""


def parse_header(lines: list[Line], title: TitleLine | None, formula_body: str | None) -> Header:
    """Read the header lines; whatever is missing stays empty (or None)."""
    text = " ".join(line.text for line in lines if line.text)
    header = Header()

    committee = _COMMITTEE.search(text)
    committee_documents: set[str] = set()
    if committee:
        header.committee = re.sub(r"\s+", " ", committee.group("committee") or "")
        documents = [found.symbol for found in find_symbols(committee.group("documents"))]
        committee_documents.update(documents)
        drafts = [symbol for symbol in documents if "/L." in symbol]
        if header.committee:
            reports = [symbol for symbol in documents if "/L." not in symbol]
            header.committee_report = (reports or [""])[0]
        header.draft_symbol = (drafts or [""])[0]

    symbols = [found.symbol for found in find_symbols(text)]
    own = [symbol for symbol in symbols if "/RES/" in symbol or "/DEC/" in symbol]
    # A draft (".../L.11") or a committee's report names another document, not this one.
    others = [
        symbol for symbol in symbols if "/L." not in symbol and symbol not in committee_documents
    ]
    header.symbol = (own or others or [""])[0]
    if not header.draft_symbol:
        header.draft_symbol = next((symbol for symbol in symbols if "/L." in symbol), "")
    if _DECISION.search(text) or "/DEC/" in header.symbol:
        header.kind = "decision"

    adopted = _ADOPTED.search(text)
    named = bodies.canonical_body(adopted.group("body")) if adopted else None
    header.body = (
        named
        or (formula_body and bodies.canonical_body(formula_body))
        or bodies.body_from_symbol(header.symbol)
        or (formula_body or "")
    )
    if adopted:
        header.adopted_on = find_date(text[adopted.end() : adopted.end() + 40])
        header.meeting = re.sub(r"\s+", " ", adopted.group("meeting") or "")

    if title:
        header.number = title.number
        header.title = title.title
    else:
        header.number = number_from_symbol(header.symbol)
    if not header.symbol and header.number and header.body:
        header.symbol = bodies.resolution_symbol(header.body, header.number) or ""

    header.session = _session(text) or session_from_symbol(header.symbol)
    agenda = _AGENDA.search(text)
    if agenda:
        header.agenda_items = [int(item) for item in re.findall(r"[0-9]{1,3}", agenda["items"])]
    distributed = _DISTRIBUTED.search(text)
    if distributed:
        header.distributed_on = find_date(text[distributed.end() : distributed.end() + 40])
    return header


def _session(text: str) -> SessionRef | None:
    match = _SESSION.search(text)
    if not match:
        return None
    number = ordinal_to_number(match.group("ordinal"))
    if number is None:
        return None
    return SessionRef(session_kind(match.group("kind")), number)


def session_kind(words: str | None) -> str:
    """ "regular", "special" or "emergency_special" from the words before "session"."""
    words = (words or "").lower()
    if "emergency" in words:
        return "emergency_special"
    return "special" if "special" in words else "regular"


def number_from_symbol(symbol: str) -> str:
    match = re.search(r"/(?:RES|DEC)/(.+)$", symbol)
    return match.group(1) if match else ""


def session_from_symbol(symbol: str) -> SessionRef | None:
    # Only session-numbered series say their session: "A/RES/70/1", "A/HRC/RES/S-1/1".
    # Security Council and Commission (year/number) symbols do not.
    match = re.match(r"^A/(?:HRC/)?(?:RES|DEC)/(?:(?P<kind>E?S)-)?(?P<number>[0-9]{1,3})/", symbol)
    if not match:
        # The General Assembly's texts before 1976: "A/RES/1514 (XV)", "A/RES/1874 (S-IV)".
        match = _OLD_GA_SYMBOL.match(symbol)
        number = roman_value(match.group("roman")) if match else None
        if not number:
            return None
    else:
        number = int(match.group("number"))
    kind = {"S": "special", "ES": "emergency_special"}.get(match.group("kind") or "", "regular")
    return SessionRef(kind, number)


_OLD_GA_SYMBOL = re.compile(r"^A/RES/[0-9]{1,4} \((?:(?P<kind>E?S)-)?(?P<roman>[IVXL]{1,7})\)$")
