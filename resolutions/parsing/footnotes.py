"""Footnotes: their definitions, wherever a page put them, and the markers that point at them.

In extracted text a footnote block ("¹ A/HRC/24/56.") lands at the foot of a page, often in
the middle of a paragraph, and its marker is a superscript glued to the text it annotates
("session;¹", "Assistance,² in particular"). Definitions are lifted out of the line stream
before paragraphs are assembled; markers are stripped from paragraph text once each
footnote knows its paragraph.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .cleanup import Line
from .types import Footnote, Paragraph

SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_DEFINITION = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]{{1,3}})\s*(\S.*)$")
_MARKER = re.compile(rf"\s*[{SUPERSCRIPT_DIGITS}]{{1,3}}")


@dataclass(frozen=True)
class Definition:
    number: int
    line: int
    text: str


def extract_definitions(lines: list[Line]) -> tuple[list[Definition], list[Line]]:
    """The footnote definitions, and the lines with those definitions blanked out."""
    definitions: list[Definition] = []
    kept: list[Line] = []
    current: Definition | None = None
    for line in lines:
        match = _DEFINITION.match(line.text)
        if match:
            current = Definition(_number(match.group(1)), line.number, match.group(2))
            definitions.append(current)
            kept.append(Line(line.number, ""))
            continue
        if current and line.text and not current.text.endswith("."):
            # A long footnote wraps onto the next line of the same block.
            current = dataclasses.replace(current, text=f"{current.text} {line.text}")
            definitions[-1] = current
            kept.append(Line(line.number, ""))
            continue
        current = None
        kept.append(line)
    return definitions, kept


def strip_markers(text: str) -> tuple[str, list[int]]:
    """`text` without footnote markers, and the footnote numbers they carried, in order."""
    numbers = [_number(marker.strip()) for marker in _MARKER.findall(text)]
    return re.sub(r" {2,}", " ", _MARKER.sub("", text)).strip(), numbers


def attach(
    paragraphs: list[Paragraph], definitions: list[Definition]
) -> tuple[list[Paragraph], list[Footnote]]:
    """Paragraphs without markers, and one footnote per definition, tied to its paragraph.

    A footnote whose marker no paragraph carries (it annotates the title, or the marker was
    lost in extraction) keeps an empty paragraph label rather than a guessed one.
    """
    carriers: dict[int, str] = {}
    clean = []
    for paragraph in paragraphs:
        text, numbers = strip_markers(paragraph.text)
        for number in numbers:
            carriers.setdefault(number, paragraph.label)
        clean.append(dataclasses.replace(paragraph, text=text))
    footnotes = []
    seen: set[int] = set()
    for definition in sorted(definitions, key=lambda item: item.number):
        if definition.number in seen:
            continue
        seen.add(definition.number)
        footnotes.append(
            Footnote(definition.number, carriers.get(definition.number, ""), definition.text)
        )
    return clean, footnotes


def _number(marker: str) -> int:
    return int(marker.translate(_TO_DIGITS))
