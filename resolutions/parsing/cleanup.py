"""First stage: turn raw extracted text into clean lines, then into paragraph-sized units.

Text comes from PDF extraction or from copying web pages, and carries the marks of both:
byte order marks, CRLF, non-breaking spaces, tabs inside words ("42nd\tme\teting"),
markdown emphasis and bullets, print-job lines ("GE.16-12199(E)"), page numbers, repeated
symbol headers, and paragraphs cut in two by a page break or a footnote block.
Line numbers of the input are kept so that errors can point at the source.

This stage runs once per line of every text, so it avoids per-line regular expressions where
a cheap string test can rule a line out first.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from . import dates
from .decoding import decode
from .symbols import find_symbols


# Named tuples rather than frozen dataclasses: a text makes hundreds of these, and a frozen
# dataclass's __init__ costs several times as much.
class Line(NamedTuple):
    number: int  # 1-based, in the input
    text: str
    noise: bool = False  # a page furniture line (print job, page number, running header)
    # A number alone on its line read as a page number ("3", "2/4"), kept for the stages that
    # may know better: some extractions put a footnote's number alone on its line, and the
    # 2010 template prints the text's own number ("14/105") alone above its title.
    bare_number: str = ""
    # The mark ("*", "**", "†") a footnote's definition opens with, its text without it;
    # "" on every other line.
    mark: str = ""


class Unit(NamedTuple):
    """A paragraph-sized run of text: a whole paragraph, or a sub-paragraph "(a) ..."."""

    line: int
    text: str


_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000"),
    " ",
)  # fmt: skip
# Zero-width and soft-hyphen characters, and the marks of writing direction (Word leaves a
# left-to-right mark after the comma that ends a recital, "Climate Change,\u200e", which hid
# the comma from every rule that reads a line's end).
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe\u200e\u200f\u202a\u202b\u202c\u202d"
        "\u202e\u2066\u2067\u2068\u2069"),
    None,
)  # fmt: skip
_HYPHENS = {ord("\u2010"): "-", ord("\u2011"): "-"}
# Everything Python's str.splitlines() treats as a line break becomes "\n", so that the
# line numbers we report are the ones we split on.
_BREAKS = {ord(char): "\n" for char in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_CONTROLS = {code: None for code in range(32) if chr(code) not in "\t\n"}

# One table and one pass: str.translate with a dict costs a lookup per character, while
# a regular expression visits only the few characters that need replacing.
_REPLACEMENTS = {
    chr(code): replacement or ""
    for code, replacement in {**_CONTROLS, **_BREAKS, **_SPACES, **_INVISIBLE, **_HYPHENS}.items()
}
# Code points XML 1.0 does not allow (lone surrogates, U+FFFE, U+FFFF; the C0 controls are
# in _CONTROLS): a text holding one would make the Atom feed and the Akoma Ntoso export
# ill-formed. They carry no meaning in a resolution, so they go.
_XML_ILLEGAL = "\ud800-\udfff\ufffe\uffff"
_SPECIAL = re.compile("[" + "".join(map(re.escape, _REPLACEMENTS)) + _XML_ILLEGAL + "]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + _XML_ILLEGAL + "]")


def normalise(text: str) -> str:
    """One kind of line break, plain spaces, no invisible or XML-illegal characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPECIAL.sub(lambda match: _REPLACEMENTS.get(match.group(), ""), text)


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids: every text entering the tracker passes
    here (the parser's `normalise` does it for resolution texts), so that every feed and
    export of it is well-formed."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


_PRINT_JOB = re.compile(
    r"^(?:GE|NY|V)?\.?\s?[0-9]{2}-[0-9]{4,6}\s*(?:\([A-Z]\)(?:\s.*)?)?$|^[0-9]{6}$"
)
_BARCODE = re.compile(r"^\*[0-9]{5,}\*$")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[0-9]{1,3}(?:\s*(?:/|of)\s*[0-9]{1,3})?$|^-\s*[0-9]{1,3}\s*-$", re.IGNORECASE
)
_RECYCLE = re.compile(r"^(?:please\s+recycle|\u2672)", re.IGNORECASE)
# The General Assembly's annual volumes head their pages with the session ("General
# Assembly—Fifteenth Session") or the section ("Resolutions adopted on the reports of the
# First Committee"), a page number beside; copies of them also keep the exporter's page mark.
_VOLUME_HEAD = re.compile(
    r"^(?:[0-9]{1,4}\s+|[IVX]{1,4}\.\s+)?(?:General\s+Assembly\s*[\u2014\u2013-]\s*(?:[A-Za-z-]+\s+){1,3}Session"
    r"|Resolutions\s+adopted\s+(?:on\s+(?:the\s+)?reports?\s+of\s+the\s+.{3,60}?Committee"
    r"|without\s+reference\s+to\s+a\s+(?:Main\s+)?Committee))(?:\s+[0-9]{1,4})?$"
    r"|^<!--\s*Page\s+[0-9]{1,4}\s*-->$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-\u2022\u25aa\u25cf\u25e6+*]\s+)+")
