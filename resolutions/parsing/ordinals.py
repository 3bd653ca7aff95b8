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
    rf"(?:(?:{_alternatives(_TENS)})(?:{_SEPARATOR})?(?:{_alternatives(_UNITS)})"
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


# Roman numerals: the General Assembly's old sessions ("1514 (XV)"), Word's and the web's
# list numbers ("(iv)"). Written the canonical way, subtractive pairs included.
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
_ROMAN_VALUES = {letters: value for value, letters in _ROMAN if len(letters) == 1}


def roman_numeral(number: int) -> str:
    """ "XV" for 15; "" for a number no Roman numeral writes (below 1)."""
    letters = []
    for value, digits in _ROMAN:
        count, number = divmod(number, value)
        letters.append(digits * count)
    return "".join(letters)


def roman_value(numeral: str) -> int | None:
    """15 for "XV" (upper case); None when `numeral` is not a numeral written the canonical
    way ("IIX" adds up too, but no one writes 8 so)."""
    values = [_ROMAN_VALUES.get(letter) for letter in numeral]
    if not values or None in values:
        return None
    total = sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )
    return total if roman_numeral(total) == numeral else None
