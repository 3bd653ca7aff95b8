"""The States that vote and sponsor, as the United Nations names them.

resolutions/data/countries.csv lists the 193 Member States, the two observer States and the
former Members that old recorded votes name, each with its ISO 3166 code (ISO 3166-1
alpha-3; ISO 3166-3 for a State that no longer exists), its name in English and French as
the UN writes it ("Venezuela (Bolivarian Republic of)"), and the other names texts use for
it: older names ("Swaziland", "The former Yugoslav Republic of Macedonia"), short forms
("United States") and the spellings of their time ("Kazakstan").

A recorded vote's list is typed by hand, so a name is read the way a reader would: case,
apostrophes, a leading "the" and a trailing full stop do not matter, a slip of a letter
("Cameron", "Netherland") is the State it nearly spells, and a list's last two names run
together ("Uzbekistan and Venezuela (Bolivarian Republic of)") are two States, while
"Trinidad and Tobago" stays one. This module knows nothing of the database.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.csv"
# How close a misspelt name must be to a known one (difflib's ratio), and how long: "Niger"
# is not "Nigeria" (0.83), "Cameron" is "Cameroon" (0.93).
CLOSE_ENOUGH = 0.9
SHORTEST_GUESS = 6


@dataclass(frozen=True)
class State:
    code: str
    status: str  # "member", "observer" or "former"
    name: str
    name_fr: str
    other_names: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.name_fr, *self.other_names)


def key(name: str) -> str:
    """A name as compared: "the Former Yugoslav Republic of Macedonia." and "The former
    Yugoslav Republic of Macedonia" are one."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip(" .;:*").casefold()
    return text.removeprefix("the ")


@functools.cache
def states() -> dict[str, State]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["code"]: State(
            code=row["code"],
            status=row["status"],
            name=row["name"],
            name_fr=row["name_fr"],
            other_names=tuple(name for name in row["other_names"].split("|") if name),
        )
        for row in rows
    }


@functools.cache
def _codes_by_key() -> dict[str, str]:
    codes: dict[str, str] = {}
    for state in states().values():
        for name in state.names:
            codes.setdefault(key(name), state.code)
    return codes


def code_of(name: str) -> str | None:
    """The code of the State a name stands for, or None: the name is not one we know."""
    wanted = key(name)
    codes = _codes_by_key()
    if wanted in codes:
        return codes[wanted]
    if len(wanted) < SHORTEST_GUESS:
        return None
    close = difflib.get_close_matches(wanted, codes, n=1, cutoff=CLOSE_ENOUGH)
    return codes[close[0]] if close else None


def split_joined(names: list[str]) -> list[str]:
    """A list's names with those run together by "and" taken apart: "Uzbekistan and Viet
    Nam" is two names when it is no State's name and both halves are; "and Ukraine" (a
    comma before the last "and") is "Ukraine"."""
    result: list[str] = []
    for name in names:
        name = re.sub(r"^and\s+", "", name.strip())
        result.extend(_halves(name))
    return result


def _halves(name: str) -> list[str]:
    if " and " not in name or key(name) in _codes_by_key():
        return [name]
    for match in re.finditer(r"\s+and\s+", name):
        first, second = name[: match.start()], name[match.end() :]
        if code_of(first) and code_of(second):
            return [first, second]
    return [name]
