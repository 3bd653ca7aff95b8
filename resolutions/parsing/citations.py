"""Citations: the documents a resolution refers to, each with a normalised symbol.

Two sources: symbols written out in full (in the text or, mostly, in footnotes), and
resolutions cited by number in running text (one by one in lists: "resolutions 6/17, 16/22
and 19/33"), whose body comes from the words before the
number ("General Assembly resolution 70/1" -> A/RES/70/1, "Council resolution 28/2" ->
A/HRC/RES/28/2, "its resolution 25/3" -> the adopting body's own) or, for "in its
resolution 70/153, the General Assembly requested", from the body the sentence names.

The General Assembly's resolutions before 1976 carry the session in Roman numerals:
"resolution 217 A (III)" is normalised to "A/RES/217 (III)", as the document system writes
it (the letter of a lettered part dropped, as the spec of this tracker chose), and a special
session's "1874 (S-IV)" to "A/RES/1874 (S-IV)"; "resolution 54/237 C", a lettered part of a
newer one, cites both the resolution, "A/RES/54/237", and the part, "A/RES/54/237C" (see
_symbols). The Economic and Social Council's old numbers go to "E/RES/1235 (XLII)".

Predecessors are the earlier texts of the same series: the symbols named after "the latest
of which being", or the adopting body's own resolutions recalled with "and all its previous
resolutions", or listed one per session in turn (a recurring text recalling its series).
"""

from __future__ import annotations

import functools
import itertools
import re

from . import bodies
from .symbols import find_symbols
from .types import Citation, Footnote, Paragraph

_NUMBER = (
    r"(?:(?:E?S-)?[0-9]{1,4}/[0-9]{1,4}(?:\s?[A-Z](?![\w/]))?|[0-9]{1,5}\s?\([0-9]{4}\)"
    r"|[0-9]{1,4}\s?(?:[A-H]\s?)?\((?:E?S-)?[IVXL]{1,7}\))"
)
_NUMBERS = re.compile(_NUMBER)
_OLD_STYLE = re.compile(r"^([0-9]{1,4})\s?(?:[A-H]\s?)?\(((?:E?S-)?[IVXL]{1,7})\)$")
_LETTERED = re.compile(r"^((?:E?S-)?[0-9]{1,4}/[0-9]{1,4})\s?([A-Z])$")
# A date, and the footnote marker a copy may glue to its year ("of 27 June 201413 on").
_DATE = r"(?:\s+of\s+[0-9]{1,2}\s+[A-Z][a-z]{2,8}\s+(?:19|20)[0-9]{2}(?:[0-9]{1,3}(?![0-9]))?)"
# The comma between two numbers of a list, and the footnote marker a copy may leave after it
# where the superscript was lost ("31/37 of 24 March 2016,2 33/22 of 30 September 2016").
_COMMA = r",(?:[0-9]{1,2}(?=\s))?"
# Between two numbers of a list; the Council's "1566 (2004) 1624 (2005)" may lose its comma.
_SEPARATOR = rf"(?:\s*(?:,\s*and|{_COMMA}|and)\s+|(?<=[0-9]\))\s(?=[0-9]{{1,5}}\s?\([0-9]{{4}}\)))"
_QUALIFIERS = {
    # Their joint resolutions are cited in pairs, "60/180 and 1645 (2005)": the numbers with
    # a year in brackets are the Council's (see _symbol), the others the Assembly's.
    "general assembly and security council": bodies.GENERAL_ASSEMBLY,
    "general assembly": bodies.GENERAL_ASSEMBLY,
    "assembly": bodies.GENERAL_ASSEMBLY,
    "human rights council": bodies.HUMAN_RIGHTS_COUNCIL,
    "security council": bodies.SECURITY_COUNCIL,
    "economic and social council": bodies.ECONOMIC_AND_SOCIAL_COUNCIL,
    "commission on human rights": bodies.COMMISSION_ON_HUMAN_RIGHTS,
    "commission": bodies.COMMISSION_ON_HUMAN_RIGHTS,
}
# The bodies named in full, whose resolutions a text cites.
_BODY_NAMES = "|".join(
    re.escape(name).replace(r"\ ", r"\s+")
    for name in sorted(
        (name for name in _QUALIFIERS if " " in name or name == "assembly"), key=len, reverse=True
    )
)
_QUALIFIER = "|".join(
    re.escape(name).replace(r"\ ", r"\s+")
    for name in sorted([*_QUALIFIERS, "council", "its", "their"], key=len, reverse=True)
)
# "its previous relevant resolutions on Iraq, in particular 1500 (2003), 1546 (2004)", "all
# other relevant resolutions, including 69/158 of 18 December 2014": the list after a comma.
_INTRODUCED = (
    r"(?:\s+on\s+(?-i:[A-Z])[\w\-]*(?:\s+(?-i:[A-Z])[\w\-]*){0,3})?,\s+"
    r"(?:in\s+particular|including|notably)"
)
_REFERENCE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?\b(?P<kind>resolutions?|decisions?)(?:{_INTRODUCED})?\s+"
    rf"(?P<numbers>{_NUMBER}{_DATE}?(?:{_SEPARATOR}{_NUMBER}{_DATE}?){{0,80}})",
    re.IGNORECASE,
)
# "in its resolution 70/153, the General Assembly requested": the body named after the number,
# unless it opens the next citation of a list ("resolution 6/17, General Assembly resolution",
# "..., Commission on the Status of Women resolutions 51/2": the name may go on).
_NAMED_AFTER = re.compile(
    rf"^{_DATE}?\s*,?\s*(?:the\s+)?(?P<body>{_QUALIFIER})\b"
    r"(?!(?:\s+(?:on|of|for|the|and|(?-i:[A-Z])[\w\-]*))*\s+(?:resolutions?|decisions?)\b)",
    re.IGNORECASE,
)


