"""First stage: turn raw extracted text into clean lines, then into paragraph-sized units.

Text comes from PDF extraction or from copying web pages, and carries the marks of both:
byte order marks, CRLF, non-breaking spaces, tabs inside words ("42nd\\tme\\teting"),
markdown emphasis and bullets, print-job lines ("GE.16-12199(E)"), page numbers, repeated
symbol headers, and paragraphs cut in two by a page break or a footnote block.
Line numbers of the input are kept so that errors can point at the source.

This stage runs once per line of every text, so it avoids per-line regular expressions where
a cheap string test can rule a line out first.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from . import dates
from .symbols import find_symbols
from .vocabulary import OPERATIVE, core_word, starts_like_paragraph


# Named tuples rather than frozen dataclasses: a text makes hundreds of these, and a frozen
# dataclass's __init__ costs several times as much.
class Line(NamedTuple):
    number: int  # 1-based, in the input
    text: str
    noise: bool = False  # a page furniture line (print job, page number, running header)
    # A bare number read as a page number, kept for the footnote stage: some extractions put
    # a footnote's number alone on its line.
    bare_number: str = ""


class Unit(NamedTuple):
    """A paragraph-sized run of text: a whole paragraph, or a sub-paragraph "(a) ..."."""

    line: int
    text: str


_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000"),
    " ",
)  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe"), None)
_HYPHENS = {ord("\u2010"): "-", ord("\u2011"): "-"}
# Everything Python's str.splitlines() treats as a line break becomes "\n", so that the
# line numbers we report are the ones we split on.
_BREAKS = {ord(char): "\n" for char in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_CONTROLS = {code: None for code in range(32) if chr(code) not in "\t\n"}

_BOMS = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniffed_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, length of its byte order mark) when the bytes say which encoding they are
    in: a BOM, or the NULs of UTF-16 without one; None when only trying can tell (UTF-8, then
    Windows-1252). The plain-text reader (sources/textfiles.py) asks the same question."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    # In UTF-16 text mostly made of Latin letters, every other byte is NUL: the high byte,
    # second in little-endian, first in big-endian. Binary data has NULs on both sides.
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le", 0
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be", 0
    return None


def decode(data: str | bytes) -> str:
    """Text from `data`: what the bytes say (sniffed_encoding); then UTF-8; then Windows-1252."""
    if isinstance(data, str):
        return data
    sniffed = sniffed_encoding(data)
    if sniffed is not None:
        encoding, skip = sniffed
        return data[skip:].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
# "*Decides*", "**Urges**", "_Recalling_": the opening run of one to three stars or one or two
# underscores, not after a word character or a star, is written as its first character and
# then a look-behind at the character before it ("(?<![\w*])" moved one step on), so that the
# pattern opens with a literal and the engine jumps from one "*" or "_" to the next instead of
# trying every character of the line. Same matches as "(?<![\w*])(\*{1,3}|_{1,2})".
_EMPHASIS = re.compile(
    r"(\*(?<![\w*]\*)\*{0,2}|_(?<![\w*]_)_?)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])"
)
_WORD = re.compile(r"[A-Za-z]+")
_SPACE_RUN = re.compile(r"\s{2,}")
_SEPARATOR = re.compile(r"^(?:_{5,}|-{10,})$")
_SYMBOL_LINE = re.compile(r"^(?:[0-9]{1,3}\s+)?[A-Z]{1,8}(?:\.[0-9]{1,3})?/\S+(?:\s+[0-9]{1,3})?$")
# A bare page number is only noise where no paragraph could be cut: footnote blocks in some
# extractions put the footnote number alone on a line, and keep it for the footnote stage.
_BARE_NUMBER = re.compile(r"^[0-9]{1,3}$")


def clean_lines(text: str | bytes) -> list[Line]:
    """The input's lines, tidied; noise lines keep their place, blank, flagged `noise`."""
    normalised = normalise(decode(text))
    raw_lines = normalised.split("\n")
    vocabulary = None
    seen_symbols: set[str] = set()
    lines = []
    append = lines.append
    for number, raw in enumerate(raw_lines, start=1):
        if "\t" in raw:
            if vocabulary is None:
                vocabulary = _Vocabulary(normalised)
            raw = _join_split_words(raw, vocabulary)
        line = raw.strip()
        if "  " in line or "\t" in line:
            line = _SPACE_RUN.sub(" ", line)
        if not line:
            append(Line(number, ""))
            continue
        if len(line) < 90 and _is_noise(line, seen_symbols):
            append(Line(number, "", True, line if _BARE_NUMBER.match(line) else ""))
            continue
        if line[0] in "-\u2022\u25aa\u25cf\u25e6+*":
            line = _BULLET.sub("", line)
        if "*" in line or "_" in line:
            line = _strip_emphasis(line)
        append(Line(number, line))
    return lines


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


