"""The paragraph search page, and the same search as CSV."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from resolutions import access, counts, queries, search
from resolutions.models import (
    FollowUpStatus,
    NoteVisibility,
    Paragraph,
    ParagraphNote,
    Resolution,
)
from resolutions.web import exports, finding
from resolutions.web.filters import ResolutionFilter
from resolutions.web.pages import query_without_page

PARAGRAPH_KINDS = [
    ("preambular", gettext_lazy("Preambular")),
    ("operative", gettext_lazy("Operative")),
]
FOLLOW_UP_STATUSES = [
    ("open", gettext_lazy("Open (pending or in progress)")),
    *FollowUpStatus.choices,
]
SEARCH_PAGE_SIZE = 20
HITS_SHOWN = 5  # paragraphs shown per resolution; the rest are counted
WORDS_READ = 300  # what a search reads of the words it is given


def _statuses(status: str) -> list[str] | None:
    """The follow-up statuses a "follow_up_status" value asks for; None for any."""
    if status == "open":
        return FollowUpStatus.open_values()
    return [status] if status in FollowUpStatus.values else None


def _results(query: str, page) -> list[dict]:
    """The page's resolutions, each with its shown paragraphs, snippets marked."""
    shown = {pk: group[:HITS_SHOWN] for pk, group in page.object_list}
    on_page = [hit.paragraph_id for group in shown.values() for hit in group]
    marked = search.snippets(query, on_page)
    # Nothing of their requests: the results are kept under the texts' version.
    resolutions = queries.briefly(Resolution.objects.select_related("session")).in_bulk(list(shown))
    labels = dict(Paragraph.objects.filter(id__in=on_page).values_list("id", "label"))
    return [
        {
            "resolution": resolutions[pk],
            "more": len(group) - len(shown[pk]),
            "hits": [
                {
                    "label": labels[hit.paragraph_id],
                    "anchor": labels[hit.paragraph_id].lower(),
                    "snippet": search.highlighted(marked.get(hit.paragraph_id, "")),
                }
                for hit in shown[pk]
            ],
        }
        for pk, group in page.object_list
    ]


@dataclass
class Searched:
    """A search's matching paragraphs (best first) and the filters that chose among them;
    the page, its CSV and its feed read the same."""

    query: str
    hits: list
    filterset: ResolutionFilter
    paragraph_kind: str
    status: str
    # The part of the counts' cache key that names this search (`None`: not kept).
    key: tuple | None = None

    def kept(self, what, compute):
        """`compute()`, kept as the matches are (under the texts' version) where they are."""
        if self.key is None:
            return compute()
        return counts.cached("search", (what, self.key), compute, texts=True)

    def facets(self) -> list:
        """What each filter's choices give among the texts matched."""
        return self.kept("facets", self.filterset.facets) if self.query else []


def searched(params, within=None) -> Searched:
    """`within`: the texts to search (the listed ones by default).

    The matches of a search of the listed texts are kept under the texts' version
    (counts.py): they read paragraphs and resolutions, not requests, unless the search
    asks for paragraphs holding requests of a status."""
    query = params.get("q", "").strip()[:WORDS_READ]
    filters = params.copy()
    filters.pop("q", None)
    filters.pop("page", None)  # which page is shown changes nothing that matches
    paragraph_kind = filters.pop("paragraph_kind", [""])[0]
    paragraph_kind = paragraph_kind if paragraph_kind in dict(PARAGRAPH_KINDS) else ""
    status = filters.pop("follow_up_status", [""])[0]
    statuses = _statuses(status)

    def match() -> tuple[list, list]:
        paragraphs = search.searched_paragraphs(
            Resolution.objects.listed() if within is None else within, paragraph_kind, statuses
        )
        hits = search.matching_paragraphs(query, paragraphs)
        # The filters count, and select among, the resolutions that the text matched.
        matched = sorted({hit.resolution_id for hit in hits})
        kept = set(_filtered(filters, matched).qs.values_list("id", flat=True))
        return matched, [hit for hit in hits if hit.resolution_id in kept]

    key = None
    if within is None and not statuses:
        key = (query, paragraph_kind, sorted(filters.lists()))
        matched, hits = counts.cached("search", ("matches", key), match, texts=True)
    else:
        matched, hits = match()
    return Searched(query, hits, _filtered(filters, matched), paragraph_kind, status, key)