def find_citations(
    paragraphs: list[Paragraph], footnotes: list[Footnote], adopting_body: str
) -> list[Citation]:
    """Citations in paragraph order: text first, then footnotes; one per paragraph and symbol."""
    citations: list[Citation] = []
    seen: set[tuple[str, str]] = set()

    def add(citation: Citation) -> None:
        key = (citation.paragraph, citation.symbol)
        if key not in seen:
            seen.add(key)
            citations.append(citation)

    notes_by_paragraph: dict[str, list[Footnote]] = {}
    for note in footnotes:
        if note.paragraph:
            notes_by_paragraph.setdefault(note.paragraph, []).append(note)

    for paragraph in (item for top in paragraphs for item in top.walk()):
        for _, symbol, as_written in _in_text(paragraph.text, adopting_body):
            add(Citation(paragraph.label, symbol, as_written, "text"))
        for note in notes_by_paragraph.pop(paragraph.label, []):
            # A footnote cites by symbol ("A/HRC/24/56.") or by number ("See resolution 70/1.").
            for _, symbol, as_written in _in_text(note.text, adopting_body):
                add(Citation(paragraph.label, symbol, as_written, "footnote", note.number))
    return citations


def cited_in(text: str, adopting_body: str) -> list[str]:
    """The symbols `text` cites, in order, once each: written out or as "Council resolution
    5/1", read as a text of `adopting_body` reads them."""
    return list(dict.fromkeys(symbol for _, symbol, _ in _in_text(text, adopting_body)))


def _in_text(text: str, adopting_body: str) -> list[tuple[int, str, str]]:
    if "/" not in text and "(" not in text:
        return []
    found = [(symbol.start, symbol.symbol, symbol.as_written) for symbol in find_symbols(text)]
    if "esolution" not in text and "ecision" not in text:
        return found
    previous_end = 0
    body = None
    # A number the paragraph cited with its body ("Human Rights Council resolution 43/1")
    # is the same resolution when it comes back bare ("submitted pursuant to resolution 43/1").
    named: dict[str, str | None] = {}

    def body_of(number: str, qualified: bool) -> str | None:
        if not qualified:
            return named.get(number, body)
        named[number] = body
        return body

    for match in _references(text):
        decision = match.group("kind").lower().startswith("decision")
        numbers = list(_NUMBERS.finditer(match.group("numbers")))
        last_number_end = match.start("numbers") + numbers[-1].end()
        as_written = _single_spaced(text[match.start() : last_number_end])
        body = _body(match, text, adopting_body, text[previous_end : match.start()], body)
        qualified = bool(match.group("qualifier"))
        previous_end = match.end()
        for number in numbers:
            for symbol in _symbols(body_of(number.group(0), qualified), number.group(0), decision):
                found.append((match.start(), symbol, as_written))
        for number in _continued(text, match.end()):
            previous_end = number.end()
            for group in ("number", "second") if number.group("second") else ("number",):
                cited = number.group(group)
                for symbol in _symbols(body_of(cited, qualified), cited, decision):
                    found.append((number.start(group), symbol, cited))
    return sorted(found, key=lambda item: item[0])


