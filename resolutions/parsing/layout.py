"""Where the header, the body and the closing lie in a resolution's cleaned lines.

The body (the paragraphs) starts after the enacting formula ("The Human Rights Council,");
failing that, after the title; failing that, at the first line that looks like a paragraph.
It ends where the closing starts: the meeting line ("42nd meeting") or the adoption note
("[Adopted without a vote.]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleanup import Line
from .header import FORMULA, TitleLine, find_title
from .paragraphs import looks_like_paragraph_start

_NUMBERED = re.compile(r"^[0-9]{1,3}\.\s+\S")
_CLOSING = re.compile(
    r"^(?:[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|\[?\s*Adopted\s+(?:without|by|at)\b)",
    re.IGNORECASE,
)


@dataclass
class Layout:
    header: list[Line]
    title: TitleLine | None
    formula_body: str | None  # the body named by the enacting formula, as written
    body: list[Line]
    closing: list[Line]


def split(lines: list[Line]) -> Layout:
    first_numbered = next(
        (index for index, line in enumerate(lines) if _NUMBERED.match(line.text)), len(lines)
    )
    formula = next(
        (index for index, line in enumerate(lines[:first_numbered]) if FORMULA.match(line.text)),
        None,
    )
    title = find_title(lines, formula if formula is not None else first_numbered)
    if formula is not None:
        start = formula + 1
    elif title is not None:
        start = title.end
    else:
        start = next(
            (
                index
                for index, line in enumerate(lines)
                if _NUMBERED.match(line.text) or looks_like_paragraph_start(line.text)
            ),
            len(lines),
        )
    end = next(
        (index for index in range(start, len(lines)) if _CLOSING.match(lines[index].text)),
        len(lines),
    )
    formula_match = FORMULA.match(lines[formula].text) if formula is not None else None
    return Layout(
        header=lines[:start],
        title=title,
        formula_body=formula_match.group("body") if formula_match else None,
        body=lines[start:end],
        closing=lines[end:],
    )
