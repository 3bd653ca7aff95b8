"""Writes that span several models. A follow-up's status changes here and nowhere else,
so that every change leaves an event in its history."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.access import can_record
from resolutions.followups import reminders
from resolutions.followups.proposals import propose_same_report
from resolutions.models import (
    CarriedForward,
    Document,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    FulfilmentProposal,
    ProposalStatus,
)

# Passed when the caller does not know which events the editor saw (bulk actions, proposals,
# the API): the event is recorded without the concurrent-edit check. None means "none".
NOT_CHECKED = object()


class ConcurrentEdit(Exception):
    """Someone recorded an event for the request after the editor opened it."""


class RequestSuperseded(Exception):
    """The request stopped being current while the editor was at it: a re-import of its
    resolution superseded it (importing.rows.detach_follow_ups, under the same row lock)."""


class ProposalDecided(Exception):
    """Someone accepted or rejected the proposed fulfilment before this decision."""


def _locked_current(follow_up: FollowUp) -> FollowUp:
    locked = FollowUp.objects.select_for_update().filter(pk=follow_up.pk).first()
    if locked is None:
        raise RequestSuperseded(
            _(
                "This request was superseded by a new text of its resolution while you were "
                "recording; nothing was recorded. Its page shows the text it was recorded on."
            )
        )
    return locked


def latest_event_id(follow_up) -> int | None:
    """The id of the request's most recent event, which the record form carries back."""
    return (
        FollowUpEvent.objects.filter(follow_up_id=follow_up.pk)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )


@transaction.atomic
def record_follow_up_event(
    follow_up: FollowUp,
    *,
    user,
    new_status: str,
    note: str = "",
    is_public: bool = True,
    evidence_symbol: str = "",
    seen_event_id=NOT_CHECKED,
) -> FollowUpEvent:
    """Record what happened to a follow-up request, and move it to its new status.

    With `seen_event_id` (the latest event the editor saw, None for none), raise
    ConcurrentEdit rather than record over an event the editor has not read."""
    if not can_record(user):
        raise PermissionDenied(_("You may not record follow-up."))
    if new_status not in FollowUpStatus.values:
        raise ValueError(f"Unknown follow-up status {new_status!r}.")
    # Lock the row so that two staff members saving at once each see the other's status.
    locked = _locked_current(follow_up)
    # Read under the lock, so that two editors who saw the same history cannot both pass.
    if seen_event_id is not NOT_CHECKED and latest_event_id(locked) != seen_event_id:
        raise ConcurrentEdit(_("Someone recorded an event for this request since it was opened."))
    evidence = None
    if evidence_symbol:
        evidence, _created = Document.objects.get_or_create(symbol=evidence_symbol)
    event = FollowUpEvent.objects.create(
        follow_up=locked,
        created_at=timezone.now(),
        user=user,
        user_name=user.get_full_name() or user.get_username(),
        old_status=locked.status,
        new_status=new_status,
        note=note,
        is_public=is_public,
        evidence=evidence,
    )
    locked.status = new_status
    update_fields = ["status", "updated_at"]
    # "Fulfilled by" and a proposal are public: what an internal event recorded, its
    # evidence included, stays in the event, for staff who record follow-up.
    public_evidence = evidence if is_public else None
    if new_status == FollowUpStatus.FULFILLED and public_evidence is not None:
        locked.fulfilled_by = public_evidence
        update_fields.append("fulfilled_by")
    locked.save(update_fields=update_fields)
    if public_evidence is not None:
        propose_same_report(locked, public_evidence)
    reminders.after_news()
    follow_up.refresh_from_db()
    return event


@transaction.atomic
def decide_proposal(proposal: FulfilmentProposal, *, user, accept: bool, note: str = ""):
    """Accept a proposed fulfilment (the request is fulfilled, the document its evidence) or
    reject it; either way the decision is an event in the request's history. Raises
    ProposalDecided when it was decided already, RequestSuperseded when a re-import
    superseded its request."""
    proposal = _still_open(FulfilmentProposal.objects.select_related("document"), proposal)
    follow_up = proposal.follow_up
    verdict = "Accepted" if accept else "Rejected"
    text = f"{verdict} the proposed fulfilment by {proposal.document.symbol}: {proposal.reason}"
    event = record_follow_up_event(
        follow_up,
        user=user,
        new_status=FollowUpStatus.FULFILLED if accept else follow_up.status,
        note=f"{text}\n{note}".strip(),
        evidence_symbol=proposal.document.symbol if accept else "",
    )
    _decide(proposal, user=user, accept=accept, event=event)
    return event


@transaction.atomic
def decide_carried_forward(carried: CarriedForward, *, user, accept: bool):
    """Accept (the earlier request is superseded by the later) or reject the proposal;
    either way the decision is an event in the earlier request's history."""
    rows = CarriedForward.objects.select_related("earlier", "later__resolution", "later__paragraph")
    carried = _still_open(rows, carried)
    later = carried.later
    verdict = "Accepted" if accept else "Rejected"
    note = (
        f"{verdict}: carried forward by {later.resolution.symbol} {later.label}"
        + (f", due {later.due_label}" if later.due_label else "")
        + "."
    )
    event = record_follow_up_event(
        carried.earlier,
        user=user,
        new_status=FollowUpStatus.SUPERSEDED if accept else carried.earlier.status,
        note=note,
    )
    _decide(carried, user=user, accept=accept, event=event)
    return event


def _still_open(rows, proposal):
    """The proposal, locked until the transaction ends; ProposalDecided if it was decided."""
    # Only its own row: the requests it names may be read with it (a nullable join).
    proposal = rows.select_for_update(of=("self",)).get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise ProposalDecided(
            _("This proposal was already %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    return proposal


def _decide(proposal, *, user, accept: bool, event):
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_by, proposal.decided_at = user, event.created_at
    proposal.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def assign_follow_up(follow_up: FollowUp, *, user, assignee):
    """Give a request to a staff member (or to nobody); the change is an event."""
    if not can_record(user):
        raise PermissionDenied(_("You may not assign follow-up."))
    follow_up = _locked_current(follow_up)
    follow_up.assigned_to = assignee
    follow_up.save(update_fields=["assigned_to", "updated_at"])
    name = (assignee.get_full_name() or assignee.get_username()) if assignee else "nobody"
    return record_follow_up_event(
        follow_up,
        user=user,
        new_status=follow_up.status,
        note=f"Assigned to {name}.",
        is_public=False,
    )


@transaction.atomic
def record_for_many(follow_ups, *, user, new_status, note="", is_public=True):
    """One status change with one note for several requests: an event for each."""
    return [
        record_follow_up_event(
            follow_up, user=user, new_status=new_status, note=note, is_public=is_public
        )
        for follow_up in follow_ups
    ]
