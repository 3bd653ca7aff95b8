"""A PDF page's characters made lines: the first stage of reading a page.

PDFium (through pypdfium2) gives a page's characters in the order the file draws them, with
the line breaks and spaces it infers, and any character's box. Its plain text alone is not
enough: a footnote marker is a raised digit in a smaller font, so "2015-2030" with marker 3
reads "2015-20303"; the 2010 template draws its masthead last. So the page is read as lines
placed by their boxes:

- a part is one of PDFium's lines (a line-end hyphen, across which PDFium joins two lines,
  ends one too); parts on one baseline are one line, read left to right, and the lines come
  top to bottom, whatever order the file drew them in;
- a digit raised above its line's baseline in a smaller font is a superscript: a footnote
  marker, written as a Unicode superscript glued to its word ("Court¹"), which the parser
  reads as a marker; a line that opens with one keeps it as its `marker`, for the
  footnotes stage.

A line-end hyphen stays at the end of its line for the parser, which keeps or drops it as
the words require.

Sizes are read from the characters' loose boxes (FPDFText_GetLooseCharBox: the font's full
height at its size on the page), not FPDFText_GetFontSize, which is 1 for every character
of the 2010 template, whose text matrices carry the sizes. Only a few characters of a line
are measured, its ends and its digits: a call into PDFium costs about a microsecond, and a
page holds thousands of characters.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

__all__ = ["MARKS", "SUPERSCRIPT", "SUPERSCRIPT_DIGITS", "Line", "Part", "page_lines"]

# PDFium's end of a line, and its mark for a hyphen that ends a line: it joins the two lines
# and writes U+FFFE where the hyphen was (2 in FPDFText_GetUnicode).
_LINE_END = re.compile("\r\n|[\r\n\ufffe\x02]")
_HYPHEN_MARKS = "\ufffe\x02"
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_HANGING_HYPHEN = re.compile(r"[^\W\d_] -$")
_MARKER_CANDIDATE = re.compile(r"[0-9]+|[*\u2020\u2021]")
MARKS = "*\u2020\u2021"  # asterisk, dagger, double dagger
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
# Symbol fonts (the barcode's among them) map their glyphs to the private use area, at
# U+F000 plus the character's code: "*1510722*" comes out as U+F02A U+F031 ...
_PRIVATE_ASCII = {code: code - 0xF000 for code in range(0xF020, 0xF07F)}
_PRIVATE_USE = re.compile("[\uf020-\uf07e]")

# A superscript is raised above its line's baseline by more than this share of the line's
# height, in a font whose height is less than this share of the line's. Markers stand about
# 0.4 of the height up, at 0.65 of it; the masthead's "/RES/73/8" beside the larger "United
# Nations" stands 0.17 up, at 0.7.
_RAISED = 0.25
_SMALLER = 0.75
# Parts of lines whose baselines are closer than this share of their height are one line.
_SAME_LINE = 0.3


@dataclass
class Part:
    """A run of a line's text on one baseline: one of PDFium's lines, or a part of one."""

    x0: float
    x1: float
    bottom: float
    height: float
    text: str
    raised: bool = False  # a superscript that PDFium set apart as a line of its own
    marker: str = ""  # the footnote number (or mark) a superscript at its start writes


@dataclass
class Line:
    parts: list[Part]
    bottom: float
    height: float
    text: str = ""
    marker: str = ""  # the footnote number (or mark) it opens with, raised


class _Boxes:
    """The boxes of a text page's characters, measured one at a time."""

    def __init__(self, textpage):
        self.handle = textpage.raw
        self.rect = pdfium_c.FS_RECTF()
        self.pointer = ctypes.byref(self.rect)
        self.known: dict[int, tuple[float, float, float, float] | None] = {}

    def box(self, index: int) -> tuple[float, float, float, float] | None:
        """(left, bottom, right, top) of the character at `index`, at its font's full height:
        a digit's box is as high as its line's letters', whatever the glyph."""
        if index in self.known:
            return self.known[index]
        found = None
        if pdfium_c.FPDFText_GetLooseCharBox(self.handle, index, self.pointer):
            rect = self.rect
            found = (rect.left, rect.bottom, rect.right, rect.top)
        self.known[index] = found
        return found


def page_lines(textpage) -> list[Line]:
    """The page's lines, top to bottom."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        # PDFium's text may leave out or add characters against its list of them (rarely,
        # pypdfium2's documentation says): read them one by one, so that positions in the
        # text stay the characters' indexes.
        text = "".join(map(_character, [textpage.raw] * count, range(count)))
    if _PRIVATE_USE.search(text):
        text = text.translate(_PRIVATE_ASCII)
    boxes = _Boxes(textpage)
    parts = []
    start = 0
    for match in _LINE_END.finditer(text):
        part = _part(text, start, match.end(), boxes)
        if part is not None:
            parts.append(part)
        start = match.end()
    part = _part(text, start, len(text), boxes)
    if part is not None:
        parts.append(part)
    return _lines(parts)


def _character(handle, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(handle, index)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _part(text: str, start: int, end: int, boxes: _Boxes) -> Part | None:
    """One of PDFium's lines, text[start:end], measured; None when it holds only spaces."""
    hyphen = end - start > 1 and text[end - 1] in _HYPHEN_MARKS
    stop = end - 1 if hyphen else end
    while stop > start and text[stop - 1] in "\r\n \u00a0":
        stop -= 1
    first = start
    while first < stop and text[first] in " \u00a0":
        first += 1
    if first >= stop:
        return None
    last = end - 1 if hyphen else stop - 1
    # The line's height and baseline are those of the tallest of its first character, its
    # first letter and its last character: any one of them may be a superscript (a marker,
    # a footnote's number, the "nd" of "22nd").
    samples = {first, last}
    letter = _FIRST_LETTER.search(text, first, stop)
    if letter:
        samples.add(letter.start())
    measured = [box for box in map(boxes.box, samples) if box is not None]
    if not measured:
        return None
    tallest = max(measured, key=lambda box: box[3] - box[1])
    bottom, height = tallest[1], tallest[3] - tallest[1]
    x0 = (boxes.box(first) or tallest)[0]
    x1 = (boxes.box(last) or tallest)[2]
    raised = _superscripts(text, first, stop, bottom, height, boxes)
    written, marker = _written(text, first, stop, raised)
    if hyphen:
        written += "-"
    elif (
        text[stop - 2 : stop] == " -"
        and _HANGING_HYPHEN.search(written)
        and pdfium_c.FPDFText_IsGenerated(boxes.handle, stop - 2) == 1
    ):
        # "drug -" at the end of a justified line, with a space PDFium made up for the gap
        # before the hyphen, is the "drug-" of "drug-resistant" (a space the file holds, as
        # in "OIKOS - Cooperação", stays).
        written = written[:-2] + "-"
    return Part(x0, x1, bottom, height, written, marker=marker)


