"""The UN's conventions the tracker follows everywhere: session and agenda item codes, the
sessions' calendar, ordinals and labels, and the kind of a document told from its symbol."""

import datetime
import re

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SPECIAL = "special", _("Special")
    EMERGENCY_SPECIAL = "emergency_special", _("Emergency special")

    @property
    def symbol_prefix(self) -> str:
        """How symbols write the kind before the number: "S-1", "ES-10"."""
        return {"special": "S-", "emergency_special": "ES-"}.get(self.value, "")


# Read from the kinds' own prefixes, so that a code is read back as session_code writes it.
_KIND_OF_PREFIX = {kind.symbol_prefix: kind for kind in SessionKind}
_PREFIXES = "|".join(re.escape(prefix) for prefix in _KIND_OF_PREFIX if prefix)
_SESSION_CODE = re.compile(rf"^(?P<prefix>{_PREFIXES})?(?P<number>[0-9]{{1,4}})$", re.IGNORECASE)


def session_code(kind: str, number: int) -> str:
    """A session as symbols write it: "32", "S-1", "ES-10" (parse_session_code reads it)."""
    return f"{SessionKind(kind).symbol_prefix}{number}"


def parse_session_code(code: str) -> tuple[str, int] | None:
    """("special", 1) from "S-1", ("regular", 32) from "32"; None when it is neither."""
    match = _SESSION_CODE.match(code.strip())
    if not match:
        return None
    return _KIND_OF_PREFIX[(match["prefix"] or "").upper()], int(match["number"])


def session_filter_code(body_short_name: str, kind: str, number: int) -> str:
    """A body's session in a filter URL: "HRC-32", "HRC-S-1", "GA-ES-10"."""
    return f"{body_short_name}-{session_code(kind, number)}"


def parse_session_filter_code(code: str) -> tuple[str, str, int] | None:
    """("HRC", "special", 1) from "HRC-S-1"; None when it is no session filter code."""
    body, _, session = code.partition("-")
    parsed = parse_session_code(session)
    if not body or parsed is None:
        return None
    return body, *parsed


_AGENDA_ITEM_CODE = re.compile(r"^(?P<body>[A-Za-z]+)-(?P<number>\d{1,4})$")


def agenda_item_code(body_short_name: str, number: int) -> str:
    """An agenda item in a filter URL: "HRC-3"."""
    return f"{body_short_name}-{number}"


def parse_agenda_item_code(code: str) -> tuple[str, int] | None:
    """("HRC", 3) from "HRC-3"; None when it is no agenda item code."""
    match = _AGENDA_ITEM_CODE.match(code)
    if not match:
        return None
    return match["body"], int(match["number"])


# The Human Rights Council's calendar (DOMAIN.md): from its 7th session, in March 2008, three
# regular sessions a year, in slots that end with April (February-April), July (May-July) and
# October (September-October). Sessions 1 to 6 were irregular: the rhythm says nothing of them.
HRC_RHYTHM_FIRST_SESSION = 7
HRC_RHYTHM_FIRST_YEAR = 2008
HRC_SLOT_LAST_MONTHS = (4, 7, 10)


def hrc_session_slot(number: int) -> tuple[int, int] | None:
    """The year of the Council's regular session `number` and its slot in that year (0, 1 or
    2) by the rhythm; None for a session before it. hrc_session_number is the inverse."""
    if number < HRC_RHYTHM_FIRST_SESSION:
        return None
    years, slot = divmod(number - HRC_RHYTHM_FIRST_SESSION, len(HRC_SLOT_LAST_MONTHS))
    return HRC_RHYTHM_FIRST_YEAR + years, slot


def hrc_session_number(year: int, slot: int) -> int:
    """The number of the Council's regular session in `slot` of `year` by the rhythm."""
    years = year - HRC_RHYTHM_FIRST_YEAR
    return HRC_RHYTHM_FIRST_SESSION + years * len(HRC_SLOT_LAST_MONTHS) + slot


