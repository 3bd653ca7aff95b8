"""The pages of follow-up requests and the forms staff record on them: events, assignments,
decisions on proposals, bulk updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from resolutions import access, queries
from resolutions.followups import recording
from resolutions.models import (
    CarriedForward,
    FollowUp,
    FulfilmentProposal,
)
from resolutions.web.filters import FollowUpFilter
from resolutions.web.forms import AssignForm, BulkEventForm, FollowUpEventForm
from resolutions.web.pages import active_filters, paginate, query_without_page, visible_events


@require_safe
def follow_up_list(request):
    today = timezone.localdate()
    filterset = FollowUpFilter(
        request.GET, queryset=FollowUp.objects.all(), today=today, user=request.user
    )
    total, facets = filterset.counted()
    requests = filterset.qs.for_rows().prefetch_related("entities").by_due_date()
    page = paginate(request, requests, count=total)
    return render(
        request,
        "resolutions/follow_up_list.html",
        {
            "filterset": filterset,
            "facets": facets,
            "page": page,
            "query": query_without_page(request),
            "active_filters": active_filters(request),
            "today": today,
            "bulk_form": BulkEventForm() if access.can_record(request.user) else None,
            "sees_staff": access.sees_staff(request.user),
        },
        # A value a filter cannot read is an error beside it, the others still apply.
        status=400 if filterset.form.errors else 200,
    )


@require_safe
def follow_up_detail(request, pk):
    return follow_up_page(request, pk)


def follow_up_page(request, pk, form=None, status=None):
    """The follow-up page; the record action renders it too, with its form's errors."""
    # A superseded request keeps its page, read-only: the record and assign actions, which
    # look up current requests only, answer 404 for it.
    follow_up = get_object_or_404(
        FollowUp.all_objects.for_list()
        .select_related("fulfilled_by", "assigned_to")
        .prefetch_related("entities"),
        pk=pk,
    )
    events = visible_events(request.user).filter(follow_up=follow_up)
    proposals = follow_up.proposals.select_related("document", "decided_by")
    carried_into, carried_from = queries.carried_forward(follow_up)
    assign_form = None
    if access.can_record(request.user) and not follow_up.is_superseded:
        form = form or FollowUpEventForm(
            initial={
                "new_status": follow_up.status,
                "seen_event": recording.latest_event_id(follow_up),
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
            "carried_into": carried_into,
            "carried_from": carried_from,
            "today": timezone.localdate(),
            # Who is assigned and who recorded are for staff; the public reads this instead.
            "sees_staff": access.sees_staff(request.user),
            "organisation": access.organisation(),
        },
        status=status or (400 if form is not None and form.is_bound else 200),
    )


CONCURRENT_EDIT_MESSAGE = gettext_lazy(
    "Someone recorded an event for this request since you opened it: "
    "read it below and record yours again."
)


@require_POST
@login_required
@permission_required(access.RECORD_PERMISSION, raise_exception=True)
def record_event(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpEventForm(request.POST)
    if not form.is_valid():
        return follow_up_page(request, pk, form=form)
    try:
        recording.record_follow_up_event(
            follow_up,
            user=request.user,
            new_status=form.cleaned_data["new_status"],
            note=form.cleaned_data["note"],
            is_public=form.is_public,
            evidence_symbol=form.cleaned_data["evidence_symbol"],
            seen_event_id=form.seen_event_id,
        )
    except recording.RequestSuperseded as error:
        messages.error(request, str(error))
        return redirect(follow_up)
    except recording.ConcurrentEdit:
        # The editor's note is kept in the form; the history shown now includes the new event,
        # and the form carries its id so that a second save, once read, goes through.
        data = form.data.copy()
        data["seen_event"] = recording.latest_event_id(follow_up) or ""
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


@require_POST
@login_required
@permission_required(access.RECORD_PERMISSION, raise_exception=True)
def decide_proposal(request, pk, proposal_pk):
    proposal = get_object_or_404(FulfilmentProposal, pk=proposal_pk, follow_up_id=pk)
    accept = request.POST.get("decision") == "accept"
    try:
        recording.decide_proposal(proposal, user=request.user, accept=accept)
    except (recording.ProposalDecided, recording.RequestSuperseded) as error:
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
@permission_required(access.RECORD_PERMISSION, raise_exception=True)
def decide_carried_forward(request, pk, carried_pk):
    carried = get_object_or_404(
        CarriedForward.objects.select_related("later__resolution", "later__paragraph"),
        pk=carried_pk,
        earlier_id=pk,
    )
    accept = request.POST.get("decision") == "accept"
    try:
        recording.decide_carried_forward(carried, user=request.user, accept=accept)
    except (recording.ProposalDecided, recording.RequestSuperseded) as error:
        messages.error(request, str(error))
    else:
        later = f"{carried.later.resolution.symbol} {carried.later.label}"
        verdict = (
            _("Marked superseded by %(later)s.")
            if accept
            else _("Kept open: not superseded by %(later)s.")
        )
        messages.success(request, verdict % {"later": later})
    return redirect("follow_up_detail", pk=pk)


@require_POST
@login_required
@permission_required(access.RECORD_PERMISSION, raise_exception=True)
def assign(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a staff member who may record follow-up."))
        return redirect(follow_up)
    assignee = form.cleaned_data["assignee"]
    try:
        recording.assign_follow_up(follow_up, user=request.user, assignee=assignee)
    except recording.RequestSuperseded as error:
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
@permission_required(access.RECORD_PERMISSION, raise_exception=True)
def record_bulk(request):
    """One status and one note for every request ticked on the follow-up list."""
    form = BulkEventForm(request.POST)
    back = request.POST.get("next") or ""
    back = back if back.startswith("?") else ""
    if not form.is_valid():
        messages.error(request, _("Tick at least one request and choose a status."))
        return redirect(reverse("follow_up_list") + back)
    follow_ups = list(FollowUp.objects.filter(pk__in=form.cleaned_data["follow_ups"]))
    recording.record_for_many(
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
