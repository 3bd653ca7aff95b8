"""Writes that span several models. A follow-up's status changes here and nowhere else,
so that every change leaves an event in its history."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Document, FollowUp, FollowUpEvent, FollowUpStatus

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
    follow_up.refresh_from_db()
    return event
