"""One entry point for every document a user brings: bytes and a file name in, a text with
its provenance out.

The format is told from the bytes (magic numbers, textfiles.binary_format), never from the
name, which only names the file in messages. Each format has one reader module beside this
one (textfiles for plain text); a reader returns the text in the plain form the parser
already reads, so the parser never knows where a text came from.

No Django here: the management commands, the web import and the fetcher all call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from resolutions.sources import textfiles
from resolutions.sources.textfiles import Unreadable

__all__ = [
    "DOCUMENT_SUFFIXES",
    "READERS",
    "SourceText",
    "Unreadable",
    "format_of",
    "read_document",
    "read_file",
]


@dataclass(frozen=True)
class SourceText:
    """A document's text and how it was read."""

    text: str
    format: str  # "text", "pdf", "docx", "html"
    reader: str  # the reader and its library, as a person would name them: "pypdfium2 5.0"
    pages: int | None = None  # for paged formats
    # What the reader could not read or had to guess, one sentence each, for the report.
    warnings: list[str] = field(default_factory=list)


def _read_pdf(data: bytes, name: str) -> SourceText:
    # Imported on the first PDF: the pdf package imports SourceText from here, and only the
    # processes that read PDFs need pypdfium2's native library loaded.
    from resolutions.sources.pdf import read_pdf

    return read_pdf(data, name)


# Format (as SourceText.format) -> its reader: reader(data, name) -> SourceText, raising
# Unreadable. Plain text is the fallback below, through textfiles.
READERS: dict[str, Callable[[bytes, str], SourceText]] = {"pdf": _read_pdf}


def format_of(data: bytes) -> str:
    """ "pdf", "docx" or "html" for a format with a reader of its own, "text" for anything
    that may be plain text, otherwise the name of the binary format recognised ("PNG image")."""
    kind = textfiles.binary_format(data)
    if kind == "PDF":
        return "pdf"
    if kind == "Word (.docx)":
        return "docx"
    if not kind and html.looks_like_html(data):
        return "html"
    return kind or "text"


def read_document(data: bytes, name: str) -> SourceText:
    """The text of the document `data`, named `name` in messages; Unreadable saying why not
    (a binary format without a reader is refused with what to do instead)."""
    reader = READERS.get(format_of(data))
    if reader is not None:
        return reader(data, name)
    return SourceText(text=textfiles.decode(data, name), format="text", reader="plain text")


# The files a directory scan takes as documents. Only the scan looks at names; what a file
# is, read_document tells from its bytes.
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")


def read_file(path) -> SourceText:
    """The text of the document at `path`; OSError when it cannot be opened, Unreadable."""
    path = Path(path)
    return read_document(path.read_bytes(), str(path))


# The readers register themselves in READERS. Each imports SourceText from here, so they are
# imported once everything above exists, whichever module is imported first.
from resolutions.sources import docx, html  # noqa: E402, F401