def hrc_next_session_number(today: datetime.date) -> int:
    """The Council's regular session of the slot `today` falls in, or of the next slot
    between two; from November, the first of the next year."""
    for slot, last_month in enumerate(HRC_SLOT_LAST_MONTHS):
        if today.month <= last_month:
            return hrc_session_number(today.year, slot)
    return hrc_session_number(today.year + 1, 0)


def estimated_session_year(body_short_name: str, kind: str, number: int) -> int | None:
    """The year of a session the calendar does not hold yet, from its number (DOMAIN.md);
    None where no rule gives it."""
    if kind != SessionKind.REGULAR:
        return None
    if body_short_name == "HRC":
        slot = hrc_session_slot(number)
        return slot[0] if slot else None
    if body_short_name == "GA":
        # A General Assembly session opens in September of 1945 + n and runs a year: the
        # year given is the one in which it closes.
        return 1945 + number + 1
    return None


def ordinal(n: int) -> str:
    """ "32nd" in English, "32e" in French: the suffix comes from the catalogue, one entry
    per English ending, so that a language whose endings differ can say its own."""
    if n == 1:
        template = pgettext("ordinal number one, of a session", "%(n)sst")
    elif 10 <= n % 100 <= 20:
        template = pgettext("ordinal number ending in th", "%(n)sth")
    else:
        template = {
            1: pgettext("ordinal number ending in st", "%(n)sst"),
            2: pgettext("ordinal number ending in nd", "%(n)snd"),
            3: pgettext("ordinal number ending in rd", "%(n)srd"),
        }.get(n % 10) or pgettext("ordinal number ending in th", "%(n)sth")
    return template % {"n": n}


def session_label(kind: str, number: int) -> str:
    """ "32nd session", "1st special session", in the reader's language."""
    if kind == SessionKind.SPECIAL:
        template = _("%(ordinal)s special session")
    elif kind == SessionKind.EMERGENCY_SPECIAL:
        template = _("%(ordinal)s emergency special session")
    else:
        template = _("%(ordinal)s session")
    return template % {"ordinal": ordinal(number)}


def session_name(body_short_name: str, kind: str, number: int) -> str:
    """ "HRC 32nd session": a body's session as a person names it, in the reader's language."""
    return f"{body_short_name} {session_label(kind, number)}"


def agenda_item_label(body_short_name: str, number: int, title: str = "") -> str:
    """ "HRC item 3: Promotion and protection of all human rights...", in the reader's
    language (the title too, where the catalogue has it)."""
    if title:
        return gettext("%(body)s item %(number)s: %(title)s") % {
            "body": body_short_name,
            "number": number,
            "title": gettext(title),
        }
    return gettext("%(body)s item %(number)s") % {"body": body_short_name, "number": number}


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    PRESIDENTIAL_STATEMENT = "presidential_statement", _("President's statement")
    REPORT = "report", _("Report")
    BUDGET_SECTION = "budget_section", _("Programme budget section")
    DRAFT = "draft", _("Draft")
    OTHER = "other", _("Other")


_DRAFT = re.compile(r"/L\.\d+")
# "A/80/6 (Sect. 24)": the programme budget is document 6 of an Assembly session, in
# sections; read as a session document it would pass for a report.
_BUDGET_SECTION = re.compile(r"^A/\d+/6 \(Sect\. \d+\)(/|$)")
_SESSION_DOCUMENT = re.compile(r"^[A-Z](/[A-Z0-9.]+)*/(S-)?\d+/\d+")


def document_kind(symbol: str) -> str:
    """What a document is, from its symbol alone (DOMAIN.md: never from its title)."""
    parts = symbol.split("/")
    if "RES" in parts:
        return DocumentKind.RESOLUTION
    if "DEC" in parts:
        return DocumentKind.DECISION
    if "PRST" in parts:
        return DocumentKind.PRESIDENTIAL_STATEMENT
    if _DRAFT.search(symbol):
        return DocumentKind.DRAFT
    if _BUDGET_SECTION.match(symbol):
        return DocumentKind.BUDGET_SECTION
    if _SESSION_DOCUMENT.match(symbol):
        return DocumentKind.REPORT
    return DocumentKind.OTHER
