"""Parsed resolutions -> database rows.

Each resolution is imported in one transaction: a failure leaves the database as it was.
Re-importing a symbol updates its text, paragraphs, footnotes, citations and votes in place.
Its follow-ups are matched to the requests of the new text by what they ask (action,
addressee, words; matching.py), not by label: each keeps its history only on the request it
was recorded for. A follow-up with history that the new text no longer asks for is kept as
superseded, with the label and text it was recorded on, and the ImportResult names it.
A text that reads as another resolution is refused unless the replacement is
confirmed (ReplacementRefused), and every import is recorded with the text it replaced
(history.py), in the same transaction.
"""

import enum
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from . import history, parsing
from .history import ImportOrigin, TextChanges
from .matching import FollowUpPlan, plan_follow_ups, stored_follow_ups
from .models import (
    AgendaItem,
    Body,
    Citation,
    CitedVia,
    Country,
    CountryVote,
    Document,
    FollowUp,
    Footnote,
    ImportChannel,
    ImportKind,
    Paragraph,
    Resolution,
    ResolutionVersion,
    Session,
    SessionKind,
    TextImport,
    document_kind,
)
from .parsing.cleanup import xml_safe
from .series import assign_series, propose_fulfilments


class ImportRefused(Exception):
    """The text parsed, but storing it would be wrong or would lose staff work."""


class ReplacementRefused(ImportRefused):
    """The text reads as another resolution than the one stored under its symbol: storing
    it needs the replacement confirmed (import_parsed's `replace`)."""

    def __init__(self, symbol: str, stored_title: str, new_title: str, reason: str):
        self.symbol = symbol
        self.stored_title = stored_title
        self.new_title = new_title
        self.reason = reason
        super().__init__(
            f"{symbol} is stored as “{stored_title}”; this text is "
            f"“{new_title}” ({reason}). Nothing was changed: replacing the "
            "stored text needs an explicit confirmation."
        )


def describe_error(error: Exception) -> str:
    """What went wrong with a text, for a person: where, and what."""
    if isinstance(error, parsing.ParseError):
        return f"line {error.line}: {error.message}" if error.line else error.message
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    resolution: Resolution
    outcome: Outcome
    parsed: parsing.ParsedResolution
    # Follow-ups with history that the new text no longer asks for, kept as superseded.
    superseded: list[FollowUp] = field(default_factory=list)
    changes: TextChanges | None = None
    record: TextImport | None = None

    @property
    def warnings(self) -> list[str]:
        """What a person must know of the import, one sentence each."""
        return [describe_superseded(follow_up) for follow_up in self.superseded]


def describe_superseded(follow_up: FollowUp) -> str:
    count = follow_up.events.count()
    return ngettext(
        "%(label)s: the new text no longer asks %(addressee)s for what this %(action)s "
        "asked; it is kept as superseded with its %(count)d recorded event (%(url)s).",
        "%(label)s: the new text no longer asks %(addressee)s for what this %(action)s "
        "asked; it is kept as superseded with its %(count)d recorded events (%(url)s).",
        count,
    ) % {
        "label": follow_up.label,
        "addressee": follow_up.addressee or gettext("anyone"),
        "action": follow_up.get_action_display().lower(),
        "count": count,
        "url": follow_up.get_absolute_url(),
    }


def estimated_session_year(body: Body, ref: parsing.SessionRef) -> int | None:
    """The year of a session the calendar does not hold yet (DOMAIN.md)."""
    if body.short_name == "HRC" and ref.kind == SessionKind.REGULAR and ref.number >= 7:
        return 2008 + (ref.number - 7) // 3
    if body.short_name == "GA" and ref.kind == SessionKind.REGULAR:
        # A General Assembly session opens in September of 1945 + n and runs a year.
        return 1945 + ref.number + 1
    return None


class SessionCache:
    """Sessions of one body looked up (or created) once per import, not once per mention."""

    def __init__(self, body: Body):
        self.body = body
        self.sessions: dict[tuple[str, int], Session] = {}

    def get(self, ref: parsing.SessionRef | None) -> Session | None:
        if ref is None:
            return None
        key = (ref.kind, ref.number)
        if key not in self.sessions:
            self.sessions[key], _ = Session.objects.get_or_create(
                body=self.body,
                kind=ref.kind,
                number=ref.number,
                defaults={"year": estimated_session_year(self.body, ref)},
            )
        return self.sessions[key]


