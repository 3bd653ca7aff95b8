"""Parsed resolutions -> database rows.

Each resolution is imported in one transaction: a failure leaves the database as it was.
Re-importing a symbol updates its text, paragraphs, footnotes and citations in place and
keeps its follow-ups and their history, matched by paragraph label and order.
"""

import enum
from dataclasses import dataclass

from django.db import transaction

from . import parsing
from .models import (
    AgendaItem,
    Body,
    Citation,
    CitedVia,
    Document,
    FollowUp,
    FollowUpEvent,
    Footnote,
    Paragraph,
    Resolution,
    Session,
    SessionKind,
)


class ImportRefused(Exception):
    """The text parsed, but storing it would be wrong or would lose staff work."""


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    resolution: Resolution
    outcome: Outcome
    parsed: parsing.ParsedResolution


def estimated_session_year(body: Body, ref: parsing.SessionRef) -> int | None:
    """The year of a session the calendar does not hold yet (DOMAIN.md)."""
    if body.short_name == "HRC" and ref.kind == SessionKind.REGULAR and ref.number >= 7:
        return 2008 + (ref.number - 7) // 3
    if body.short_name == "GA" and ref.kind == SessionKind.REGULAR:
        # A General Assembly session opens in September of 1945 + n and runs a year.
        return 1945 + ref.number + 1
    return None


def session_for(body: Body, ref: parsing.SessionRef | None) -> Session | None:
    if ref is None:
        return None
    session, _ = Session.objects.get_or_create(
        body=body,
        kind=ref.kind,
        number=ref.number,
        defaults={"year": estimated_session_year(body, ref)},
    )
    return session


def document_for(symbol: str) -> Document:
    document, _ = Document.objects.get_or_create(symbol=symbol)
    return document


def import_text(text: str) -> ImportResult:
    """Parse and store one resolution; raises parsing.ParseError or ImportRefused."""
    return import_parsed(parsing.parse(text), text)


@transaction.atomic
def import_parsed(parsed: parsing.ParsedResolution, source_text: str) -> ImportResult:
    try:
        body = Body.objects.get(name=parsed.body)
    except Body.DoesNotExist:
        raise ImportRefused(
            f"{parsed.symbol}: the adopting body {parsed.body!r} is not one the tracker knows."
        ) from None

    resolution = Resolution.objects.select_for_update().filter(symbol=parsed.symbol).first()
    if resolution is not None and resolution.source_text == source_text:
        return ImportResult(resolution, Outcome.UNCHANGED, parsed)
    outcome = Outcome.IMPORTED if resolution is None else Outcome.UPDATED
    resolution = resolution or Resolution(symbol=parsed.symbol)

    resolution.number = parsed.number
    resolution.title = parsed.title
    resolution.body = body
    resolution.session = session_for(body, parsed.session)
    resolution.adopted_on = parsed.adopted_on
    resolution.distributed_on = parsed.distributed_on
    resolution.meeting = parsed.meeting
    resolution.adoption_mode = parsed.adoption.mode
    resolution.votes_in_favour = parsed.adoption.in_favour
    resolution.votes_against = parsed.adoption.against
    resolution.votes_abstaining = parsed.adoption.abstaining
    resolution.source_text = source_text
    resolution.save()

    resolution.agenda_items.set(
        [
            AgendaItem.objects.get_or_create(
                body=body, number=number, defaults={"title": f"Agenda item {number}"}
            )[0]
            for number in parsed.agenda_items
        ]
    )
    Document.objects.update_or_create(
        symbol=resolution.symbol, defaults={"resolution": resolution, "title": resolution.title}
    )

    paragraphs = _store_paragraphs(resolution, parsed.paragraphs)
    _store_footnotes(resolution, parsed.footnotes, paragraphs)
    _store_citations(paragraphs, parsed.citations)
    _store_follow_ups(resolution, paragraphs, parsed.follow_ups)
    return ImportResult(resolution, outcome, parsed)


def _store_paragraphs(resolution, parsed_paragraphs) -> dict[str, Paragraph]:
    existing = {p.label: p for p in resolution.paragraphs.all()}
    new_labels = {p.label for p in parsed_paragraphs}
    gone = [p for label, p in existing.items() if label not in new_labels]
    with_history = FollowUpEvent.objects.filter(follow_up__paragraph__in=gone).values_list(
        "follow_up__paragraph__label", flat=True
    )
    if with_history:
        labels = ", ".join(sorted(set(with_history)))
        raise ImportRefused(
            f"{resolution.symbol}: the new text no longer has {labels}, whose follow-up "
            "has a recorded history; nothing was changed."
        )
    Paragraph.objects.filter(pk__in=[p.pk for p in gone]).delete()
    # Positions are unique per resolution: move the kept rows out of the way first.
    kept = [p for label, p in existing.items() if label in new_labels]
    for paragraph in kept:
        paragraph.position += 100_000
    Paragraph.objects.bulk_update(kept, ["position"])

    stored = {}
    to_create, to_update = [], []
    for position, parsed in enumerate(parsed_paragraphs, start=1):
        paragraph = existing.get(parsed.label) or Paragraph(resolution=resolution)
        paragraph.kind = parsed.kind
        paragraph.position = position
        paragraph.number = parsed.number
        paragraph.label = parsed.label
        paragraph.lead = parsed.lead
        paragraph.text = parsed.text
        (to_update if paragraph.pk else to_create).append(paragraph)
        stored[parsed.label] = paragraph
    Paragraph.objects.bulk_update(to_update, ["kind", "position", "number", "lead", "text"])
    Paragraph.objects.bulk_create(to_create)
    return stored


def _store_footnotes(resolution, parsed_footnotes, paragraphs):
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


def _store_citations(paragraphs, parsed_citations):
    Citation.objects.filter(paragraph__in=paragraphs.values()).delete()
    documents = {}
    for symbol in {c.symbol for c in parsed_citations}:
        documents[symbol] = document_for(symbol)
    # Link cited documents to resolutions already stored under the same symbol.
    for resolution in Resolution.objects.filter(symbol__in=documents).only("id", "symbol"):
        document = documents[resolution.symbol]
        if document.resolution_id != resolution.pk:
            document.resolution = resolution
            document.save(update_fields=["resolution", "kind"])
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


def _store_follow_ups(resolution, paragraphs, parsed_follow_ups):
    existing = {
        (f.paragraph.label, f.sequence): f
        for f in FollowUp.objects.filter(paragraph__resolution=resolution).select_related(
            "paragraph"
        )
    }
    sequence_in_paragraph: dict[str, int] = {}
    keep = set()
    for parsed in parsed_follow_ups:
        sequence = sequence_in_paragraph.get(parsed.paragraph, 0) + 1
        sequence_in_paragraph[parsed.paragraph] = sequence
        follow_up = existing.get((parsed.paragraph, sequence)) or FollowUp(
            paragraph=paragraphs[parsed.paragraph], sequence=sequence
        )
        follow_up.action = parsed.action
        follow_up.verb = parsed.verb[:60]
        follow_up.addressee = parsed.addressee[:300]
        follow_up.addressee_kind = parsed.addressee_kind
        follow_up.summary = parsed.summary
        follow_up.due_session = session_for(resolution.body, parsed.due.session)
        follow_up.due_year = parsed.due.year
        follow_up.save()
        keep.add(follow_up.pk)
    # A follow-up the new text no longer asks for goes, unless staff recorded its history.
    (
        FollowUp.objects.filter(paragraph__resolution=resolution)
        .exclude(pk__in=keep)
        .filter(events__isnull=True)
        .delete()
    )
