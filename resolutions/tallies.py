"""The requests' tally and the paragraphs' total: how many current requests share each
combination of status, action, who is addressed, year due and body (`FollowUpTally`),
and how many paragraphs are stored (`TableRows`), so that the follow-up list's counts
and the home page's totals are sums over a few hundred rows, not counts over every
request and paragraph, even just after a write.

The database keeps them, with triggers on the requests, the paragraphs and a resolution
whose body changes, so that every write is counted whatever made it: `save()`, a bulk
insert, a queryset's `update()`, raw SQL. The application never writes them but to count
them whole (`rebuild`): when the triggers are made (migration 0031), after a whole
database is loaded (`manage.py import_data`), and on SQLite when a migration rebuilt a
table and lost them (`repair_sqlite_triggers`).

The follow-up list reads the tally (`narrowed`, `grouped`) when every filter in force is
one of its columns; any other filter (an entity, a session, overdue, an assignee) counts
the requests themselves.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Sum

from resolutions.models import FollowUp, FollowUpStatus, FollowUpTally, Paragraph, TableRows

# The follow-up list's filters the tally holds, and its column for each facet's field.
TALLIED_FILTERS = {"status", "action", "addressee_kind", "due_year", "body"}
COLUMNS = {
    "status": "status",
    "action": "action",
    "addressee_kind": "addressee_kind",
    "due_on__year": "due_year",
    "resolution__body__short_name": "body__short_name",
    "resolution__body__name": "body__name",
}
COMBINATION = "status, action, addressee_kind, due_year, body_id"
TABLE = "resolutions_followuptally"

YEAR = {
    "postgresql": "COALESCE(EXTRACT(YEAR FROM {row}.due_on)::integer, 0)",
    "sqlite": "COALESCE(CAST(strftime('%Y', {row}.due_on) AS INTEGER), 0)",
}


# SQLite's triggers are for each row: NEW and OLD are the request written.
def _sqlite_add(row: str, where: str = "") -> str:
    """Count the request `row` (NEW) into its combination."""
    return f"""INSERT INTO {TABLE} ({COMBINATION}, requests)
        SELECT {row}.status, {row}.action, {row}.addressee_kind, {YEAR["sqlite"].format(row=row)},
            resolution.body_id, 1
        FROM resolutions_resolution AS resolution WHERE resolution.id = {row}.resolution_id {where}
        ON CONFLICT ({COMBINATION}) DO UPDATE SET requests = {TABLE}.requests + excluded.requests"""


def _sqlite_remove(row: str, where: str = "") -> str:
    return f"""UPDATE {TABLE} SET requests = requests - 1
        WHERE status = {row}.status AND action = {row}.action
        AND addressee_kind = {row}.addressee_kind AND due_year = {YEAR["sqlite"].format(row=row)}
        AND body_id = (SELECT body_id FROM resolutions_resolution WHERE id = {row}.resolution_id)
        {where}"""


def _sqlite_move_body() -> list[str]:
    """A resolution's requests, moved from its old body's combinations to its new one's."""
    year = YEAR["sqlite"].format(row="f")
    counted = f"""SELECT status, action, addressee_kind, {year} AS due_year, COUNT(*) AS n
        FROM resolutions_followup AS f WHERE f.resolution_id = NEW.id AND f.superseded_at IS NULL
        GROUP BY 1, 2, 3, 4"""
    return [
        f"""UPDATE {TABLE} SET requests = {TABLE}.requests - c.n FROM ({counted}) AS c
        WHERE {TABLE}.status = c.status AND {TABLE}.action = c.action
        AND {TABLE}.addressee_kind = c.addressee_kind AND {TABLE}.due_year = c.due_year
        AND {TABLE}.body_id = OLD.body_id""",
        f"""INSERT INTO {TABLE} ({COMBINATION}, requests)
        SELECT c.status, c.action, c.addressee_kind, c.due_year, NEW.body_id, c.n
        FROM ({counted}) AS c WHERE true
        ON CONFLICT ({COMBINATION})
        DO UPDATE SET requests = {TABLE}.requests + excluded.requests""",
    ]


