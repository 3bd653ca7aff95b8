"""Reading PDF documents: an official PDF's text in the plain form the parser reads.

Each page is read in three stages, one module each, and the pages' texts are joined here:

- characters: PDFium's characters (through pypdfium2) made lines placed by their boxes, top
  to bottom, with superscript footnote markers written as such ("Court¹");
- furniture: the job number, barcode, "Please recycle", page number, running symbol and
  title, told line by line from the page's edges inwards, left out;
- footnotes: the lines at the page's foot made one line "¹ text" per footnote, which the
  parser lifts out wherever it stands.

Lines come out top to bottom, so the masthead reads in order, with a blank line where a
gap wider than a line separates two (between paragraphs, between the masthead's blocks).

No Django here. Pages are read one at a time and closed, so that a report of hundreds of
pages never holds more than one page's characters.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2
import pypdfium2.raw as pdfium_c

from resolutions.sources.documents import SourceText
from resolutions.sources.pdf.characters import Line, page_lines
from resolutions.sources.pdf.footnotes import (
    FootnotesSoFar,
    footnote_lines,
    footnotes_start,
    read_footnotes,
)
from resolutions.sources.pdf.furniture import furniture
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

# What no text holds: control characters but the line feed, and the code points XML forbids.
_UNWRITABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Lines further apart than this many of their heights have a blank line between them.
_GAP = 1.6


@dataclass
class _Document:
    """What a reading gathers page after page."""

    chunks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    footnotes: FootnotesSoFar = field(default_factory=FootnotesSoFar)
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
    if state.footnotes.pending:
        state.chunks.extend(footnote_lines([state.footnotes.pending]))
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
            lines = page_lines(textpage)
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


def _lay_out(lines: list[Line], index: int, state: _Document) -> None:
    """Furniture out, footnotes gathered; the body's lines and the footnotes written."""
    for line in lines:
        state.sizes[round(line.height * 2) / 2] += len(line.text)
    body_height = state.sizes.most_common(1)[0][0]
    top, bottom = furniture(lines, index, body_height)
    lines = lines[top:bottom]
    so_far = state.footnotes
    start = footnotes_start(lines, body_height, so_far)
    footnotes, strays = read_footnotes(lines[start:], so_far)
    if so_far.pending is not None:
        # Last page's last footnote, with what this page's foot added to it.
        state.chunks.extend(footnote_lines([so_far.pending]))
        so_far.pending = None
    state.chunks.extend(_with_gaps(lines[:start]))
    if strays:
        state.warnings.append(
            f"page {index + 1}: {len(strays)} line(s) below the footnote rule belong to no "
            "footnote; kept as text"
        )
        state.chunks.extend(strays)
    if footnotes:
        state.chunks.extend(footnote_lines(footnotes[:-1]))
        so_far.pending = footnotes[-1]


def _with_gaps(lines: list[Line]) -> list[str]:
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
