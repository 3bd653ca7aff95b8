"""Reading text files whose encoding is not known in advance."""

import codecs
from pathlib import Path

# Texts come from PDF extraction, web pages and word processors.
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 is what word processors on Windows save as "plain text".
        return raw.decode("cp1252", errors="replace")


def read_text(path) -> str:
    return decode(Path(path).read_bytes())