# An update that changes none of these leaves the request's combination as it was.
SQLITE_CHANGED = " OR ".join(
    [
        *(
            f"OLD.{column} IS NOT NEW.{column}"
            for column in ("status", "action", "addressee_kind", "due_on", "resolution_id")
        ),
        "(OLD.superseded_at IS NULL) IS NOT (NEW.superseded_at IS NULL)",
    ]
)


# PostgreSQL counts a statement's rows at once, from its transition tables: a bulk write
# of a million requests touches each combination once, not once a request.
def _pg_counted(requests: str, body: str = "resolution.body_id", join: str = "") -> str:
    """The current requests of `requests` (a table or a subquery) by combination."""
    return f"""SELECT r.status, r.action, r.addressee_kind, {YEAR["postgresql"].format(row="r")},
            {body}, COUNT(*) AS n
        FROM {requests} AS r
        {join or "JOIN resolutions_resolution AS resolution ON resolution.id = r.resolution_id"}
        WHERE r.superseded_at IS NULL GROUP BY 1, 2, 3, 4, 5"""


def _pg_add(counted: str) -> str:
    return f"""INSERT INTO {TABLE} ({COMBINATION}, requests) SELECT * FROM ({counted}) AS c
        ON CONFLICT ({COMBINATION}) DO UPDATE SET requests = {TABLE}.requests + excluded.requests"""


def _pg_remove(counted: str) -> str:
    return f"""UPDATE {TABLE} SET requests = {TABLE}.requests - c.n
        FROM ({counted}) AS c (status, action, addressee_kind, due_year, body_id, n)
        WHERE ({TABLE}.status, {TABLE}.action, {TABLE}.addressee_kind, {TABLE}.due_year,
            {TABLE}.body_id) = (c.status, c.action, c.addressee_kind, c.due_year, c.body_id)"""