def documents_for(symbols) -> dict[str, Document]:
    """The Document of each symbol, creating the missing ones, in three queries at most."""
    symbols = set(symbols)
    if not symbols:
        return {}
    found = {d.symbol: d for d in Document.objects.filter(symbol__in=symbols)}
    missing = [Document(symbol=s) for s in symbols - found.keys()]
    if missing:
        for document in missing:
            document.kind = document_kind(document.symbol)  # bulk_create skips save()
        Document.objects.bulk_create(missing, ignore_conflicts=True)
        found = {d.symbol: d for d in Document.objects.filter(symbol__in=symbols)}
    return found


def import_text(
    text: str,
    *,
    symbol: str | None = None,
    replace: bool = False,
    origin: ImportOrigin | None = None,
) -> ImportResult:
    """Parse and store one resolution; raises parsing.ParseError or ImportRefused."""
    return import_parsed(parsing.parse(text, symbol=symbol), text, replace=replace, origin=origin)


def check_importable(parsed: parsing.ParsedResolution) -> Body:
    """The body that adopted the text, or ImportRefused saying why it cannot be stored."""
    if not parsed.symbol:
        raise ImportRefused("the text names no document symbol; give one with --symbol.")
    try:
        return Body.objects.get(name=parsed.body)
    except Body.DoesNotExist:
        raise ImportRefused(
            f"{parsed.symbol}: the adopting body {parsed.body!r} is not one the tracker knows."
        ) from None


@transaction.atomic
def import_parsed(
    parsed: parsing.ParsedResolution,
    source_text: str,
    *,
    replace: bool = False,
    origin: ImportOrigin | None = None,
) -> ImportResult:
    """Store one parsed resolution and the record of its import, or nothing.

    A text that differs materially from the one stored under its symbol (history.py says
    what "materially" means) raises ReplacementRefused unless `replace` is given."""
    origin = origin or ImportOrigin()
    # The text as given, less the characters no database text or XML may hold (NUL above all:
    # PostgreSQL refuses it); the parser has already dropped them from what it read.
    source_text = xml_safe(source_text)
    body = check_importable(parsed)
    resolution = Resolution.objects.select_for_update().filter(symbol=parsed.symbol).first()
    if resolution is not None and resolution.source_text == source_text:
        # Recorded too: the audit shows that the text was given again and changed nothing.
        record = history.record_import(
            resolution,
            origin,
            source_text=source_text,
            outcome=Outcome.UNCHANGED,
            changes=TextChanges(),
            previous=None,
        )
        return ImportResult(
            resolution, Outcome.UNCHANGED, parsed, changes=TextChanges(), record=record
        )
    outcome = Outcome.IMPORTED if resolution is None else Outcome.UPDATED
    changes, previous = _replacement(resolution, parsed, replace)
    resolution = resolution or Resolution(symbol=parsed.symbol)
    sessions = SessionCache(body)

    # What the text does not say (a General Assembly text prints no vote) is kept from what
    # was stored before, such as the catalogue's record of the same resolution.
    stated = {
        "kind": parsed.kind,
        "number": parsed.number,
        "title": parsed.title,
        "session": sessions.get(parsed.session),
        "adopted_on": parsed.adopted_on,
        "distributed_on": parsed.distributed_on,
        "meeting": parsed.meeting,
        "adoption_mode": parsed.adoption.mode,
        "votes_in_favour": parsed.adoption.in_favour,
        "votes_against": parsed.adoption.against,
        "votes_abstaining": parsed.adoption.abstaining,
        "draft_symbol": parsed.draft_symbol,
        "committee": parsed.committee,
        "committee_report": parsed.committee_report,
    }
    for name, value in stated.items():
        if value not in (None, ""):
            setattr(resolution, name, value)
    resolution.body = body
    resolution.annex = parsed.annex
    resolution.source_text = source_text
    resolution.save()

    is_new = outcome == Outcome.IMPORTED
    _store_agenda_items(resolution, body, parsed.agenda_items, is_new)
    _store_own_document(resolution)
    # One lookup (and at most one insert) for every document the text names, predecessors
    # and citations alike, instead of one round of queries each.
    documents = documents_for([*parsed.predecessors, *(c.symbol for c in parsed.citations)])
    _store_predecessors(resolution, [documents[s] for s in parsed.predecessors], is_new)

    plan = _detach_follow_ups(resolution, parsed, is_new)
    paragraphs = _store_paragraphs(resolution, parsed.paragraphs, is_new)
    _store_footnotes(resolution, parsed.footnotes, paragraphs, is_new)
    _store_citations(paragraphs, parsed.citations, documents, is_new)
    _store_follow_ups(resolution, paragraphs, plan, sessions)
    _store_votes(resolution, parsed.adoption, is_new)
    assign_series([resolution.id])
    # Only the series id changed (assign_series wrote it): read that one value, not the row.
    series_id = Resolution.objects.filter(pk=resolution.pk).values_list("series_id", flat=True)[0]
    resolution.series_id = series_id
    propose_fulfilments([series_id] if series_id else [], resolution_ids=[resolution.id])
    record = history.record_import(
        resolution,
        origin,
        source_text=source_text,
        outcome=outcome,
        changes=changes,
        previous=previous,
    )
    return ImportResult(
        resolution, outcome, parsed, superseded=plan.superseded, changes=changes, record=record
    )


