"""Reading PDF documents: an official PDF's text in the plain form the parser reads.

PDFium (through pypdfium2) gives a page's characters in the order the file draws them, with
the line breaks and spaces it infers, and any character's box. Its plain text alone is not
enough: a footnote marker is a raised digit in a smaller font, so "2015-2030" with marker 3
reads "2015-20303"; the job number, the barcode and the running symbol come among the
paragraphs, in drawing order; the 2010 template draws its masthead last. So each page is
read as lines placed by their boxes:

- a line is one of PDFium's lines (a line-end hyphen, across which PDFium joins two lines,
  ends one too); lines on one baseline are one line, read left to right;
- a digit raised above its line's baseline in a smaller font is a superscript: a footnote
  marker, written as a Unicode superscript glued to its word ("Court¹"), which the parser
  reads as a marker;
- page furniture (job number, barcode, "Please recycle", page number, the running symbol
  and the running title beside it) is told line by line, from the page's top and bottom
  edges inwards, by what each line says: no band of the page is cut off, since templates
  put the footer anywhere between 86% and 96% of the page's height;
- the footnotes are the lines at the foot of the page, below the rule or from the first
  line that opens with a footnote number, in a font smaller than the body's; each becomes
  one line "¹ text" (a footnote that goes on over the page break included), which the
  parser lifts out wherever it stands.

Lines come out top to bottom, so the masthead reads in order, with a blank line where a
gap wider than a line separates two (between paragraphs, between the masthead's blocks).
A line-end hyphen stays at the end of its line for the parser, which keeps or drops it as
the words require.

Sizes are read from the characters' loose boxes (FPDFText_GetLooseCharBox: the font's full
height at its size on the page), not FPDFText_GetFontSize, which is 1 for every character
of the 2010 template, whose text matrices carry the sizes. Only a few characters of a line
are measured, its ends and its digits: a call into PDFium costs about a microsecond, and a
page holds thousands of characters.

No Django here. Pages are read one at a time and closed, so that a report of hundreds of
pages never holds more than one page's characters.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2
import pypdfium2.raw as pdfium_c

from resolutions.sources.documents import SourceText
from resolutions.sources.textfiles import Unreadable

__all__ = ["READER", "read_pdf"]

READER = f"pypdfium2 {pypdfium2.PYPDFIUM_INFO.version}"

# PDFium is not thread-safe (pypdfium2's documentation): one document at a time in a
# process, whatever the server's threads.
_LOCK = threading.Lock()

# Why PDFium would not open a file (FPDF_GetLastError), in the user's terms.
_REFUSALS = {
    pdfium_c.FPDF_ERR_PASSWORD: (
        "the PDF is protected by a password; open it, save or print it as a PDF without a "
        "password, and import that"
    ),
    pdfium_c.FPDF_ERR_SECURITY: (
        "the PDF is encrypted in a way that cannot be read; save or print it as a PDF "
        "without protection, and import that"
    ),
}
_BROKEN = (
    "the PDF is damaged and cannot be read (it may be incomplete, or not a PDF); download it "
    "again, or save it again from the program that made it, and import that"
)
_SCANNED = (
    "the PDF holds images of pages but no text (a scan); run it through text recognition "
    "(OCR), or find the document's text version, and import that"
)
_EMPTY = "the PDF holds no text: its pages are empty"

# PDFium's end of a line, and its mark for a hyphen that ends a line: it joins the two lines
# and writes U+FFFE where the hyphen was (2 in FPDFText_GetUnicode).
_LINE_END = re.compile("\r\n|[\r\n\ufffe\x02]")
_HYPHEN_MARKS = "\ufffe\x02"
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_HANGING_HYPHEN = re.compile(r"[^\W\d_] -$")
_MARKER_CANDIDATE = re.compile(r"[0-9]+|[*\u2020\u2021]")
_MARKS = "*\u2020\u2021"  # asterisk, dagger, double dagger
_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPT_DIGITS)
# Symbol fonts (the barcode's among them) map their glyphs to the private use area, at
# U+F000 plus the character's code: "*1510722*" comes out as U+F02A U+F031 ...
_PRIVATE_ASCII = {code: code - 0xF000 for code in range(0xF020, 0xF07F)}
_PRIVATE_USE = re.compile("[\uf020-\uf07e]")
# What no text holds: control characters but the line feed, and the code points XML forbids.
_UNWRITABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# A superscript is raised above its line's baseline by more than this share of the line's
# height, in a font whose height is less than this share of the line's. Markers stand about
# 0.4 of the height up, at 0.65 of it; the masthead's "/RES/73/8" beside the larger "United
# Nations" stands 0.17 up, at 0.7.
_RAISED = 0.25
_SMALLER = 0.75
# Parts of lines whose baselines are closer than this share of their height are one line.
_SAME_LINE = 0.3
# A line in a font below this share of the body's is a footnote's (8.5 or 9 pt to 10).
_FOOTNOTE_SIZE = 0.95
# Running header lines stand closer than this many of their heights to each other.
_HEADER_SPACING = 1.6
# Lines further apart than this many of their heights have a blank line between them.
_GAP = 1.6

# Page furniture, each line as a whole: one or more of these.
_TOKEN = (
    r"(?:(?:GE|NY|V)\.?\s?)?[0-9]{2}-[0-9]{4,6}\s?(?:\([A-Z]\))?"  # job number: GE.15-10722 (E)
    r"|\*[0-9]{5,}\*"  # the barcode, in a barcode font: *1510722*
    r"|[0-9]{6}"  # the date it was processed: 021118
    r"|[0-9]{1,4}\s?/\s?[0-9]{1,4}"  # page number: 2/5
    r"|(?:[Pp]age\s+)?[0-9]{1,4}|-\s?[0-9]{1,4}\s?-"  # page number: 3, Page 3, - 3 -
    r"|Please\s+recycle\s?\u2672?"
)
_FURNITURE = re.compile(rf"(?:{_TOKEN})(?:\s+(?:{_TOKEN}))*")
# A document symbol: "A/HRC/28/2", "E/CN.4/2005/L.10/Add.1", "S/RES/2334 (2016)".
_SYMBOL = r"[A-Z]{1,10}(?:\.[0-9]{1,4})?(?:/[A-Za-z0-9.\-]+)+(?:\s\([0-9]{4}\))?"
_RUNNING_SYMBOL = re.compile(rf"(?:(?:{_TOKEN})\s+)*{_SYMBOL}(?:\s+(?:{_TOKEN}))*")
# The running symbol at either end of a running header's line, the title beside it.
_RUNNING_EDGE = re.compile(rf"^{_SYMBOL}(?:\s|$)|\s{_SYMBOL}$")
_RULE = re.compile(r"_{5,}|-{10,}|\u2014{3,}")
_PLAIN_NUMBER = re.compile(r"([0-9]{1,3})\s+(?=\S)")


@dataclass
class _Part:
    """A run of a line's text on one baseline: one of PDFium's lines, or a part of one."""

    x0: float
    x1: float
    bottom: float
    height: float
    text: str
    raised: bool = False  # a superscript that PDFium set apart as a line of its own
    marker: str = ""  # the footnote number (or mark) a superscript at its start writes


@dataclass
class _Line:
    parts: list[_Part]
    bottom: float
    height: float
    text: str = ""
    marker: str = ""  # the footnote number (or mark) it opens with, raised


@dataclass
class _Footnote:
    marker: str
    text: str

    def line(self) -> str:
        return f"{self.marker.translate(_SUPERSCRIPT)} {self.text}"


@dataclass
class _Document:
    """What a reading gathers page after page."""

    chunks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The page's last footnote, which may go on at the foot of the next page.
    pending: _Footnote | None = None
    last_number: int = 0  # of the last footnote read: footnotes are numbered on
    # Line heights (to half a point) and how many characters stand in lines of each: the
    # commonest is the body's.
    sizes: Counter[float] = field(default_factory=Counter)
    pages_with_text: int = 0
    images_only: list[int] = field(default_factory=list)  # page numbers


def read_pdf(data: bytes, name: str) -> SourceText:
    """The text of the PDF `data`, named `name` in messages; Unreadable when it holds none
    that can be read (a scan, a password, a damaged file)."""
    with _LOCK:
        return _read(data, name)


def _read(data: bytes, name: str) -> SourceText:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise Unreadable(name, _REFUSALS.get(error.err_code, _BROKEN), format="PDF") from None
    state = _Document()
    try:
        count = len(document)
        if count <= 0:
            raise Unreadable(name, _BROKEN, format="PDF")
        for index in range(count):
            _read_page(document, index, state)
    finally:
        document.close()
    if state.pending:
        _write_footnotes(state, [state.pending])
    if not state.pages_with_text:
        raise Unreadable(name, _SCANNED if state.images_only else _EMPTY, format="PDF")
    if state.images_only:
        pages = ", ".join(str(number) for number in state.images_only)
        state.warnings.append(f"no text on page(s) {pages}, only images (a scan?): not read")
    text = _UNWRITABLE.sub("", "\n".join(state.chunks)) + "\n"
    return SourceText(text, format="pdf", reader=READER, pages=count, warnings=state.warnings)


def _read_page(document, index: int, state: _Document) -> None:
    try:
        page = document[index]
    except pypdfium2.PdfiumError:
        state.warnings.append(f"page {index + 1} is damaged and was skipped")
        return
    try:
        textpage = page.get_textpage()
        try:
            lines = _page_lines(textpage)
        finally:
            textpage.close()
        if not lines:
            if _has_images(page):
                state.images_only.append(index + 1)
            return
        state.pages_with_text += 1
        _lay_out(lines, index, state)
    except pypdfium2.PdfiumError:
        state.warnings.append(f"page {index + 1} is damaged and was skipped")
    finally:
        page.close()


def _has_images(page) -> bool:
    images = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2)
    return next(images, None) is not None


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


def _page_lines(textpage) -> list[_Line]:
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


def _part(text: str, start: int, end: int, boxes: _Boxes) -> _Part | None:
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
    return _Part(x0, x1, bottom, height, written, marker=marker)


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
            pieces.append(run.translate(_SUPERSCRIPT))
        else:
            while run_end < end and run_end not in raised:
                run_end += 1
            pieces.append(text[index:run_end])
        index = run_end
    return "".join(pieces), marker


def _lines(parts: list[_Part]) -> list[_Line]:
    """Parts on one baseline made one line, read left to right, top to bottom; a short part
    that PDFium set apart, raised above a line in a smaller font, is that line's superscript."""
    parts.sort(key=lambda part: (-part.bottom, part.x0))
    lines: list[_Line] = []
    for part in parts:
        line = lines[-1] if lines else None
        if line and abs(part.bottom - line.bottom) <= _SAME_LINE * max(part.height, line.height):
            line.parts.append(part)
            line.height = max(line.height, part.height)
        else:
            lines.append(_Line([part], part.bottom, part.height))
    kept = [
        line
        for line in lines
        if not (len(line.parts) == 1 and len(line.parts[0].text) <= 4 and _attached(line, lines))
    ]
    for line in kept:
        _join(line)
    return kept


