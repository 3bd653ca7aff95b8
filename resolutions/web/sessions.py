"""The pages of sessions and agenda items."""

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from resolutions import counts
from resolutions.domain import parse_session_code, session_filter_code
from resolutions.models import (
    AgendaItem,
    AgendaItemTally,
    Body,
    ResolutionTally,
    Session,
    listed_q,
)
from resolutions.web import rows
from resolutions.web.resolutions import watched

# The body /sessions/ opens with: the tracker's first users follow the Council.
DEFAULT_BODY = "HRC"


@require_safe
def session_list(request):
    """One body's sessions, newest first (the Council's unless another is chosen), with the
    other bodies to switch to, and for each session how many of its texts are stored."""
    listed = listed_q("resolutions__")
    bodies = list(
        Body.objects.annotate(session_count=Count("sessions")).filter(session_count__gt=0)
    )
    chosen = request.GET.get("body", "").upper() or DEFAULT_BODY
    body = next((b for b in bodies if b.short_name == chosen), bodies[0] if bodies else None)
    sessions = (
        body.sessions.annotate(
            resolution_count=Count("resolutions", filter=listed),
            stored_count=Count("resolutions", filter=listed & ~Q(resolutions__source_text="")),
        ).order_by(F("start_date").desc(nulls_last=True), "-year", "kind", "-number")
        if body
        else []
    )
    context = {"bodies": bodies, "body": body, "sessions": sessions}
    return render(request, "resolutions/session_list.html", context)


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
    coverage = counts.cached(
        "session-coverage",
        [session.pk],
        ResolutionTally.objects.listed().filter(session=session).coverage,
        texts=True,
    )
    page = rows.paginated(request, resolutions, coverage.total)
    return render(
        request,
        "resolutions/session_detail.html",
        {
            "session": session,
            "page": page,
            "coverage": coverage,
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
    # Summed from the agenda items' tally (text_tally.py), once per data version.
    coverage = counts.cached(
        "agenda-item-coverage",
        [item.pk],
        AgendaItemTally.objects.listed().filter(agenda_items=item).coverage,
        texts=True,
    )
    context = {
        "item": item,
        "filter_code": f"{item.body.short_name}-{item.number}",
        "page": rows.paginated(request, resolutions, coverage.total),
        "query": "",
        "coverage": coverage,
        "watching": "agenda_item" in watched(request.user, agenda_item=item.pk),
    }
    return render(request, "resolutions/agenda_item_detail.html", context)