def _replacement(resolution, parsed, replace) -> tuple[TextChanges, dict | None]:
    """What the new text changes, and the stored text to keep as a version (None when
    there is none); ReplacementRefused when it reads as another resolution."""
    if resolution is None:
        return TextChanges(added=[p.label for p in parsed.all_paragraphs()]), None
    stored = history.stored_paragraphs(resolution)
    changes = history.text_changes(stored, parsed)
    reason = history.material_difference(resolution, parsed, changes)
    if reason and not replace:
        raise ReplacementRefused(resolution.symbol, resolution.title, parsed.title, reason)
    if not resolution.source_text:
        return changes, None  # a catalogue record: no text to restore
    previous = {"title": resolution.title, "source_text": resolution.source_text}
    return changes, {**previous, "paragraphs": stored}


def restore_version(version: ResolutionVersion, *, user) -> ImportResult:
    """Bring back a previous text through the normal import, so that follow-ups are carried
    by the import's own matching rules; the text it replaces is kept as a version in turn,
    so that a restore can be undone. Raises ImportRefused or parsing.ParseError."""
    resolution = version.resolution
    parsed = parsing.parse(version.source_text, symbol=resolution.symbol)
    origin = ImportOrigin(
        channel=ImportChannel.WEB,
        user=user,
        file_name=history.file_name_of(version),
        kind=ImportKind.RESTORE,
        restored=version,
    )
    # The version was this resolution's own text: restoring it is a confirmed replacement.
    return import_parsed(parsed, version.source_text, replace=True, origin=origin)


def _store_agenda_items(resolution, body, numbers, is_new):
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        if not is_new:
            resolution.agenda_items.clear()
        return
    items = _agenda_items_for(body, numbers)
    if is_new:
        # A new resolution has no links yet: insert them without reading the current ones.
        through = Resolution.agenda_items.through
        through.objects.bulk_create(
            [through(resolution_id=resolution.pk, agendaitem_id=item.pk) for item in items]
        )
    else:
        resolution.agenda_items.set(items)


def _agenda_items_for(body, numbers) -> list[AgendaItem]:
    """The body's agenda items with these numbers, creating the missing ones: one query when
    they all exist (the usual case), three when some do not."""
    found = {item.number: item for item in AgendaItem.objects.filter(body=body, number__in=numbers)}
    missing = [number for number in numbers if number not in found]
    if missing:
        AgendaItem.objects.bulk_create(
            [AgendaItem(body=body, number=number) for number in missing], ignore_conflicts=True
        )
        found = {
            item.number: item for item in AgendaItem.objects.filter(body=body, number__in=numbers)
        }
    return [found[number] for number in numbers]


def _store_own_document(resolution):
    """The Document of the resolution's own symbol, linked to it: one upsert.

    As update_or_create did: a new row gets its kind from the symbol; an existing one (a
    document cited before the text was imported) keeps its kind and gets the link and title.
    """
    Document.objects.bulk_create(
        [
            Document(
                symbol=resolution.symbol,
                resolution=resolution,
                title=resolution.title,
                kind=document_kind(resolution.symbol),
            )
        ],
        update_conflicts=True,
        unique_fields=["symbol"],
        update_fields=["resolution", "title"],
    )


def _store_predecessors(resolution, documents, is_new):
    if is_new:
        if documents:
            through = Resolution.predecessors.through
            through.objects.bulk_create(
                [
                    through(resolution_id=resolution.pk, document_id=document.pk)
                    for document in {document.pk: document for document in documents}.values()
                ]
            )
    else:
        resolution.predecessors.set(documents)


