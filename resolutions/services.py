"""Writes that span several models. A follow-up's status changes here and nowhere else,
so that every change leaves an event in its history."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import (
    Document,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    FulfilmentProposal,
    ProposalStatus,
)
from .series import propose_same_report

RECORD_PERMISSION = "resolutions.record_followup"


@transaction.atomic
def record_follow_up_event(
    follow_up: FollowUp,
    *,
    user,
    new_status: str,
    note: str = "",
    is_public: bool = True,
    evidence_symbol: str = "",
) -> FollowUpEvent:
    """Record what happened to a follow-up request, and move it to its new status."""
    if not user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied("You may not record follow-up.")
    if new_status not in FollowUpStatus.values:
        raise ValueError(f"Unknown follow-up status {new_status!r}.")
    # Lock the row so that two staff members saving at once each see the other's status.
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    evidence = None
    if evidence_symbol:
        evidence, _ = Document.objects.get_or_create(symbol=evidence_symbol)
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
    if new_status == FollowUpStatus.FULFILLED and evidence is not None:
        locked.fulfilled_by = evidence
        update_fields.append("fulfilled_by")
    locked.save(update_fields=update_fields)
    if evidence is not None:
        propose_same_report(locked, evidence)
    follow_up.refresh_from_db()
    return event


@transaction.atomic
def decide_proposal(proposal: FulfilmentProposal, *, user, accept: bool, note: str = ""):
    """Accept a proposed fulfilment (the request is fulfilled, the document its evidence) or
    reject it; either way the decision is an event in the request's history."""
    proposal = FulfilmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise ValueError(f"This proposal was already {proposal.get_status_display().lower()}.")
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
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_by = user
    proposal.decided_at = event.created_at
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return event


@transaction.atomic
def assign_follow_up(follow_up: FollowUp, *, user, assignee):
    """Give a request to a staff member (or to nobody); the change is an event."""
    if not user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied("You may not assign follow-up.")
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
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