# A list of resolutions goes on after a description of the one before ("72/154 of 19 December
# 2017 on the girl child and 71/170 of 19 December 2016, entitled “...”, and 74/274 of ..."):
# the next number follows ", ", " and ", ", and " or ", as well as ", and is dated, which
# tells it from a number of the description. The description names no other resolution or
# document (no "/", no "resolution"; a report told in words, "on the follow-up to the report
# of the Secretary-General", is description), and the sentence does not end in it; a quoted
# title may hold anything.
_DESCRIPTION = r"(?:[^;./“”\n]|“[^”\n]*”)*?"
# Two numbers may share the date ("58/269 and 58/270 of 23 December 2003"), and a section be
# named before it ("59/276, section XI, of 23 December 2004").
_CONTINUED = re.compile(
    rf"{_DESCRIPTION}(?:,\s*and|,?\s+as\s+well\s+as|,|\s+and)\s+(?P<number>{_NUMBER})"
    rf"(?:\s+and\s+(?P<second>{_NUMBER}))?(?:,\s+sections?\s+[IVXL]{{1,6}},)?{_DATE}(?![0-9])"
)
_KIND_WORDS = re.compile(r"resolution|decision", re.IGNORECASE)


def _continued(text: str, position: int):
    """The dated numbers that continue, past descriptions, a list ending at `position`."""
    while True:
        match = _CONTINUED.match(text, position)
        if not match or _KIND_WORDS.search(text, position, match.start("number")):
            return
        yield match
        position = match.end()


# Where a reference can start: its qualifier ("General Assembly") or, without one, its kind.
_KIND_WORD = re.compile(r"resolution|decision", re.IGNORECASE)
_WORD_START = re.compile(r"\b\w")
# Qualifier words and the spaces between them and the kind: what may stand between a
# reference's start and its kind word (a superset: digits and "_" too).
_QUALIFIER_RUN = re.compile(r"[\w\s]*")


def _references(text: str):
    """The matches of _REFERENCE.finditer(text), found without running it at every position.

    _REFERENCE opens with an optional qualifier among ten alternatives, which the regular
    expression engine tries at every character of the text: that scan was a fifth of the
    parse. Every match contains a kind word ("resolution", "decision") and starts at a word
    start at most a run of letters and spaces before it, so only those word starts are tried,
    in text order, skipping what an earlier match consumed: the same matches, in the same order.
    """
    position = 0
    for kind in _KIND_WORD.finditer(text):
        at = kind.start()
        if at < position:
            continue
        run = _QUALIFIER_RUN.match(text[at - 1 :: -1] if at else "")
        first = max(position, at - run.end())
        for start in _WORD_START.finditer(text, first, at + 1):
            match = _REFERENCE.match(text, start.start())
            if match:
                yield match
                position = match.end()
                break


_WHITESPACE = re.compile(r"\s+")


def _single_spaced(text: str) -> str:
    # Cleaned paragraphs are single-spaced already; only footnote and header text is not.
    return _WHITESPACE.sub(" ", text) if "  " in text or "\n" in text or "\t" in text else text


