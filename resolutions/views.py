"""The public pages and the staff action that records follow-up."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from . import counts, history, parsing, privacy, search, series, services
from .filters import FollowUpFilter, ResolutionFilter, session_code
from .forms import AssignForm, BulkEventForm, FollowUpEventForm, ImportForm
from .importing import (
    ImportRefused,
    ReplacementRefused,
    check_importable,
    describe_error,
    import_parsed,
)
from .importing import Outcome as ImportOutcome
from .models import (
    AgendaItem,
    Body,
    Citation,
    Document,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    FulfilmentProposal,
    ImportChannel,
    Paragraph,
    Resolution,
    Session,
    VotePosition,
    parse_session_code,
)

logger = logging.getLogger(__name__)


def can_record(user) -> bool:
    return user.has_perm(services.RECORD_PERMISSION)


def visible_events(user):
    """The history a user may read: staff who record follow-up also see internal notes."""
    events = FollowUpEvent.objects.select_related("evidence").order_by("-created_at", "-id")
    return events if can_record(user) else events.filter(is_public=True)


def paginate(request, queryset, count=None):
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known already: spares counting every row again
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


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


@require_safe
def search_paragraphs(request):
    """Paragraphs matching a full-text query, grouped by resolution, with the list filters."""
    query = request.GET.get("q", "").strip()[:300]
    filters = request.GET.copy()
    filters.pop("q", None)
    paragraph_kind = filters.pop("paragraph_kind", [""])[0]
    status = filters.pop("follow_up_status", [""])[0]

    statuses = (
        FollowUpStatus.open_values()
        if status == "open"
        else [status]
        if status in FollowUpStatus.values
        else None
    )
    hits = search.matching_paragraphs(
        query,
        # Unordered: sorting every listed resolution for an IN (...) grew with the data.
        Resolution.objects.listed().order_by().values("id").query.sql_with_params(),
        paragraph_kind if paragraph_kind in dict(PARAGRAPH_KINDS) else "",
        statuses,
    )

    # The filters count, and select among, the resolutions that the text matched.
    matched = Resolution.objects.filter(id__in={hit.resolution_id for hit in hits})
    filterset = ResolutionFilter(filters, queryset=matched)
    kept = set(filterset.qs.values_list("id", flat=True))
    groups = search.group_by_resolution([hit for hit in hits if hit.resolution_id in kept])
    page = Paginator(groups, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {pk: group[:HITS_SHOWN] for pk, group in page.object_list}
    on_page = [hit.paragraph_id for group in shown.values() for hit in group]
    marked = search.snippets(query, on_page)
    resolutions = Resolution.objects.for_list().in_bulk(list(shown))
    labels = dict(Paragraph.objects.filter(id__in=on_page).values_list("id", "label"))
    results = [
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
    return render(
        request,
        "resolutions/search.html",
        {
            "q": query,
            "results": results,
            "page": page,
            "paragraph_count": sum(len(group) for _, group in groups),
            "capped": len(hits) >= search.MAX_PARAGRAPHS,
            "facets": filterset.facets() if query else [],
            "paragraph_kinds": PARAGRAPH_KINDS,
            "paragraph_kind": paragraph_kind,
            "follow_up_statuses": FOLLOW_UP_STATUSES,
            "follow_up_status": status,
            "query": query_without_page(request),
        },
    )


@require_safe
def resolution_detail(request, symbol):
    resolution = get_object_or_404(Resolution.objects.for_detail(), symbol=symbol)
    paragraphs = resolution.paragraph_list
    footnotes_by_paragraph, children = {}, {}
    for footnote in resolution.footnotes.all():
        footnotes_by_paragraph.setdefault(footnote.paragraph_id, []).append(footnote)
    for paragraph in paragraphs:
        paragraph.footnote_list = footnotes_by_paragraph.get(paragraph.pk, [])
        children.setdefault(paragraph.parent_id, []).append(paragraph)
    for paragraph in paragraphs:
        paragraph.children = children.get(paragraph.pk, [])
    top_level = children.get(None, [])
    votes = {position: [] for position in VotePosition.values}
    for vote in resolution.country_votes.all():
        votes[vote.position].append(vote.country.name)
    # EXISTS rather than a join made DISTINCT, which compared whole rows, source texts
    # included; the texts themselves are not shown. The first, uncorrelated EXISTS is
    # checked once, before the rest runs: PostgreSQL plans the second for the average
    # document's thousands of citations, starting a parallel worker (7 ms at 100,000
    # resolutions), and most texts are cited by none.
    citations = Citation.objects.filter(document__resolution=resolution)
    cited_by = (
        Resolution.objects.filter(
            Exists(citations),
            Exists(citations.filter(paragraph__resolution=OuterRef("pk"))),
        )
        .select_related("body")
        .defer("source_text", "annex")
        .order_by("-adopted_on", "symbol")
    )
    return render(
        request,
        "resolutions/resolution_detail.html",
        {
            "resolution": resolution,
            "preambular": [p for p in top_level if p.kind == "preambular"],
            "operative": [p for p in top_level if p.kind == "operative"],
            "votes": [
                (label, votes[value]) for value, label in VotePosition.choices if votes[value]
            ],
            "predecessors": resolution.predecessors.all(),
            "superseded": resolution.superseded_list,
            "series": series.timeline(resolution),
            "footnotes": resolution.footnotes.all(),
            "cited_by": cited_by,
            "today": timezone.localdate(),
            "follow_up_count": sum(len(p.follow_up_list) for p in paragraphs),
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
    page = paginate(request, session.resolutions.listed().for_list())
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
    page = paginate(request, item.resolutions.listed().for_list())
    return render(
        request, "resolutions/agenda_item_detail.html", {"item": item, "page": page, "query": ""}
    )


@require_safe
def follow_up_list(request):
    today = timezone.localdate()
    filterset = FollowUpFilter(
        request.GET, queryset=FollowUp.objects.all(), today=today, user=request.user
    )
    total, facets = filterset.counted()
    page = paginate(request, filterset.qs.for_list().by_due_date(), count=total)
    return render(
        request,
        "resolutions/follow_up_list.html",
        {
            "filterset": filterset,
            "facets": facets,
            "page": page,
            "query": query_without_page(request),
            "today": today,
            "bulk_form": BulkEventForm() if can_record(request.user) else None,
            "sees_staff": privacy.sees_staff(request.user),
        },
    )


@require_safe
def follow_up_detail(request, pk):
    return follow_up_page(request, pk)


def follow_up_page(request, pk, form=None, status=None):
    """The follow-up page; the record action renders it too, with its form's errors."""
    # A superseded request keeps its page, read-only: the record and assign actions, which
    # look up current requests only, answer 404 for it.
    follow_up = get_object_or_404(
        FollowUp.all_objects.for_list().select_related("fulfilled_by", "assigned_to"), pk=pk
    )
    events = visible_events(request.user).filter(follow_up=follow_up)
    proposals = follow_up.proposals.select_related("document", "decided_by")
    assign_form = None
    if can_record(request.user) and not follow_up.is_superseded:
        form = form or FollowUpEventForm(
            initial={
                "new_status": follow_up.status,
                "seen_event": services.latest_event_id(follow_up),
            }
        )
        assign_form = AssignForm(initial={"assignee": follow_up.assigned_to_id})
    return render(
        request,
        "resolutions/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "events": events,
            "form": form,
            "assign_form": assign_form,
            "proposals": proposals,
            "today": timezone.localdate(),
            # Who is assigned and who recorded are for staff; the public reads this instead.
            "sees_staff": privacy.sees_staff(request.user),
            "organisation": privacy.organisation(),
        },
        status=status or (400 if form is not None and form.is_bound else 200),
    )


