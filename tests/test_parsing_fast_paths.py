"""The parser's fast paths give what their plain definitions give (docs/PERFORMANCE.md, "Parse
speed"): each helper made faster is checked here against the one-line rule it replaces, on the
seed, the golden corpus and the characters that make the rule hard (digits of other scripts,
superscripts, fractions, lone surrogates). No Django."""

import re
from pathlib import Path

import pytest

from resolutions.parsing.footnotes import strip_markers
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


# The definition of a footnote marker in the text: white space, then one to three superscripts.
_MARKER = re.compile(r"\s*[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,3}")
_TO_DIGITS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"
)


def strip_markers_by_definition(text: str) -> tuple[str, list[int]]:
    if not _MARKER.search(text):
        return text, []  # a text without markers is given back as it is
    numbers = [int(marker.strip().translate(_TO_DIGITS)) for marker in _MARKER.findall(text)]
    return re.sub(" {2,}", " ", _MARKER.sub("", text)).strip(), numbers


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.name)
def test_markers_stripped_from_a_real_text_are_those_of_the_definition(path):
    pieces = read_text(path).split("\n")
    for piece in pieces:
        assert strip_markers(piece) == strip_markers_by_definition(piece), piece


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Recalling its resolution 31/7,¹ and 32/6 ²",
            ("Recalling its resolution 31/7, and 32/6", [1, 2]),
        ),
        ("the report \u00a0 \t¹²³⁴ of", ("the report of", [123, 4])),
        ("¹ See A/HRC/32/6.", ("See A/HRC/32/6.", [1])),
        ("a ¹ ² b", ("a b", [1, 2])),
        ("no marker at all", ("no marker at all", [])),
        ("\u2070\u2079", ("", [9])),
    ],
)
def test_markers_are_stripped_with_the_space_before_them(text, expected):
    assert strip_markers(text) == expected == strip_markers_by_definition(text)


def test_the_seed_has_markers_for_the_comparison_to_bite():
    pieces = read_text(DATA / "A_HRC_RES_32_6.txt").split("\n")
    assert sum(len(strip_markers(piece)[1]) for piece in pieces) >= 5