# Paragraph numbers run past 999 in long texts: any number of digits starts an item here,
# and the paragraph stage decides whether a long one is a number or a year.
NUMBER_ONLY = re.compile(r"^(?:[0-9]{1,6}\.|\((?:[a-z]{1,2}|[ivxl]{1,6})\))$")
NEW_ITEM = re.compile(r"^(?:[0-9]{1,6}\.(?:\s|$)|\((?:[a-z]{1,2}|[ivxl]{1,6})\)(?:\s|$))")
_TRAILING = re.compile(r"[\s\"'\u201d\u2019)\]\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+$")
_GLUED_MARKER = re.compile(r"(?<=[,;.:])\s?[0-9]{1,2}$")


def is_complete(text: str) -> bool:
    """Whether a paragraph's text ends the way paragraphs end (, ; . :), markers aside."""
    last = text[-1:]
    if last in (",", ";", ".", ":"):
        return True
    stripped = _TRAILING.sub("", text)
    # Some extractions lose the superscript: "2015,1" ends on a footnote marker in plain digits.
    stripped = _GLUED_MARKER.sub("", stripped)
    return stripped.endswith((",", ";", ".", ":"))


# Longer than any line a page or a screen wraps at: a paragraph on a line of its own.
_UNWRAPPED_LINE = 200


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|H\.\s?E)\.\s")


def _finished_recital(previous: str, text: str) -> bool:
    """Whether `text`, a line of an unwrapped preamble after the finished paragraph
    `previous`, is a recital of its own: it is finished too (a heading such as "Measures" is
    not, nor is a paragraph cut in two), a colon did not announce it (the title of a
    declaration the text adopts), and it does not go on with a name ("Special Envoy,
    / Mr. Al-Khatib, for his efforts")."""
    return previous[-1:] != ":" and is_complete(text) and not _HONORIFIC.match(text)


def is_unwrapped(lines: list[Line]) -> bool:
    """Whether the text writes one paragraph a line (Word's plain text, a web copy) rather than
    wrapping them: at least a quarter of its lines are longer than a line can be wrapped at,
    and blank lines do not separate its paragraphs (where they do, they tell where a
    paragraph starts).

    In such a text a preambular line after a finished paragraph starts a paragraph whatever
    its first word ("With consideration to ...", "Committed to ..."); in a wrapped text only a
    lead word tells a new paragraph from the rest of the one before.
    """
    counted = long = blank = 0
    for line in lines:
        if not line.text:
            blank += 1
        elif not line.noise:
            counted += 1
            long += len(line.text) > _UNWRAPPED_LINE
    return counted > 0 and long * 4 >= counted and blank * 4 < counted


