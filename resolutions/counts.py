"""Counts that pages show on every request (totals on the home page, the choices of each
filter, the number of rows a list or the API's resolution list pages through), cached
until the data they count changes.

Counting every paragraph or every open request is the costliest part of the home, list
and follow-up pages, and the answer changes only when data is written. Each cached count
is keyed by the data version, a token stored in the database (`DataVersion`) that every
such write replaces inside its own transaction (`changed`): once the write is committed,
readers see the new token and count afresh, so a cached count never outlives its data.
The token is read from the database on each page, not from the cache, so that every
server process sees a write at once whatever cache backend it has (LocMem by default, one
per process).

Writes that go through `save()` or `delete()` (the admin, the API, services) are caught by
the signals connected in `connect`; the bulk writers (import, catalogue import, dataset
import) call `changed` themselves.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

TIMEOUT = 24 * 60 * 60
ROW = 1


def version() -> int | None:
    """The current data version, or None while no write has set one."""
    from resolutions.models import DataVersion

    return DataVersion.objects.filter(pk=ROW).values_list("token", flat=True).first()


def changed(**kwargs) -> None:
    """Record that counted data changed; also a signal receiver, hence `**kwargs`.

    The row stays locked until the writing transaction ends, so such writes queue one
    behind the other; they are imports and staff edits, seldom at the same moment."""
    from resolutions.models import DataVersion

    # A random token rather than a counter: a database restored or emptied and refilled
    # cannot come back to a token whose counts are still cached.
    token = secrets.randbits(62)
    if not DataVersion.objects.filter(pk=ROW).update(token=token):
        DataVersion.objects.bulk_create([DataVersion(pk=ROW, token=token)], ignore_conflicts=True)
        DataVersion.objects.filter(pk=ROW).update(token=token)


def cached(name: str, parts, compute):
    """`compute()`, kept in the cache under the data version, the reader's language, `name`
    and `parts` (whatever else the result depends on: the filters, today's date)."""
    current = version()
    if current is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    # The language too: filter choices are cached with their labels ("32nd", "32e").
    key = f"counts:{current}:{translation.get_language()}:{name}:{digest}"
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, TIMEOUT)
    return result


def connect() -> None:
    """Raise the data version on every single-row write to what the pages count."""
    from django.contrib.auth import get_user_model

    from resolutions.models import AgendaItem, Body, FollowUp, Paragraph, Resolution, Session

    # Paragraphs: the home page counts them and the lists' word filter reads their text.
    for model in (Resolution, Paragraph, FollowUp, Body, Session, AgendaItem):
        post_save.connect(changed, sender=model, dispatch_uid=f"counts-save-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"counts-delete-{model.__name__}")
    m2m_changed.connect(
        changed, sender=Resolution.agenda_items.through, dispatch_uid="counts-agenda-items"
    )
    # People: the follow-up list counts by assignee, by user name; deleting a user unassigns
    # their requests with one UPDATE, which sends no FollowUp signal.
    user = get_user_model()
    post_save.connect(user_changed, sender=user, dispatch_uid="counts-save-user")
    post_delete.connect(changed, sender=user, dispatch_uid="counts-delete-user")


def user_changed(update_fields=None, **kwargs) -> None:
    # Every log-in saves the user's last_login: that changes no count.
    if update_fields is None or set(update_fields) != {"last_login"}:
        changed()
