"""The parser's fast paths give what their plain definitions give (docs/PERFORMANCE.md, "Parse
speed"): each helper made faster is checked here against the one-line rule it replaces, on the
seed, the golden corpus and the characters that make the rule hard (digits of other scripts,
superscripts, fractions, lone surrogates). No Django."""

import re
from pathlib import Path

import pytest

from resolutions.parsing.unread import letters
from resolutions.sources.textfiles import read_text

DATA = Path(__file__).parent / "data"
TEXTS = sorted(DATA.rglob("*.txt"))

# The definition: letters of every script, not digits, superscripts or fractions.
_LETTER_RUNS = re.compile(r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f]+")


def letters_by_definition(text: str) -> str:
    return "".join(_LETTER_RUNS.findall(text))


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.name)
def test_letters_of_a_real_text_are_those_of_the_definition(path):
    text = read_text(path)
    assert letters(text) == letters_by_definition(text)
    assert letters(text)  # a resolution has letters: the comparison is not of two blanks


@pytest.mark.parametrize(
    "text, expected",
    [
        ("17. Requests the Secretary-General¹ to report", "RequeststheSecretaryGeneraltoreport"),
        ("Côte d’Ivoire, Türkiye and Réunion", "CôtedIvoireTürkiyeandRéunion"),
        ("µ ª º ½ ² ³ ¹ ⁴ ₙ", "µªº"),
        ("٣ digits of Arabic-Indic ߀ and ① Ⅻ", "digitsofArabicIndicand①Ⅻ"),
        ("a\ud800b\udcff", "ab"),
        ("", ""),
    ],
)
def test_letters_keep_letters_of_every_script_and_drop_the_rest(text, expected):
    assert letters(text) == expected == letters_by_definition(text)


def test_letters_agree_with_the_definition_on_every_character():
    every = "".join(chr(code) for code in range(0x110000))
    assert letters(every) == letters_by_definition(every)
    # In blocks of a few distinct characters, as in a real text, beside ASCII words.
    for start in range(0x80, 0x110000, 48):
        block = f"Recalls {every[start : start + 48]} 2. (a) resolution 32/6"
        assert letters(block) == letters_by_definition(block), hex(start)
