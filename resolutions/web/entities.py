"""The pages of addressee entities: the index of everyone requests are addressed to, with
counts, and an entity's page with its open and past requests and the reports it delivered."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from resolutions import queries
from resolutions.models import AddresseeEntity
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


@require_safe
def entity_detail(request, slug):
    entity = get_object_or_404(AddresseeEntity.objects.with_counts(), slug=slug)
    past = request.GET.get("show") == PAST
    page = paginate(request, queries.entity_requests(entity, open_only=not past))
    return render(
        request,
        "resolutions/entity_detail.html",
        {
            "entity": entity,
            "past": past,
            "page": page,
            "query": query_without_page(request),
            "reports": queries.entity_reports(entity),
            "today": timezone.localdate(),
            "watching": "entity" in watched(request.user, entity=entity.pk),
        },
    )
