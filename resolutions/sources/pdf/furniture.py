"""A PDF page's furniture: the lines that belong to the page, not to the text.

The job number ("15-16764 (E)"), the barcode ("*1516764*"), "Please recycle", the page
number ("2/4", "- 3 -") and, from the second page on, the running symbol and the running
title beside it come among the paragraphs in the order the file draws them. They are told
line by line, from the page's top and bottom edges inwards, by what each line says: no band
of the page is cut off, since templates put the footer anywhere between 86% and 96% of the
page's height.
"""

from __future__ import annotations

import re

from resolutions.sources.pdf.characters import Line

__all__ = ["furniture"]

# Running header lines stand closer than this many of their heights to each other.
_HEADER_SPACING = 1.6

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


def furniture(lines: list[Line], index: int, body_height: float) -> tuple[int, int]:
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


def _close(upper: Line, lower: Line) -> bool:
    return upper.bottom - lower.bottom <= _HEADER_SPACING * max(upper.height, lower.height)


def _is_furniture(line: Line, index: int) -> bool:
    if _FURNITURE.fullmatch(line.text):
        return True
    return index > 0 and bool(_RUNNING_SYMBOL.fullmatch(line.text))
