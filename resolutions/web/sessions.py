"""The pages of sessions and agenda items."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from resolutions.domain import parse_session_code, session_filter_code
from resolutions.models import (
    AgendaItem,
    Body,
    Session,
)
from resolutions.web.pages import paginate


@require_safe
def session_list(request):
    bodies = Body.objects.prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.annotate(resolution_count=Count("resolutions")).order_by(
                "kind", "-number"
            ),
        )
    )
    return render(request, "resolutions/session_list.html", {"bodies": bodies})


def _session_from_code(body, code):
    parsed = parse_session_code(code)
    if parsed is None:
        return None
    kind, number = parsed
    return (
        Session.objects.filter(body__short_name__iexact=body, kind=kind, number=number)
        .select_related("body")
        .first()
    )


@require_safe
def session_detail(request, body, code):
    session = _session_from_code(body, code)
    if session is None:
        raise Http404(_("No such session."))
    resolutions = session.resolutions.listed()
    page = paginate(request, resolutions.for_list())
    return render(
        request,
        "resolutions/session_detail.html",
        {
            "session": session,
            "page": page,
            "coverage": resolutions.coverage(),
            "query": "",
            "filter_code": session_filter_code(
                session.body.short_name, session.kind, session.number
            ),
        },
    )


@require_safe
def agenda_item_list(request):
    items = AgendaItem.objects.select_related("body").annotate(
        resolution_count=Count("resolutions")
    )
    return render(request, "resolutions/agenda_item_list.html", {"items": items})


@require_safe
def agenda_item_detail(request, body, number):
    item = get_object_or_404(
        AgendaItem.objects.select_related("body"), body__short_name__iexact=body, number=number
    )
    resolutions = item.resolutions.listed()
    page = paginate(request, resolutions.for_list())
    context = {"item": item, "page": page, "query": "", "coverage": resolutions.coverage()}
    return render(request, "resolutions/agenda_item_detail.html", context)
