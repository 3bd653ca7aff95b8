"""Document symbols ("A/HRC/RES/32/6", "S/RES/2334 (2016)"): finding and normalising them.

A symbol is SERIES/BODY/TYPE/SESSION/NUMBER[/MODIFIER] with parts that may be missing;
see docs/DOMAIN.md for the forms the tracker meets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})

# A part between slashes: letters, digits, dots and hyphens, never ending on a dot, so that
# the full stop after "A/HRC/24/56." stays outside the symbol.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9.\-\u2010\u2011]{0,30}[A-Za-z0-9])?"
# A copy may leave a space after a slash before a number: "S/PRST/ 2014/23".
_SYMBOL = re.compile(
    rf"(?<![\w/.\-])(?P<series>[A-Z]{{1,8}}(?:\.[0-9]{{1,3}})?)"
    rf"(?P<parts>(?:/(?: (?=[0-9]))?{_PART}){{1,8}})"
    r"(?:(?P<year>\s?\([0-9]{4}\))|(?P<roman>\s?\((?:E?S-)?[IVXL]{1,7}\)))?(?P<reissue>\*)?"
    r"(?![\w/])"
)
# The General Assembly's and ECOSOC's resolutions before 1976 carry their session in Roman
# numerals after the number: "A/RES/1514 (XV)", "A/RES/1874 (S-IV)", "E/RES/1235 (XLII)".
_OLD_SESSION_SERIES = re.compile(r"^[AE]/RES/[0-9]{1,4}$")
# Modifiers keep their conventional capitalisation: "Add.1", "Corr.1", "Rev.1", "Sub.2".
_MODIFIER = re.compile(r"(add|corr|rev|amend|sub)\.?\s*([0-9]{1,3})", re.IGNORECASE)
# The parts are ASCII (see _PART), so an ASCII digit is every digit they can hold.
_DIGIT = re.compile(r"[0-9]")
_YEAR = re.compile(r"\(\s*([0-9]{4}|(?:E?S-)?[IVXL]{1,7})\s*\)\s*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FoundSymbol:
    start: int
    end: int
    as_written: str
    symbol: str  # normalised


def find_symbols(text: str) -> list[FoundSymbol]:
    """Every document symbol written in `text`, in order."""
    found = []
    for match in _SYMBOL.finditer(text):
        raw = match.group(0)
        if not _DIGIT.search(match.group("parts")):
            # "UN/DESA" or "and/or"-like words are not symbols: every real one has a number.
            continue
        end = match.end()
        if match.group("year") and not match.group("series") == "S":
            # A year in brackets belongs only to Security Council symbols; elsewhere it is prose.
            end = match.start("year")
            raw = text[match.start() : end]
        elif match.group("roman") and not _OLD_SESSION_SERIES.match(
            _SPACE.sub("", match.group("series") + match.group("parts")).upper()
        ):
            end = match.start("roman")
            raw = text[match.start() : end]
        joint = _JOINT.search(raw)
        if joint:
            # A document of two organs ("A/70/357-S/2015/682") is cited under each symbol.
            first = raw[: joint.start()]
            found.append(FoundSymbol(match.start(), match.start() + len(first), first,
                                     normalise_symbol(first)))  # fmt: skip
            raw = raw[joint.end() :]
            found.append(FoundSymbol(end - len(raw), end, raw.strip(), normalise_symbol(raw)))
            continue
        found.append(FoundSymbol(match.start(), end, raw.strip(), normalise_symbol(raw)))
    return found


# Where the second symbol of a joint document starts: "A/70/357-S/2015/682".
_JOINT = re.compile(r"(?<=[0-9])[-\u2010\u2011\u2013](?=(?:A|S|E)/[A-Z0-9])")


def symbol_from_input(raw: str) -> str | None:
    """The normalised symbol when `raw`, as a person typed it (in a form, the API or on the
    command line), is one UN document symbol and nothing else; None when it is not."""
    candidate = raw.strip().rstrip(".").upper()
    found = find_symbols(candidate)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(candidate):
        return found[0].symbol
    return None


# Pure, and a text names the same symbols again and again (so do the texts of one session).
@functools.lru_cache(maxsize=4096)
def normalise_symbol(raw: str) -> str:
    """The canonical form of a symbol: no spaces, no reissue star, "Add.1"-style modifiers.

    >>> normalise_symbol("s/res/2334(2016)")
    'S/RES/2334 (2016)'
    >>> normalise_symbol("A/RES/1514(XV)")
    'A/RES/1514 (XV)'
    """
    text = raw.translate(_DASHES).strip().rstrip("*").strip().rstrip(".")
    year = _YEAR.search(text)
    if year:
        text = text[: year.start()]
    text = _SPACE.sub("", text)
    parts = []
    for part in text.split("/"):
        modifier = _MODIFIER.fullmatch(part)
        if modifier:
            parts.append(f"{modifier.group(1).capitalize()}.{modifier.group(2)}")
        else:
            parts.append(part.upper())
    symbol = "/".join(parts)
    if year:
        symbol += f" ({year.group(1).upper()})"
    return symbol


_ROMAN_SESSION = re.compile(r"^[IVXL]{1,7}$")
_SPECIAL_SESSION = re.compile(r"^E?S$")
_PART_LETTER = re.compile(r"^[A-H]$")


def symbol_from_file_name(name: str) -> str | None:
    """The symbol a file's name spells with underscores for slashes, as the document system
    and the dataset name their files: "A_HRC_RES_32_22.txt" -> "A/HRC/RES/32/22",
    "A_RES_1514_XV.txt" -> "A/RES/1514 (XV)", "S_RES_2334_2016.txt" -> "S/RES/2334 (2016)",
    "A_RES_S_22_2.txt" -> "A/RES/S-22/2", "A_RES_72_262_C.txt" -> "A/RES/72/262C" (a lettered
    part, as citations write it). None when the name spells no resolution's symbol."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem[: stem.index(".")]
    words = stem.upper().split("_")
    if len(words) < 4 or "RES" not in words[:3]:
        return None
    parts: list[str] = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if not word:
            return None
        if parts and _SPECIAL_SESSION.match(word) and not last:
            parts.append(f"{word}-")  # the special session's number follows
        elif parts and parts[-1].endswith("-"):
            parts[-1] += word
        elif last and _ROMAN_SESSION.match(word) and parts[-1].isdigit():
            parts[-1] += f" ({word})"
        elif last and parts[0] == "S" and len(word) == 4 and word.isdigit():
            parts[-1] += f" ({word})"
        elif last and _PART_LETTER.match(word) and parts[-1].isdigit():
            parts[-1] += word
        elif "RES" in parts and not word.isdigit():
            return None  # "A_RES_70_1_draft", "A_RES_71_101_A_B": not one symbol
        else:
            parts.append(word)
    return symbol_from_input("/".join(parts))
