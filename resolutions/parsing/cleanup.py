"""First stage: turn raw extracted text into clean lines, then into paragraph-sized units.

Text comes from PDF extraction or from copying web pages, and carries the marks of both:
byte order marks, CRLF, non-breaking spaces, tabs inside words ("42nd\\tme\\teting"),
markdown emphasis and bullets, print-job lines ("GE.16-12199(E)"), page numbers, repeated
symbol headers, and paragraphs cut in two by a page break or a footnote block.
Line numbers of the input are kept so that errors can point at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .symbols import find_symbols


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the input
    text: str


@dataclass(frozen=True)
class Unit:
    """A paragraph-sized run of text: a whole paragraph, or a sub-paragraph "(a) ..."."""

    line: int
    text: str


_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000"),
    " ",
)  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_HYPHENS = {ord("\u2010"): "-", ord("\u2011"): "-"}
# Everything Python's str.splitlines() treats as a line break becomes "\n", so that the
# line numbers we report are the ones we split on.
_BREAKS = {ord(char): "\n" for char in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_CONTROLS = {code: None for code in range(32) if chr(code) not in "\t\n"}


def decode(data: str | bytes) -> str:
    """Text from `data`; bytes are read as UTF-8, or as Windows-1252 when they are not."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# One table and one pass: str.translate with a dict costs a lookup per character, while
# a regular expression visits only the few characters that need replacing.
_REPLACEMENTS = {
    chr(code): replacement or ""
    for code, replacement in {**_CONTROLS, **_BREAKS, **_SPACES, **_INVISIBLE, **_HYPHENS}.items()
}
_SPECIAL = re.compile("[" + "".join(map(re.escape, _REPLACEMENTS)) + "]")


def normalise(text: str) -> str:
    """One kind of line break, plain spaces, no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPECIAL.sub(lambda match: _REPLACEMENTS[match.group()], text)


_PRINT_JOB = re.compile(r"^(?:GE|NY|V)?\.?\s?[0-9]{2}-[0-9]{4,6}\s*\([A-Z]\)(?:\s.*)?$")
_BARCODE = re.compile(r"^\*[0-9]{5,}\*$")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[0-9]{1,3}(?:\s*(?:/|of)\s*[0-9]{1,3})?$|^-\s*[0-9]{1,3}\s*-$", re.IGNORECASE
)
_RECYCLE = re.compile(r"^(?:please\s+recycle|\u2672)", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-\u2022\u25aa\u25cf\u25e6+*]\s+)+")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,2})(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_WORD = re.compile(r"[A-Za-z]+")


def clean_lines(text: str | bytes) -> list[Line]:
    """The input's lines, tidied; noise lines are kept as blank lines so that numbering holds."""
    raw_lines = normalise(decode(text)).split("\n")
    vocabulary = _vocabulary(raw_lines)
    seen_symbols: set[str] = set()
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        line = _join_split_words(raw, vocabulary) if "\t" in raw else raw
        line = re.sub(r"\s+", " ", line).strip()
        if _is_noise(line, seen_symbols):
            line = ""
        seen_symbols.update(found.symbol for found in find_symbols(line))
        line = _BULLET.sub("", line)
        line = _strip_emphasis(line)
        lines.append(Line(number, line))
    return lines


def _strip_emphasis(line: str) -> str:
    previous = None
    while previous != line:
        previous, line = line, _EMPHASIS.sub(r"\2", line)
    return line


def _is_noise(line: str, seen_symbols: set[str]) -> bool:
    if _PRINT_JOB.match(line) or _BARCODE.match(line) or _PAGE_NUMBER.match(line):
        return True
    if _RECYCLE.match(line):
        return True
    # A line that is nothing but an already-seen symbol (and maybe a page number) is the
    # running header of a later page.
    found = find_symbols(line)
    if len(found) == 1 and found[0].symbol in seen_symbols:
        rest = (line[: found[0].start] + line[found[0].end :]).strip()
        return not rest or bool(re.fullmatch(r"[0-9]{1,3}", rest))
    return False


def _vocabulary(lines: list[str]) -> set[str]:
    """Words that the text itself spells whole: used to mend words that tabs cut in two."""
    words = {word.lower() for line in lines if "\t" not in line for word in _WORD.findall(line)}
    return words | set(dates.MONTHS) | {"meeting", "plenary", "session", "adopted"}


def _join_split_words(line: str, vocabulary: set[str]) -> str:
    # PDF extraction sometimes puts a tab inside a word ("Ju\tne") and sometimes between
    # words ("42nd\tme..."). A tab is inside a word when the letters on both sides make a
    # word the text knows and neither side is a word on its own.
    pieces = line.split("\t")
    result = pieces[0]
    for piece in pieces[1:]:
        left = re.search(r"[A-Za-z]+$", result)
        right = re.match(r"[A-Za-z]+", piece)
        if left and right:
            left_word, right_word = left.group(0).lower(), right.group(0).lower()
            joined = left_word + right_word
            if joined in vocabulary and not (left_word in vocabulary and right_word in vocabulary):
                result += piece
                continue
        result += " " + piece
    return result


_NEW_ITEM = re.compile(r"^(?:[0-9]{1,3}\.\s|\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s)")
_TRAILING = re.compile(r"[\s\"'\u201d\u2019)\]\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+$")


def is_complete(text: str) -> bool:
    """Whether a paragraph's text ends the way paragraphs end (, ; . :), markers aside."""
    stripped = _TRAILING.sub("", text)
    # Some extractions lose the superscript: "2015,1" ends on a footnote marker in plain digits.
    stripped = re.sub(r"(?<=[,;.:])[0-9]{1,2}$", "", stripped)
    return stripped.endswith((",", ";", ".", ":"))


def join_units(lines: list[Line]) -> list[Unit]:
    """Paragraph-sized units from lines.

    A numbered line ("3.", "(a)") always starts a unit. Otherwise a line continues the
    previous unit when that unit is unfinished (no closing punctuation: a page break or a
    footnote block cut it), or when it follows without a blank line and does not start a
    new sentence (a hard-wrapped line).
    """
    units: list[Unit] = []
    after_blank = True
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        if units and not _NEW_ITEM.match(line.text):
            last = units[-1]
            wrapped = not after_blank and not line.text[:1].isupper()
            if not is_complete(last.text) or wrapped:
                units[-1] = Unit(last.line, _join(last.text, line.text))
                after_blank = False
                continue
        units.append(Unit(line.number, line.text))
        after_blank = False
    return units


def _join(first: str, second: str) -> str:
    # "capacity-" + "building": a line that ends on a hyphen keeps it and takes no space.
    if first.endswith("-") and first[-2:-1].isalpha() and second[:1].islower():
        return first + second
    return f"{first} {second}"
