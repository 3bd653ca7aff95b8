"""Deadlines and recurrences: by when a clause asks for something, and how often.

A deadline is written as a session ("at its thirty-fifth session", "at its seventyfourth
session" when extraction lost the hyphen, "at its next session"), a year ("in 2017", "by the
end of 2026"), a day ("until 17 March 2026", "until March 17, 2026") or a term from the
adoption ("within 90 days of the adoption of the present resolution", a mandate extended
"for a period of three years"). `find_due` reads what the clause says; `settle` then turns
what is relative to the text into what it names: the session after the adopting one, the day
that ends the term. A recurrence ("annually", "every six months", "at each of its sessions")
says how often the thing is asked for again.
"""

from __future__ import annotations

import calendar
import datetime
import re

from .dates import iter_dates
from .header import session_kind
from .ordinals import ORDINAL_PATTERN, ordinal_to_number
from .types import Due, FollowUp, SessionRef

_DUE_SESSION = re.compile(
    rf"\b(?P<relation>at|before|by|to|during|until|for|prior\s+to|no\s+later\s+than)\s+"
    rf"(?:its|the)\s+(?P<ordinal>{ORDINAL_PATTERN})\s+"
    r"(?P<kind>(?:emergency\s+)?special\s+)?sessions?\b",
    re.IGNORECASE,
)
_NEXT_SESSION = re.compile(
    r"\b(?P<relation>at|before|by|to|during|for|prior\s+to|no\s+later\s+than)\s+its\s+next"
    r"\s+(?:regular\s+)?session\b",
    re.IGNORECASE,
)
# "to present to the Working Group at its next session": the session is the Working Group's.
_ANOTHER_BODY = re.compile(
    r"\bto\s+the\s+(?!(?:Human\s+Rights\s+)?Council\b|(?:General\s+)?Assembly\b)[A-Z][\w\-]*"
    r"(?:\s+(?:[A-Z][\w\-]*|on|of|for|and|the)){0,8}\s*$"
)
_DUE_YEAR = re.compile(
    r"\b(?P<relation>in|by|before|until|during|no\s+later\s+than)\s+"
    r"(?:(?:early|mid|late|the\s+end\s+of)-?\s+)?(?P<year>(?:19|20)[0-9]{2})\b(?!\s+Agenda)"
)
# The words just before a day that make it the deadline: "until 17 March 2026", "by 1 May
# 2020"; "resolution 78/269 of 25 March 2024" names a day that is no deadline.
_BEFORE_DAY = re.compile(
    r"\b(?P<relation>until|by|before|no\s+later\s+than|not\s+later\s+than|ending\s+on|to)\s*,?\s*$",
    re.IGNORECASE,
)
_YEAR_DIGITS = re.compile(r"[0-9]{4}")
_FROM = re.compile(r"\bfrom\b", re.IGNORECASE)
_PRIOR_OR_DAY = re.compile(r"(?:\bprior|[0-9])\s*$", re.IGNORECASE)
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "thirty": 30,
    "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUMBER = r"(?P<count>[0-9]{1,3}|" + "|".join(_NUMBERS) + r"|a|an)"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_WITHIN_ADOPTION = re.compile(
    rf"\bwithin\s+{_NUMBER}\s+{_UNIT}\s+(?:of|from|after)\s+(?:the\s+)?(?:date\s+of\s+)?"
    r"(?:the\s+)?adoption\b",
    re.IGNORECASE,
)
# A mandate's term: "for a further period of three years", "for one year", "for an additional
# period of 12 months".
_TERM = re.compile(
    rf"\bfor\s+(?:a\s+|an\s+)?(?:further\s+|additional\s+|new\s+)?(?:period\s+of\s+)?"
    rf"{_NUMBER}\s+(?:further\s+|additional\s+)?{_UNIT}",
    re.IGNORECASE,
)
_RELATIONS = {"before": "before", "prior to": "before", "by": "by", "no later than": "by"}
# Before a day, "until" and "to" name the last day too: a mandate extended "until 17 March
# 2026" is to be renewed by then.
_DAY_RELATIONS = {
    **_RELATIONS, "not later than": "by", "until": "by", "ending on": "by", "to": "by"
}  # fmt: skip
_WHITESPACE = re.compile(r"\s+")

_RECURRENCE_HINTS = ("annu", "year", "ennial", "twice", "semi", "month", "session", "quarter")
_RECURRENCES = (
    (re.compile(r"\bat\s+(?:each|every)\s+(?:of\s+its\s+)?(?:regular\s+)?sessions?\b"
                r"|\bat\s+each\s+of\s+its\s+(?:regular\s+)?sessions\b", re.IGNORECASE),
     "each_session"),
    (re.compile(r"\bevery\s+(?:six|6)\s+months\b|\btwice\s+a\s+year\b|\bsemi-?annual(?:ly)?\b"
                r"|\bbiannual(?:ly)?\b", re.IGNORECASE), "semi-annual"),
    (re.compile(r"\bevery\s+(?:three|3)\s+months\b|\bquarterly\b", re.IGNORECASE), "quarterly"),
    (re.compile(r"\bannually\b|\bon\s+an\s+annual\s+basis\b|\bevery\s+(?:year|twelve\s+months)\b"
                r"|\beach\s+year\b|\byearly\b|\bannual\s+(?:report|update|session|dialogue|"
                r"(?:panel\s+)?discussion|meeting|forum|resolution)", re.IGNORECASE), "annual"),
    (re.compile(r"\bbiennially\b|\bon\s+a\s+biennial\s+basis\b|\bevery\s+(?:two|second)\s+"
                r"years?\b|\bbiennial\b", re.IGNORECASE), "biennial"),
    (re.compile(r"\btriennially\b|\bevery\s+three\s+years\b|\btriennial\b", re.IGNORECASE),
     "triennial"),
    (re.compile(r"\bquadrennially\b|\bevery\s+four\s+years\b|\bquadrennial\b", re.IGNORECASE),
     "quadrennial"),
    (re.compile(r"\bevery\s+five\s+years\b|\bquinquennial\b", re.IGNORECASE), "quinquennial"),
)  # fmt: skip