def _attached(line: _Line, lines: list[_Line]) -> bool:
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


def _join(line: _Line) -> None:
    """The line's text from its parts, and the footnote number (or mark) it opens with."""
    line.parts.sort(key=lambda part: part.x0)
    pieces: list[str] = []
    for position, part in enumerate(line.parts):
        text = part.text
        marker = part.marker
        if part.raised:
            compact = text.replace(" ", "")
            if compact.isdigit() or compact in _MARKS:
                marker = compact
                text = compact.translate(_SUPERSCRIPT)
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


def _lay_out(lines: list[_Line], index: int, state: _Document) -> None:
    """Furniture out, footnotes gathered; the body's lines and the footnotes written."""
    for line in lines:
        state.sizes[round(line.height * 2) / 2] += len(line.text)
    body_height = state.sizes.most_common(1)[0][0]
    top, bottom = _furniture(lines, index, body_height)
    lines = lines[top:bottom]
    start = _footnotes_start(lines, body_height, state)
    footnotes, strays = _footnotes(lines[start:], state)
    if state.pending is not None:
        # Last page's last footnote, with what this page's foot added to it.
        _write_footnotes(state, [state.pending])
        state.pending = None
    state.chunks.extend(_with_gaps(lines[:start]))
    if strays:
        state.warnings.append(
            f"page {index + 1}: {len(strays)} line(s) below the footnote rule belong to no "
            "footnote; kept as text"
        )
        state.chunks.extend(strays)
    if footnotes:
        _write_footnotes(state, footnotes[:-1])
        state.pending = footnotes[-1]


