"""The resolutions' tally (`ResolutionTally`): how many resolutions share each combination
of body, session, year adopted, adoption mode, kind, outcome and text stored, so that
the resolution list's total and facets, the home page's coverage, a session's coverage
and the API's count are sums over a few thousand rows, not counts over every resolution,
even just after a write.

As the requests' tally (tallies.py), the database keeps it with triggers on the
resolutions, whatever made the write, and the application only counts it whole
(`rebuild`): when the triggers are made (migration 0032), after a whole database is
loaded (`manage.py import_data`), and on SQLite when a migration rebuilt the table and
lost them. A combination's session and year may be empty: the unique index that the
upserts name reads them through COALESCE, made here with the triggers.

The list reads it (`narrowed`) when every filter in force is one of its columns; words,
an agenda item or a budget section count the resolutions themselves, and so do the
agenda item and budget section facets.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Sum

from resolutions.models import Resolution, ResolutionTally

TABLE = "resolutions_resolutiontally"
INDEX = "resolution_tally_combination"
COLUMNS = "body_id, session_id, adopted_on, adoption_mode, kind, outcome, stored"
# NULL, as an empty session or year, is distinct from itself in a unique index.
COMBINATION = (
    "body_id, COALESCE(session_id, 0), COALESCE(adopted_on, '0001-01-01'), "
    "adoption_mode, kind, outcome, stored"
)
UNIQUE = f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON {TABLE} ({COMBINATION})"
# The list's filters the tally holds ("sort" orders and narrows nothing).
TALLIED_FILTERS = {"body", "session", "year", "adoption_mode", "kind", "outcome", "text"}
UNNARROWING = {"sort"}

YEAR = {
    "postgresql": "CAST(date_trunc('year', {row}.adopted_on) AS date)",
    "sqlite": "strftime('%Y-01-01', {row}.adopted_on)",
}


def _values(row: str, vendor: str) -> str:
    """The combination of the resolution `row`, named as the tally's columns."""
    return (
        f"{row}.body_id AS body_id, {row}.session_id AS session_id, "
        f"{YEAR[vendor].format(row=row)} AS adopted_on, {row}.adoption_mode AS adoption_mode, "
        f"{row}.kind AS kind, {row}.outcome AS outcome, {row}.source_text <> '' AS stored"
    )


def _add(counted: str) -> str:
    """Add the counts of `counted` (the columns, then n) to their combinations."""
    return f"""INSERT INTO {TABLE} ({COLUMNS}, resolutions)
        SELECT {COLUMNS}, n FROM ({counted}) AS c
        WHERE true ON CONFLICT ({COMBINATION})
        DO UPDATE SET resolutions = {TABLE}.resolutions + excluded.resolutions"""


def _remove(counted: str, vendor: str) -> str:
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    return f"""UPDATE {TABLE} SET resolutions = {TABLE}.resolutions - c.n
        FROM ({counted}) AS c
        WHERE {TABLE}.body_id = c.body_id
        AND {TABLE}.session_id {same} c.session_id AND {TABLE}.adopted_on {same} c.adopted_on
        AND {TABLE}.adoption_mode = c.adoption_mode AND {TABLE}.kind = c.kind
        AND {TABLE}.outcome = c.outcome AND {TABLE}.stored = c.stored"""