def _filtered(filters, matched: list[int]) -> ResolutionFilter:
    return ResolutionFilter(filters, queryset=Resolution.objects.filter(id__in=matched))


@require_safe
def search_paragraphs(request):
    """What the box was given: the text or document a symbol names, else the texts whose
    symbol or title holds it (web/finding.py), then the paragraphs matching it as a
    full-text query, grouped by resolution, with the list filters."""
    query = request.GET.get("q", "").strip()[:WORDS_READ]
    found = finding.find(query) if query and "page" not in request.GET else finding.Found()
    if found.go_to:  # a symbol that names one text or document: that page
        return redirect(found.go_to)
    result = searched(request.GET)
    notes, note_count = notes_found(request.user, query)
    groups = search.group_by_resolution(result.hits)
    page = Paginator(groups, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/search.html",
        {
            "q": query,
            "found": found,
            "results": result.kept(("results", page.number), lambda: _results(query, page)),
            "page": page,
            "paragraph_count": len(result.hits),
            "capped": len(result.hits) >= search.MAX_PARAGRAPHS,
            "facets": result.facets(),
            "paragraph_kinds": PARAGRAPH_KINDS,
            "paragraph_kind": result.paragraph_kind,
            "follow_up_statuses": FOLLOW_UP_STATUSES,
            "follow_up_status": result.status,
            "query": query_without_page(request),
            "notes": notes,
            "note_count": note_count,
        },
    )


NOTES_SHOWN = 20


def notes_found(user, query: str) -> tuple[list, int]:
    """For staff, the staff notes holding the words as typed, those they may read (the
    internal ones only for whoever may record follow-up), newest first, with their count."""
    if not query or not access.sees_staff(user):
        return [], 0
    notes = ParagraphNote.objects.current().filter(text__icontains=query)
    if not access.can_record(user):
        notes = notes.filter(visibility=NoteVisibility.PUBLIC)
    shown = list(
        notes.select_related("resolution", "paragraph")
        .only(
            "text",
            "visibility",
            "recorded_label",
            "author_name",
            "created_at",
            "updated_at",
            "resolution__symbol",
            "resolution__title",
            "paragraph__label",
        )
        .order_by("-updated_at", "-id")[: NOTES_SHOWN + 1]
    )
    count = len(shown) if len(shown) <= NOTES_SHOWN else notes.count()
    return shown[:NOTES_SHOWN], count


SEARCH_CSV_COLUMNS = [
    "resolution",
    "paragraph",
    "kind",
    "adopted_on",
    "title",
    "url",
    "text",
]


@require_safe
def search_csv(request):
    """The paragraphs a search matches, best first, one row each, with the page's filters."""
    result = searched(request.GET)
    return exports.csv_response(
        "search.csv", SEARCH_CSV_COLUMNS, _paragraph_rows(request, result.hits)
    )


PARAGRAPH_ROW_FIELDS = [
    "label",
    "kind",
    "text",
    "resolution__symbol",
    "resolution__title",
    "resolution__adopted_on",
]


def _paragraph_rows(request, hits):
    site = request.build_absolute_uri("/")[:-1]
    order = [hit.paragraph_id for hit in hits]
    for start in range(0, len(order), exports.CHUNK_SIZE):
        chunk = order[start : start + exports.CHUNK_SIZE]
        paragraphs = (
            Paragraph.objects.select_related("resolution")
            .only(*PARAGRAPH_ROW_FIELDS)
            .in_bulk(chunk)
        )
        for pk in chunk:
            paragraph = paragraphs[pk]
            resolution = paragraph.resolution
            url = f"{resolution.get_absolute_url()}#{paragraph.label.lower()}"
            yield [
                resolution.symbol,
                paragraph.label,
                paragraph.kind,
                resolution.adopted_on.isoformat() if resolution.adopted_on else "",
                resolution.title,
                site + url,
                paragraph.text,
            ]