# Footnotes marked by a sign instead of a number: "*", "**", a dagger "†", "‡". The UN's
# editors mark so a note on the symbol, the title or the adopting body ("Decision adopted
# by the Human Rights Council*"), and the signs start again on each page.
_FOOTNOTE_MARK = r"\*{1,3}|\u2020{1,2}|\u2021{1,2}"
_MARKED = re.compile(rf"^({_FOOTNOTE_MARK})\s+(?=\S)")
_TABBED_MARK = re.compile(rf"^\s*(?:{_FOOTNOTE_MARK})\t")
# A mark in the text: glued to the word or the punctuation it follows ("Council*",
# "delivery,*"), followed by a space, punctuation or the end.
MARK_IN_TEXT = re.compile(rf"(?<=[^\s*\u2020\u2021])({_FOOTNOTE_MARK})(?=[\s,;:.)\]]|$)")
# "*Decides*", "**Urges**", "_Recalling_": the opening run of one to three stars or one or two
# underscores, not after a word character or a star, is written as its first character and
# then a look-behind at the character before it ("(?<![\w*])" moved one step on), so that the
# pattern opens with a literal and the engine jumps from one "*" or "_" to the next instead of
# trying every character of the line. Same matches as "(?<![\w*])(\*{1,3}|_{1,2})".
_EMPHASIS = re.compile(
    r"(\*(?<![\w*]\*)\*{0,2}|_(?<![\w*]_)_?)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])"
)
_SPACE_RUN = re.compile(r"\s{2,}")
_SEPARATOR = re.compile(r"^(?:_{5,}|-{10,})$")
_SYMBOL_LINE = re.compile(r"^(?:[0-9]{1,3}\s+)?[A-Z]{1,8}(?:\.[0-9]{1,3})?/\S+(?:\s+[0-9]{1,3})?$")
# A bare page number is only noise where no paragraph could be cut: footnote blocks in some
# extractions put the footnote number alone on a line, and keep it for the footnote stage;
# "14/105" may be a text's number, and is kept for the header stage.
_BARE_NUMBER = re.compile(r"^[0-9]{1,3}(?:/[0-9]{1,3})?$")


def clean_lines(text: str | bytes) -> list[Line]:
    """The input's lines, tidied; noise lines keep their place, blank, flagged `noise`."""
    normalised = normalise(decode(text))
    raw_lines = normalised.split("\n")
    vocabulary = None
    seen_symbols: set[str] = set()
    lines = []
    append = lines.append
    # Lines that open with a footnote mark and a space: (position, mark, text after it, whether
    # a tab follows the mark).
    marked: list[tuple[int, str, str, bool]] = []
    for number, raw in enumerate(raw_lines, start=1):
        tabbed = False
        if "\t" in raw:
            tabbed = raw.lstrip()[:1] in "*\u2020\u2021" and bool(_TABBED_MARK.match(raw))
            if vocabulary is None:
                vocabulary = _Vocabulary(normalised)
            raw = _join_split_words(raw, vocabulary)
        line = raw.strip()
        if "\t" in line:
            line = _SPACE_RUN.sub(" ", line)
        elif "  " in line:
            # normalise() made every other white space a space or a line break: runs of
            # spaces are all that is left, and str.replace halves them faster than a regex
            # that tries every character of the line.
            while "  " in line:
                line = line.replace("  ", " ")
        if not line:
            append(Line(number, ""))
            continue
        if len(line) < 90 and _is_noise(line, seen_symbols):
            append(Line(number, "", True, line if _BARE_NUMBER.match(line) else ""))
            continue
        if line[0] in "*\u2020\u2021" and (mark := _MARKED.match(line)):
            marked.append((len(lines), mark.group(1), line[mark.end() :], tabbed))
        if line[0] in "-\u2022\u25aa\u25cf\u25e6+*":
            line = _BULLET.sub("", line)
        if "*" in line or "_" in line:
            line = _strip_emphasis(line)
        append(Line(number, line))
    if marked:
        _read_marked_definitions(lines, marked)
    return lines