def find_recurrence(clause: str) -> str:
    """How often: "annual", "semi-annual", "each_session", ... or "" for a one-off."""
    lowered = clause.lower()
    if not any(hint in lowered for hint in _RECURRENCE_HINTS):
        return ""
    for pattern, recurrence in _RECURRENCES:
        if pattern.search(clause):
            return recurrence
    return ""


def find_due(text: str) -> Due:
    """The deadline a clause sets, as it says it; `settle` resolves what is relative."""
    due = Due()
    relation = ""
    year = _DUE_YEAR.search(text) if ("19" in text or "20" in text) else None
    if year:
        due.year = int(year.group("year"))
        relation = _relation(year.group("relation"))
    if "ession" in text:
        session = _DUE_SESSION.search(text)
        number = ordinal_to_number(session.group("ordinal")) if session else None
        if session and number is not None:
            due.session = SessionRef(session_kind(session.group("kind")), number)
            relation = _relation(session.group("relation"))
        elif (following := _NEXT_SESSION.search(text)) and not _ANOTHER_BODY.search(
            text, max(0, following.start() - 80), following.start()
        ):
            due.next_session = True
            relation = _relation(following.group("relation"))
    day = _deadline_day(text)
    if day:
        due.date, day_relation = day
        relation = relation or day_relation
    within = _WITHIN_ADOPTION.search(text) if "within" in text else None
    if within:
        due.after_adoption = _term(within)
        relation = relation or "by"
    due.relation = relation or "at"
    return due


def find_term(text: str) -> str:
    """The term a mandate is extended for ("3 years", "12 months"), or ""."""
    term = _TERM.search(text)
    return _term(term) if term else ""


def settle(follow_ups: list[FollowUp], adopted_on: datetime.date | None,
           session: SessionRef | None) -> list[str]:  # fmt: skip
    """Resolve the deadlines relative to the text: "its next session" is the regular session
    after the adopting one (when the text was adopted at a regular session; otherwise the
    importer finds it in the body's calendar from the adoption date), and a term from the
    adoption ends on a day. Returns a warning for each term that no adoption date anchors."""
    warnings = []
    for follow_up in follow_ups:
        due = follow_up.due
        if due.next_session and due.session is None and session and session.kind == "regular":
            due.session = SessionRef("regular", session.number + 1)
        if due.after_adoption and due.date is None:
            if adopted_on is None:
                warnings.append(
                    f"{follow_up.paragraph}: a deadline of {due.after_adoption} from the "
                    "adoption, and no adoption date to count from"
                )
            else:
                due.date = date_after(adopted_on, due.after_adoption)
        elif due.date and adopted_on and due.date < adopted_on:
            # A day before the adoption is one the text recalls ("ratified by 22 December
            # 2019"), not one it sets.
            due.date = None
    return warnings


def date_after(start: datetime.date, term: str) -> datetime.date:
    """The day `term` ("90 days", "3 years", "12 months", "2 weeks") after `start`."""
    count, unit = term.split()
    count = int(count)
    if unit.startswith("day"):
        return start + datetime.timedelta(days=count)
    if unit.startswith("week"):
        return start + datetime.timedelta(weeks=count)
    months = count * 12 if unit.startswith("year") else count
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    # 29 February plus a year, 31 August plus six months: the last day of that month.
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def _deadline_day(text: str) -> tuple[datetime.date, str] | None:
    if not _YEAR_DIGITS.search(text):
        return None
    for start, day in iter_dates(text):
        before = _BEFORE_DAY.search(text, max(0, start - 20), start)
        if before and before.group("relation").lower() == "to":
            # "from 1 July 2007 to 30 June 2008" is a period, "prior to" a day gone by, and
            # "the week of 14 to 18 June 2021" a few days.
            ahead = text[max(0, before.start() - 6) : before.start()]
            if _FROM.search(text, max(0, start - 45), start) or _PRIOR_OR_DAY.search(ahead):
                continue
        if before:
            words = _WHITESPACE.sub(" ", before.group("relation").lower())
            return day, _DAY_RELATIONS.get(words, "at")
    return None


def _term(match: re.Match) -> str:
    count = match.group("count").lower()
    number = int(count) if count.isdigit() else _NUMBERS.get(count, 1)
    unit = match.group("unit").lower().rstrip("s")
    return f"{number} {unit}{'s' if number != 1 else ''}"


def _relation(words: str) -> str:
    return _RELATIONS.get(_WHITESPACE.sub(" ", words.lower()), "at")
