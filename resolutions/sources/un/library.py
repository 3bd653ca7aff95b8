"""The UN Digital Library: a symbol's catalogue record, from the MARCXML of its bibliographic
and voting records (title, dates, agenda items, subjects, drafts, meetings, votes)."""

from __future__ import annotations

import datetime
import io
import re
import urllib.parse
import xml.sax
from dataclasses import dataclass, field

import pymarc

from resolutions.sources.un.client import (
    Client,
    ServiceConfig,
    WrongDocument,
    describe_body,
    looks_like_html,
)

LIBRARY = "the Digital Library"

# 967 $d: how a country voted; a country listed without one did not vote.
VOTE_CODES = {"Y": "in_favour", "N": "against", "A": "abstaining"}
NOT_VOTING = "not_voting"
# 993's first indicator: what the related document is to this one.
RELATED_DRAFT = "2"
RELATED_MEETING = "4"


@dataclass(frozen=True)
class LibraryVote:
    """One country's vote (967): ISO 3166 alpha-3 code, name, position (VOTE_CODES)."""

    code: str
    name: str
    position: str


@dataclass(frozen=True)
class LibraryAgendaItem:
    """An agenda item the record names (991): the agenda's symbol, item number, title."""

    agenda: str
    number: int | None
    title: str


@dataclass
class LibraryRecord:
    """What the Digital Library records of one symbol, from its bibliographic and voting
    records together; a field none of them gives is empty."""

    symbol: str
    record_ids: list[str] = field(default_factory=list)  # 001
    title: str = ""  # 245 $a $b
    date: datetime.date | None = None  # 269: the record's date (the vote's, in a voting record)
    vote_date: datetime.date | None = None  # 992
    agenda_items: list[LibraryAgendaItem] = field(default_factory=list)  # 991
    subjects: list[str] = field(default_factory=list)  # 650 $a
    drafts: list[str] = field(default_factory=list)  # 993 ind1 2
    meetings: list[str] = field(default_factory=list)  # 993 ind1 4
    votes: list[LibraryVote] = field(default_factory=list)  # 967
    # 996: $a a note ("Adopted without vote"), $b yes, $c no, $d abstentions,
    # $e non-voting, $f the total voting membership.
    vote_note: str = ""
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    not_voting: int | None = None
    voting_membership: int | None = None

    @property
    def has_vote(self) -> bool:
        return bool(self.votes) or self.in_favour is not None

    @property
    def adopted_on(self) -> datetime.date | None:
        """The date of adoption: 992's, else the voting record's own date."""
        return self.vote_date or (self.date if self.has_vote else None)

    def countries(self) -> dict[str, list[str]]:
        """Position -> the names of the countries that took it, as parsing.Adoption has
        them; countries that did not vote are left out, as a text leaves them out."""
        positions: dict[str, list[str]] = {position: [] for position in VOTE_CODES.values()}
        for vote in self.votes:
            if vote.position in positions:
                positions[vote.position].append(vote.name)
        return positions if any(positions.values()) else {}


def library_url(config: ServiceConfig, symbol: str) -> str:
    query = {"p": symbol, "of": "xm"}
    return f"{config.library_url}?{urllib.parse.urlencode(query, safe='/')}"


def fetch_record(client: Client, symbol: str) -> LibraryRecord | None:
    """The Digital Library's record of `symbol`, None when it has none; FetchFailed."""

    def check(body: bytes) -> bool:
        # No record yet is no answer to keep: the library may catalogue it tomorrow.
        return read_library_records(body, symbol) is not None

    body = client.get(
        library_url(client.config, symbol), symbol=symbol, service=LIBRARY, check=check
    )
    return read_library_records(body, symbol)


def read_library_records(data: bytes, symbol: str) -> LibraryRecord | None:
    """The record of `symbol` among the MARCXML records of a search answer, None when no
    record names it (a search for A/HRC/RES/59/1 also finds 59/10 and the texts that cite
    it); WrongDocument when the answer is not MARCXML."""
    if looks_like_html(data):
        raise WrongDocument(
            symbol, f"{LIBRARY} served {describe_body(data, 'text')}, not the MARCXML asked for"
        )
    try:
        records = pymarc.parse_xml_to_array(io.BytesIO(data))
    except xml.sax.SAXException as error:
        raise WrongDocument(
            symbol, f"the answer of {LIBRARY} is not XML that reads ({error})"
        ) from None
    wanted = _symbol_key(symbol)
    own = [r for r in records if wanted in {_symbol_key(s) for s in _symbols_of(r)}]
    if not own:
        return None
    result = LibraryRecord(symbol=symbol)
    for record in own:
        _read_record(record, result)
    return result