def _read_marked_definitions(lines: list[Line], marked: list[tuple[int, str, str, bool]]) -> None:
    """A line that opens with a footnote mark and a space is that footnote's definition when
    a tab follows the mark, as Word writes its footnotes, or when the text marks something
    with the same mark ("Council*") at least as often as lines open with it; otherwise it
    stays what it was. A "*" there is then a markdown bullet (already stripped): a list of
    them does not become footnotes because one word of the text ends with a star."""
    used = Counter(
        match.group(1)
        for line in lines
        if "*" in line.text or "\u2020" in line.text or "\u2021" in line.text
        for match in MARK_IN_TEXT.finditer(line.text)
    )
    opening = Counter(mark for _, mark, _, tabbed in marked if not tabbed)
    for position, mark, text, tabbed in marked:
        if tabbed or opening[mark] <= used[mark]:
            if "*" in text or "_" in text:
                text = _strip_emphasis(text)
            lines[position] = Line(lines[position].number, text, mark=mark)


def _strip_emphasis(line: str) -> str:
    previous = None
    # Emphasis nests ("***bold italic***" read as "*" around "**...**"): strip until nothing
    # changes; a line with no "*" or "_" left cannot change again.
    while previous != line and ("*" in line or "_" in line):
        previous, line = line, _EMPHASIS.sub(r"\2", line)
    return line


def _is_noise(line: str, seen_symbols: set[str]) -> bool:
    first = line[0]
    if first.isdigit() or first in "-*GNVPp":
        if _PRINT_JOB.match(line) or _BARCODE.match(line) or _PAGE_NUMBER.match(line):
            return True
    if first in "Pp\u2672" and _RECYCLE.match(line):
        return True
    if (first.isdigit() or first in "GRIVX<") and _VOLUME_HEAD.match(line):
        return True
    if "/" not in line or not _SYMBOL_LINE.match(line):
        return False
    # A line that is nothing but a symbol (and maybe a page number) is a running header from
    # the second time on; the first is the document's own header line.
    found = find_symbols(line)
    if len(found) != 1:
        return False
    symbol = found[0].symbol
    if symbol in seen_symbols:
        return True
    seen_symbols.add(symbol)
    return False


class _Vocabulary:
    """Words that the text itself spells whole: used to mend words that tabs cut in two.

    Looked up in the text on demand: only the few words beside a tab are ever asked about.
    """

    _KNOWN = frozenset(dates.MONTHS) | {"meeting", "plenary", "session", "adopted"}

    def __init__(self, text: str):
        self.text = text.lower()
        self.cache: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        if word in self._KNOWN:
            return True
        found = self.cache.get(word)
        if found is None:
            found = self._spelled_whole(word)
            self.cache[word] = found
        return found

    def _spelled_whole(self, word: str) -> bool:
        text = self.text
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            before = text[start - 1 : start]
            after = text[end : end + 1]
            if not (before.isalpha() or before == "\t") and not (after.isalpha() or after == "\t"):
                return True
            start = text.find(word, start + 1)
        return False


def _join_split_words(line: str, vocabulary: _Vocabulary) -> str:
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


def is_separator(text: str) -> bool:
    """The rule (a line of underscores) that opens a page's footnote block."""
    return bool(text) and text[0] in "_-" and bool(_SEPARATOR.match(text))
