"""The public pages and the staff action that records follow-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import services
from .filters import FollowUpFilter, ResolutionFilter, session_code
from .forms import FollowUpEventForm
from .models import (
    AgendaItem,
    Body,
    Citation,
    Document,
    FollowUp,
    FollowUpEvent,
    Paragraph,
    Resolution,
    Session,
    SessionKind,
)


def can_record(user) -> bool:
    return user.has_perm(services.RECORD_PERMISSION)


def visible_events(user):
    """The history a user may read: staff who record follow-up also see internal notes."""
    events = FollowUpEvent.objects.select_related("evidence").order_by("-created_at", "-id")
    return events if can_record(user) else events.filter(is_public=True)


def paginate(request, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def home(request):
    today = timezone.localdate()
    open_follow_ups = FollowUp.objects.open()
    context = {
        "resolution_count": Resolution.objects.count(),
        "paragraph_count": Paragraph.objects.count(),
        "open_count": open_follow_ups.count(),
        "overdue_count": open_follow_ups.overdue(today).count(),
        "latest": Resolution.objects.for_list()[:5],
        "due_soonest": open_follow_ups.for_list().order_by(F("due_on").asc(nulls_last=True), "id")[
            :8
        ],
        "today": today,
    }
    return render(request, "resolutions/home.html", context)


def resolution_list(request):
    filterset = ResolutionFilter(request.GET, queryset=Resolution.objects.all())
    page = paginate(request, filterset.qs.for_list())
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "filterset": filterset,
            "facets": filterset.facets(),
            "page": page,
            "query": query_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def resolution_detail(request, symbol):
    resolution = get_object_or_404(Resolution.objects.for_detail(), symbol=symbol)
    paragraphs = list(resolution.paragraphs.all())
    footnotes_by_paragraph = {}
    for footnote in resolution.footnotes.all():
        footnotes_by_paragraph.setdefault(footnote.paragraph_id, []).append(footnote)
    for paragraph in paragraphs:
        paragraph.footnote_list = footnotes_by_paragraph.get(paragraph.pk, [])
    cited_by = (
        Resolution.objects.filter(paragraphs__citations__document__resolution=resolution)
        .select_related("body")
        .distinct()
        .order_by("-adopted_on", "symbol")
    )
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "preambular": [p for p in paragraphs if p.kind == "preambular"],
            "operative": [p for p in paragraphs if p.kind == "operative"],
            "footnotes": resolution.footnotes.all(),
            "cited_by": cited_by,
            "today": timezone.localdate(),
            "follow_up_count": sum(len(p.follow_ups.all()) for p in paragraphs),
        },
    )


def document_detail(request, symbol):
    document = get_object_or_404(Document.objects.select_related("resolution"), symbol=symbol)
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
    special = code.upper().startswith("S-")
    number = code[2:] if special else code
    if not number.isdigit():
        return None
    return (
        Session.objects.filter(
            body__short_name__iexact=body,
            kind=SessionKind.SPECIAL if special else SessionKind.REGULAR,
            number=int(number),
        )
        .select_related("body")
        .first()
    )


def session_detail(request, body, code):
    session = _session_from_code(body, code)
    if session is None:
        raise Http404("No such session.")
    page = paginate(request, session.resolutions.for_list())
    return render(
        request,
        "resolutions/session_detail.html",
        {
            "session": session,
            "page": page,
            "query": "",
            "filter_code": session_code(session.body.short_name, session.kind, session.number),
        },
    )


def agenda_item_list(request):
    items = AgendaItem.objects.select_related("body").annotate(
        resolution_count=Count("resolutions")
    )
    return render(request, "resolutions/agenda_item_list.html", {"items": items})


def agenda_item_detail(request, body, number):
    item = get_object_or_404(
        AgendaItem.objects.select_related("body"), body__short_name__iexact=body, number=number
    )
    page = paginate(request, item.resolutions.for_list())
    return render(
        request, "resolutions/agenda_item_detail.html", {"item": item, "page": page, "query": ""}
    )


def follow_up_list(request):
    today = timezone.localdate()
    filterset = FollowUpFilter(request.GET, queryset=FollowUp.objects.all(), today=today)
    page = paginate(
        request,
        filterset.qs.for_list().order_by(
            F("due_on").asc(nulls_last=True), "resolution__symbol", "id"
        ),
    )
    return render(
        request,
        "resolutions/follow_up_list.html",
        {
            "filterset": filterset,
            "facets": filterset.facets(),
            "page": page,
            "query": query_without_page(request),
            "today": today,
        },
    )


def follow_up_detail(request, pk, form=None):
    follow_up = get_object_or_404(FollowUp.objects.for_list().select_related("fulfilled_by"), pk=pk)
    events = visible_events(request.user).filter(follow_up=follow_up)
    if form is None and can_record(request.user):
        form = FollowUpEventForm(initial={"new_status": follow_up.status})
    return render(
        request,
        "resolutions/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "events": events,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_POST
@login_required
@permission_required(services.RECORD_PERMISSION, raise_exception=True)
def record_event(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpEventForm(request.POST)
    if not form.is_valid():
        return follow_up_detail(request, pk, form=form)
    services.record_follow_up_event(
        follow_up,
        user=request.user,
        new_status=form.cleaned_data["new_status"],
        note=form.cleaned_data["note"],
        is_public=form.is_public,
        evidence_symbol=form.cleaned_data["evidence_symbol"],
    )
    messages.success(request, f"Recorded: {follow_up} is now {follow_up.get_status_display()}.")
    return redirect(follow_up)