# "endorsed by the Human Rights Council in its resolution 17/4", "the General Assembly, in its
# resolution 68/192": "its" is the body named just before it.
_NAMED_BEFORE_ITS = re.compile(
    rf"\b(?P<body>{_BODY_NAMES}|Council)\s*,?\s+(?:in|by|through|under)\s*$", re.IGNORECASE
)
# "Human Rights Council resolutions on the topic, including resolutions 19/11 ...", "the
# resolutions of the Human Rights Council, the most recent of which being resolutions 50/3":
# a bare "resolutions" continues the body's resolutions the clause is about.
_CLAUSE_ABOUT = re.compile(
    rf"\b(?:(?P<before>{_BODY_NAMES})\s+(?:resolutions|decisions)"
    rf"|(?:resolutions|decisions)\s+(?:adopted\s+)?(?:by|of)\s+the\s+(?P<after>{_BODY_NAMES}))\b",
    re.IGNORECASE,
)


def _council(adopting_body: str, numbers: str) -> str:
    """The body of "Council resolution N": the adopting council's own; in an Assembly text the
    Human Rights Council's, or, for a number that opens with its year ("2021/30"), the
    Economic and Social Council's, the only council numbering its resolutions so."""
    if adopting_body in bodies.COUNCILS:
        return adopting_body
    if _YEAR_FIRST.match(numbers):
        return bodies.ECONOMIC_AND_SOCIAL_COUNCIL
    return bodies.HUMAN_RIGHTS_COUNCIL


# "Human Rights Council decision 18/120 of 30 September 2011 and resolutions 24/14 ...": a bare
# "resolutions" joined to the citation before it goes on with that citation's body.
_JOINED = re.compile(r"(?:\band|\bas\s+well\s+as)\s*$")


def _body(
    match: re.Match, text: str, adopting_body: str, before: str = "", carried: str | None = None
) -> str | None:
    """The body whose resolution `match` cites; `before` is the text since the last citation,
    `carried` that citation's body."""
    qualifier = _single_spaced((match.group("qualifier") or "").lower())
    if qualifier in _QUALIFIERS:
        return _QUALIFIERS[qualifier]
    if qualifier == "council":
        return _council(adopting_body, match.group("numbers"))
    if qualifier == "its" and ("ouncil" in before or "ssembly" in before or "ommission" in before):
        named = _NAMED_BEFORE_ITS.search(before)
        if named:
            name = _WHITESPACE.sub(" ", named.group("body").lower())
            if name == "council":  # "Recalling that the Council, in its resolution 2016/3"
                return _council(adopting_body, match.group("numbers"))
            return _QUALIFIERS[name]
    if not qualifier and ";" not in before:
        about = None
        for about in _CLAUSE_ABOUT.finditer(before):  # noqa: B007 - the last one is wanted
            continue
        if about:
            name = about.group("before") or about.group("after")
            return _QUALIFIERS[_WHITESPACE.sub(" ", name.lower())]
        if carried and ". " not in before and _JOINED.search(before):
            return carried
    # "its resolution 70/153" or a bare "resolution 70/153": the sentence may name the body
    # right after the number ("in its resolution 70/153, the General Assembly requested").
    named = _NAMED_AFTER.match(text[match.end() :])
    if named:
        body_words = _WHITESPACE.sub(" ", named.group("body").lower())
        if body_words in _QUALIFIERS:
            return _QUALIFIERS[body_words]
        if body_words == "council":
            return adopting_body if adopting_body in bodies.COUNCILS else None
    return adopting_body or None


# Pure, and asked about the same few numbers in paragraph after paragraph and text after text.
@functools.lru_cache(maxsize=4096)
def _symbols(body: str | None, number: str, decision: bool) -> tuple[str, ...]:
    """What "resolution `number`" cites: one symbol, none, or for a lettered part two.

    "53/77 D" is part D of resolution 53/77: the UN's editors link it to the resolution's
    document, A/RES/53/77, in which the parts adopted together are issued; a part adopted
    apart is a document of its own (A/RES/56/210B, adopted months after 56/210 A), the
    form under which a text imported from "A_RES_56_210_B.txt" is stored. The text does not
    say which, so both are cited, the resolution first.
    """
    lettered = _LETTERED.match(number)
    whole = _symbol(body, lettered.group(1) if lettered else number, decision)
    if not whole:
        return ()
    return (whole, whole + lettered.group(2)) if lettered else (whole,)


