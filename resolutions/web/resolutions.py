"""The pages of texts: the home page, the list of resolutions, a resolution, a document."""

import functools
import operator

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from resolutions import access, counts, queries, tallies, votes
from resolutions.access import IMPORT_PERMISSION
from resolutions.models import (
    Citation,
    Document,
    FetchRequest,
    FollowUp,
    ProposalStatus,
    Resolution,
    ResolutionTally,
    VotePosition,
    Watch,
)
from resolutions.web import rows, visitor_cache
from resolutions.web.filters import ResolutionFilter
from resolutions.web.pages import active_filters, query_without_page, visible_events

# What a resolution's page shows of what staff record, asked as a check.
visitor_cache.check("resolution requests")(queries.requests_for_page)


@visitor_cache.check("home requests")
def home_requests(today) -> dict:
    """What the home page shows of the requests: the totals owed and overdue, and those due
    soonest (a check: a page kept for visitors is served while they are the same)."""
    return {
        "open_count": tallies.open_requests(),
        "overdue_count": tallies.overdue_requests(today),
        "due_soonest": list(FollowUp.objects.open().for_rows().by_due_date()[:8]),
    }


@require_safe
def home(request):
    today = timezone.localdate()

    def totals():
        coverage = ResolutionTally.objects.listed().coverage()
        return {
            "resolution_count": coverage.total,
            "stored_count": coverage.stored,
            "paragraph_count": tallies.paragraphs(),
        }

    context = {
        **counts.cached("home", today, totals, texts=True),
        **visitor_cache.checked("home requests", today),
        # The latest adopted, by adoption date: a text without a date is left out (on
        # PostgreSQL a descending order would put it first).
        "latest": queries.briefly(
            Resolution.objects.listed().filter(adopted_on__isnull=False)
        ).order_by("-adopted_on", "-id")[:5],
        "today": today,
    }
    return render(request, "resolutions/home.html", context)


@require_safe
def resolution_list(request):
    filterset = ResolutionFilter(request.GET, queryset=Resolution.objects.all())
    total, facets = filterset.counted()
    page = rows.paginated(request, filterset.qs, total)
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "filterset": filterset,
            "facets": facets,
            "page": page,
            "query": query_without_page(request),
            "active_filters": active_filters(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
        # A value a filter cannot read is an error beside it, the others still apply.
        status=400 if filterset.form.errors else 200,
    )


@require_safe
def resolution_detail(request, symbol):
    resolution, series, series_votes, cited_by = counts.cached(
        "resolution-page", symbol, lambda: _text_of_page(symbol), texts=True, store="texts"
    )
    can_note = access.can_record(request.user)
    # A check (web/visitor_cache.py): the page kept for visitors outlives a request
    # recorded on another text.
    follow_ups, superseded, notes = visitor_cache.checked(
        "resolution requests", resolution.pk, bool(resolution.paragraph_list), can_note
    )
    queries.attach_requests(resolution, follow_ups, superseded)
    paragraphs = queries.paragraph_tree(resolution)
    orphaned_notes = queries.attach_notes(paragraphs, notes)
    by_position = queries.votes_by_position(resolution, of=lambda country: country)
    watching = watched(request.user, series=resolution.series_id, resolution=resolution.pk)
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "preambular": paragraphs.preambular,
            "operative": paragraphs.operative,
            "annex_paragraphs": paragraphs.annex,
            "votes": [
                (label, by_position[value])
                for value, label in VotePosition.choices
                if by_position[value]
            ],
            "vote_discrepancies": votes.discrepancies(resolution),
            "predecessors": resolution.predecessors.all(),
            "superseded": resolution.superseded_list,
            "series": series,
            "series_votes": series_votes,
            "footnotes": resolution.footnotes.all(),
            "cited_by": cited_by,
            "budget_mandates": queries.budget_mandates(resolution),
            "today": timezone.localdate(),
            "follow_up_count": len(resolution.follow_up_list),
            "fetch": latest_fetch(request, resolution),
            "can_note": can_note,
            "watching_series": "series" in watching,
            "watching_resolution": "resolution" in watching,
            "orphaned_notes": orphaned_notes,
        },
    )


def _text_of_page(symbol: str) -> tuple:
    """What a resolution's page shows that no request's recording changes, kept under
    the texts' version: the text and its tree, its series and their votes, the texts
    citing it."""
    resolution = get_object_or_404(queries.texts_for_page(), symbol=symbol)
    series = queries.timeline(resolution)
    return resolution, series, votes.series_votes(series), list(queries.cited_by(resolution))


def watched(user, **targets) -> set[str]:
    """Which of `targets` (series=…, resolution=…) a person with an account watches, in
    one query (none for a visitor, nor where there is nothing to watch)."""
    targets = {kind: pk for kind, pk in targets.items() if pk}
    if not user.is_authenticated or not targets:
        return set()
    chosen = functools.reduce(operator.or_, (Q(**{kind: pk}) for kind, pk in targets.items()))
    return {watch.kind for watch in Watch.objects.filter(chosen, user=user)}


def latest_fetch(request, resolution: Resolution) -> FetchRequest | None:
    """For staff who may import, on the page of a text not stored: the latest fetch from
    the UN of it, so that the page says how it went."""
    if resolution.text_stored or not request.user.has_perm(IMPORT_PERMISSION):
        return None
    return FetchRequest.objects.filter(symbol=resolution.symbol).first()


@require_safe
def document_detail(request, symbol):
    document = get_object_or_404(
        Document.objects.public().select_related("resolution"), symbol=symbol
    )
    citations = (
        Citation.objects.filter(document=document)
        .select_related("paragraph__resolution__body")
        .order_by(
            "-paragraph__resolution__adopted_on",
            "paragraph__resolution__symbol",
            "paragraph__position",
        )
    )
    # What the document answers: the requests it fulfils, the events that cite it as
    # evidence (internal ones for staff who record), the proposals that name it.
    request_path = ("follow_up__resolution", "follow_up__paragraph")
    no_text = ("follow_up__resolution__source_text", "follow_up__resolution__annex")
    return render(
        request,
        "resolutions/document_detail.html",
        {
            "document": document,
            "citations": citations,
            "fulfils": document.fulfils.select_related("resolution", "paragraph").defer(
                "resolution__source_text", "resolution__annex"
            ),
            "evidence": visible_events(request.user)
            .filter(evidence=document)
            .select_related(*request_path)
            .defer(*no_text),
            "proposals": document.proposals.filter(status=ProposalStatus.OPEN)
            .select_related(*request_path)
            .defer(*no_text),
        },
    )


@require_safe
def permalink(request, symbol):
    """`/A/HRC/RES/32/6` -> the resolution page, permanently (301): a symbol names one text
    for good. A cited document we hold only as a symbol goes to its document page with a
    temporary redirect (302), since importing the text later makes it a resolution page."""
    symbol = symbol.rstrip("/")
    resolution = Resolution.objects.filter(symbol=symbol).only("symbol").first()
    if resolution is not None:
        return redirect(resolution, permanent=True)
    document = Document.objects.public().filter(symbol=symbol).only("symbol").first()
    if document is not None:
        return redirect(document)
    raise Http404("No resolution or document has this symbol.")