CONCURRENT_EDIT_MESSAGE = gettext_lazy(
    "Someone recorded an event for this request since you opened it: "
    "read it below and record yours again."
)


@require_POST
@login_required
@permission_required(services.RECORD_PERMISSION, raise_exception=True)
def record_event(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpEventForm(request.POST)
    if not form.is_valid():
        return follow_up_page(request, pk, form=form)
    try:
        services.record_follow_up_event(
            follow_up,
            user=request.user,
            new_status=form.cleaned_data["new_status"],
            note=form.cleaned_data["note"],
            is_public=form.is_public,
            evidence_symbol=form.cleaned_data["evidence_symbol"],
            seen_event_id=form.seen_event_id,
        )
    except services.RequestSuperseded as error:
        messages.error(request, str(error))
        return redirect(follow_up)
    except services.ConcurrentEdit:
        # The editor's note is kept in the form; the history shown now includes the new event,
        # and the form carries its id so that a second save, once read, goes through.
        data = form.data.copy()
        data["seen_event"] = services.latest_event_id(follow_up) or ""
        form = FollowUpEventForm(data)
        form.is_valid()
        form.add_error(None, CONCURRENT_EDIT_MESSAGE)
        return follow_up_page(request, pk, form=form, status=409)
    messages.success(
        request,
        _("Recorded: %(follow_up)s is now %(status)s.")
        % {"follow_up": follow_up, "status": follow_up.get_status_display()},
    )
    return redirect(follow_up)


IMPORT_PERMISSION = "resolutions.add_resolution"
IMPORT_OUTCOMES = {
    ImportOutcome.IMPORTED: gettext_lazy("%s: imported."),
    ImportOutcome.UPDATED: gettext_lazy("%s: updated."),
    ImportOutcome.UNCHANGED: gettext_lazy("%s: unchanged."),
}


REPLACEMENT_REFUSED = gettext_lazy(
    "This text reads as another resolution than the one stored under its symbol. "
    "Nothing was changed. Check the symbol; to replace the stored text all the same, "
    "tick “Replace the stored text” and confirm again."
)


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_resolution(request):
    """Upload or paste a text, see how it parses beside the original, then confirm."""
    if request.method != "POST":
        return render(request, "resolutions/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "resolutions/import.html", {"form": form}, status=400)
    text, symbol = form.cleaned_data["text"], form.cleaned_data["symbol"] or None
    status = 200
    try:
        parsed = parsing.parse(text, symbol=symbol)
        check_importable(parsed)
        if request.POST.get("action") == "confirm":
            origin = history.ImportOrigin(
                channel=ImportChannel.WEB,
                user=request.user,
                file_name=form.cleaned_data["file_name"],
            )
            result = import_parsed(
                parsed, text, replace=form.cleaned_data["replace"], origin=origin
            )
            messages.success(
                request,
                " ".join(
                    [str(IMPORT_OUTCOMES[result.outcome] % result.resolution.symbol)]
                    + result.warnings
                ),
            )
            return redirect(result.resolution)
    except ReplacementRefused:
        # The preview again, which says what replacing would do and offers to confirm it.
        form.add_error(None, REPLACEMENT_REFUSED)
        status = 400
    except parsing.ParserBug as error:
        form.add_error(
            None,
            _(
                "%(name)s: internal error of the parser, please report it, with the file "
                "(%(error)s)."
            )
            % {"name": form.source_name(), "error": error},
        )
        # The person sees a message to report; the operators get the traceback in the log.
        logger.exception("parser bug while importing %s", form.source_name())
        return render(request, "resolutions/import.html", {"form": form}, status=400)
    except (parsing.ParseError, ImportRefused) as error:
        failure = (
            _("The text could not be read: %(reason)s")
            if isinstance(error, parsing.ParseError)
            else _("The text could not be stored: %(reason)s")
        )
        form.add_error(None, failure % {"reason": describe_error(error)})
        return render(request, "resolutions/import.html", {"form": form}, status=400)
    existing = Resolution.objects.filter(symbol=parsed.symbol).first()
    context = {
        "form": form,
        "parsed": parsed,
        "text": text,
        "existing": existing,
        "events_kept": FollowUpEvent.objects.filter(follow_up__resolution=existing).count()
        if existing
        else 0,
        "replacement": history.replacement(existing, parsed) if existing else None,
    }
    return render(request, "resolutions/import.html", context, status=status)


@require_POST
@login_required
@permission_required(services.RECORD_PERMISSION, raise_exception=True)
def decide_proposal(request, pk, proposal_pk):
    proposal = get_object_or_404(FulfilmentProposal, pk=proposal_pk, follow_up_id=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_proposal(proposal, user=request.user, accept=accept)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        verdict = (
            _("Proposed fulfilment by %(symbol)s accepted.")
            if accept
            else _("Proposed fulfilment by %(symbol)s rejected.")
        )
        messages.success(request, verdict % {"symbol": proposal.document.symbol})
    return redirect("follow_up_detail", pk=pk)


@require_POST
@login_required
@permission_required(services.RECORD_PERMISSION, raise_exception=True)
def assign(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a staff member who may record follow-up."))
        return redirect(follow_up)
    assignee = form.cleaned_data["assignee"]
    try:
        services.assign_follow_up(follow_up, user=request.user, assignee=assignee)
    except services.RequestSuperseded as error:
        messages.error(request, str(error))
        return redirect(follow_up)
    if assignee:
        name = assignee.get_full_name() or assignee.get_username()
        message = _("%(follow_up)s is assigned to %(name)s.")
    else:
        name, message = "", _("%(follow_up)s is assigned to nobody.")
    messages.success(request, message % {"follow_up": follow_up, "name": name})
    return redirect(follow_up)


@require_POST
@login_required
@permission_required(services.RECORD_PERMISSION, raise_exception=True)
def record_bulk(request):
    """One status and one note for every request ticked on the follow-up list."""
    form = BulkEventForm(request.POST)
    back = request.POST.get("next") or ""
    back = back if back.startswith("?") else ""
    if not form.is_valid():
        messages.error(request, _("Tick at least one request and choose a status."))
        return redirect(reverse("follow_up_list") + back)
    follow_ups = list(FollowUp.objects.filter(pk__in=form.cleaned_data["follow_ups"]))
    services.record_for_many(
        follow_ups,
        user=request.user,
        new_status=form.cleaned_data["new_status"],
        note=form.cleaned_data["note"],
        is_public=form.is_public,
    )
    messages.success(
        request,
        ngettext(
            "Recorded for %(count)d follow-up request.",
            "Recorded for %(count)d follow-up requests.",
            len(follow_ups),
        )
        % {"count": len(follow_ups)},
    )
    return redirect(reverse("follow_up_list") + back)
