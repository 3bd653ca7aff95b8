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

A second tally (`AgendaItemTally`) holds the same combinations for each agenda item, kept
by triggers on the join table too, for the agenda item facet, the list filtered by an
agenda item and an agenda item's coverage. The list reads them (`narrowed`) when every
filter in force is one of their columns; words or a budget section count the resolutions
themselves, and so does the budget section facet.
"""

from functools import partial

from django.db import connections
from django.db.models import Sum

from resolutions.models import AgendaItemTally, Resolution, ResolutionTally
from resolutions.tallies import drop_triggers, make_triggers, same_rows

TABLE = "resolutions_resolutiontally"
ITEMS_TABLE = "resolutions_agendaitemtally"
THROUGH = "resolutions_resolution_agenda_items"
INDEX = "resolution_tally_combination"
ITEMS_INDEX = "agenda_item_tally_combination"
COLUMNS = "body_id, session_id, adopted_on, adoption_mode, kind, outcome, stored"
ITEMS_COLUMNS = f"agenda_items_id, {COLUMNS}"
# NULL, as an empty session or year, is distinct from itself in a unique index.
COMBINATION = (
    "body_id, COALESCE(session_id, 0), COALESCE(adopted_on, '0001-01-01'), "
    "adoption_mode, kind, outcome, stored"
)
ITEMS_COMBINATION = f"agenda_items_id, {COMBINATION}"
UNIQUE = [
    f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON {TABLE} ({COMBINATION})",
    f"CREATE UNIQUE INDEX IF NOT EXISTS {ITEMS_INDEX} ON {ITEMS_TABLE} ({ITEMS_COMBINATION})",
]
# The list's filters the tallies hold ("sort" orders and narrows nothing); the agenda
# items' tally holds the agenda item too.
TALLIED_FILTERS = {"body", "session", "year", "adoption_mode", "kind", "outcome", "text"}
UNNARROWING = {"sort"}
AGENDA_ITEM = "agenda_item"

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


def _add(counted: str, items: bool = False) -> str:
    """Add the counts of `counted` (the columns, then n) to their combinations."""
    table, columns = (ITEMS_TABLE, ITEMS_COLUMNS) if items else (TABLE, COLUMNS)
    combination = ITEMS_COMBINATION if items else COMBINATION
    return f"""INSERT INTO {table} ({columns}, resolutions)
        SELECT {columns}, n FROM ({counted}) AS c
        WHERE true ON CONFLICT ({combination})
        DO UPDATE SET resolutions = {table}.resolutions + excluded.resolutions"""


def _remove(counted: str, vendor: str, items: bool = False) -> str:
    table = ITEMS_TABLE if items else TABLE
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    item = f"AND {table}.agenda_items_id = c.agenda_items_id" if items else ""
    return f"""UPDATE {table} SET resolutions = {table}.resolutions - c.n
        FROM ({counted}) AS c
        WHERE {table}.body_id = c.body_id {item}
        AND {table}.session_id {same} c.session_id AND {table}.adopted_on {same} c.adopted_on
        AND {table}.adoption_mode = c.adoption_mode AND {table}.kind = c.kind
        AND {table}.outcome = c.outcome AND {table}.stored = c.stored"""


def _counted(rows: str, vendor: str) -> str:
    return (
        f"SELECT {_values('r', vendor)}, COUNT(*) AS n FROM {rows} AS r "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _items_counted(links: str, vendor: str, resolutions: str = "resolutions_resolution") -> str:
    """The agenda items' combinations of the links `links` (rows of the join table) to the
    resolutions `resolutions`."""
    return (
        f"SELECT t.agendaitem_id AS agenda_items_id, {_values('r', vendor)}, COUNT(*) AS n "
        f"FROM {links} AS t JOIN {resolutions} AS r ON r.id = t.resolution_id "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
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


def _pg_trigger(name: str, event: str, tables: str, table: str = "resolutions_resolution") -> str:
    return f"""CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"""


NAMES = {
    "INSERT": "resolutions_resolution_count_insert",
    "DELETE": "resolutions_resolution_count_delete",
    "UPDATE": "resolutions_resolution_count_update",
    "LINK": "resolutions_agenda_link_count_insert",
    "UNLINK": "resolutions_agenda_link_count_delete",
}
PG = "postgresql"
POSTGRESQL_TRIGGERS = [
    _pg_function(NAMES["INSERT"], _add(_counted("added", PG))),
    _pg_trigger(NAMES["INSERT"], "INSERT", "NEW TABLE AS added"),
    # A resolution deleted before its links (a deferred constraint) takes its items' counts.
    _pg_function(
        NAMES["DELETE"],
        _remove(_counted("removed", PG), PG),
        _remove(_items_counted(THROUGH, PG, "removed"), PG, items=True),
    ),
    _pg_trigger(NAMES["DELETE"], "DELETE", "OLD TABLE AS removed"),
    _pg_function(
        NAMES["UPDATE"],
        _remove(_counted(_pg_moved("before", "after"), PG), PG),
        _add(_counted(_pg_moved("after", "before"), PG)),
        _remove(_items_counted(THROUGH, PG, _pg_moved("before", "after")), PG, items=True),
        _add(_items_counted(THROUGH, PG, _pg_moved("after", "before")), items=True),
    ),
    _pg_trigger(NAMES["UPDATE"], "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    _pg_function(NAMES["LINK"], _add(_items_counted("added", PG), items=True)),
    _pg_trigger(NAMES["LINK"], "INSERT", "NEW TABLE AS added", THROUGH),
    _pg_function(NAMES["UNLINK"], _remove(_items_counted("removed", PG), PG, items=True)),
    _pg_trigger(NAMES["UNLINK"], "DELETE", "OLD TABLE AS removed", THROUGH),
]
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {NAMES[event]} ON resolutions_resolution"
        for event in ("INSERT", "DELETE", "UPDATE")
    ),
    *(f"DROP TRIGGER IF EXISTS {NAMES[event]} ON {THROUGH}" for event in ("LINK", "UNLINK")),
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in NAMES.values()),
]

# SQLite: row by row, NEW and OLD the resolution or the link written.
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
    return f"SELECT {_values(row, 'sqlite')}, 1 AS n"


def _sqlite_items_of(row: str) -> str:
    """The agenda items' combinations of the resolution `row` (NEW or OLD), one a link."""
    return (
        f"SELECT t.agendaitem_id AS agenda_items_id, {_values(row, 'sqlite')}, 1 AS n "
        f"FROM {THROUGH} AS t WHERE t.resolution_id = {row}.id"
    )


