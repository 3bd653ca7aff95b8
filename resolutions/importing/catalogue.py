"""Importing the OHCHR voting catalogue: thousands of rows of metadata in one transaction.

A catalogue row and an imported text of the same symbol are one resolution, whichever
arrives first: the catalogue never touches a text's paragraphs, fills what the text left
blank, and is authoritative for resolutions known from the catalogue alone. Rows are read
in memory, compared with what is stored, and written in bulk, so that the full catalogue
(6,300 rows) takes seconds.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from resolutions.domain import document_kind
from resolutions.followups.proposals import propose_fulfilments
from resolutions.importing.countries import country_ids
from resolutions.importing.limits import fitted
from resolutions.importing.series import assign_series
from resolutions.models import AgendaItem, Body, Document, Resolution, Session, Sponsorship
from resolutions.parsing.catalogue import (
    CatalogueRecord,
)
from resolutions.parsing.types import SessionRef

# Fields a catalogue row sets; for a resolution whose text was imported, only where the
# text left them blank.
SHARED_FIELDS = [
    "kind",
    "title",
    "body_id",
    "session_id",
    "adopted_on",
    "meeting",
    "adoption_mode",
    "votes_in_favour",
    "votes_against",
    "votes_abstaining",
    "draft_symbol",
]
# Fields only the catalogue knows.
CATALOGUE_FIELDS = [
    "catalogue_record",
    "outcome",
    "subject",
    "draft_amended",
    "votes_not_voting",
    "catalogue_in_favour",
    "catalogue_against",
    "catalogue_abstaining",
]


@dataclass
class CatalogueResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched_texts: int = 0
    counts: Counter = field(default_factory=Counter)
    # Values stored cut to fit their columns, one sentence each (limits.fitted).
    warnings: list[str] = field(default_factory=list)


def tracker_symbols(records: list[CatalogueRecord]) -> dict[int, str]:
    """The symbol each record is stored under. Early Commission texts share one catalogue
    symbol ("E/CN.4/RES(II)") or have none: those are told apart by their record number."""
    shared = Counter(r.catalogue_symbol for r in records)
    return {
        r.record_id: (
            r.catalogue_symbol
            if r.catalogue_symbol and shared[r.catalogue_symbol] == 1
            else f"{r.catalogue_symbol or 'unnumbered'} [record {r.record_id}]"
        )
        for r in records
    }


class Calendar:
    """Sessions and agenda items of the catalogue's bodies, loaded once, created in bulk."""

    def __init__(self, bodies: dict[str, Body], cuts: list[str]):
        self.bodies = bodies
        self.cuts = cuts
        self.sessions = {
            (s.body_id, s.kind, s.number): s
            for s in Session.objects.filter(body__in=bodies.values())
        }
        self.items = {
            (i.body_id, i.number): i for i in AgendaItem.objects.filter(body__in=bodies.values())
        }

    def prepare(self, records: list[CatalogueRecord]):
        new_sessions, new_items = {}, {}
        for record in records:
            body = self.bodies[record.body]
            if record.session:
                key = (body.id, record.session.kind, record.session.number)
                if key not in self.sessions and key not in new_sessions:
                    new_sessions[key] = Session(
                        body=body,
                        kind=record.session.kind,
                        number=record.session.number,
                        year=record.adopted_on.year if record.adopted_on else None,
                    )
            if record.agenda_item is not None:
                key = (body.id, record.agenda_item)
                if key not in self.items and key not in new_items:
                    title = fitted(
                        record.agenda_title, AgendaItem, "title", where(record), self.cuts
                    )
                    new_items[key] = AgendaItem(body=body, number=record.agenda_item, title=title)
        if new_sessions:
            Session.objects.bulk_create(new_sessions.values())
            self.sessions.update(
                {
                    (s.body_id, s.kind, s.number): s
                    for s in Session.objects.filter(body__in=self.bodies.values())
                }
            )
        if new_items:
            AgendaItem.objects.bulk_create(new_items.values())
            self.items.update(
                {
                    (i.body_id, i.number): i
                    for i in AgendaItem.objects.filter(body__in=self.bodies.values())
                }
            )

    def session(self, body: Body, ref: SessionRef | None) -> Session | None:
        return self.sessions.get((body.id, ref.kind, ref.number)) if ref else None

    def item(self, body: Body, number: int | None) -> AgendaItem | None:
        return self.items.get((body.id, number)) if number is not None else None


def where(record: CatalogueRecord) -> str:
    """A record as a warning names it: "record 1234 (A/HRC/RES/32/6)"."""
    return f"record {record.record_id} ({record.catalogue_symbol or 'unnumbered'})"


def _values(record: CatalogueRecord, body: Body, calendar: Calendar, cuts: list[str]) -> dict:
    session = calendar.session(body, record.session)
    # Foreign keys by id: comparing objects would fetch each stored row's related rows.
    return {
        "kind": record.kind,
        "title": record.title,
        "body_id": body.id,
        "session_id": session.id if session else None,
        "adopted_on": record.adopted_on,
        "meeting": fitted(record.meeting, Resolution, "meeting", where(record), cuts),
        "adoption_mode": record.adoption_mode,
        "votes_in_favour": record.in_favour,
        "votes_against": record.against,
        "votes_abstaining": record.abstaining,
        "draft_symbol": record.draft_symbol,
        "catalogue_record": record.record_id,
        "outcome": record.outcome,
        "subject": fitted(record.subject, Resolution, "subject", where(record), cuts),
        "draft_amended": record.draft_amended,
        "votes_not_voting": record.not_voting,
        "catalogue_in_favour": record.in_favour,
        "catalogue_against": record.against,
        "catalogue_abstaining": record.abstaining,
    }