def _superscripts(text: str, start: int, end: int, bottom: float, height: float, boxes: _Boxes):
    """The positions of the superscript digits and marks in text[start:end]."""
    if height <= 0:
        return set()

    def raised(index: int) -> bool:
        box = boxes.box(index)
        return (
            box is not None
            and box[3] - box[1] < _SMALLER * height
            and box[1] > bottom + _RAISED * height
        )

    found: set[int] = set()
    for match in _MARKER_CANDIDATE.finditer(text, start, end):
        first, last = match.start(), match.end() - 1
        if text[first - 1 : first] == "/" or text[last + 1 : last + 2] == "/":
            continue  # a symbol's number ("A/RES/73/8") is never a marker
        # A marker may end a run of digits ("2015-2030" and 3 read "20303"): walk back from
        # the end while the digits are raised; or a run may open with one.
        if raised(last):
            index = last
            while index >= first and raised(index):
                found.add(index)
                index -= 1
        elif last > first and raised(first):
            index = first
            while index < last and raised(index):
                found.add(index)
                index += 1
    return found


def _written(text: str, start: int, end: int, raised: set[int]) -> tuple[str, str]:
    """text[start:end] with its superscript digits written as such, and the footnote number
    (or mark) a superscript at its start writes, "" when it opens otherwise."""
    if not raised:
        return text[start:end], ""
    pieces: list[str] = []
    marker = ""
    index = start
    while index < end:
        run_end = index
        if index in raised:
            while run_end < end and run_end in raised:
                run_end += 1
            run = text[index:run_end]
            if index == start:
                marker = run
            elif pieces:
                # A marker belongs to the word before it: "Court 1" is "Court¹".
                pieces[-1] = pieces[-1].rstrip()
            pieces.append(run.translate(SUPERSCRIPT))
        else:
            while run_end < end and run_end not in raised:
                run_end += 1
            pieces.append(text[index:run_end])
        index = run_end
    return "".join(pieces), marker


def _lines(parts: list[Part]) -> list[Line]:
    """Parts on one baseline made one line, read left to right, top to bottom; a short part
    that PDFium set apart, raised above a line in a smaller font, is that line's superscript."""
    parts.sort(key=lambda part: (-part.bottom, part.x0))
    lines: list[Line] = []
    for part in parts:
        line = lines[-1] if lines else None
        if line and abs(part.bottom - line.bottom) <= _SAME_LINE * max(part.height, line.height):
            line.parts.append(part)
            line.height = max(line.height, part.height)
        else:
            lines.append(Line([part], part.bottom, part.height))
    kept = [
        line
        for line in lines
        if not (len(line.parts) == 1 and len(line.parts[0].text) <= 4 and _attached(line, lines))
    ]
    for line in kept:
        _join(line)
    return kept


def _attached(line: Line, lines: list[Line]) -> bool:
    """Whether the one-part `line` is the superscript of another line, now among its parts."""
    part = line.parts[0]
    for other in lines:
        if other is line or part.height >= _SMALLER * other.height:
            continue
        lift = part.bottom - other.bottom
        if not _RAISED * other.height < lift < 0.8 * other.height:
            continue
        left = min(piece.x0 for piece in other.parts)
        right = max(piece.x1 for piece in other.parts)
        # A footnote's number hangs left of its text; a marker follows its word.
        if left - 2 * other.height <= part.x0 <= right + 2 * other.height:
            part.raised = True
            other.parts.append(part)
            return True
    return False


def _join(line: Line) -> None:
    """The line's text from its parts, and the footnote number (or mark) it opens with."""
    line.parts.sort(key=lambda part: part.x0)
    pieces: list[str] = []
    for position, part in enumerate(line.parts):
        text = part.text
        marker = part.marker
        if part.raised:
            compact = text.replace(" ", "")
            if compact.isdigit() or compact in MARKS:
                marker = compact
                text = compact.translate(SUPERSCRIPT)
        if position == 0:
            line.marker = marker
        if pieces and (part.raised or marker):
            pieces[-1] = pieces[-1].rstrip()  # glued to the word it marks
        elif pieces and not pieces[-1].endswith(" ") and not text.startswith(" "):
            pieces.append(" ")
        pieces.append(text)
    line.text = "".join(pieces).strip()
    normal = [part for part in line.parts if not part.raised]
    if normal:
        line.height = max(part.height for part in normal)
        line.bottom = normal[0].bottom
