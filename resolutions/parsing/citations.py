"""Citations: the documents a resolution refers to, each with a normalised symbol.

Two sources: symbols written out in full (in the text or, mostly, in footnotes), and
resolutions cited by number in running text, whose body comes from the words before the
number ("General Assembly resolution 70/1" -> A/RES/70/1, "Council resolution 28/2" ->
A/HRC/RES/28/2, "its resolution 25/3" -> the adopting body's own) or, for "in its
resolution 70/153, the General Assembly requested", from the body the sentence names.
"""

from __future__ import annotations

import re

from . import bodies
from .symbols import find_symbols
from .types import Citation, Footnote, Paragraph

_NUMBER = r"(?:(?:E?S-)?[0-9]{1,4}/[0-9]{1,4}|[0-9]{1,5}\s?\([0-9]{4}\))"
_DATE = r"(?:\s+of\s+[0-9]{1,2}\s+[A-Z][a-z]{2,8}\s+[0-9]{4})"
_QUALIFIERS = {
    "general assembly": bodies.GENERAL_ASSEMBLY,
    "assembly": bodies.GENERAL_ASSEMBLY,
    "human rights council": bodies.HUMAN_RIGHTS_COUNCIL,
    "security council": bodies.SECURITY_COUNCIL,
    "economic and social council": bodies.ECONOMIC_AND_SOCIAL_COUNCIL,
    "commission on human rights": bodies.COMMISSION_ON_HUMAN_RIGHTS,
    "commission": bodies.COMMISSION_ON_HUMAN_RIGHTS,
}
_QUALIFIER = "|".join(
    re.escape(name).replace(r"\ ", r"\s+")
    for name in sorted([*_QUALIFIERS, "council", "its", "their"], key=len, reverse=True)
)
_REFERENCE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?\b(?P<kind>resolutions?|decisions?)\s+"
    rf"(?P<numbers>{_NUMBER}{_DATE}?(?:\s*(?:,\s*and|,|and)\s+{_NUMBER}{_DATE}?){{0,20}})",
    re.IGNORECASE,
)
_NAMED_AFTER = re.compile(rf"^{_DATE}?\s*,?\s*(?:the\s+)?(?P<body>{_QUALIFIER})\b", re.IGNORECASE)


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

    for paragraph in paragraphs:
        for _, symbol, as_written in _in_text(paragraph.text, adopting_body):
            add(Citation(paragraph.label, symbol, as_written, "text"))
        for note in notes_by_paragraph.pop(paragraph.label, []):
            for found in find_symbols(note.text):
                add(
                    Citation(
                        paragraph.label, found.symbol, found.as_written, "footnote", note.number
                    )
                )
    return citations


def _in_text(text: str, adopting_body: str) -> list[tuple[int, str, str]]:
    found = [(symbol.start, symbol.symbol, symbol.as_written) for symbol in find_symbols(text)]
    for match in _REFERENCE.finditer(text):
        decision = match.group("kind").lower().startswith("decision")
        numbers = list(re.finditer(_NUMBER, match.group("numbers")))
        last_number_end = match.start("numbers") + numbers[-1].end()
        as_written = re.sub(r"\s+", " ", text[match.start() : last_number_end])
        body = _body(match, text, adopting_body)
        for number in numbers:
            symbol = _symbol(body, re.sub(r"\s?\(", " (", number.group(0)), decision)
            if symbol:
                found.append((match.start(), symbol, as_written))
    return sorted(found, key=lambda item: item[0])


def _body(match: re.Match, text: str, adopting_body: str) -> str | None:
    qualifier = re.sub(r"\s+", " ", (match.group("qualifier") or "").lower())
    if qualifier in _QUALIFIERS:
        return _QUALIFIERS[qualifier]
    if qualifier == "council":
        return adopting_body if adopting_body in bodies.COUNCILS else bodies.HUMAN_RIGHTS_COUNCIL
    # "its resolution 70/153" or a bare "resolution 70/153": the sentence may name the body
    # right after the number ("in its resolution 70/153, the General Assembly requested").
    named = _NAMED_AFTER.match(text[match.end() :])
    if named:
        body_words = re.sub(r"\s+", " ", named.group("body").lower())
        if body_words in _QUALIFIERS:
            return _QUALIFIERS[body_words]
        if body_words == "council":
            return adopting_body if adopting_body in bodies.COUNCILS else None
    return adopting_body or None


def _symbol(body: str | None, number: str, decision: bool) -> str | None:
    if "(" in number:
        # Only the Security Council numbers its resolutions with the year in brackets.
        return None if decision else f"S/RES/{number}"
    if body is None:
        return None
    if re.match(r"[0-9]{4}/", number) and body in (
        bodies.HUMAN_RIGHTS_COUNCIL,
        bodies.GENERAL_ASSEMBLY,
    ):
        # Year/number belongs to the Commission or ECOSOC; without their name we cannot tell which.
        return None
    return bodies.resolution_symbol(body, number, decision)
