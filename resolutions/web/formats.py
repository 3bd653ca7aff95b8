"""A resolution in machine-readable form: JSON and Akoma Ntoso."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_safe

from resolutions import access, queries
from resolutions.models import Paragraph
from resolutions.web import akn
from resolutions.web.exports import NEUTRAL_LANGUAGE


def _session(session) -> dict | None:
    return {"kind": session.kind, "number": session.number} if session else None


def _paragraph(paragraph: Paragraph) -> dict:
    return {
        "label": paragraph.label,
        "kind": paragraph.kind,
        "number": paragraph.number,
        "lead": paragraph.lead,
        "text": paragraph.text,
        "subparagraphs": [_paragraph(child) for child in paragraph.subparagraph_list],
    }


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
    and public history. `resolution` comes from `queries.resolutions_for_export()`."""
    paragraphs = queries.paragraph_tree(resolution)
    labels = {paragraph.pk: paragraph.label for paragraph in paragraphs.in_order}
    votes = queries.votes_by_position(resolution)
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
        "paragraphs": [_paragraph(p) for p in [*paragraphs.preambular, *paragraphs.operative]],
        "footnotes": [
            # A footnote marked by a sign ("*") is stored under the number the parser gave
            # it; the sign itself is not stored, so the export's mark is empty.
            {
                "number": f.number,
                "paragraph": labels.get(f.paragraph_id),
                "text": f.text,
                "mark": "",
            }
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
            for paragraph in paragraphs.in_order
            for citation in paragraph.citation_list
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
                    "date": follow_up.due_date.isoformat() if follow_up.due_date else None,
                    "next_session": follow_up.due_next_session,
                    "after_adoption": follow_up.due_term,
                },
                "deliverable": follow_up.deliverable,
                "recurrence": follow_up.recurrence,
                # By name: the order the text named them in is not stored.
                "addressees": [
                    {"name": entity.name, "kind": entity.kind, "slug": entity.slug}
                    for entity in follow_up.entities.all()
                ],
                "status": follow_up.status,
                "due_on": follow_up.due_on.isoformat() if follow_up.due_on else None,
                "events": [_event(event) for event in follow_up.public_events],
            }
            for follow_up in resolution.follow_up_list
        ],
        "kind": resolution.kind,
        "draft_symbol": resolution.draft_symbol,
        "committee": resolution.committee,
        "committee_report": resolution.committee_report,
        "annex": resolution.annex,
        "annex_paragraphs": [_paragraph(paragraph) for paragraph in paragraphs.annex],
        "predecessors": [document.symbol for document in resolution.predecessors.all()],
        "outcome": resolution.outcome,
        "series": [member.symbol for member in queries.timeline(resolution)],
        "catalogue_record": resolution.catalogue_record,
    }


@require_safe
def resolution_json(request, symbol):
    resolution = get_object_or_404(queries.resolutions_for_export(), symbol=symbol)
    with translation.override(NEUTRAL_LANGUAGE):
        data = resolution_data(resolution, request)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def resolution_akn(request, symbol):
    # The tree alone: Akoma Ntoso holds the text, not the history of its requests.
    resolution = get_object_or_404(queries.whole_resolutions(), symbol=symbol)
    # application/xml rather than the unregistered application/akn+xml, so that browsers
    # show the document instead of offering to save it.
    return HttpResponse(akn.resolution_xml(resolution), content_type="application/xml")
