"""The closing of a resolution: the meeting, its date, and how the text was adopted.

"42nd meeting / 30 June 2016 / [Adopted without a vote.]"; or "[Adopted by a recorded vote
of 23 to 18, with 6 abstentions. The voting was as follows: In favour: ...; Against: ...;
Abstaining: ...]"; older texts say "30 votes to 15". Country names are kept as written, but
the last two of a list run together by "and" are taken apart (countries.split_joined); when
the lists are there and the counts are not, the counts are the lists' lengths.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .cleanup import Line
from .countries import split_joined
from .dates import find_date
from .types import Adoption

_MEETING = re.compile(r"\b[0-9]{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)
_COUNTS = (
    r"(?P<in_favour>[0-9]{1,3})(?:\s+votes?)?(?:\s+in\s+favour)?\s*,?\s+to\s+"
    r"(?P<against>[0-9]{1,3})(?:\s+against)?"
    r"(?:\s*,?\s*(?:with|and)\s+(?P<abstaining>[0-9]{1,3}|no|none)\s+abstentions?)?"
)
_RECORDED = re.compile(rf"\brecorded\s+vote\s+of\s+{_COUNTS}", re.IGNORECASE)
_NON_RECORDED = re.compile(rf"\bnon-recorded\s+vote(?:\s+of\s+{_COUNTS})?", re.IGNORECASE)
_PLAIN_VOTE = re.compile(rf"\bby\s+(?:a\s+)?vote\s+of\s+{_COUNTS}", re.IGNORECASE)
_WITHOUT_VOTE = re.compile(r"\bwithout\s+a\s+vote\b", re.IGNORECASE)
_CONSENSUS = re.compile(r"\bby\s+consensus\b", re.IGNORECASE)
_LIST = re.compile(
    r"\b(?P<head>In\s+favou?r|Against|Abstain(?:ing|ed)|Abstentions?)\s*:\s*", re.IGNORECASE
)
# Only commas and semicolons: "Trinidad and Tobago" is one name.
_NAME_SEPARATOR = re.compile(r"\s*[,;]\s*")


@dataclass
class Closing:
    meeting: str = ""
    date: datetime.date | None = None
    adoption: Adoption = field(default_factory=lambda: Adoption(""))


def parse_closing(lines: list[Line]) -> Closing:
    """Meeting, date and adoption mode from the closing lines; the mode is "" when not stated."""
    text = " ".join(line.text for line in lines if line.text)
    closing = Closing()
    meeting = _MEETING.search(text)
    if meeting:
        closing.meeting = re.sub(r"\s+", " ", meeting.group(0))
        closing.date = find_date(text[meeting.end() : meeting.end() + 40])
    else:
        closing.date = find_date(text[:60])
    closing.adoption = parse_adoption(text)
    return closing


def parse_adoption(text: str) -> Adoption:
    """How a text was adopted, from its adoption note."""
    countries = _countries(text)
    # The non-recorded check comes first: "non-recorded vote of" also contains "recorded vote of".
    for pattern, mode in (
        (_NON_RECORDED, "non_recorded_vote"),
        (_RECORDED, "recorded_vote"),
        (_PLAIN_VOTE, "non_recorded_vote"),
    ):
        match = pattern.search(text)
        if match:
            adoption = Adoption(mode, *_counts(match), countries=countries)
            if countries and adoption.in_favour is None:
                adoption.in_favour = len(countries["in_favour"])
                adoption.against = len(countries["against"])
                adoption.abstaining = len(countries["abstaining"])
            return adoption
    if countries:
        return Adoption(
            "recorded_vote",
            len(countries["in_favour"]),
            len(countries["against"]),
            len(countries["abstaining"]),
            countries,
        )
    if _WITHOUT_VOTE.search(text):
        return Adoption("without_vote")
    if _CONSENSUS.search(text):
        return Adoption("consensus")
    return Adoption("")


def _counts(match: re.Match) -> tuple[int | None, int | None, int | None]:
    groups = match.groupdict()
    if groups.get("in_favour") is None:
        return None, None, None
    abstaining = groups.get("abstaining")
    if abstaining is None:
        abstentions = None
    elif abstaining.isdigit():
        abstentions = int(abstaining)
    else:
        abstentions = 0
    return int(groups["in_favour"]), int(groups["against"]), abstentions


def _countries(text: str) -> dict[str, list[str]]:
    """The recorded vote's lists: "In favour: A, B; Against: C; Abstaining: D" -> names."""
    if ":" not in text:
        return {}
    heads = list(_LIST.finditer(text))
    if not any(head.group("head").lower().startswith("in") for head in heads):
        return {}
    lists: dict[str, list[str]] = {"in_favour": [], "against": [], "abstaining": []}
    for position, head in enumerate(heads):
        end = heads[position + 1].start() if position + 1 < len(heads) else len(text)
        chunk = text[head.end() : end]
        chunk = chunk.split("]", 1)[0]
        word = head.group("head").lower()
        key = (
            "in_favour"
            if word.startswith("in")
            else "against"
            if word == "against"
            else "abstaining"
        )
        names = [name.strip(" .;:]") for name in _NAME_SEPARATOR.split(chunk)]
        names = split_joined([name for name in names if name and name.lower() != "none"])
        lists[key].extend(name for name in names if name)
    return lists
