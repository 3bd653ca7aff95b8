"""A text's bytes made a string: the encoding told from the bytes, as the parser and the
plain-text reader (sources/textfiles.py) both need it.

Texts come in UTF-8 (with or without a byte order mark), UTF-16 (Word's "Unicode" plain
text, sometimes without a BOM) and Windows-1252; nothing in a file names its encoding, so
the bytes are asked first and the common encodings tried after.
"""

from __future__ import annotations

import codecs

_BOMS = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniffed_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, length of its byte order mark) when the bytes say which encoding they are
    in: a BOM, or the NULs of UTF-16 without one; None when only trying can tell (UTF-8, then
    Windows-1252). The plain-text reader (sources/textfiles.py) asks the same question."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    # In UTF-16 text mostly made of Latin letters, every other byte is NUL: the high byte,
    # second in little-endian, first in big-endian. Binary data has NULs on both sides.
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le", 0
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be", 0
    return None


def decode(data: str | bytes) -> str:
    """Text from `data`: what the bytes say (sniffed_encoding); then UTF-8; then Windows-1252."""
    if isinstance(data, str):
        return data
    sniffed = sniffed_encoding(data)
    if sniffed is not None:
        encoding, skip = sniffed
        return data[skip:].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
