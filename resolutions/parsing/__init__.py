"""The resolution text parser: plain Python, no Django.

`parse(text)` reads the text of one UN resolution (PDF-extracted or copied from the web) and
returns a `ParsedResolution`; it raises `ParseError` when it cannot read the text, and
`ParserBug` when the parser itself fails (a bug to report, never a verdict on the text).
`parse_many(text)` reads a compilation of several resolutions. `symbol_from_name(text, name)`
is the symbol a file's name spells, for a text whose header states none.
"""

from .pipeline import parse, parse_many, symbol_from_name
from .types import (
    Addressee,
    Adoption,
    Citation,
    Due,
    FollowUp,
    Footnote,
    Paragraph,
    ParsedResolution,
    ParseError,
    ParserBug,
    SessionRef,
    Unread,
)

__all__ = [
    "Addressee",
    "Adoption",
    "Citation",
    "Due",
    "FollowUp",
    "Footnote",
    "Paragraph",
    "ParseError",
    "ParserBug",
    "ParsedResolution",
    "SessionRef",
    "Unread",
    "parse",
    "parse_many",
    "symbol_from_name",
]
