"""Ordinal numbers as UN texts write them: "thirty-second", "Seventieth", "32nd".

Sessions and deadlines are named by ordinals ("at its thirty-fifth session"); the
tracker stores them as numbers.
"""

from __future__ import annotations

import re

_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENTHS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip

_SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"


def _alternatives(words) -> str:
    # Longest first, so that "fourteenth" is never read as "fourth".
    return "|".join(sorted(words, key=len, reverse=True))


# PDF extraction drops the hyphen of "seventy-\nfourth" at a line end: "seventyfourth".
_BELOW_HUNDRED = (
    rf"(?:(?:{_alternatives(_TENS)}){_SEPARATOR}?(?:{_alternatives(_UNITS)})"
    rf"|{_alternatives([*_TEENS, *_TENTHS, *_UNITS])})"
)

# A regular-expression fragment (no groups) that matches one ordinal, words or digits.
ORDINAL_PATTERN = (
    rf"(?:(?:one{_SEPARATOR})?hundred(?:{_SEPARATOR}and)?{_SEPARATOR}{_BELOW_HUNDRED}"
    rf"|(?:one{_SEPARATOR})?hundredth"
    rf"|{_BELOW_HUNDRED}"
    r"|[0-9]{1,4}(?:st|nd|rd|th))"
)

_DIGITS = re.compile(r"([0-9]{1,4})\s?(?:st|nd|rd|th)", re.IGNORECASE)


def ordinal_to_number(words: str) -> int | None:
    """Return the number an ordinal names ("thirty-second" -> 32, "32nd" -> 32), or None."""
    text = re.sub(_SEPARATOR, " ", words.strip().lower())
    digits = _DIGITS.fullmatch(text)
    if digits:
        return int(digits.group(1))
    if text in ("hundredth", "one hundredth"):
        return 100
    hundred = re.fullmatch(r"(?:one )?hundred (?:and )?(.+)", text)
    if hundred:
        rest = _below_hundred(hundred.group(1))
        return None if rest is None else 100 + rest
    return _below_hundred(text)


def _below_hundred(text: str) -> int | None:
    for table in (_UNITS, _TEENS, _TENTHS):
        if text in table:
            return table[text]
    parts = text.split(" ")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    for tens, value in _TENS.items():
        if text.startswith(tens) and text[len(tens) :] in _UNITS:
            return value + _UNITS[text[len(tens) :]]
    return None
