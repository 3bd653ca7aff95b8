"""A PDF page's footnotes: the lines at its foot, each footnote made one line of text.

The footnotes are the lines at the foot of the page, below the rule or from the first line
that opens with a footnote number, in a font smaller than the body's. Each becomes one line
"¹ text", a footnote that goes on over the page break included, which the parser lifts out
wherever it stands. The last footnote of a page may go on at the foot of the next, and some
templates print a footnote's number on the baseline, where only the next number tells it
from a figure: so what the pages read so far leave (FootnotesSoFar) is carried from page to
page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resolutions.sources.pdf.characters import MARKS, SUPERSCRIPT, SUPERSCRIPT_DIGITS, Line

__all__ = ["Footnote", "FootnotesSoFar", "footnote_lines", "footnotes_start", "read_footnotes"]

# A line in a font below this share of the body's is a footnote's (8.5 or 9 pt to 10).
_FOOTNOTE_SIZE = 0.95
_RULE = re.compile(r"_{5,}|-{10,}|\u2014{3,}")
_PLAIN_NUMBER = re.compile(r"([0-9]{1,3})\s+(?=\S)")


@dataclass
class Footnote:
    marker: str
    text: str

    def line(self) -> str:
        return f"{self.marker.translate(SUPERSCRIPT)} {self.text}"


@dataclass
class FootnotesSoFar:
    """What the footnotes of the pages read so far leave to the next page."""

    # The page's last footnote, which may go on at the foot of the next page.
    pending: Footnote | None = None
    last_number: int = 0  # of the last footnote read: footnotes are numbered on


def footnotes_start(lines: list[Line], body_height: float, so_far: FootnotesSoFar) -> int:
    """Where the footnotes start among the page's lines: len(lines) when there are none.

    They are the lines at the foot in a smaller font than the body's: from the rule, or else
    from the first that opens with a footnote number (raised, or the next number on the
    baseline); or from the first of them when the last page's last footnote is unfinished
    and goes on here."""
    start = len(lines)
    while start > 0 and (
        lines[start - 1].height < _FOOTNOTE_SIZE * body_height
        or _RULE.fullmatch(lines[start - 1].text)
    ):
        start -= 1
    foot = range(start, len(lines))
    rule = next((index for index in foot if _RULE.fullmatch(lines[index].text)), None)
    if rule is not None:
        return rule
    pending = so_far.pending
    if pending is not None and not pending.text.endswith(".") and start < len(lines):
        return start
    return next(
        (index for index in foot if _footnote_number(lines[index], so_far.last_number)),
        len(lines),
    )


def _footnote_number(line: Line, last_number: int) -> str:
    """The footnote number (or mark) a line of a page's foot opens with, "" when none: a
    raised one, or the next footnote's on the baseline, as some templates print it."""
    if line.marker:
        return line.marker
    plain = _PLAIN_NUMBER.match(line.text)
    return plain.group(1) if plain and int(plain.group(1)) == last_number + 1 else ""


def read_footnotes(lines: list[Line], so_far: FootnotesSoFar) -> tuple[list[Footnote], list[str]]:
    """The footnotes in the lines of a page's foot, and the lines that belong to none. A
    line without a number goes on with the footnote before it, or the last page's."""
    footnotes: list[Footnote] = []
    strays: list[str] = []
    for line in lines:
        text = line.text
        if _RULE.fullmatch(text):
            continue
        marker = _footnote_number(line, so_far.last_number)
        if marker:
            if line.marker:
                body = text.lstrip(SUPERSCRIPT_DIGITS + MARKS).lstrip()
            else:
                body = text[len(marker) :].lstrip()
            if marker.isdigit():
                so_far.last_number = int(marker)
            footnotes.append(Footnote(marker, body))
            continue
        current = footnotes[-1] if footnotes else so_far.pending
        if current is None:
            strays.append(text)
            continue
        current.text = _continued(current.text, text)
    return footnotes, strays


def _continued(text: str, following: str) -> str:
    # UN documents break lines at the hyphens of compounds ("post-conflict",
    # "seventy-fourth"), not inside words: a hyphen at the end of a line stays.
    if text.endswith("-"):
        return text + following
    return f"{text} {following}"


def footnote_lines(footnotes: list[Footnote]) -> list[str]:
    """The footnotes as the lines of the text, one each."""
    if not footnotes:
        return []
    written = [footnote.line() for footnote in footnotes]
    if not footnotes[-1].text.endswith("."):
        # The parser takes the line after a footnote that has not ended for its next line,
        # unless a blank line stands between.
        written.append("")
    return written