def _counted(rows: str, vendor: str) -> str:
    return (
        f"SELECT {_values('r', vendor)}, COUNT(*) AS n FROM {rows} AS r "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


# PostgreSQL: a statement's rows at once, from its transition tables. The rows an update
# moved to another combination, before and after.
_KEY = "r.body_id, r.session_id, {year}, r.adoption_mode, r.kind, r.outcome, r.source_text <> ''"


def _pg_moved(side: str, other: str) -> str:
    key = _KEY.format(year=YEAR["postgresql"].format(row="r"))
    other_key = key.replace("r.", "o.")
    return f"""(SELECT r.* FROM {side} AS r JOIN {other} AS o ON o.id = r.id
        WHERE ROW({key}) IS DISTINCT FROM ROW({other_key}))"""


def _pg_function(name: str, *statements: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {"; ".join(statements)}; RETURN NULL; END $$"""


def _pg_trigger(name: str, event: str, tables: str) -> str:
    return f"""CREATE OR REPLACE TRIGGER {name} AFTER {event} ON resolutions_resolution
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"""


NAMES = {
    "INSERT": "resolutions_resolution_count_insert",
    "DELETE": "resolutions_resolution_count_delete",
    "UPDATE": "resolutions_resolution_count_update",
}
POSTGRESQL_TRIGGERS = [
    _pg_function(NAMES["INSERT"], _add(_counted("added", "postgresql"))),
    _pg_trigger(NAMES["INSERT"], "INSERT", "NEW TABLE AS added"),
    _pg_function(NAMES["DELETE"], _remove(_counted("removed", "postgresql"), "postgresql")),
    _pg_trigger(NAMES["DELETE"], "DELETE", "OLD TABLE AS removed"),
    _pg_function(
        NAMES["UPDATE"],
        _remove(_counted(_pg_moved("before", "after"), "postgresql"), "postgresql"),
        _add(_counted(_pg_moved("after", "before"), "postgresql")),
    ),
    _pg_trigger(NAMES["UPDATE"], "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
]
POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name} ON resolutions_resolution" for name in NAMES.values()),
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in NAMES.values()),
]

# SQLite: row by row, NEW and OLD the resolution written.
_SQLITE_ONE = "SELECT {values}, 1 AS n"
_SQLITE_CHANGED = " OR ".join(
    [
        *(
            f"OLD.{column} IS NOT NEW.{column}"
            for column in ("body_id", "session_id", "adoption_mode", "kind", "outcome")
        ),
        f"{YEAR['sqlite'].format(row='OLD')} IS NOT {YEAR['sqlite'].format(row='NEW')}",
        "(OLD.source_text <> '') IS NOT (NEW.source_text <> '')",
    ]
)


def _sqlite_one(row: str) -> str:
    return _SQLITE_ONE.format(values=_values(row, "sqlite"))


SQLITE_TRIGGERS = {
    NAMES["INSERT"]: f"""CREATE TRIGGER {NAMES["INSERT"]}
        AFTER INSERT ON resolutions_resolution BEGIN {_add(_sqlite_one("NEW"))}; END""",
    NAMES["DELETE"]: f"""CREATE TRIGGER {NAMES["DELETE"]}
        AFTER DELETE ON resolutions_resolution BEGIN
        {_remove(_sqlite_one("OLD"), "sqlite")}; END""",
    NAMES["UPDATE"]: f"""CREATE TRIGGER {NAMES["UPDATE"]}
        AFTER UPDATE ON resolutions_resolution WHEN {_SQLITE_CHANGED} BEGIN
        {_remove(_sqlite_one("OLD"), "sqlite")}; {_add(_sqlite_one("NEW"))}; END""",
}


def rebuild(cursor, vendor: str) -> None:
    """Count every resolution into the tally afresh."""
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}, resolutions) SELECT {COLUMNS}, n FROM "
        f"({_counted('resolutions_resolution', vendor)}) AS c"
    )


def install(connection) -> None:
    """Make the unique index and the triggers, and fill the tally (migration 0032)."""
    with connection.cursor() as cursor:
        cursor.execute(UNIQUE)
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL_TRIGGERS:
                cursor.execute(statement)
        else:
            for name, statement in SQLITE_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(statement)
        rebuild(cursor, connection.vendor)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL_DROP:
                cursor.execute(statement)
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def repair_sqlite_triggers(sender=None, using="default", **kwargs) -> None:
    """After a migration rebuilt a table (and dropped its triggers and the index), put
    them back and count afresh, since writes may have gone uncounted."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        present = {name for (name,) in cursor.fetchall()}
    if TABLE in present and not present.issuperset({*SQLITE_TRIGGERS, INDEX}):
        install(connection)


def _same_rows(queryset, listed) -> bool:
    try:
        return str(queryset.query) == str(listed.query)
    except EmptyResultSet:  # a queryset that can match nothing (none(), an empty IN)
        return False


def narrowed(filterset, excluded: str | None = None):
    """The tally's rows under a ResolutionFilter's filters in force but `excluded`'s, or
    None when a filter in force, or the facet `excluded`, is one it does not hold. The
    filters are the list's own, applied to the tally's like-named columns."""
    if not filterset.form.is_valid():
        return None
    values = filterset.form.cleaned_data
    if excluded is not None and excluded not in TALLIED_FILTERS:
        return None
    any_outcome, any_kind = bool(filterset.data.get("outcome")), bool(filterset.data.get("kind"))
    listed = Resolution.objects.all().listed(any_outcome=any_outcome, any_kind=any_kind)
    if not _same_rows(filterset.queryset, listed):
        return None  # narrowed before the filters: the tally counts every resolution
    in_force = {name for name in filterset.filters if values.get(name) not in (None, "")}
    if in_force - TALLIED_FILTERS - UNNARROWING:
        return None
    rows = ResolutionTally.objects.listed(any_outcome=any_outcome, any_kind=any_kind)
    for name in sorted(in_force & TALLIED_FILTERS - {excluded}):
        rows = filterset.filters[name].filter(rows, values[name])
    return rows


def grouped(rows, *fields):
    """The tally's rows summed by `fields` (the resolution's own names), as the
    resolutions' grouped count gives them."""
    return rows.values(*fields).annotate(n=Sum("resolutions")).filter(n__gt=0).order_by(*fields)


def total(rows) -> int:
    return rows.aggregate(n=Sum("resolutions"))["n"] or 0