def _sqlite_link(row: str) -> str:
    """The combination of the link `row` (NEW or OLD) and its resolution."""
    return (
        f"SELECT {row}.agendaitem_id AS agenda_items_id, {_values('r', 'sqlite')}, 1 AS n "
        f"FROM resolutions_resolution AS r WHERE r.id = {row}.resolution_id"
    )


SQLITE_TRIGGERS = {
    NAMES["INSERT"]: f"""CREATE TRIGGER {NAMES["INSERT"]}
        AFTER INSERT ON resolutions_resolution BEGIN {_add(_sqlite_one("NEW"))}; END""",
    NAMES["DELETE"]: f"""CREATE TRIGGER {NAMES["DELETE"]}
        AFTER DELETE ON resolutions_resolution BEGIN
        {_remove(_sqlite_one("OLD"), "sqlite")};
        {_remove(_sqlite_items_of("OLD"), "sqlite", items=True)}; END""",
    NAMES["UPDATE"]: f"""CREATE TRIGGER {NAMES["UPDATE"]}
        AFTER UPDATE ON resolutions_resolution WHEN {_SQLITE_CHANGED} BEGIN
        {_remove(_sqlite_one("OLD"), "sqlite")}; {_add(_sqlite_one("NEW"))};
        {_remove(_sqlite_items_of("OLD"), "sqlite", items=True)};
        {_add(_sqlite_items_of("NEW"), items=True)}; END""",
    NAMES["LINK"]: f"""CREATE TRIGGER {NAMES["LINK"]} AFTER INSERT ON {THROUGH} BEGIN
        {_add(_sqlite_link("NEW"), items=True)}; END""",
    NAMES["UNLINK"]: f"""CREATE TRIGGER {NAMES["UNLINK"]} AFTER DELETE ON {THROUGH} BEGIN
        {_remove(_sqlite_link("OLD"), "sqlite", items=True)}; END""",
}