def merge_metadata(resolution: Resolution, values: dict) -> bool:
    """Apply a catalogue's values (a row, or the UN Digital Library's record) to a stored
    resolution; True when anything changed."""
    from_text = bool(resolution.source_text)
    changed = False
    for name, value in values.items():
        current = getattr(resolution, name)
        if name in SHARED_FIELDS and from_text and current not in (None, ""):
            continue  # the text's own reading wins over the catalogue's
        if current != value:
            setattr(resolution, name, value)
            changed = True
    return changed


@transaction.atomic
def import_catalogue(
    records: list[CatalogueRecord], progress: Callable[[int, int], None] | None = None
) -> CatalogueResult:
    """Store every record; all or nothing."""
    result = CatalogueResult(rows=len(records))
    bodies = {b.name: b for b in Body.objects.filter(name__in={r.body for r in records})}
    calendar = Calendar(bodies, result.warnings)
    calendar.prepare(records)
    symbols = tracker_symbols(records)
    stored = {
        r.symbol: r for r in Resolution.objects.filter(symbol__in=symbols.values()).defer("annex")
    }
    to_create, to_update, items_of, sponsors_of = [], [], {}, {}
    now = timezone.now()
    for done, record in enumerate(records, start=1):
        body = bodies[record.body]
        symbol = symbols[record.record_id]
        values = _values(record, body, calendar, result.warnings)
        resolution = stored.get(symbol)
        if resolution is None:
            resolution = Resolution(symbol=symbol, number=number_of(symbol), **values)
            to_create.append(resolution)
        else:
            if resolution.source_text:
                result.matched_texts += 1
            if merge_metadata(resolution, values):
                resolution.updated_at = now
                to_update.append(resolution)
            else:
                result.unchanged += 1
        items_of[symbol] = calendar.item(body, record.agenda_item)
        sponsors_of[symbol] = (record, record.sponsors)
        result.counts[(record.body, record.kind, record.outcome, record.adoption_mode)] += 1
        if progress and (done % 250 == 0 or done == len(records)):
            progress(done, len(records))

    Resolution.objects.bulk_create(to_create, batch_size=500)
    fields = [name.removesuffix("_id") for name in [*SHARED_FIELDS, *CATALOGUE_FIELDS]]
    Resolution.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    ids = dict(Resolution.objects.filter(symbol__in=symbols.values()).values_list("symbol", "id"))
    _store_agenda_items(ids, items_of)
    _store_sponsors(ids, sponsors_of, result.warnings)
    _store_documents(ids)
    assign_series()
    propose_fulfilments()
    return result


def number_of(symbol: str) -> str:
    """ "32/6" from "A/HRC/RES/32/6"; the last two parts of the symbol otherwise."""
    parts = symbol.split(" [")[0].split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else symbol


def _store_agenda_items(ids, items_of):
    """Catalogue rows name one agenda item; texts that name theirs keep them."""
    through = Resolution.agenda_items.through
    with_items = set(
        through.objects.filter(resolution_id__in=ids.values()).values_list(
            "resolution_id", flat=True
        )
    )
    through.objects.bulk_create(
        [
            through(resolution_id=ids[symbol], agendaitem_id=item.id)
            for symbol, item in items_of.items()
            if item is not None and ids[symbol] not in with_items
        ],
        batch_size=1000,
    )


def _store_sponsors(ids, sponsors_of, cuts: list[str]):
    Sponsorship.objects.filter(resolution_id__in=ids.values()).delete()
    states = country_ids(
        {
            sponsor.name
            for _, sponsors in sponsors_of.values()
            for sponsor in sponsors
            if sponsor.kind == "country"
        }
    )
    Sponsorship.objects.bulk_create(
        [
            Sponsorship(
                resolution_id=ids[symbol],
                name=fitted(sponsor.name, Sponsorship, "name", where(record), cuts),
                kind=sponsor.kind,
                on_behalf_of=fitted(
                    sponsor.on_behalf_of, Sponsorship, "on_behalf_of", where(record), cuts
                ),
                position=position,
                country_id=states.get(sponsor.name) if sponsor.kind == "country" else None,
            )
            for symbol, (record, sponsors) in sponsors_of.items()
            for position, sponsor in enumerate(sponsors, start=1)
        ],
        batch_size=1000,
    )


def _store_documents(ids):
    """Every stored resolution is a document that texts can cite, linked to it."""
    existing = {
        d.symbol: d
        for d in Document.objects.filter(symbol__in=ids).only("id", "symbol", "resolution")
    }
    Document.objects.bulk_create(
        [
            Document(symbol=symbol, kind=document_kind(symbol), resolution_id=pk)
            for symbol, pk in ids.items()
            if symbol not in existing
        ],
        batch_size=1000,
    )
    relink = [d for symbol, d in existing.items() if d.resolution_id != ids[symbol]]
    for document in relink:
        document.resolution_id = ids[document.symbol]
    Document.objects.bulk_update(relink, ["resolution"], batch_size=1000)
