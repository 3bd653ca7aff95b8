"""Proposed fulfilments: the documents that may answer a request, found from the texts and reports
that follow it; staff decide them."""

from collections import defaultdict

from django.utils.translation import gettext

from resolutions.followups import carried, reminders
from resolutions.models import (
    AddresseeKind,
    CarriedForward,
    Citation,
    Document,
    DocumentKind,
    FollowUp,
    FollowUpAction,
    FulfilmentProposal,
    Paragraph,
    Resolution,
)

# Words that name who was asked for a report, to match a "takes note of the report of ..."
# paragraph with the request it answers.
ADDRESSEE_WORDS = [
    "high commissioner",
    "secretary-general",
    "advisory committee",
    "special rapporteur",
    "independent expert",
    "working group",
]


def propose_fulfilments(series_ids=None, resolution_ids=None):
    """Find documents that may answer open follow-up requests, and propose them.

    With `resolution_ids` (a text just stored) only what those texts can change is looked
    at: their series, the paragraphs they hold, and the paragraphs that cite them."""
    proposals = _reports_submitted_pursuant_to(resolution_ids) + _reports_answering(
        resolution_ids=resolution_ids
    )
    if series_ids is None or series_ids:
        following = _next_in_series(series_ids)
        if resolution_ids is not None:
            # Only the pairs the stored texts take part in can hold anything new.
            wanted = set(resolution_ids)
            following = {
                earlier: later
                for earlier, later in following.items()
                if earlier in wanted or later[0] in wanted
            }
        proposals += _continued_in_series(following) + _reports_taken_note_of(following)
        CarriedForward.objects.bulk_create(
            carried.propose_superseded(series_ids, resolution_ids),
            ignore_conflicts=True,
            batch_size=1000,
        )
    FulfilmentProposal.objects.bulk_create(proposals, ignore_conflicts=True, batch_size=1000)
    # A text stored, or proposals made: news for those who watch them.
    reminders.after_news()


def _next_in_series(series_ids):
    """For every adopted text in the series, the next one adopted after it."""
    members = defaultdict(list)
    rows = (
        Resolution.objects.series_candidates()
        .filter(series__isnull=False, adopted_on__isnull=False)
        .values_list("series_id", "id", "symbol", "adopted_on")
        .order_by("series_id", "adopted_on", "id")
    )
    if series_ids is not None:
        rows = rows.filter(series_id__in=series_ids)
    for series_id, pk, symbol, adopted_on in rows:
        members[series_id].append((pk, symbol, adopted_on))
    following = {}
    for texts in members.values():
        for (pk, _, adopted_on), later in zip(texts, texts[1:], strict=False):
            if later[2] > adopted_on:
                following[pk] = later
    return following


def _documents_of(resolution_ids):
    return dict(
        Document.objects.filter(resolution_id__in=resolution_ids).values_list("resolution_id", "id")
    )


def _continued_in_series(following):
    """A self-mandate ("Decides to continue its consideration of the matter in 2017"): the
    next text of the series is the body taking the matter up again."""
    candidates = FollowUp.objects.open().filter(
        action=FollowUpAction.DECISION,
        addressee_kind=AddresseeKind.BODY_ITSELF,
        resolution_id__in=following,
    )
    pairs = [(f.id, following[f.resolution_id]) for f in candidates.only("id", "resolution_id")]
    documents = _documents_of({later[0] for _, later in pairs})
    return [
        FulfilmentProposal(
            follow_up_id=follow_up_id,
            document_id=documents[later_id],
            reason=f"{symbol}, adopted {adopted_on:%d %B %Y}, takes up the matter again "
            "in the same series.",
        )
        for follow_up_id, (later_id, symbol, adopted_on) in pairs
        if later_id in documents
    ]


def _reports_taken_note_of(following):
    """A later text of the series that takes note of a report (cited by symbol) from whoever
    an earlier text asked for one: the report may be what was asked for."""
    previous = {later[0]: earlier for earlier, later in following.items()}
    citations = Citation.objects.filter(
        document__kind=DocumentKind.REPORT,
        paragraph__resolution_id__in=previous,
        paragraph__kind="operative",
    ).select_related("paragraph__resolution")
    proposals = []
    requests = _report_requests(set(previous.values()))
    for citation in citations:
        text = citation.paragraph.text.lower()
        if "report" not in text:
            continue
        for follow_up in requests.get(previous[citation.paragraph.resolution_id], []):
            asked = follow_up.addressee.lower()
            if any(word in asked and word in text for word in ADDRESSEE_WORDS):
                proposals.append(
                    FulfilmentProposal(
                        follow_up=follow_up,
                        document_id=citation.document_id,
                        reason=f"{citation.paragraph.citation_label} takes note of this report "
                        f"from {follow_up.addressee}.",
                    )
                )
    return proposals


def _report_requests(resolution_ids):
    requests = defaultdict(list)
    for follow_up in (
        FollowUp.objects.open()
        .filter(
            action=FollowUpAction.REQUEST,
            resolution_id__in=resolution_ids,
            deliverable__icontains="report",
        )
        .select_related("resolution", "paragraph")
        .defer("resolution__source_text", "resolution__annex")
    ):
        requests[follow_up.resolution_id].append(follow_up)
    return requests