def _flatten(parsed_paragraphs):
    """(paragraph, parent label) for every paragraph and sub-paragraph, in text order."""
    for paragraph in parsed_paragraphs:
        yield paragraph, None
        stack = [(child, paragraph.label) for child in reversed(paragraph.subparagraphs)]
        while stack:
            child, parent_label = stack.pop()
            yield child, parent_label
            stack.extend((grandchild, child.label) for grandchild in reversed(child.subparagraphs))


def _store_paragraphs(resolution, parsed_paragraphs, is_new) -> dict[str, Paragraph]:
    flat = list(_flatten(parsed_paragraphs))
    # Rows are reused by label: what hangs from a paragraph is rebuilt (footnotes, citations)
    # or was detached from it beforehand and is re-attached by content (follow-ups).
    existing = {} if is_new else {p.label: p for p in resolution.paragraphs.all()}
    new_labels = {p.label for p, _ in flat}
    gone = [p for label, p in existing.items() if label not in new_labels]
    if gone:
        Paragraph.objects.filter(pk__in=[p.pk for p in gone]).delete()
    # Positions are unique per resolution: move the kept rows out of the way first.
    kept = [p for label, p in existing.items() if label in new_labels]
    for paragraph in kept:
        paragraph.position += 100_000
    if kept:
        Paragraph.objects.bulk_update(kept, ["position"])

    stored = {}
    to_create, to_update = [], []
    for position, (parsed, _) in enumerate(flat, start=1):
        paragraph = existing.get(parsed.label) or Paragraph(resolution=resolution)
        paragraph.kind = parsed.kind
        paragraph.position = position
        paragraph.number = parsed.number
        paragraph.label = parsed.label
        paragraph.lead = parsed.lead[:100]
        paragraph.text = parsed.text
        (to_update if paragraph.pk else to_create).append(paragraph)
        stored[parsed.label] = paragraph
    if to_update:
        Paragraph.objects.bulk_update(to_update, ["kind", "position", "number", "lead", "text"])
    Paragraph.objects.bulk_create(to_create)

    reparented = []
    for parsed, parent_label in flat:
        paragraph = stored[parsed.label]
        parent_id = stored[parent_label].pk if parent_label else None
        if paragraph.parent_id != parent_id:
            paragraph.parent_id = parent_id
            reparented.append(paragraph)
    if reparented:
        Paragraph.objects.bulk_update(reparented, ["parent"])
    return stored


def _store_footnotes(resolution, parsed_footnotes, paragraphs, is_new):
    if not is_new:
        resolution.footnotes.all().delete()
    Footnote.objects.bulk_create(
        Footnote(
            resolution=resolution,
            paragraph=paragraphs.get(footnote.paragraph),
            number=footnote.number,
            text=footnote.text,
        )
        for footnote in parsed_footnotes
    )


def _store_citations(paragraphs, parsed_citations, documents, is_new):
    if not is_new:
        Citation.objects.filter(paragraph__in=paragraphs.values()).delete()
    # Link cited documents to resolutions already stored under the same symbol.
    cited = {c.symbol for c in parsed_citations}
    unlinked = [d for d in documents.values() if d.resolution_id is None and d.symbol in cited]
    ids = (
        dict(
            Resolution.objects.filter(symbol__in=[d.symbol for d in unlinked]).values_list(
                "symbol", "id"
            )
        )
        if unlinked
        else {}
    )
    for document in unlinked:
        if document.symbol in ids:
            document.resolution_id = ids[document.symbol]
    linked = [d for d in unlinked if d.resolution_id]
    if linked:
        Document.objects.bulk_update(linked, ["resolution"])

    seen = set()
    citations = []
    for cited in parsed_citations:
        paragraph = paragraphs.get(cited.paragraph)
        if paragraph is None or (cited.paragraph, cited.symbol) in seen:
            continue
        seen.add((cited.paragraph, cited.symbol))
        citations.append(
            Citation(
                paragraph=paragraph,
                document=documents[cited.symbol],
                via=CitedVia.FOOTNOTE if cited.via == "footnote" else CitedVia.TEXT,
                footnote_number=cited.footnote,
                as_written=cited.as_written[:300],
            )
        )
    Citation.objects.bulk_create(citations)


