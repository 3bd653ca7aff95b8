"""Where the header, the body, the closing and the annex lie in a resolution's cleaned lines.

The body (the paragraphs) starts after the enacting formula ("The Human Rights Council,");
failing that, after the title; failing that, at the first line that looks like a paragraph.
It ends where the closing starts: the meeting line ("42nd meeting"), the adoption note
("[Adopted without a vote.]"), or a date alone on its line after an operative paragraph
(texts adopted by silence procedure carry no meeting). An "Annex" heading after the closing,
or after the last operative paragraph, starts the annex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleanup import Line
from .dates import find_date
from .header import TitleLine, find_title, formula_match, formula_with_paragraph
from .paragraphs import looks_like_paragraph_start

_NUMBERED = re.compile(r"^[0-9]{1,3}\.(?:\s+\S|$)")
_CLOSING = re.compile(
    r"^(?:[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|\[?\s*Adopted\s+(?:without|by|at)\b)",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^[0-9]{1,2}\s+[A-Z][a-z]{2,8}\s+[0-9]{4}$|^[A-Z][a-z]{2,8}\s+[0-9]{1,2},\s+[0-9]{4}$"
)
_ANNEX = re.compile(r"^(?:Annex|ANNEX|Appendix|APPENDIX)(?:\s+[IVX0-9]{1,5})?\.?$")


_ADOPTION_NOTE = re.compile(r"^Adopted\s+by\s+the\s+[A-Z]")


def _after_adoption_note(lines: list[Line], start: int) -> int:
    """Where the paragraphs start after a title with no enacting formula below it: past the
    Security Council's "Adopted by the Security Council at its 7426th meeting, on" (its date
    perhaps on the next line) and a formula that lost its "The" ("Security Council,")."""
    index = start
    while index < len(lines) and not lines[index].text:
        index += 1
    if index == len(lines) or not _ADOPTION_NOTE.match(lines[index].text):
        return start
    index += 1
    if find_date(lines[index - 1].text) is None and index < len(lines):
        index += 1 if _DATE_ONLY.match(lines[index].text) else 0
    while index < len(lines) and not lines[index].text:
        index += 1
    if index < len(lines) and formula_match(f"The {lines[index].text}"):
        index += 1
    return index


@dataclass
class Layout:
    header: list[Line]
    title: TitleLine | None
    formula_body: str | None  # the body named by the enacting formula, as written
    body: list[Line]
    closing: list[Line]
    annex: list[Line]
    formula_line: int | None = None  # 1-based input line of the formula


def split(lines: list[Line]) -> Layout:
    first_numbered = next(
        (index for index, line in enumerate(lines) if _NUMBERED.match(line.text)), len(lines)
    )
    formula = None
    shared_line = None  # the first paragraph, when it shares the formula's line
    for index in range(first_numbered):
        text = lines[index].text
        if text[:4] == "The " and formula_match(text):
            formula = index
            break
        opening = formula_with_paragraph(text)
        if opening:
            formula = index
            rest = text[len(opening) :].lstrip()
            lines = [*lines[:index], lines[index]._replace(text=opening), *lines[index + 1 :]]
            shared_line = lines[index]._replace(text=rest)
            break
    title = find_title(lines, formula if formula is not None else first_numbered)
    if formula is not None:
        start = formula + 1
    elif title is not None:
        start = _after_adoption_note(lines, title.end)
    else:
        start = next(
            (
                index
                for index, line in enumerate(lines)
                if line.text
                and (_NUMBERED.match(line.text) or looks_like_paragraph_start(line.text))
            ),
            len(lines),
        )
    end = len(lines)
    seen_operative = False
    for index in range(start, len(lines)):
        text = lines[index].text
        if not text:
            continue
        if _NUMBERED.match(text):
            seen_operative = True
        if _CLOSING.match(text) or (
            seen_operative and _DATE_ONLY.match(text) and find_date(text) is not None
        ):
            end = index
            break
        if seen_operative and _ANNEX.match(text):
            end = index
            break
    annex_start = next(
        (index for index in range(end, len(lines)) if _ANNEX.match(lines[index].text)), len(lines)
    )
    match = formula_match(lines[formula].text) if formula is not None else None
    body = lines[start:end]
    if shared_line is not None:
        body = [shared_line, *body]
    return Layout(
        header=lines[:start],
        title=title,
        formula_body=match.group("body") if match else None,
        body=body,
        closing=lines[end:annex_start],
        annex=lines[annex_start:],
        formula_line=lines[formula].number if formula is not None else None,
    )
