"""What stays inside the tracker: the people who work in it and the secrets they hold.

Who is assigned a request and who recorded an event are shown to staff only; everyone
else reads the name of the organisation (the TRACKER_ORGANISATION setting). An API token's
key is shown once, to the administrator who creates it, and afterwards only as a short
prefix, wherever a token is named (the admin, its log, the history page).
"""

from django.conf import settings

from resolutions.followups.recording import RECORD_PERMISSION

# Enough to tell a person's tokens apart in a list; far too little to guess the key from.
KEY_PREFIX_LENGTH = 4
MASK = "…"


def sees_staff(user) -> bool:
    """Whether `user` may read who is assigned and who recorded what: staff, and anyone
    who may record follow-up (they are assigned requests themselves)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.has_perm(RECORD_PERMISSION))
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