def _reports_submitted_pursuant_to(resolution_ids=None):
    """A paragraph that cites a report "submitted pursuant to" a stored resolution: the
    report answers that resolution's requests for a report."""
    pursuant = Paragraph.objects.filter(text__icontains="pursuant to")
    if resolution_ids is None:
        lookups = [Citation.objects.filter(paragraph__in=pursuant)]
    else:
        # Two narrow lookups, run one after the other: the texts' own paragraphs, and the
        # paragraphs elsewhere that cite them. Joined by OR in one query, PostgreSQL read
        # every citation (0.9 s per import at 100,000 resolutions).
        own = pursuant.filter(resolution_id__in=resolution_ids)
        citing = pursuant.filter(citations__document__resolution_id__in=resolution_ids)
        lookups = [
            Citation.objects.filter(paragraph__in=own),
            Citation.objects.filter(paragraph__in=citing),
        ]
    by_paragraph, seen = defaultdict(list), set()
    for citations in lookups:
        for citation in citations.select_related("document", "paragraph__resolution").defer(
            "paragraph__resolution__source_text", "paragraph__resolution__annex"
        ):
            if citation.pk not in seen:  # a text's own paragraph may cite the text
                seen.add(citation.pk)
                by_paragraph[citation.paragraph].append(citation.document)
    pairs = []
    for paragraph, documents in by_paragraph.items():
        reports = [d for d in documents if d.kind == DocumentKind.REPORT]
        answered = [d.resolution_id for d in documents if d.resolution_id]
        pairs.extend(
            (report, pk, _cited_as_pursuant(paragraph)) for report in reports for pk in answered
        )
    return _answered_requests(pairs)


def _cited_as_pursuant(paragraph):
    def reason(follow_up):
        return (
            f"{paragraph.citation_label} cites this report as submitted pursuant to "
            f"{follow_up.resolution.symbol}."
        )

    return reason


def _answered_requests(pairs):
    """The rule both ways of knowing it share: a report submitted pursuant to a resolution
    answers that resolution's open requests for a report. `pairs`: (report, resolution id,
    the reason given a request)."""
    requests = _report_requests({pk for _, pk, _ in pairs})
    return [
        FulfilmentProposal(follow_up=follow_up, document=report, reason=reason(follow_up))
        for report, pk, reason in pairs
        for follow_up in requests.get(pk, [])
    ]


def _says_it_answers(follow_up):
    return gettext("The report says it was made pursuant to %(symbol)s.") % {
        "symbol": follow_up.resolution.symbol
    }


def _reports_answering(*, resolution_ids=None, report_ids=None):
    """Reports whose own text says they were made pursuant to a stored resolution
    (Document.answers, read from the report's front matter by parsing/reports.py)."""
    links = Document.answers.through.objects.filter(
        from_document__kind=DocumentKind.REPORT, to_document__resolution__isnull=False
    )
    if resolution_ids is not None:
        links = links.filter(to_document__resolution_id__in=resolution_ids)
    if report_ids is not None:
        links = links.filter(from_document_id__in=report_ids)
    pairs = [
        (link.from_document, link.to_document.resolution_id, _says_it_answers)
        for link in links.select_related("from_document", "to_document")
    ]
    return _answered_requests(pairs)


def requests_a_report_would_answer(symbols) -> list[FollowUp]:
    """The open requests for a report of the stored resolutions `symbols`: those a report
    saying it answers them is proposed for (the rule of _answered_requests), in the order
    of `symbols`, for the preview of its import."""
    order = {symbol: index for index, symbol in enumerate(symbols)}
    ids = Resolution.objects.filter(symbol__in=order).values_list("id", flat=True)
    requests = [f for found in _report_requests(set(ids)).values() for f in found]
    return sorted(
        requests, key=lambda f: (order[f.resolution.symbol], f.paragraph_id or 0, f.sequence)
    )


def propose_for_reports(report_ids):
    """Propose the imported reports `report_ids` for the requests of the resolutions they
    say they answer."""
    FulfilmentProposal.objects.bulk_create(
        _reports_answering(report_ids=report_ids), ignore_conflicts=True, batch_size=1000
    )
    reminders.after_news()


def propose_same_report(follow_up, document):
    """A report recorded as evidence for one request may answer the resolution's other
    requests for a report from the same addressee."""
    if document.kind != DocumentKind.REPORT:
        return
    others = _report_requests([follow_up.resolution_id]).get(follow_up.resolution_id, [])
    FulfilmentProposal.objects.bulk_create(
        [
            FulfilmentProposal(
                follow_up=other,
                document=document,
                reason=f"Recorded as evidence for {follow_up.paragraph.label} of the same "
                f"resolution, also asked of {other.addressee}.",
            )
            for other in others
            if other.pk != follow_up.pk and other.addressee.lower() == follow_up.addressee.lower()
        ],
        ignore_conflicts=True,
    )
