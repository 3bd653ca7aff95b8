"""The pages of addressee entities: the index of everyone requests are addressed to, with
counts, and an entity's page with its open and past requests and the reports it delivered."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from resolutions import queries
from resolutions.models import AddresseeEntity
from resolutions.web import visitor_cache
from resolutions.web.pages import paginate, query_without_page
from resolutions.web.resolutions import watched

PAST = "past"


@require_safe
def entity_list(request):
    entities = AddresseeEntity.objects.with_counts().filter(request_count__gt=0)
    page = paginate(request, entities.order_by("kind", "name", "id"))
    return render(
        request,
        "resolutions/entity_list.html",
        {"page": page, "query": query_without_page(request)},
    )


@visitor_cache.check("entity page")
def entity_page(slug: str, past: bool, number: str | None) -> tuple | None:
    """What an entity's page shows, all of it what staff record: the entity with its
    counts, a page of its requests (open, or `past`) and how many there are, the reports it
    delivered; None for no such entity. A check (web/visitor_cache.py): a page kept for
    visitors is served while it is the same, and the page renders only what it answers."""
    entity = AddresseeEntity.objects.with_counts().filter(slug=slug).first()
    if entity is None:
        return None
    paginator = Paginator(queries.entity_requests(entity, open_only=not past), settings.PAGE_SIZE)
    page = paginator.get_page(number)
    reports = list(queries.entity_reports(entity))
    return entity, list(page.object_list), page.number, paginator.count, reports


@require_safe
def entity_detail(request, slug):
    past = request.GET.get("show") == PAST
    found = visitor_cache.checked("entity page", slug, past, request.GET.get("page"))
    if found is None:
        raise Http404
    entity, rows, number, count, reports = found
    paginator = Paginator([], settings.PAGE_SIZE)
    paginator.count = count
    return render(
        request,
        "resolutions/entity_detail.html",
        {
            "entity": entity,
            "past": past,
            "page": Page(rows, number, paginator),
            "query": query_without_page(request),
            "reports": reports,
            "today": timezone.localdate(),
            "watching": "entity" in watched(request.user, entity=entity.pk),
        },
    )
