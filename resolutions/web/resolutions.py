"""The pages of texts: the home page, the list of resolutions, a resolution, a document."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from resolutions import counts, queries
from resolutions.models import (
    Citation,
    Document,
    FollowUp,
    Paragraph,
    Resolution,
    VotePosition,
)
from resolutions.web.filters import ResolutionFilter
from resolutions.web.pages import paginate, query_without_page


@require_safe
def home(request):
    today = timezone.localdate()
    open_follow_ups = FollowUp.objects.open()

    def totals():
        return {
            "resolution_count": Resolution.objects.listed().count(),
            "paragraph_count": Paragraph.objects.count(),
            "open_count": open_follow_ups.count(),
            "overdue_count": open_follow_ups.overdue(today).count(),
        }

    context = {
        **counts.cached("home", today, totals),
        "latest": Resolution.objects.listed().for_list()[:5],
        "due_soonest": open_follow_ups.for_list().by_due_date()[:8],
        "today": today,
    }
    return render(request, "resolutions/home.html", context)


@require_safe
def resolution_list(request):
    filterset = ResolutionFilter(request.GET, queryset=Resolution.objects.all())
    total, facets = filterset.counted()
    page = paginate(request, filterset.qs.for_list(), count=total)
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "filterset": filterset,
            "facets": facets,
            "page": page,
            "query": query_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@require_safe
def resolution_detail(request, symbol):
    resolution = get_object_or_404(queries.resolutions_for_page(), symbol=symbol)
    paragraphs = queries.paragraph_tree(resolution)
    votes = queries.votes_by_position(resolution)
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "preambular": paragraphs.preambular,
            "operative": paragraphs.operative,
            "annex_paragraphs": paragraphs.annex,
            "votes": [
                (label, votes[value]) for value, label in VotePosition.choices if votes[value]
            ],
            "predecessors": resolution.predecessors.all(),
            "superseded": resolution.superseded_list,
            "series": queries.timeline(resolution),
            "footnotes": resolution.footnotes.all(),
            "cited_by": queries.cited_by(resolution),
            "budget_mandates": queries.budget_mandates(resolution),
            "today": timezone.localdate(),
            "follow_up_count": len(resolution.follow_up_list),
        },
    )


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
    return render(
        request,
        "resolutions/document_detail.html",
        {"document": document, "citations": citations},
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