def _pg_function(name: str, *statements: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {"; ".join(statements)}; RETURN NULL; END $$"""


def _pg_trigger(name: str, event: str, table: str, tables: str) -> str:
    return f"""CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"""


# The rows an update changed in what the tally counts, before and after.
_KEY = "r.status, r.action, r.addressee_kind, r.due_on, r.resolution_id, r.superseded_at IS NULL"
_CHANGED = """(SELECT r.* FROM {side} AS r JOIN {other} AS o ON o.id = r.id
    WHERE ROW({key}) IS DISTINCT FROM ROW({other_key}))"""


def _pg_changed(side: str, other: str) -> str:
    return _CHANGED.format(side=side, other=other, key=_KEY, other_key=_KEY.replace("r.", "o."))


def _pg_moved(side: str) -> str:
    """The requests of resolutions whose body an update changed, under the `side` body."""
    return _pg_counted(
        "resolutions_followup",
        body=f"{side}.body_id",
        # Not "old" and "new", which PL/pgSQL reads as its own variables.
        join="""JOIN old_resolutions AS earlier ON earlier.id = r.resolution_id
        JOIN new_resolutions AS later ON later.id = earlier.id
            AND later.body_id <> earlier.body_id""",
    )


POSTGRESQL_TRIGGERS = [
    _pg_function("resolutions_followup_tally_insert", _pg_add(_pg_counted("added"))),
    _pg_trigger(
        "resolutions_followup_tally_insert", "INSERT", "resolutions_followup", "NEW TABLE AS added"
    ),
    _pg_function("resolutions_followup_tally_delete", _pg_remove(_pg_counted("removed"))),
    _pg_trigger(
        "resolutions_followup_tally_delete",
        "DELETE",
        "resolutions_followup",
        "OLD TABLE AS removed",
    ),
    _pg_function(
        "resolutions_followup_tally_update",
        _pg_remove(_pg_counted(_pg_changed("before", "after"))),
        _pg_add(_pg_counted(_pg_changed("after", "before"))),
    ),
    _pg_trigger(
        "resolutions_followup_tally_update",
        "UPDATE",
        "resolutions_followup",
        "OLD TABLE AS before NEW TABLE AS after",
    ),
    _pg_function(
        "resolutions_resolution_tally",
        _pg_remove(_pg_moved("earlier")),
        _pg_add(_pg_moved("later")),
    ),
    _pg_trigger(
        "resolutions_resolution_tally",
        "UPDATE",
        "resolutions_resolution",
        "OLD TABLE AS old_resolutions NEW TABLE AS new_resolutions",
    ),
]
# The paragraphs' total (TableRows), a statement's rows counted at once. Made by the first
# paragraph written where there is none: after a database is emptied (flushed, truncated)
# the total starts again from nothing, as the paragraphs do.
PARAGRAPHS = "resolutions_paragraph"
_PARAGRAPHS_TOTAL = f"""INSERT INTO resolutions_tablerows (name, total)
    SELECT '{PARAGRAPHS}', {{sign}}{{rows}} WHERE true
    ON CONFLICT (name) DO UPDATE SET total = resolutions_tablerows.total + excluded.total"""
POSTGRESQL_TRIGGERS += [
    _pg_function(
        "resolutions_paragraph_rows_insert",
        _PARAGRAPHS_TOTAL.format(sign="", rows="(SELECT COUNT(*) FROM added)"),
    ),
    _pg_trigger("resolutions_paragraph_rows_insert", "INSERT", PARAGRAPHS, "NEW TABLE AS added"),
    _pg_function(
        "resolutions_paragraph_rows_delete",
        _PARAGRAPHS_TOTAL.format(sign="-", rows="(SELECT COUNT(*) FROM removed)"),
    ),
    _pg_trigger("resolutions_paragraph_rows_delete", "DELETE", PARAGRAPHS, "OLD TABLE AS removed"),
]
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON resolutions_followup"
        for name in (
            "resolutions_followup_tally_insert",
            "resolutions_followup_tally_delete",
            "resolutions_followup_tally_update",
        )
    ),
    "DROP TRIGGER IF EXISTS resolutions_resolution_tally ON resolutions_resolution",
    f"DROP TRIGGER IF EXISTS resolutions_paragraph_rows_insert ON {PARAGRAPHS}",
    f"DROP TRIGGER IF EXISTS resolutions_paragraph_rows_delete ON {PARAGRAPHS}",
    *(
        f"DROP FUNCTION IF EXISTS {name}()"
        for name in (
            "resolutions_followup_tally_insert",
            "resolutions_followup_tally_delete",
            "resolutions_followup_tally_update",
            "resolutions_resolution_tally",
            "resolutions_paragraph_rows_insert",
            "resolutions_paragraph_rows_delete",
        )
    ),
]
SQLITE_TRIGGERS = {
    "resolutions_followup_tally_insert": f"""CREATE TRIGGER resolutions_followup_tally_insert
        AFTER INSERT ON resolutions_followup WHEN NEW.superseded_at IS NULL BEGIN
        {_sqlite_add("NEW")};
        END""",
    "resolutions_followup_tally_delete": f"""CREATE TRIGGER resolutions_followup_tally_delete
        AFTER DELETE ON resolutions_followup WHEN OLD.superseded_at IS NULL BEGIN
        {_sqlite_remove("OLD")};
        END""",
    "resolutions_followup_tally_update": f"""CREATE TRIGGER resolutions_followup_tally_update
        AFTER UPDATE ON resolutions_followup WHEN {SQLITE_CHANGED} BEGIN
        {_sqlite_remove("OLD", "AND OLD.superseded_at IS NULL")};
        {_sqlite_add("NEW", "AND NEW.superseded_at IS NULL")};
        END""",
    "resolutions_resolution_tally": f"""CREATE TRIGGER resolutions_resolution_tally
        AFTER UPDATE OF body_id ON resolutions_resolution
        WHEN OLD.body_id IS NOT NEW.body_id BEGIN
        {";".join(_sqlite_move_body())};
        END""",
    "resolutions_paragraph_rows_insert": f"""CREATE TRIGGER resolutions_paragraph_rows_insert
        AFTER INSERT ON {PARAGRAPHS} BEGIN {_PARAGRAPHS_TOTAL.format(sign="", rows=1)}; END""",
    "resolutions_paragraph_rows_delete": f"""CREATE TRIGGER resolutions_paragraph_rows_delete
        AFTER DELETE ON {PARAGRAPHS} BEGIN {_PARAGRAPHS_TOTAL.format(sign="-", rows=1)}; END""",
}


def rebuild(cursor, vendor: str) -> None:
    """Count every current request into the tally afresh."""
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(
        f"""INSERT INTO {TABLE} ({COMBINATION}, requests)
        SELECT f.status, f.action, f.addressee_kind, {YEAR[vendor].format(row="f")},
            resolution.body_id, COUNT(*)
        FROM resolutions_followup AS f
        JOIN resolutions_resolution AS resolution ON resolution.id = f.resolution_id
        WHERE f.superseded_at IS NULL GROUP BY 1, 2, 3, 4, 5"""
    )
    cursor.execute("DELETE FROM resolutions_tablerows WHERE name = %s", [PARAGRAPHS])
    cursor.execute(
        f"INSERT INTO resolutions_tablerows (name, total) SELECT %s, COUNT(*) FROM {PARAGRAPHS}",
        [PARAGRAPHS],
    )


def make_triggers(cursor, vendor: str, postgresql: list[str], sqlite: dict[str, str]) -> None:
    """Make a tally's triggers (`sqlite` by name), replacing any of the same name."""
    if vendor == "postgresql":
        for statement in postgresql:
            cursor.execute(statement)
    else:
        for name, statement in sqlite.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(statement)


def drop_triggers(cursor, vendor: str, postgresql: list[str], sqlite: dict[str, str]) -> None:
    """Drop them (`postgresql`: the statements that do)."""
    for statement in postgresql if vendor == "postgresql" else []:
        cursor.execute(statement)
    for name in sqlite if vendor == "sqlite" else []:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install(connection) -> None:
    """Make the triggers and fill the tally (migration 0031)."""
    with connection.cursor() as cursor:
        make_triggers(cursor, connection.vendor, POSTGRESQL_TRIGGERS, SQLITE_TRIGGERS)
        rebuild(cursor, connection.vendor)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        drop_triggers(cursor, connection.vendor, POSTGRESQL_DROP, SQLITE_TRIGGERS)


def repair_sqlite_triggers(sender=None, using="default", **kwargs) -> None:
    """SQLite rebuilds a table to alter it and drops its triggers: after every migration,
    put back those missing and count the tally afresh, since writes may have gone uncounted."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master")
        present = {name for (_, name) in cursor.fetchall()}
        if TABLE not in present or present.issuperset(SQLITE_TRIGGERS):
            return  # migration 0031 has not run (or was undone), or nothing was lost
    install(connection)


def same_rows(filterset, whole) -> bool:
    """Whether a filterset's queryset is `whole()`, the rows a tally counts (and not a part
    of them: a filterset narrowed before its filters). Asked once per facet and once for
    the total, answered once per filterset: comparing compiles both queries."""
    known = getattr(filterset, "_counts_whole_tally", None)
    if known is None:
        try:
            known = str(filterset.queryset.query) == str(whole().query)
        except EmptyResultSet:  # a queryset that can match nothing (none(), an empty IN)
            known = False
        filterset._counts_whole_tally = known
    return known


def narrowed(filterset, excluded: str | None = None) -> list[tuple] | None:
    """The tally's rows (`_whole`) under the filters in force but `excluded`'s, or None
    when a filter in force is one the tally does not hold, or the facet `excluded` one it
    does not count; for a filterset over every current request. Filtered here: the tally is
    a few hundred rows, read once, where a query a facet cost more to build than to answer."""
    if not filterset.form.is_valid():
        return None  # counted as the list reads values it cannot read: by the requests
    values = filterset.form.cleaned_data
    if excluded is not None and excluded not in TALLIED_FILTERS:
        return None
    if not same_rows(filterset, FollowUp.objects.all):
        return None  # narrowed before the filters: the tally counts every request
    if any(values.get(name) for name in filterset.filters if name not in TALLIED_FILTERS):
        return None
    wanted = {}  # a column's place in READ: the values it may hold
    status = values.get("status")
    if excluded != "status" and status == "open":
        wanted[0] = set(FollowUpStatus.open_values())
    elif excluded != "status" and status and status != "all":
        wanted[0] = {status}
    for name in ("action", "addressee_kind", "due_year"):
        if name != excluded and values.get(name) not in (None, ""):
            wanted[READ.index(name)] = {values[name]}
    if excluded != "body" and values.get("body"):  # body__short_name__iexact
        wanted[4] = {values["body"].upper()}
    rows = _whole(filterset)
    for place, allowed in wanted.items():
        rows = [row for row in rows if (row[4].upper() if place == 4 else row[place]) in allowed]
    return rows


# The tally's columns as `_whole` reads them, the count last.
READ = ("status", "action", "addressee_kind", "due_year", "body__short_name", "body__name")


def _whole(filterset) -> list[tuple]:
    """Every combination of the tally that counts a request, read once for a filterset."""
    if not hasattr(filterset, "_tally_rows"):
        counting = FollowUpTally.objects.filter(requests__gt=0)
        filterset._tally_rows = list(counting.values_list(*READ, "requests"))
    return filterset._tally_rows


def grouped(rows: list[tuple], *fields):
    """The tally's rows summed by the facet's fields, as the requests' own grouped count
    gives them, in the same order: one dict per value, the fields' names as keys and the
    count as "n"; a year of 0 (no due date) as None."""
    places = [READ.index(COLUMNS[field]) for field in fields]
    summed = {}
    for row in rows:
        value = tuple(row[place] for place in places)
        summed[value] = summed.get(value, 0) + row[-1]
    return [
        {
            field: (item or None) if COLUMNS[field] == "due_year" else item
            for field, item in zip(fields, value, strict=True)
        }
        | {"n": n}
        for value, n in sorted(summed.items())
    ]


def total(rows: list[tuple]) -> int:
    return sum(row[-1] for row in rows)


def _summed(rows) -> int:
    return rows.aggregate(n=Sum(F("requests")))["n"] or 0


def open_requests() -> int:
    """How many current requests are still owed."""
    return _summed(FollowUpTally.objects.filter(status__in=FollowUpStatus.open_values()))


def overdue_requests(today) -> int:
    """How many are owed and due before `today` (FollowUpQuerySet.overdue): those due in
    an earlier year from the tally, this year's counted by the open requests' due-date
    index, from the first of January."""
    earlier = FollowUpTally.objects.filter(
        status__in=FollowUpStatus.open_values(), due_year__gt=0, due_year__lt=today.year
    )
    this_year = FollowUp.objects.overdue(today).filter(due_on__gte=today.replace(month=1, day=1))
    return _summed(earlier) + this_year.count()


def paragraphs() -> int:
    """How many paragraphs are stored; counted where no total is kept (a database emptied
    by truncating every table, as the tests' flush does)."""
    kept = TableRows.objects.filter(name=PARAGRAPHS).values_list("total", flat=True).first()
    return Paragraph.objects.count() if kept is None else kept