def _symbol(body: str | None, number: str, decision: bool) -> str | None:
    old = _OLD_STYLE.match(number)
    if old:
        if decision:
            return None
        prefix = "E/RES/" if body == bodies.ECONOMIC_AND_SOCIAL_COUNCIL else "A/RES/"
        return f"{prefix}{old.group(1)} ({old.group(2)})"
    if "(" in number:
        number = _BEFORE_BRACKET.sub(" (", number)
        # Only the Security Council numbers its resolutions with the year in brackets.
        return None if decision else f"S/RES/{number}"
    if body == bodies.SECURITY_COUNCIL or (
        body == bodies.ECONOMIC_AND_SOCIAL_COUNCIL and not _YEAR_FIRST.match(number)
    ):
        # The Security Council's own numbers carry their year ("2334 (2016)"), the Economic
        # and Social Council's open with it ("2021/10", since 1978; before, "1235 (XLII)"): a
        # session/number cited in their texts ("its follow-up resolutions 72/305") is the
        # Assembly's.
        body = bodies.GENERAL_ASSEMBLY
    if number.startswith("ES-"):
        # Only the General Assembly holds emergency special sessions.
        return bodies.resolution_symbol(bodies.GENERAL_ASSEMBLY, number, decision)
    if body is None:
        return None
    if _YEAR_FIRST.match(number) and body in (
        bodies.HUMAN_RIGHTS_COUNCIL,
        bodies.GENERAL_ASSEMBLY,
    ):
        # Year/number belongs to the Commission or ECOSOC; without their name we cannot tell which.
        return None
    return bodies.resolution_symbol(body, number, decision)


_BEFORE_BRACKET = re.compile(r"\s?\(")
_YEAR_FIRST = re.compile(r"[0-9]{4}/")

_LATEST = re.compile(r"\bthe\s+(?:latest|most\s+recent)\s+(?:of\s+which|being)\b", re.IGNORECASE)
_ALL_PREVIOUS = re.compile(
    r"\ball\s+(?:its\s+|of\s+its\s+)?(?:previous|prior|earlier|other)\s+(?:relevant\s+)?"
    r"resolutions\b|\bits\s+previous\s+resolutions\b",
    re.IGNORECASE,
)
_RECALLING = re.compile(r"^(?:Recalling|Reaffirming|Bearing\s+in\s+mind|Taking\s+note)\b")


def _one_per_session(symbols) -> bool:
    """Three or more texts, one from each session in turn, as a recurring text recalls its
    series ("47/19, 48/16, ... 71/5"); a text recalling related resolutions names several
    from one session ("77/320, 78/213, 78/265") and is not listing a series."""
    sessions = [symbol.rsplit("/", 2)[-2] for symbol in symbols]
    numbers = [int(s) for s in sessions if s.isdigit()]
    return len(numbers) == len(sessions) >= 3 and all(a < b for a, b in itertools.pairwise(numbers))


def find_predecessors(
    paragraphs: list[Paragraph], adopting_body: str, own_symbol: str
) -> list[str]:
    """Earlier texts of the series this text continues, in the order the text names them."""
    found: list[str] = []
    for paragraph in paragraphs:
        if paragraph.kind != "preambular":
            continue
        text = paragraph.text
        if "/" not in text:
            continue
        latest = _LATEST.search(text) if ("latest" in text or "recent" in text) else None
        if latest:
            tail = text[latest.end() :]
            found.extend(symbol for _, symbol, _ in _in_text(tail, adopting_body))
            continue
        if "its resolution" not in text or not _RECALLING.match(text):
            continue
        own = [
            (start, symbol)
            for start, symbol, written in _in_text(text, adopting_body)
            if written.lower().startswith(("its resolution", "its resolutions"))
        ]
        if own and (_ALL_PREVIOUS.search(text) or _one_per_session(s for _, s in own)):
            found.extend(symbol for _, symbol in own)
    result: list[str] = []
    for symbol in found:
        is_text = "/RES/" in symbol or "/DEC/" in symbol
        if is_text and symbol != own_symbol and symbol not in result:
            result.append(symbol)
    return result
