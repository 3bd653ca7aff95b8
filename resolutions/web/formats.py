"""A resolution in machine-readable form: JSON and Akoma Ntoso."""

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_safe

from resolutions import access
from resolutions.models import (
    AgendaItem,
    Citation,
    CountryVote,
    Document,
    FollowUp,
    FollowUpEvent,
    Footnote,
    Paragraph,
    Resolution,
    VotePosition,
)
from resolutions.queries import timeline
from resolutions.web import akn
from resolutions.web.exports import NEUTRAL_LANGUAGE


def resolution_for_export():
    """Everything the JSON and Akoma Ntoso exports read, in a fixed number of queries."""
    return Resolution.objects.select_related("body", "session__body", "series").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("number")),
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position")),
        Prefetch(
            "paragraphs__citations",
            queryset=Citation.objects.select_related("document__resolution__body").order_by("id"),
        ),
        Prefetch("footnotes", queryset=Footnote.objects.order_by("number")),
        Prefetch("country_votes", queryset=CountryVote.objects.select_related("country")),
        Prefetch("predecessors", queryset=Document.objects.order_by("symbol")),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("due_session")
            .order_by("paragraph__position", "sequence")
            .prefetch_related(
                Prefetch(
                    "events",
                    # Internal notes are for staff who record follow-up; exports are public.
                    queryset=FollowUpEvent.objects.filter(is_public=True)
                    .select_related("evidence")
                    .order_by("created_at", "id"),
                    to_attr="public_events",
                )
            ),
        ),
    )


def _session(session) -> dict | None:
    return {"kind": session.kind, "number": session.number} if session else None


def _paragraph_tree(paragraphs: list[Paragraph]) -> list[dict]:
    children: dict[int | None, list[Paragraph]] = {}
    for paragraph in paragraphs:
        children.setdefault(paragraph.parent_id, []).append(paragraph)

    def as_dict(paragraph):
        return {
            "label": paragraph.label,
            "kind": paragraph.kind,
            "number": paragraph.number,
            "lead": paragraph.lead,
            "text": paragraph.text,
            "subparagraphs": [as_dict(child) for child in children.get(paragraph.pk, [])],
        }

    return [as_dict(paragraph) for paragraph in children.get(None, [])]


def _event(event) -> dict:
    return {
        "when": event.created_at.isoformat(),
        # Exports are public: the organisation, not the staff member, recorded it.
        "who": access.organisation(),
        "old_status": event.old_status,
        "new_status": event.new_status,
        "note": event.note,
        "evidence": event.evidence.symbol if event.evidence_id else None,
    }


def resolution_data(resolution, request) -> dict:
    """The resolution in the parse contract's shape, with identifiers, follow-up status
    and public history. `resolution` comes from `resolution_for_export()`."""
    paragraphs = list(resolution.paragraphs.all())
    labels = {paragraph.pk: paragraph.label for paragraph in paragraphs}
    votes = {position: [] for position in VotePosition.values}
    for vote in resolution.country_votes.all():
        votes[vote.position].append(vote.country.name)
    absolute = request.build_absolute_uri
    return {
        "id": resolution.pk,
        "url": absolute(resolution.get_absolute_url()),
        "symbol": resolution.symbol,
        "number": resolution.number,
        "body": resolution.body.name,
        "session": _session(resolution.session),
        "agenda_items": [item.number for item in resolution.agenda_items.all()],
        "title": resolution.title,
        "adopted_on": resolution.adopted_on.isoformat() if resolution.adopted_on else None,
        "distributed_on": (
            resolution.distributed_on.isoformat() if resolution.distributed_on else None
        ),
        "meeting": resolution.meeting,
        "adoption": {
            "mode": resolution.adoption_mode,
            "in_favour": resolution.votes_in_favour,
            "against": resolution.votes_against,
            "abstaining": resolution.votes_abstaining,
            # As the parser gives it: no names at all, or a list for every position.
            "countries": votes if any(votes.values()) else {},
        },
        "paragraphs": _paragraph_tree(paragraphs),
        "footnotes": [
            {"number": f.number, "paragraph": labels.get(f.paragraph_id), "text": f.text}
            for f in resolution.footnotes.all()
        ],
        "citations": [
            {
                "paragraph": paragraph.label,
                "symbol": citation.document.symbol,
                "as_written": citation.as_written,
                "via": citation.via,
                "footnote": citation.footnote_number,
            }
            for paragraph in paragraphs
            for citation in paragraph.citations.all()
        ],
        "follow_ups": [
            {
                "id": follow_up.pk,
                "url": absolute(follow_up.get_absolute_url()),
                "paragraph": labels[follow_up.paragraph_id],
                "action": follow_up.action,
                "verb": follow_up.verb,
                "addressee": follow_up.addressee,
                "addressee_kind": follow_up.addressee_kind,
                "summary": follow_up.summary,
                "due": {
                    "year": follow_up.due_year,
                    "session": _session(follow_up.due_session),
                    "relation": follow_up.due_relation,
                },
                "deliverable": follow_up.deliverable,
                "recurrence": follow_up.recurrence,
                "status": follow_up.status,
                "due_on": follow_up.due_on.isoformat() if follow_up.due_on else None,
                "events": [_event(event) for event in follow_up.public_events],
            }
            for follow_up in resolution.follow_ups.all()
        ],
        "kind": resolution.kind,
        "draft_symbol": resolution.draft_symbol,
        "committee": resolution.committee,
        "committee_report": resolution.committee_report,
        "annex": resolution.annex,
        "predecessors": [document.symbol for document in resolution.predecessors.all()],
        "outcome": resolution.outcome,
        "series": [member.symbol for member in timeline(resolution)],
        "catalogue_record": resolution.catalogue_record,
    }


@require_safe
def resolution_json(request, symbol):
    resolution = get_object_or_404(resolution_for_export(), symbol=symbol)
    with translation.override(NEUTRAL_LANGUAGE):
        data = resolution_data(resolution, request)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def resolution_akn(request, symbol):
    resolution = get_object_or_404(resolution_for_export(), symbol=symbol)
    # application/xml rather than the unregistered application/akn+xml, so that browsers
    # show the document instead of offering to save it.
    return HttpResponse(akn.resolution_xml(resolution), content_type="application/xml")