def _furniture(lines: list[_Line], index: int, body_height: float) -> tuple[int, int]:
    """Where the page's own lines lie: lines[top:bottom]; the others are furniture."""
    top = 0
    if index > 0:
        # The running header: the symbol, the title beside or above it, the page number,
        # close together at the top and no larger than the body. On the first page the
        # symbol at the top is the masthead's, the document's own.
        block = 1
        while block < len(lines) and _close(lines[block - 1], lines[block]):
            block += 1
        header = lines[:block]
        if any(_RUNNING_EDGE.search(line.text) for line in header) and all(
            line.height <= 1.05 * body_height for line in header
        ):
            top = block
    while top < len(lines) and _is_furniture(lines[top], index):
        top += 1
    bottom = len(lines)
    while bottom > top and _is_furniture(lines[bottom - 1], index):
        bottom -= 1
    return top, bottom


def _close(upper: _Line, lower: _Line) -> bool:
    return upper.bottom - lower.bottom <= _HEADER_SPACING * max(upper.height, lower.height)


def _is_furniture(line: _Line, index: int) -> bool:
    if _FURNITURE.fullmatch(line.text):
        return True
    return index > 0 and bool(_RUNNING_SYMBOL.fullmatch(line.text))


def _footnotes_start(lines: list[_Line], body_height: float, state: _Document) -> int:
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
    pending = state.pending
    if pending is not None and not pending.text.endswith(".") and start < len(lines):
        return start
    return next(
        (index for index in foot if _footnote_number(lines[index], state.last_number)),
        len(lines),
    )