def rebuild(cursor, vendor: str) -> None:
    """Count every resolution, and every resolution's agenda item, into the tallies afresh."""
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}, resolutions) SELECT {COLUMNS}, n FROM "
        f"({_counted('resolutions_resolution', vendor)}) AS c"
    )
    cursor.execute(f"DELETE FROM {ITEMS_TABLE}")
    cursor.execute(
        f"INSERT INTO {ITEMS_TABLE} ({ITEMS_COLUMNS}, resolutions) SELECT {ITEMS_COLUMNS}, n "
        f"FROM ({_items_counted(THROUGH, vendor)}) AS c"
    )


def install(connection) -> None:
    """Make the unique indexes and the triggers, and fill the tallies (migration 0032)."""
    with connection.cursor() as cursor:
        for statement in UNIQUE:
            cursor.execute(statement)
        make_triggers(cursor, connection.vendor, POSTGRESQL_TRIGGERS, SQLITE_TRIGGERS)
        rebuild(cursor, connection.vendor)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        drop_triggers(cursor, connection.vendor, POSTGRESQL_DROP, SQLITE_TRIGGERS)
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {ITEMS_INDEX}")


def repair_sqlite_triggers(sender=None, using="default", **kwargs) -> None:
    """After a migration rebuilt a table (and dropped its triggers and the indexes), put
    them back and count afresh, since writes may have gone uncounted."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        present = {name for (name,) in cursor.fetchall()}
    wanted = {*SQLITE_TRIGGERS, INDEX, ITEMS_INDEX}
    if {TABLE, ITEMS_TABLE} <= present and not present.issuperset(wanted):
        install(connection)


def narrowed(filterset, excluded: str | None = None):
    """The tally's rows under a ResolutionFilter's filters in force but `excluded`'s, or
    None when a filter in force, or the facet `excluded`, is one neither tally holds.
    The filters are the list's own, applied to the tallies' like-named columns. The agenda
    items' tally counts the agenda item facet, and every count while an agenda item is
    chosen: a resolution is counted once under each of its items."""
    if not filterset.form.is_valid():
        return None
    values = filterset.form.cleaned_data
    if excluded is not None and excluded not in TALLIED_FILTERS | {AGENDA_ITEM}:
        return None
    any_outcome, any_kind = bool(filterset.data.get("outcome")), bool(filterset.data.get("kind"))
    whole = partial(Resolution.objects.listed, any_outcome=any_outcome, any_kind=any_kind)
    if not same_rows(filterset, whole):
        return None  # narrowed before the filters: the tally counts every resolution
    in_force = {name for name in filterset.filters if values.get(name) not in (None, "")}
    applied = in_force - UNNARROWING - {excluded}
    if in_force - TALLIED_FILTERS - UNNARROWING - {AGENDA_ITEM}:
        return None
    by_item = excluded == AGENDA_ITEM or AGENDA_ITEM in applied
    tally = AgendaItemTally if by_item else ResolutionTally
    rows = tally.objects.listed(any_outcome=any_outcome, any_kind=any_kind)
    for name in sorted(applied):
        rows = filterset.filters[name].filter(rows, values[name])
    return rows


def grouped(rows, *fields):
    """The tally's rows summed by `fields` (the resolution's own names), as the
    resolutions' grouped count gives them."""
    return rows.values(*fields).annotate(n=Sum("resolutions")).filter(n__gt=0).order_by(*fields)


def total(rows) -> int:
    return rows.aggregate(n=Sum("resolutions"))["n"] or 0