def _detach_follow_ups(resolution, parsed, is_new) -> FollowUpPlan:
    """Plan what becomes of the stored follow-ups, then free them from the paragraph rows
    before those are changed: each is re-attached by content, not by label.

    A follow-up with history that the new text does not ask for is superseded here, with a
    copy of the label and text it was recorded on; one without history goes, as its
    paragraph's citations do."""
    if is_new:
        return plan_follow_ups([], parsed)
    # Locked, so that an event recorded meanwhile waits for the import rather than land on
    # a follow-up planned as without history, and deleted.
    plan = plan_follow_ups(stored_follow_ups(resolution).select_for_update(of=("self",)), parsed)
    if plan.dropped:
        FollowUp.all_objects.filter(pk__in=[f.pk for f in plan.dropped]).delete()
    now = timezone.now()
    for follow_up in plan.superseded:
        follow_up.recorded_label = follow_up.paragraph.label
        follow_up.recorded_text = follow_up.paragraph.text
        follow_up.superseded_at = now
        follow_up.paragraph = None
        follow_up.updated_at = now
    if plan.superseded:
        FollowUp.all_objects.bulk_update(plan.superseded, SUPERSEDED_FIELDS)
    # Matched rows are re-attached by _store_follow_ups; detached meanwhile, a paragraph row
    # deleted or reused for another text cannot take them with it, and no two of them hold
    # the same (paragraph, sequence) halfway through.
    kept = [m.stored.pk for m in plan.matched if not m.stored.is_superseded]
    if kept:
        FollowUp.all_objects.filter(pk__in=kept).update(paragraph=None)
    return plan


SUPERSEDED_FIELDS = ["paragraph", "recorded_label", "recorded_text", "superseded_at", "updated_at"]


def _store_follow_ups(resolution, paragraphs, plan: FollowUpPlan, sessions):
    """Store the new text's requests of `resolution`, carrying on the matched follow-ups."""
    sequence_in_paragraph: dict[str, int] = {}
    to_create, to_update = [], []
    stored = {id(m.parsed): m.stored for m in plan.matched}
    for parsed in plan.requests:
        sequence = sequence_in_paragraph.get(parsed.paragraph, 0) + 1
        sequence_in_paragraph[parsed.paragraph] = sequence
        follow_up = stored.get(id(parsed))
        if follow_up is None:
            follow_up = FollowUp()
            to_create.append(follow_up)
        else:
            follow_up.updated_at = timezone.now()  # bulk_update does not touch auto_now
            # A request asked again (an earlier text restored) is current again.
            follow_up.superseded_at = None
            follow_up.recorded_label = follow_up.recorded_text = ""
            to_update.append(follow_up)
        follow_up.sequence = sequence
        follow_up.paragraph = paragraphs[parsed.paragraph]
        follow_up.action = parsed.action
        follow_up.verb = parsed.verb[:60]
        follow_up.addressee = parsed.addressee[:300]
        follow_up.addressee_kind = parsed.addressee_kind
        follow_up.summary = parsed.summary
        follow_up.deliverable = parsed.deliverable[:60]
        follow_up.recurrence = parsed.recurrence[:30]
        follow_up.due_relation = parsed.due.relation
        follow_up.due_session = sessions.get(parsed.due.session)
        follow_up.due_year = parsed.due.year
        follow_up.derive_fields()
    FollowUp.objects.bulk_create(to_create)
    if to_update:
        FollowUp.all_objects.bulk_update(to_update, FOLLOW_UP_FIELDS)


FOLLOW_UP_FIELDS = [
    "paragraph",
    "sequence",
    "superseded_at",
    "recorded_label",
    "recorded_text",
    "action",
    "verb",
    "addressee",
    "addressee_kind",
    "summary",
    "deliverable",
    "recurrence",
    "due_relation",
    "due_session",
    "due_year",
    "due_on",
    "updated_at",
]


def _store_votes(resolution, adoption: parsing.Adoption, is_new):
    if not is_new:
        resolution.country_votes.all().delete()
    positions = {
        name.strip(): position
        for position, names in (adoption.countries or {}).items()
        for name in names
        if name.strip()
    }
    if not positions:
        return
    Country.objects.bulk_create([Country(name=name) for name in positions], ignore_conflicts=True)
    countries = Country.objects.filter(name__in=positions)
    CountryVote.objects.bulk_create(
        CountryVote(resolution=resolution, country=country, position=positions[country.name])
        for country in countries
    )