def join_units(lines: list[Line]) -> list[Unit]:
    """Paragraph-sized units from lines.

    A numbered line ("3.", "(a)") always starts a unit; a number alone on its line takes the
    next line as its text. Otherwise a line continues the previous unit when that unit is
    unfinished (no closing punctuation: a page break or a footnote block cut it), or when it
    follows without a blank line and does not open a paragraph (a hard-wrapped line).
    """
    units: list[Unit] = []
    after_blank = True
    pending: Line | None = None  # "4." alone on its line, waiting for its text
    # Before the first operative paragraph of a text written one paragraph a line, a finished
    # line after a finished paragraph is a paragraph of its own (see _finished_recital); after
    # it, an unnumbered line is read by its first word (the closing words after
    # sub-paragraphs continue their paragraph).
    in_preamble = is_unwrapped(lines)
    words: set[str] | None = None

    def join(first: str, second: str) -> str:
        nonlocal words
        if first.endswith("-") and _HYPHENATED.search(first):
            if words is None:
                words = _words(lines)
            return _join_hyphenated(first, second, words)
        return f"{first} {second}"

    for position, line in enumerate(lines):
        text = line.text
        if not text or line.noise:
            if not line.noise:
                after_blank = True
            continue
        if pending is not None:
            units.append(Unit(pending.number, f"{pending.text} {text}"))
            pending = None
            after_blank = False
            continue
        if NUMBER_ONLY.match(text):
            pending = line
            continue
        if in_preamble and (
            (text[0].isdigit() and NEW_ITEM.match(text)) or core_word(text) in OPERATIVE
        ):
            in_preamble = False
        if units and not NEW_ITEM.match(text):
            last = units[-1]
            # An open quotation ("entitled “Declaration on ...,") does not end a paragraph,
            # unless the line opens one and the quotation does not close on it or the next:
            # a closing quotation mark that the text lost must not merge every paragraph
            # after it into one.
            if not is_complete(last.text) or (
                "\u201c" in last.text
                and last.text.count("\u201c") > last.text.count("\u201d")
                and not (
                    text[0].isupper()
                    and starts_like_paragraph(text)
                    and not _closes_quotation(text, _next_text(lines, position))
                )
            ):
                units[-1] = Unit(last.line, join(last.text, text))
                after_blank = False
                continue
            if not after_blank and not (
                text[0].isupper()
                and (
                    (in_preamble and _finished_recital(last.text, text))
                    or starts_like_paragraph(text)
                )
            ):
                units[-1] = Unit(last.line, join(last.text, text))
                continue
        units.append(Unit(line.number, text))
        after_blank = False
    if pending is not None:
        units.append(Unit(pending.number, pending.text))
    return units


def _first_quotation_mark(text: str) -> str:
    found = _QUOTATION_MARK.search(text)
    return found.group() if found else ""


def _closes_quotation(text: str, following: str) -> bool:
    """Whether a quotation open before `text` closes on it, or on the line after it."""
    first = _first_quotation_mark(text)
    return first == "\u201d" or (not first and _first_quotation_mark(following) == "\u201d")


def _next_text(lines: list[Line], position: int) -> str:
    return next(
        (line.text for line in lines[position + 1 : position + 4] if line.text and not line.noise),
        "",
    )


_QUOTATION_MARK = re.compile("[\u201c\u201d]")
_HYPHENATED = re.compile(r"(?<=[A-Za-z])-$")
_HEAD = re.compile(r"([A-Za-z]+)-$")
_TAIL = re.compile(r"[A-Za-z]+")


def _words(lines: list[Line]) -> set[str]:
    return {word.lower() for line in lines for word in _WORD.findall(line.text)}


def _join_hyphenated(first: str, second: str, words: set[str]) -> str:
    # "imple-" + "mentation": a line-end hyphen inside a word goes; "South-" + "South" and
    # "capacity-" + "building" keep theirs. A capitalised second part makes a real compound;
    # otherwise the text itself decides: the joined word written elsewhere in the text wins,
    # then the head being a word on its own (a compound), then joining.
    head = _HEAD.search(first)
    tail = _TAIL.match(second)
    if not head or not tail or not second[:1].islower():
        return first + second
    joined = (head.group(1) + tail.group(0)).lower()
    if joined in words:
        return first[:-1] + second
    if head.group(1).lower() in words or head.group(1).lower() in _COMPOUND_HEADS:
        return first + second
    return first[:-1] + second


# Words that open hyphenated compounds in UN texts ("capacity-building", "non-governmental",
# "well-being"): a line ending on one of them keeps its hyphen.
_COMPOUND_HEADS = frozenset(
    "capacity non well self high long short large small medium low full part multi cross "
    "inter intra co re pre post anti counter follow decision policy cost gender people "
    "cyber peace fact one two three four five sub semi ex so world life health broad "
    "evidence results community science technology data risk".split()
)
