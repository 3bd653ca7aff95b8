"""Who may do what in the tracker, and what stays inside it: the people who work in it and
the secrets they hold.

Three permissions of the app let a person record follow-up (events, assignments, decisions
on proposals), import texts and restore earlier ones; the pages, the API and the write side
all ask here (the templates ask Django's `perms` for the same names).

Who is assigned a request and who recorded an event are shown to staff only; everyone else
reads the name of the organisation (the TRACKER_ORGANISATION setting). An API token's key is
shown once, to the administrator who creates it, and afterwards only as a short prefix,
wherever a token is named (the admin, its log, the history page).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

# The first and last are the models' own (FollowUp, ResolutionVersion); an import adds or
# replaces a resolution, so it asks for Django's add permission of the model.
RECORD_PERMISSION = "resolutions.record_followup"
IMPORT_PERMISSION = "resolutions.add_resolution"
RESTORE_PERMISSION = "resolutions.restore_resolutionversion"

# Enough to tell a person's tokens apart in a list; far too little to guess the key from.
KEY_PREFIX_LENGTH = 4
MASK = "…"


def can_record(user) -> bool:
    """Whether `user` may record follow-up: events, assignments, decisions on proposals; who
    may also reads the internal notes."""
    return bool(user is not None and user.is_authenticated and user.has_perm(RECORD_PERMISSION))


def can_restore(user) -> bool:
    """Whether `user` may restore an earlier text of a resolution."""
    return bool(user is not None and user.is_authenticated and user.has_perm(RESTORE_PERMISSION))


def recorders():
    """Active staff who may record follow-up: the people a request can be assigned to."""
    app_label, codename = RECORD_PERMISSION.split(".")
    permission = Permission.objects.get(codename=codename, content_type__app_label=app_label)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(user_permissions=permission)
            | Q(groups__permissions=permission)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def sees_staff(user) -> bool:
    """Whether `user` may read who is assigned and who recorded what: staff, and anyone
    who may record follow-up (they are assigned requests themselves)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or can_record(user))
    )


def organisation() -> str:
    return settings.TRACKER_ORGANISATION


def recorded_by(event, user) -> str:
    """Who recorded `event`, as `user` may read it."""
    if sees_staff(user):
        return event.user_name
    return organisation()


def masked_key(key: str) -> str:
    """A token key as it may be shown after its creation: its first characters only.
    A label already masked is returned as it is, so masking twice changes nothing."""
    key = key or ""
    if key.endswith(MASK):
        return key
    return key[:KEY_PREFIX_LENGTH] + MASK


def token_label(token) -> str:
    """What a token is called on every page: DRF names it by its whole key."""
    return masked_key(token.key)
