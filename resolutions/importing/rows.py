"""The rows one parsed text becomes: paragraphs, footnotes, citations, follow-ups, votes, agenda
items; called by texts.import_parsed inside its transaction."""

import datetime

from django.utils import timezone

from resolutions import parsing
from resolutions.domain import document_kind, estimated_session_year
from resolutions.importing.countries import countries_for
from resolutions.importing.limits import fitted
from resolutions.importing.matching import FollowUpPlan, plan_follow_ups, stored_follow_ups
from resolutions.models import (
    AddresseeEntity,
    AgendaItem,
    Body,
    Citation,
    CitedVia,
    CountryVote,
    Document,
    FollowUp,
    Footnote,
    Paragraph,
    Resolution,
    Session,
    next_session,
)


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
                defaults={
                    "year": estimated_session_year(self.body.short_name, ref.kind, ref.number)
                },
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


def store_agenda_items(resolution, body, numbers, is_new):
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


def store_own_document(resolution):
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


def store_predecessors(resolution, documents, is_new):
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


def store_paragraphs(
    resolution, parsed_paragraphs, is_new, cuts: list[str]
) -> dict[str, Paragraph]:
    """The paragraph rows of the new text, by label; a value cut to fit its column is
    named in `cuts`."""
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
        paragraph.lead = fitted(parsed.lead, Paragraph, "lead", parsed.label, cuts)
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


def store_footnotes(resolution, parsed_footnotes, paragraphs, is_new):
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


def store_citations(paragraphs, parsed_citations, documents, is_new, cuts: list[str]):
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
                as_written=fitted(cited.as_written, Citation, "as_written", cited.paragraph, cuts),
            )
        )
    Citation.objects.bulk_create(citations)


def detach_follow_ups(resolution, parsed, is_new) -> FollowUpPlan:
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
    # Matched rows are re-attached by store_follow_ups; detached meanwhile, a paragraph row
    # deleted or reused for another text cannot take them with it, and no two of them hold
    # the same (paragraph, sequence) halfway through.
    kept = [m.stored.pk for m in plan.matched if not m.stored.is_superseded]
    if kept:
        FollowUp.all_objects.filter(pk__in=kept).update(paragraph=None)
    return plan


SUPERSEDED_FIELDS = ["paragraph", "recorded_label", "recorded_text", "superseded_at", "updated_at"]


def store_follow_ups(resolution, paragraphs, plan: FollowUpPlan, sessions, cuts: list[str]):
    """Store the new text's requests of `resolution`, carrying on the matched follow-ups; a
    value cut to fit its column is named in `cuts`."""
    sequence_in_paragraph: dict[str, int] = {}
    to_create, to_update = [], []
    asked = []  # (follow-up, the entities its text names)
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
        for name in ("verb", "addressee", "deliverable", "recurrence"):
            setattr(
                follow_up,
                name,
                fitted(getattr(parsed, name), FollowUp, name, parsed.paragraph, cuts),
            )
        follow_up.addressee_kind = parsed.addressee_kind
        follow_up.summary = parsed.summary
        follow_up.due_relation = parsed.due.relation
        follow_up.due_session = due_session(resolution, parsed.due, sessions)
        follow_up.due_year = parsed.due.year
        follow_up.due_date = parsed.due.date
        follow_up.due_term = fitted(
            parsed.due.after_adoption, FollowUp, "due_term", parsed.paragraph, cuts
        )
        follow_up.due_next_session = parsed.due.next_session
        follow_up.derive_fields()
        asked.append((follow_up, parsed))
    FollowUp.objects.bulk_create(to_create)
    if to_update:
        FollowUp.all_objects.bulk_update(to_update, FOLLOW_UP_FIELDS)
    store_addressees(asked, [f.pk for f in to_update], cuts)


def store_addressees(asked, reused_ids: list[int], cuts: list[str]):
    """Link each follow-up to the entities its text names, creating the entities no text
    named before. A follow-up carried over from the replaced text is linked anew, as it
    is read now: its history stays on it, its addressees follow the text."""
    through = FollowUp.entities.through
    if reused_ids:
        through.objects.filter(followup_id__in=reused_ids).delete()
    named: dict[str, AddresseeEntity] = {}
    for _, parsed in asked:
        for addressee in parsed.addressees:
            if addressee.slug not in named:
                name = fitted(addressee.name, AddresseeEntity, "name", parsed.paragraph, cuts)
                named[addressee.slug] = AddresseeEntity(
                    name=name, slug=addressee.slug, kind=addressee.kind
                )
    if not named:
        return
    # The first text to name an entity names it; later texts find it by its slug.
    AddresseeEntity.objects.bulk_create(named.values(), ignore_conflicts=True)
    ids = dict(AddresseeEntity.objects.filter(slug__in=named).values_list("slug", "id"))
    through.objects.bulk_create(
        through(followup_id=follow_up.pk, addresseeentity_id=ids[addressee.slug])
        for follow_up, parsed in asked
        for addressee in {a.slug: a for a in parsed.addressees}.values()
    )


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
    "due_date",
    "due_term",
    "due_next_session",
    "due_on",
    "updated_at",
]


def due_session(resolution, due: parsing.Due, sessions: SessionCache) -> Session | None:
    """The session a request is due at. "At its next session" of a text adopted outside a
    regular session (a special session, or one the text does not name) is the body's next
    regular session after the adoption day, from the calendar (the Council's from
    resolutions/data/hrc_sessions.csv)."""
    if due.session is not None:
        return sessions.get(due.session)
    if due.next_session and resolution.adopted_on:
        return next_session(sessions.body, resolution.adopted_on + datetime.timedelta(days=1))
    return None


def store_votes(resolution, adoption: parsing.Adoption, is_new):
    """The recorded vote's lists, each name as its State (importing/countries.py); a State
    named twice (under two spellings) keeps its first position."""
    if not is_new:
        resolution.country_votes.all().delete()
    positions: dict[str, str] = {}
    for position, names in (adoption.countries or {}).items():
        for name in names:
            if name.strip():
                positions.setdefault(name.strip(), position)
    if not positions:
        return
    countries = countries_for(positions)
    votes: dict[int, CountryVote] = {}
    for name, position in positions.items():
        country = countries[name]
        votes.setdefault(
            country.id, CountryVote(resolution=resolution, country=country, position=position)
        )
    CountryVote.objects.bulk_create(votes.values())