def _symbol_key(symbol: str) -> str:
    return " ".join(symbol.split()).upper()


def _symbols_of(record: pymarc.Record) -> list[str]:
    """The symbols a record is of: 191 $a in a bibliographic record, 791 $a in a voting one."""
    return [value for f in record.get_fields("191", "791") for value in f.get_subfields("a")]


def _read_record(record: pymarc.Record, into: LibraryRecord):
    """Add what `record` says to `into`, where an earlier record left a field empty."""
    control = record.get_fields("001")
    if control and control[0].data:
        into.record_ids.append(control[0].data.strip())
    if not into.title:
        for title in record.get_fields("245"):
            parts = [" ".join(v.split()) for v in title.get_subfields("a", "b")]
            into.title = " ".join(p for p in parts if p).rstrip(" /:;,.")
            break
    into.date = into.date or _first_date(record, "269")
    into.vote_date = into.vote_date or _first_date(record, "992")
    if not into.agenda_items:
        into.agenda_items = [
            LibraryAgendaItem(
                agenda=_clean(item.get("a")),
                number=_number(item.get("b")),
                title=_clean(item.get("d")),
            )
            for item in record.get_fields("991")
        ]
    for subject in record.get_fields("650"):
        value = _clean(subject.get("a"))
        if value and value not in into.subjects:
            into.subjects.append(value)
    for related in record.get_fields("993"):
        kind = {RELATED_DRAFT: into.drafts, RELATED_MEETING: into.meetings}.get(related.indicator1)
        if kind is not None:
            for value in related.get_subfields("a"):
                if _clean(value) and _clean(value) not in kind:
                    kind.append(_clean(value))
    if not into.votes:
        into.votes = [
            LibraryVote(
                code=_clean(vote.get("c")).upper(),
                name=country_name(_clean(vote.get("e"))),
                position=VOTE_CODES.get(_clean(vote.get("d")).upper(), NOT_VOTING),
            )
            for vote in record.get_fields("967")
            if _clean(vote.get("e")) or _clean(vote.get("c"))
        ]
    if into.in_favour is None:
        for totals in record.get_fields("996"):
            into.vote_note = _clean(totals.get("a"))
            into.in_favour = _number(totals.get("b"))
            into.against = _number(totals.get("c"))
            into.abstaining = _number(totals.get("d"))
            into.not_voting = _number(totals.get("e"))
            into.voting_membership = _number(totals.get("f"))
            break


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _number(value: str | None) -> int | None:
    value = _clean(value)
    return int(value) if value.isdigit() else None


def _first_date(record: pymarc.Record, tag: str) -> datetime.date | None:
    for f in record.get_fields(tag):
        digits = re.sub(r"[^0-9]", "", f.get("a") or "")
        if len(digits) >= 8:
            try:
                return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            except ValueError:
                continue
    return None


_SMALL_WORDS = {"of", "the", "and", "for"}


def country_name(raw: str) -> str:
    """A country's name as texts write it, from the library's capitals: "UNITED STATES OF
    AMERICA" -> "United States of America"; a name not all in capitals is kept."""
    if not raw.isupper():
        return raw
    words = []
    for position, word in enumerate(raw.lower().split()):
        if position and word.strip("()") in _SMALL_WORDS:
            words.append(word)
        elif word.startswith("d'") and len(word) > 2:  # CÔTE D'IVOIRE
            words.append("d'" + _capitalised(word[2:]))
        else:
            words.append("-".join(_capitalised(part) for part in word.split("-")))
    return " ".join(words)


def _capitalised(word: str) -> str:
    """The first letter in capitals, after any opening bracket: "(plurinational" ->
    "(Plurinational"."""
    for index, character in enumerate(word):
        if character.isalpha():
            return word[:index] + character.upper() + word[index + 1 :]
    return word
