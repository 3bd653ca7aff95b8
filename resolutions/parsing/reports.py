"""The cover of a report: its symbol, title, date and author, and the resolutions it says
it answers.

A report is told from a resolution by its symbol (A/HRC/28/15 is a report, A/HRC/RES/28/2
a resolution); the importer asks domain.document_kind. Its cover prints the masthead
("United Nations A/HRC/28/15", "Distr.: General", the date, "Original: English"), the body,
session and agenda item, then the title ("Report of the Working Group on the Universal
Periodic Review") and, on a line of its own, what it is about ("Slovenia").

What a report answers it says in its front matter, the cover, its summary and its first
paragraph: "submitted pursuant to Human Rights Council resolution 28/2", "The Working
Group ..., established in accordance with Human Rights Council resolution 5/1". Later
paragraphs of a session's report say what was done pursuant to other texts (a panel held
pursuant to resolution 16/21), which the report does not answer, so they are not read.

No Django here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import bodies
from .citations import cited_in
from .dates import find_date
from .symbols import find_symbols
from .types import ParseError

__all__ = ["ANSWERING_PHRASES", "ParsedReport", "cover_symbol", "read_report"]

# The words by which a document says it was made under a resolution. The proposals that a
# citing paragraph makes (followups/proposals.py) key on the first.
ANSWERING_PHRASES = ("pursuant to", "in accordance with")

# The masthead is within the first lines; past them a symbol is a citation.
_MASTHEAD_LINES = 12
_DISTRIBUTED = re.compile(r"\bDistr\b", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*Original\s*:", re.IGNORECASE)
_AGENDA_ITEM = re.compile(r"^\s*(?:Provisional\s+)?agenda\s+items?\b", re.IGNORECASE)
# What ends the cover's title: the table of contents, the summary, a cover footnote.
_COVER_END = re.compile(r"^\s*(?:Contents|Summary|\*|[0-9]{1,3}\.\s)", re.IGNORECASE)
_FOOTNOTE_STARS = re.compile(r"[\s*\u00b9\u00b2\u00b3\u2070-\u2079]+$")
# "Report of the Human Rights Council on its twenty-eighth session", "Note by the Secretariat".
_AUTHORED = re.compile(
    r"^(?:(?:annual|interim|final|progress|draft)\s+)?(?:report|note|study|compilation)"
    r"\s+(?:of|by)\s+(?:the\s+)?(?P<author>.+)$",
    re.IGNORECASE,
)
_ON_ITS = re.compile(r"\s+(?:on\s+its\s+|submitted\s+|pursuant\s+to\s+|in\s+accordance\s+with\s+)")
# Offices named before what they report on: "the Secretary-General on the question of ...".
_OFFICES = (
    "Office of the United Nations High Commissioner for Human Rights",
    "United Nations High Commissioner for Human Rights",
    "Secretary-General",
    "Secretariat",
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")
_FIRST_PARAGRAPH = re.compile(r"^\s*1\.\s", re.MULTILINE)
_SECOND_PARAGRAPH = re.compile(r"^\s*2\.\s", re.MULTILINE)


@dataclass
class ParsedReport:
    symbol: str  # "A/HRC/28/15"
    title: str  # "Report of the Working Group on the Universal Periodic Review: Slovenia"
    date: datetime.date | None  # of distribution, as the masthead prints it
    author: str  # "Working Group on the Universal Periodic Review"
    # The resolutions and decisions it says it answers, by symbol, in the order named.
    answers: list[str] = field(default_factory=list)


def cover_symbol(text: str) -> str | None:
    """The symbol the masthead prints ("United Nations A/HRC/28/15", above "Distr.:"), or
    None when the text opens with no masthead (a resolution copied from a web page)."""
    lines = _lines(text)[:_MASTHEAD_LINES]
    distributed = next((i for i, line in enumerate(lines) if _DISTRIBUTED.search(line)), None)
    if distributed is None:
        return None
    for line in lines[: distributed + 1]:
        found = find_symbols(line)
        if found:
            return found[0].symbol
    return None


def read_report(text: str) -> ParsedReport:
    """The cover of the report `text`; ParseError when it has no masthead symbol."""
    symbol = cover_symbol(text)
    if symbol is None:
        raise ParseError("no document symbol in the masthead (“United Nations A/HRC/28/15”)", 1)
    lines = _lines(text)
    title = _title(lines)
    return ParsedReport(
        symbol=symbol,
        title=title,
        date=_date(lines),
        author=_author(title),
        answers=_answers(text, bodies.body_from_symbol(symbol) or ""),
    )


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _date(lines: list[str]) -> datetime.date | None:
    # The date is printed beside or below "Distr.: General", before "Original:".
    for index, line in enumerate(lines[:_MASTHEAD_LINES]):
        if _DISTRIBUTED.search(line):
            for candidate in lines[index : index + 4]:
                date = find_date(candidate)
                if date is not None:
                    return date
    return None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _title(lines: list[str]) -> str:
    """The title block after the masthead's agenda item (or, without one, after the
    "Original:" line and the block of the body and session), with its subject line."""
    blocks = _blocks(lines[:200])
    start = next(
        (i + 1 for i, block in enumerate(blocks) if any(_AGENDA_ITEM.match(x) for x in block)),
        None,
    )
    if start is None:
        original = next(
            (i for i, block in enumerate(blocks) if any(_ORIGINAL.match(x) for x in block)), None
        )
        start = original + 2 if original is not None else 0
    if start >= len(blocks):
        return ""
    title_lines = []
    for line in blocks[start]:
        if _COVER_END.match(line):
            break
        title_lines.append(line)
    title = _FOOTNOTE_STARS.sub("", " ".join(title_lines))
    following = blocks[start + 1] if start + 1 < len(blocks) else []
    # A subject on a line of its own ("Slovenia"), not the rapporteur's line ("Vice-President
    # and Rapporteur: ...") nor the start of the contents.
    subject = following[0] if following else ""
    if (
        subject
        and ":" not in subject
        and len(subject) <= 100
        and not _COVER_END.match(subject)
        and title
    ):
        title = f"{title}: {_FOOTNOTE_STARS.sub('', subject)}"
    return " ".join(title.split())


def _author(title: str) -> str:
    """Who the title says the report is of or by: "Human Rights Council" of "Report of
    the Human Rights Council on its twenty-eighth session"; "" when it does not say."""
    match = _AUTHORED.match(title.split(": ")[0])
    if not match:
        return ""
    author = match.group("author")
    for office in _OFFICES:
        if author.startswith(office + " ") or author == office:
            return office
    return _ON_ITS.split(author, maxsplit=1)[0].strip()


def _front_matter(text: str) -> str:
    """The cover, the summary and the first paragraph: up to the second numbered paragraph."""
    first = _FIRST_PARAGRAPH.search(text)
    if first is None:
        return text[:5000]
    second = _SECOND_PARAGRAPH.search(text, first.end())
    return text[: second.start() if second else first.end() + 2000]


def _answers(text: str, body: str) -> list[str]:
    """The resolutions and decisions the front matter says the report answers."""
    found: list[str] = []
    words = " ".join(_front_matter(text).split())
    for sentence in _SENTENCE_END.split(words):
        lowered = sentence.lower()
        at = min((lowered.find(p) for p in ANSWERING_PHRASES if p in lowered), default=-1)
        if at < 0:
            continue
        for symbol in cited_in(sentence[at:], body):
            if ("/RES/" in symbol or "/DEC/" in symbol) and symbol not in found:
                found.append(symbol)
    return found
