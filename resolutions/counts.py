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

A second token, the texts' version, is changed by the same writes but those to what staff
record of the texts (FOLLOW_UP_TABLES). What reads none of those tables (the resolution
list's counts, a session's coverage, a search's matches) is cached under it (`cached(...,
texts=True)`), so that recording a request's progress recounts only what counts requests.
A visitor's page that read none of them is kept under it as well (reading.py); the page
reads both tokens once, in one query (`versions`).
"""

import hashlib
import logging
import re
import secrets

from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils import translation

from resolutions import reading

TIMEOUT = 24 * 60 * 60
ROW = 1
logger = logging.getLogger(__name__)
# The texts' version: what the resolutions' own counts and a search's matches read. Every
# write that changes the data version changes it too, but a write to what staff record of
# the texts (FOLLOW_UP_TABLES: requests, their events and proposals, notes), the commonest
# write of all: the first list or search after a request is recorded counts nothing again.
TEXTS_ROW = 2
FOLLOW_UP_TABLES = frozenset(
    {
        "resolutions_followup",
        "resolutions_followup_entities",
        "resolutions_followupevent",
        "resolutions_fulfilmentproposal",
        "resolutions_carriedforward",
        "resolutions_addresseeentity",
        "resolutions_paragraphnote",
        "resolutions_paragraphnoterevision",
        "auth_user",
        "auth_user_groups",
        "auth_user_user_permissions",
    }
)

# How a statement that writes no table starts: reads, transaction control, the schema.
NO_WRITE = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW"}
    | {"PRAGMA", "EXPLAIN", "CREATE", "DROP", "ALTER", "VACUUM", "ANALYZE", "DECLARE", "FETCH"}
)
FIRST_WORD = re.compile(r"[\s(]*(\w+)")  # a compound query may start "(SELECT"
# The table a statement writes to, as Django and our raw SQL spell it.
WRITE = re.compile(
    r"\s*(?:(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|COPY)"
    r'\s+"?(\w+)',
    re.I,
)
QUOTED_NAME = re.compile(r'"(\w+)"')
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


def versions() -> tuple[int | None, int | None]:
    """The data version and the texts' version, each None while no write has set it: read
    once for a visitor's page (reading.py), which keeps them while it writes nothing."""
    from resolutions.models import DataVersion

    found = reading.current()
    if found is not None and found.versions is not None:
        return found.versions
    # Where the page reads its data: a replica's version lags with the data it shows.
    with connections[router.db_for_read(DataVersion)].cursor() as cursor:
        cursor.execute(
            f"SELECT id, token FROM {DataVersion._meta.db_table} WHERE id IN (%s, %s)",
            [ROW, TEXTS_ROW],
        )
        tokens = dict(cursor.fetchall())
    both = (tokens.get(ROW), tokens.get(TEXTS_ROW))
    if found is not None:
        found.versions = both
    return both


def version(texts: bool = False) -> int | None:
    """The current data version (or the texts' version), None while no write has set one.
    A page that uses the data version has read what staff record (reading.py)."""
    if not texts:
        reading.read_follow_ups()
    return versions()[1 if texts else 0]


def changed(texts: bool = True, **kwargs) -> None:
    """Record that data pages show changed, and unless `texts` is false the texts too
    (`**kwargs`: also a signal receiver).

    The rows stay locked until the writing transaction ends, so such writes queue one
    behind the other; they are imports and staff edits, seldom at the same moment. Every
    writer locks the data version's row first, the texts' after it."""
    from resolutions.models import DataVersion

    # A random token rather than a counter: a database restored or emptied and refilled
    # cannot come back to a token whose counts are still cached.
    token = secrets.randbits(62)
    reading.forget_versions()
    rows = [ROW, TEXTS_ROW] if texts else [ROW]
    if DataVersion.objects.filter(pk__in=rows).update(token=token) < len(rows):
        made = [DataVersion(pk=row, token=token) for row in rows]
        DataVersion.objects.bulk_create(made, ignore_conflicts=True)
        DataVersion.objects.filter(pk__in=rows).update(token=token)


def shows(sql: str) -> bool:
    """Whether `sql` writes to a table that a page or a count reads. A write in a form not
    read here (`WITH ... UPDATE`) counts as one that does."""
    if sql[:1] in "Ss":  # SELECT, SAVEPOINT, SET, SHOW: the common case, read first
        return False
    verb = FIRST_WORD.match(sql)
    verb = verb[1].upper() if verb else ""
    if verb in NO_WRITE:
        return False
    if verb == "TRUNCATE":
        tables = QUOTED_NAME.findall(sql)
        return not tables or any(table.lower() not in UNSEEN_TABLES for table in tables)
    found = WRITE.match(sql)
    if found is None:
        return True
    return found[1].lower() not in UNSEEN_TABLES and not LAST_LOGIN_ONLY.match(sql)


def changes_texts(sql: str) -> bool:
    """Whether a statement that writes what pages show (`shows`) changes more than what
    staff record of the texts; a write in a form not read here counts as one that does."""
    found = WRITE.match(sql)
    return found is None or found[1].lower() not in FOLLOW_UP_TABLES


def note_write(execute, sql, params, many, context):
    """A connection's execute wrapper: change the data version when a statement writes
    what pages show, in the statement's transaction, first, so that the two commit
    together and every writer waits for the version's row before it locks any other (the
    requests' tally, tallies.py, is locked by the writes themselves).

    Outside a transaction, PostgreSQL makes one for the two. SQLite cannot: a statement
    that returns rows (an INSERT ... RETURNING) is still being read when its caller gets
    it back, and a transaction cannot commit under it. There the version changes just
    after the statement, which is as safe, since SQLite lets one writer at a time: a
    reader between the two sees the new data under the old version, which the next
    moment retires."""
    reading.saw(sql)
    if _migrating or not shows(sql):
        return execute(sql, params, many, context)
    connection = context["connection"]
    texts = changes_texts(sql)
    if connection.in_atomic_block:
        changed(texts)
        return execute(sql, params, many, context)
    if connection.vendor == "sqlite":
        result = execute(sql, params, many, context)
        changed(texts)
        return result
    with transaction.atomic(using=connection.alias):
        changed(texts)
        return execute(sql, params, many, context)


def watch_writes(connection, **kwargs) -> None:
    # First, so that a wrapper added and removed later (connection.execute_wrapper(), which
    # pops the last one) leaves this one in place.
    if note_write not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, note_write)


def before_migrate(**kwargs) -> None:
    global _migrating
    _migrating = True


def after_migrate(using="default", **kwargs) -> None:
    """The writes migrate made, counted once; not when it went back before the table."""
    from resolutions.models import DataVersion

    global _migrating
    if not _migrating:
        return
    _migrating = False
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        changed()


def cached(name: str, parts, compute, *, texts: bool = False, store: str = "default"):
    """`compute()`, kept in the cache `store` under the data version (the texts' version
    with `texts`, for what reads no table of FOLLOW_UP_TABLES), the reader's language,
    `name` and `parts` (whatever else the result depends on: the filters, today's date)."""
    current = version(texts)
    if current is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    # The language too: filter choices are cached with their labels ("32nd", "32e").
    key = f"counts:{'texts' if texts else 'data'}:{current}:{translation.get_language()}"
    key = f"{key}:{name}:{digest}"
    result = caches[store].get(key)
    if result is None:
        if texts:
            result, kept = _read_texts_only(name, compute)
            if not kept:
                return result
        else:
            result = compute()
        caches[store].set(key, result, TIMEOUT)
    return result


def _read_texts_only(name: str, compute) -> tuple:
    """`compute()`, and whether it read nothing of what staff record (reading.py), as what
    is kept under the texts' version must not: what did is given, not kept, and said."""
    outer = reading.current()
    with reading.watching(outer.versions if outer else None) as inner:
        result = compute()
    if outer is not None and not outer.checking:
        outer.follow_ups |= inner.follow_ups
        outer.checks += inner.checks
    if outer is not None and inner.versions is None:
        outer.versions = None  # it wrote
    if inner.follow_ups or inner.checks:
        logger.error("%s read what staff record: not kept under the texts' version", name)
        return result, False
    return result, True


def connect(app_config) -> None:
    """Catch every write on every connection, from the next one opened on."""

    connection_created.connect(watch_writes, dispatch_uid="counts-watch-writes")
    for connection in connections.all(initialized_only=True):
        watch_writes(connection)
    pre_migrate.connect(before_migrate, dispatch_uid="counts-before-migrate")
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="counts-after-migrate")
