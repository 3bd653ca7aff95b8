"""The data version, and counts that pages show on every request (totals on the home page,
the choices of each filter, the number of rows a list or the API's resolution list pages
through), cached until the data they count changes.

Counting every paragraph or every open request is the costliest part of the home, list
and follow-up pages, and the answer changes only when data is written. Each cached count,
and each page kept for visitors (web/visitor_cache.py), is keyed by the data version: a
token stored in the database (`DataVersion`) that every write to what a page shows
replaces inside its own transaction (`changed`). Once the write is committed, readers see
the new token and count or render afresh, so nothing cached outlives its data. The token
is read from the database on each page, not from the cache, so that every server process
sees a write at once whatever cache backend it has (LocMem by default, one per process).

Writes are caught where their SQL is executed (`note_write`, a wrapper on every database
connection), not by model signals: a bulk insert, a queryset's `update()` and raw SQL
change what pages show as surely as `save()` does, and send no signal. The tables no page
and no count reads (`UNSEEN_TABLES`) do not change the version: sessions, log-in
attempts, the task queue, a person's own watches and reminders.
"""

import hashlib
import re
import secrets

from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils import translation

TIMEOUT = 24 * 60 * 60
ROW = 1

# The first table a statement writes to, as Django and our raw SQL spell it.
WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?(\w+)', re.I
)
# Every log-in saves the user's last_login: that changes nothing a page shows.
LAST_LOGIN_ONLY = re.compile(
    r'\s*UPDATE\s+"?auth_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I
)
UNSEEN_TABLES = frozenset(
    {
        "resolutions_dataversion",
        # A person's own choices and what was sent to them; the fetch queue, shown only to
        # the staff who asked (pages for staff are never kept, and count nothing of it).
        "resolutions_remindersettings",
        "resolutions_reminderdigest",
        "resolutions_remindernotice",
        "resolutions_watch",
        "resolutions_watchnotice",
        "resolutions_savedsearch",
        "resolutions_fetchrequest",
        # Django's and the libraries' own records.
        "django_session",
        "django_admin_log",
        "django_content_type",
        "django_migrations",
        "auth_permission",
        "authtoken_token",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_tasks_database_dbtaskresult",
    }
)

# While migrate runs, the DataVersion table may not exist yet; migrate ends by changing
# the version once (`after_migrate`).
_migrating = False


def version() -> int | None:
    """The current data version, or None while no write has set one."""
    from resolutions.models import DataVersion

    return DataVersion.objects.filter(pk=ROW).values_list("token", flat=True).first()


def changed(**kwargs) -> None:
    """Record that data pages show changed (`**kwargs`: also a signal receiver).

    The row stays locked until the writing transaction ends, so such writes queue one
    behind the other; they are imports and staff edits, seldom at the same moment."""
    from resolutions.models import DataVersion

    # A random token rather than a counter: a database restored or emptied and refilled
    # cannot come back to a token whose counts are still cached.
    token = secrets.randbits(62)
    if not DataVersion.objects.filter(pk=ROW).update(token=token):
        DataVersion.objects.bulk_create([DataVersion(pk=ROW, token=token)], ignore_conflicts=True)
        DataVersion.objects.filter(pk=ROW).update(token=token)


def shows(sql: str) -> bool:
    """Whether `sql` writes to a table that a page or a count reads."""
    if sql[:1] in "SsWwRr":  # SELECT, WITH, SAVEPOINT, RELEASE, ROLLBACK: the common case
        return False
    found = WRITE.match(sql)
    if found is None or found[1].lower() in UNSEEN_TABLES:
        return False
    return not LAST_LOGIN_ONLY.match(sql)


def note_write(execute, sql, params, many, context):
    """A connection's execute wrapper: change the data version when a statement writes
    what pages show. In a transaction, before the statement, so that the two commit
    together and every writer waits for the version's row before it locks any other (the
    requests' tally, tallies.py, is locked by the writes themselves); outside one
    (autocommit), just after it, so that no reader sees the old data under the new
    version and keeps it."""
    if _migrating or not shows(sql):
        return execute(sql, params, many, context)
    if context["connection"].in_atomic_block:
        changed()
        return execute(sql, params, many, context)
    result = execute(sql, params, many, context)
    changed()
    return result


def watch_writes(connection, **kwargs) -> None:
    if note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_write)


def before_migrate(**kwargs) -> None:
    global _migrating
    _migrating = True


def after_migrate(using="default", **kwargs) -> None:
    global _migrating
    if _migrating:
        _migrating = False
        changed()


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


def connect(app_config) -> None:
    """Catch every write on every connection, from the next one opened on."""
    from django.db import connections

    connection_created.connect(watch_writes, dispatch_uid="counts-watch-writes")
    for connection in connections.all(initialized_only=True):
        watch_writes(connection)
    pre_migrate.connect(before_migrate, dispatch_uid="counts-before-migrate")
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="counts-after-migrate")
