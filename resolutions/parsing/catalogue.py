"""Rows of the OHCHR voting catalogue (its public CSV harvest) -> clean records.

The catalogue's fields are library text: titles end in " : resolution /", agenda titles in
" -", the session sits inside `statement` ("adopted by the Human Rights Council at its 32nd
session", sometimes "32th"), the draft inside `draft` ("Draft resolution A/HRC/32/L.11 as
amended"), sponsors are a free list with "(on behalf of ...)" groups. This module says
what they mean; it knows nothing of the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .types import SessionRef

COLUMNS = (
    "record_id symbol title statement date year body collection vote_type meeting "
    "meeting_type agenda_item_no agenda_item_title agenda_symbol agenda_subject main_sponsors "
    "draft yes no abstain nonvoting total n_rollcall url_resolution url_draft record_url"
).split()
REQUIRED_COLUMNS = {"record_id", "symbol", "title", "statement", "date", "body", "vote_type"}


class CatalogueError(ValueError):
    """A row that cannot be read; `row` is its line number in the file."""

    def __init__(self, message: str, row: int | None = None):
        self.message = message
        self.row = row
        super().__init__(f"row {row}: {message}" if row else message)


@dataclass
class Sponsor:
    name: str
    kind: str  # "country" or "group"
    on_behalf_of: str = ""


@dataclass
class CatalogueRecord:
    record_id: int
    catalogue_symbol: str  # as the catalogue writes it; may be shared by several old records
    title: str
    kind: str  # "resolution", "decision", "presidential_statement", "amendment"
    body: str
    session: SessionRef | None
    adopted_on: datetime.date | None
    outcome: str  # "adopted", "withdrawn", "not_considered", "rejected"
    adoption_mode: str  # "without_vote", "recorded_vote", "non_recorded_vote", or ""
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    not_voting: int | None = None
    meeting: str = ""
    agenda_item: int | None = None
    agenda_title: str = ""
    subject: str = ""
    draft_symbol: str = ""
    draft_amended: bool = False
    sponsors: list[Sponsor] = field(default_factory=list)


_TITLE_KIND = re.compile(
    r"\s*:?\s*\b(resolution|decision|amendment|presidential\s+statement)\s*/\s*$", re.IGNORECASE
)
_SESSION = re.compile(
    r"\bat\s+its\s+([0-9]{1,3})\s*(?:st|nd|rd|th)?\s+(special\s+)?(?:[a-z]+\s+)?session",
    re.IGNORECASE,
)
_MEETING = re.compile(r"\b([0-9]{1,4}(?:st|nd|rd|th))\s+(?:plenary\s+)?meeting", re.IGNORECASE)
_DRAFT = re.compile(
    r"\bdraft\s+(?:resolution|decision|text|presidential\s+statement)\s+([A-Z][A-Za-z0-9./\-]+)",
    re.IGNORECASE,
)
_AGENDA_NUMBER = re.compile(r"^\s*([0-9]{1,3})\s*[.)]?")
_ON_BEHALF = re.compile(
    r"^(?P<name>.*?)\s*\(?\s*\bon\s+behalf\s+of\s+(?:the\s+)?(?P<group>[^)]+?)\)?\s*$",
    re.IGNORECASE,
)
_GROUP_WORDS = re.compile(
    r"\b(group|union|organi[sz]ation|movement|league|council|community|states\s+members)\b",
    re.IGNORECASE,
)

BODIES = {
    "human rights council": "Human Rights Council",
    "commission on human rights": "Commission on Human Rights",
}


def clean_title(raw: str) -> tuple[str, str]:
    """("Enhancement of ... rights", "resolution") from "Enhancement ... rights : resolution /"."""
    title = " ".join(raw.split())
    match = _TITLE_KIND.search(title)
    if not match:
        return title.rstrip(" /:"), ""
    kind = match.group(1).lower().replace(" ", "_")
    return title[: match.start()].rstrip(" /:"), kind


def kind_from(title_kind: str, symbol: str) -> str:
    if title_kind:
        return title_kind
    parts = symbol.upper().split("/")
    if "DEC" in parts or symbol.upper().startswith("E/CN.4/DEC"):
        return "decision"
    if "PRST" in parts:
        return "presidential_statement"
    return "resolution"


def session_from(statement: str, symbol: str) -> SessionRef | None:
    match = _SESSION.search(statement)
    if match:
        kind = "special" if match.group(2) else "regular"
        return SessionRef(kind, int(match.group(1)))
    special = re.search(r"/S-([0-9]{1,2})/", symbol)
    if special:
        return SessionRef("special", int(special.group(1)))
    return None


def adoption_from(vote_type: str) -> tuple[str, str]:
    """(outcome, adoption mode) from the catalogue's vote type."""
    vote = vote_type.strip().upper()
    if vote.startswith("WITHDRAWN"):
        return "withdrawn", ""
    if vote.startswith("NOT CONSIDERED"):
        return "not_considered", ""
    if vote.startswith("ADOPTED WITHOUT VOTE"):
        return "adopted", "without_vote"
    if vote.startswith("RECORDED"):
        return "adopted", "recorded_vote"
    if vote.startswith("NON-RECORDED"):
        return "adopted", "non_recorded_vote"
    return "adopted", ""


