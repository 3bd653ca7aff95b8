"""What every page needs: which events a visitor sees, pagination."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator

from resolutions.access import can_record
from resolutions.models import (
    FollowUpEvent,
)


def visible_events(user):
    """The history a user may read: staff who record follow-up also see internal notes."""
    events = FollowUpEvent.objects.select_related("evidence").order_by("-created_at", "-id")
    return events if can_record(user) else events.filter(is_public=True)


def row_id(value: str) -> int | None:
    """A row's id as a form posted it, or None for what no row can have (not digits, or
    more than a 64-bit key holds)."""
    return int(value) if value.isdigit() and len(value) <= 18 else None


def paginate(request, queryset, count=None):
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known already: spares counting every row again
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@dataclass
class ActiveFilter:
    name: str
    value: str
    without: str  # the query string of the same list without this filter


def active_filters(request) -> list[ActiveFilter]:
    """The filters a list was asked with, each with the address of the list without it:
    what an empty result offers to remove."""
    found = []
    for name, value in request.GET.items():
        if name == "page" or not value:
            continue
        params = request.GET.copy()
        params.pop("page", None)
        params.pop(name)
        found.append(ActiveFilter(name, value, params.urlencode()))
    return found