def _footnote_number(line: _Line, last_number: int) -> str:
    """The footnote number (or mark) a line of a page's foot opens with, "" when none: a
    raised one, or the next footnote's on the baseline, as some templates print it."""
    if line.marker:
        return line.marker
    plain = _PLAIN_NUMBER.match(line.text)
    return plain.group(1) if plain and int(plain.group(1)) == last_number + 1 else ""


def _footnotes(lines: list[_Line], state: _Document) -> tuple[list[_Footnote], list[str]]:
    """The footnotes in the lines of a page's foot, and the lines that belong to none. A
    line without a number goes on with the footnote before it, or the last page's."""
    footnotes: list[_Footnote] = []
    strays: list[str] = []
    for line in lines:
        text = line.text
        if _RULE.fullmatch(text):
            continue
        marker = _footnote_number(line, state.last_number)
        if marker:
            if line.marker:
                body = text.lstrip(_SUPERSCRIPT_DIGITS + _MARKS).lstrip()
            else:
                body = text[len(marker) :].lstrip()
            if marker.isdigit():
                state.last_number = int(marker)
            footnotes.append(_Footnote(marker, body))
            continue
        current = footnotes[-1] if footnotes else state.pending
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


def _write_footnotes(state: _Document, footnotes: list[_Footnote]) -> None:
    if not footnotes:
        return
    state.chunks.extend(footnote.line() for footnote in footnotes)
    if not footnotes[-1].text.endswith("."):
        # The parser takes the line after a footnote that has not ended for its next line,
        # unless a blank line stands between.
        state.chunks.append("")


def _with_gaps(lines: list[_Line]) -> list[str]:
    """The lines' texts, with a blank line where more than a line's space stands between
    two: between paragraphs, and between the masthead's blocks."""
    written: list[str] = []
    previous = None
    for line in lines:
        if previous is not None and previous.bottom - line.bottom > _GAP * max(
            previous.height, line.height
        ):
            written.append("")
        written.append(line.text)
        previous = line
    return written
