"""Reading text files whose encoding is not known in advance, and refusing what is not text.

Texts come from PDF extraction, web pages and word processors: UTF-8 (with or without a
byte order mark), UTF-16 (Word's "Unicode" plain text, sometimes without a BOM) and
Windows-1252. Until readers for other formats exist, a PDF, a Word document, an image, an
archive or any other binary file is refused by its magic number (never by its extension),
with a message saying what to do (for Word's old binary .doc: save it as .docx); so is a
decoded text that still holds control characters, which no plain-text resolution contains
and which PostgreSQL will not store (NUL).

No Django here: the management commands and the web import both call it.
"""

from __future__ import annotations

import re
from pathlib import Path

from resolutions.parsing.decoding import sniffed_encoding


class Unreadable(ValueError):
    """A document the tracker cannot read.

    `name` is the file's name (or a description such as "the pasted text"), `reason` says
    what is wrong and what to do, `line` is 1-based when one line is at fault, and `format`
    names the binary format recognised ("PDF"), if any.
    """

    def __init__(self, name: str, reason: str, *, line: int | None = None, format: str = ""):
        self.name = name
        self.reason = reason
        self.line = line
        self.format = format
        super().__init__(f"{name}: {reason}")


class NotPlainText(Unreadable):
    """The input is not a plain text (and no reader of its format was asked)."""


# Magic numbers at the start of the file. OLE2 is the container of .doc (and .xls, .msg).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_97 = "Word (.doc)"
_OLD_OFFICE = "Word (.doc) or other Microsoft Office"
_MAGIC = [
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"{\\rtf", "RTF (rich text)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
]
# An OLE2 file's directory names its streams in UTF-16; a Word 97-2003 document has this one.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# What a zip holds says which Office Open XML or OpenDocument file it is: the member names
# are stored uncompressed in the local headers and the central directory.
_ZIP_KINDS = [
    (b"word/", "Word (.docx)"),
    (b"xl/", "Excel (.xlsx)"),
    (b"ppt/", "PowerPoint (.pptx)"),
    (b"application/vnd.oasis.opendocument.text", "OpenDocument text (.odt)"),
]
# A PDF may carry a few bytes of junk before its header; readers look in the first kilobyte.
_PDF_WINDOW = 1024

_WHAT_TO_DO = (
    "the tracker reads PDF, Word (.docx), web pages (.html) and plain text: save or export "
    "the document in one of those forms, or copy its text, and import that"
)
# Word reads the old format and writes the one the tracker reads.
_SAVE_AS_DOCX = (
    "the binary format of Office 97-2003 that the tracker does not read: open it in Word or "
    "LibreOffice Writer, save it as a Word document (.docx) and import that"
)

# Control characters no plain text holds: C0 but tab, line feed, carriage return and form
# feed (page breaks in PDF extractions), DEL, and C1 (a sign of a text decoded wrongly).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def binary_format(raw: bytes) -> str:
    """The name of the binary format `raw` starts with ("PDF"), or "" when none is known."""
    if b"%PDF-" in raw[:_PDF_WINDOW]:
        return "PDF"
    if raw.startswith(_OLE2):
        return _WORD_97 if _WORD_STREAM in raw else _OLD_OFFICE
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            return name
    if raw.startswith(_ZIP):
        return next((name for marker, name in _ZIP_KINDS if marker in raw), "zip archive")
    return ""


def decode(raw: bytes, name: str = "the file") -> str:
    """The text in `raw`, or NotPlainText naming `name` when it is not a plain text."""
    kind = binary_format(raw)
    if kind in (_WORD_97, _OLD_OFFICE):
        raise NotPlainText(name, f"this is a {kind} file, {_SAVE_AS_DOCX}.", format=kind)
    if kind:
        raise NotPlainText(name, f"this is a {kind} file; {_WHAT_TO_DO}.", format=kind)
    sniffed = sniffed_encoding(raw)
    if sniffed is not None:
        encoding, skip = sniffed
        text = _strict(raw[skip:], encoding, name)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Windows-1252 is what word processors on Windows save as "plain text".
            text = raw.decode("cp1252", errors="replace")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        # Not a text with a stray character but data of some format we do not know.
        raise NotPlainText(name, f"this is a binary file, not a text; {_WHAT_TO_DO}.")
    return check_text(text, name)


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotPlainText(
            name, f"the file looks like {encoding.upper()} but is not valid {encoding.upper()} "
            f"(byte {error.start}); save it again as UTF-8 and import that."
        ) from None  # fmt: skip


def check_text(text: str, name: str = "the text") -> str:
    """`text` itself, or NotPlainText naming the first line that holds a control character."""
    found = _CONTROL.search(text)
    if found is None:
        return text
    line = text.count("\n", 0, found.start()) + 1
    raise NotPlainText(
        name,
        f"line {line} holds a control character (U+{ord(found.group()):04X}) that no plain "
        f"text contains: this is not a plain text, or it was saved in another encoding; "
        f"save it again as plain text (UTF-8) and import that.",
        line=line,
    )


def read_text(path) -> str:
    """The text of the file at `path`; OSError when it cannot be read, NotPlainText."""
    path = Path(path)
    return decode(path.read_bytes(), str(path))
