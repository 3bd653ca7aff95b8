"""Cleaned lines -> units: the paragraph-sized runs of text the paragraph stage reads, with
lines joined where a paragraph was wrapped, hyphens kept or joined as the words require, and
quotations kept whole."""

from __future__ import annotations

import re

from .cleanup import Line, Unit
from .vocabulary import OPERATIVE, core_word, starts_like_paragraph

# Paragraph numbers run past 999 in long texts: any number of digits starts an item here,
# and the paragraph stage decides whether a long one is a number or a year.
NUMBER_ONLY = re.compile(r"^(?:[0-9]{1,6}\.|\((?:[a-z]{1,2}|[ivxl]{1,6})\))$")
NEW_ITEM = re.compile(r"^(?:[0-9]{1,6}\.(?:\s|$)|\((?:[a-z]{1,2}|[ivxl]{1,6})\)(?:\s|$))")
_TRAILING = re.compile(r"[\s\"'\u201d\u2019)\]\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+$")
# The annual volumes number footnotes past 99: "the report of the Secretary-General,309" (a
# word before the comma, so that "$1,000" wrapped at a line's end is not taken for one), "of
# 11 March 1981,120" (a year: four digits, which no group of a thousands separator has).
_GLUED_MARKER = re.compile(
    r"(?:(?<=[,;.:])\s?[0-9]{1,2}|(?<=[^\W\d][,;.:])[0-9]{3}|(?<=\b(?:19|20)[0-9]{2},)[0-9]{3})$"
)


def is_complete(text: str) -> bool:
    """Whether a paragraph's text ends the way paragraphs end (, ; . :), markers aside."""
    last = text[-1:]
    if last in (",", ";", ".", ":"):
        return True
    # Only the end matters: the patterns are anchored there, and run on a tail of the text
    # (a marker and the punctuation before it are a few characters) rather than all of it.
    stripped = _TRAILING.sub("", text[-40:])
    # Some extractions lose the superscript: "2015,1" ends on a footnote marker in plain digits.
    if stripped[-1:].isdigit():
        stripped = _GLUED_MARKER.sub("", stripped[-8:])
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


_WORD = re.compile(r"[A-Za-z]+")
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
