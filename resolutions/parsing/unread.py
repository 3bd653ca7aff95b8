"""What the parser could not place: every line of the body whose letters no part of the result
holds, so that a text that lost a paragraph says which lines it lost."""

from __future__ import annotations

import re
import string

from .cleanup import Line
from .types import ParsedResolution, Unread
from .units import NEW_ITEM


def letters(text: str) -> str:
    """The letters of `text`, in order (and characters beyond Latin-1): what survives every
    normalisation of the parser.

    Cleaning drops bullets, emphasis marks, footnote markers, paragraph numbers and labels
    ("3.", "(a)") and line-end hyphens, and changes spaces; it never changes a letter. A line
    is placed when its letters, its label aside, stand in order in what the parse holds.
    """
    # One character at a time is the definition, and slow on a whole text (letters() runs on
    # everything a parse placed): ASCII is filtered in bytes, in C; of the rest only the few
    # distinct characters beyond ASCII are looked at, and each one that is no letter goes.
    kept = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_LETTERS)
    beyond = kept.translate(None, _ASCII_LETTERS).decode("utf-8", "surrogatepass")
    result = kept.decode("utf-8", "surrogatepass")
    distinct = set(beyond)
    if len(distinct) > 64:  # a text of another script: one pass beats a pass per character
        return "".join(_LETTER_RUNS.findall(result))
    for char in distinct:
        if not _LETTER_RUNS.fullmatch(char):
            result = result.replace(char, "")
    return result


# Letters of every script (what str.isalpha calls letters, µ and ª among them), but not the
# digits, superscripts and fractions that footnote markers, numbers and labels are made of
# (Python's \w counts "²" as alphanumeric).
_LETTER_RUNS = re.compile(r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f]+")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_ASCII_NOT_LETTERS = bytes(byte for byte in range(128) if byte not in _ASCII_LETTERS)


def placed_parts(result: ParsedResolution) -> list[str]:
    """What the parse shows of the body: title, paragraphs, footnotes, annex."""
    parts = [result.title]
    parts.extend(paragraph.text for paragraph in result.all_paragraphs())
    parts.extend(footnote.text for footnote in result.footnotes)
    parts.append(result.annex)
    return parts


def unread_lines(body: list[Line], result: ParsedResolution) -> list[Unread]:
    # A safety net under every stage: any body line whose letters are nowhere in the result
    # was lost by the parser, and the person importing must see it.
    parts = placed_parts(result)
    placed = "\n".join(parts)
    placed_letters = None  # computed only when a line is not found as it stands
    unread = []
    position = 0
    for line in body:
        if not line.text or line.noise:
            continue
        label = NEW_ITEM.match(line.text)
        # "(a)" and "(iv)" are labels, kept apart from the sub-paragraph's text.
        text = line.text[label.end() :].strip() if label else line.text
        # Most lines stand as they are in their paragraph, in order: look on from the last.
        found = placed.find(text, position)
        if found >= 0:
            position = found + len(text)
            continue
        if text in placed:
            continue
        wanted = letters(text)
        if not wanted:
            continue
        if placed_letters is None:
            placed_letters = letters(" ".join(parts))
        if wanted not in placed_letters:
            unread.append(Unread(line.number, line.text))
    return unread