def count(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def draft_from(text: str) -> tuple[str, bool]:
    """The draft's symbol and whether it was adopted as amended."""
    match = _DRAFT.search(text or "")
    symbol = match.group(1).rstrip(".,;") if match else ""
    return symbol, bool(re.search(r"\bas\s+amended\b", text or "", re.IGNORECASE))


def split_outside_brackets(text: str) -> list[str]:
    items, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [" ".join(item.split()) for item in items if item.strip()]


def sponsors_from(text: str) -> list[Sponsor]:
    sponsors = []
    for item in split_outside_brackets(text or ""):
        match = _ON_BEHALF.match(item)
        name, group = (match["name"], match["group"].strip()) if match else (item, "")
        name = name.strip(" .")
        if not name:
            # "(on behalf of the Group of African States)" alone: the group is the sponsor.
            sponsors.append(Sponsor(group, "group"))
            continue
        is_group = _GROUP_WORDS.search(name) and not name.endswith(")")
        sponsors.append(Sponsor(name, "group" if is_group else "country", group))
    return sponsors


def meeting_from(text: str) -> str:
    text = " ".join((text or "").split())
    match = _MEETING.search(text)
    if match:
        return f"{match.group(1)} meeting"
    return text


def read_row(row: dict[str, str], line: int) -> CatalogueRecord:
    """One catalogue row as a record; CatalogueError when it cannot stand as one."""
    try:
        record_id = int(row["record_id"])
    except (TypeError, ValueError):
        raise CatalogueError(f"record_id {row.get('record_id')!r} is not a number", line) from None
    body = BODIES.get(" ".join((row.get("body") or "").split()).lower())
    if body is None:
        raise CatalogueError(f"unknown body {row.get('body')!r}", line)
    try:
        adopted_on = datetime.date.fromisoformat(row["date"]) if row.get("date") else None
    except ValueError:
        raise CatalogueError(f"date {row['date']!r} is not a date (YYYY-MM-DD)", line) from None
    symbol = " ".join((row.get("symbol") or "").split())
    title, title_kind = clean_title(row.get("title") or "")
    outcome, mode = adoption_from(row.get("vote_type") or "")
    in_favour, against = count(row.get("yes")), count(row.get("no"))
    if mode == "recorded_vote" and in_favour is not None and against is not None:
        # The catalogue lists amendments and drafts put to the vote; fewer votes for than
        # against means the text was rejected.
        if in_favour <= against:
            outcome = "rejected"
    draft_text = row.get("draft") or ""
    if re.search(r"\brejected\b", draft_text, re.IGNORECASE):
        outcome = "rejected"  # the vote may have been on a motion: trust the words
    draft_symbol, amended = draft_from(draft_text)
    agenda = _AGENDA_NUMBER.match(row.get("agenda_item_no") or "")
    return CatalogueRecord(
        record_id=record_id,
        catalogue_symbol=symbol,
        title=title,
        kind=kind_from(title_kind, symbol),
        body=body,
        session=session_from(row.get("statement") or "", symbol),
        adopted_on=adopted_on,
        outcome=outcome,
        adoption_mode=mode,
        in_favour=in_favour,
        against=against,
        abstaining=count(row.get("abstain")),
        not_voting=count(row.get("nonvoting")),
        meeting=meeting_from(row.get("meeting") or ""),
        agenda_item=int(agenda.group(1)) if agenda else None,
        agenda_title=" ".join((row.get("agenda_item_title") or "").split()).rstrip(" -"),
        subject=" ".join((row.get("agenda_subject") or "").split()),
        draft_symbol=draft_symbol,
        draft_amended=amended,
        sponsors=sponsors_from(row.get("main_sponsors") or ""),
    )


def title_key(title: str) -> str:
    """A title reduced to its words, for finding the texts of one series."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return " ".join(words)[:300]
