"""Paragraph-level full-text search, on PostgreSQL and on SQLite.

PostgreSQL keeps a `tsvector` column generated from each paragraph's text, with a GIN
index (migration 0006), and reads the query with `websearch_to_tsquery`: quoted phrases,
OR, and -exclusion. SQLite keeps an FTS5 index in step with the paragraphs through
triggers, and the same query syntax is translated to FTS5's. Both rank the paragraphs
(ts_rank; bm25) and mark the matching words in a snippet.

What differs: PostgreSQL stems with its English dictionary and drops stop words, SQLite
with the Porter stemmer and keeps them; PostgreSQL's snippets are fragments chosen by
ts_headline, SQLite's a window of words around the match. A query made only of exclusions
finds nothing on either.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.models import FollowUp, Paragraph

# Marks that no paragraph contains, so that the text can be escaped before <mark> is added.
START, STOP = "\x01", "\x02"
MAX_PARAGRAPHS = 500  # the best-ranked matches considered for grouping
CANDIDATES = 2000  # PostgreSQL: matches ranked, at most

FTS_TABLE = "resolutions_paragraph_fts"
SQLITE_SETUP = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        text, content='resolutions_paragraph', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_insert
        AFTER INSERT ON resolutions_paragraph BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_delete
        AFTER DELETE ON resolutions_paragraph BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_update
        AFTER UPDATE OF text ON resolutions_paragraph BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END""",
]
# PostgreSQL: how much of a paragraph's text the index reads. A tsvector holds at most 1 MB,
# and the text of one paragraph can pass it ("string is too long for tsvector", which
# refused the whole import): each distinct word costs its bytes and about eight more. A
# character is at most 4 bytes of UTF-8 and a word needs a separator, so a word of one
# character costs at most 6.5 bytes per character of text, and 100,000 characters at most
# 650 KB. No line of the 1,304 Council texts of the corpus is longer than 3,000 characters;
# what lies beyond the limit in a longer one is stored and shown, only not searched.
INDEXED_CHARACTERS = 100_000
POSTGRES_SEARCH_VECTOR = (
    f"to_tsvector('english'::regconfig, left(coalesce(text, ''), {INDEXED_CHARACTERS}))"
)
POSTGRES_SETUP = [
    f"""ALTER TABLE resolutions_paragraph ADD COLUMN IF NOT EXISTS search_vector tsvector
       GENERATED ALWAYS AS ({POSTGRES_SEARCH_VECTOR}) STORED""",
    # Serves every search: the @@ match of a query against the paragraphs' vectors.
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_search_idx
       ON resolutions_paragraph USING GIN (search_vector)""",
]


def install(schema_connection):
    """Create the search index for the database in use; safe to run again."""
    vendor = schema_connection.vendor
    statements = {"postgresql": POSTGRES_SETUP, "sqlite": SQLITE_SETUP}.get(vendor, [])
    with schema_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def repair_sqlite_triggers(sender=None, using="default", **kwargs):
    """SQLite rebuilds a table to alter it, and the rebuild drops its triggers: after every
    migration, put them back and rebuild the index if they were missing."""
    from django.db import connections

    schema_connection = connections[using]
    if schema_connection.vendor != "sqlite":
        return
    with schema_connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'resolutions_paragraph_fts_%'"
        )
        present = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone()[0] == 0:
            return  # migration 0006 has not run yet
    if present < 3:
        install(schema_connection)
        with schema_connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fts5_query(query: str) -> str:
    """Web-search syntax in FTS5's, with PostgreSQL's reading of it: OR separates
    alternatives, each made of words (all required) and -words (excluded), so that
    "a b OR c -d" is (a AND b) OR (c NOT d). Every word or phrase is quoted, so that "32/6"
    or "co-operation" are never read as operators. An alternative made only of exclusions
    cannot be said in FTS5 and is left out."""
    alternatives: list[tuple[list[str], list[str]]] = [([], [])]
    for match in _TOKEN.finditer(query):
        minus, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.upper() == "OR":
            alternatives.append(([], []))
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        text = (phrase if phrase is not None else word).strip()
        if not re.search(r"\w", text):
            continue
        quoted = '"' + text.replace('"', '""') + '"'
        alternatives[-1][1 if minus else 0].append(quoted)
    clauses = [
        " AND ".join(positive) + "".join(f" NOT {term}" for term in negative)
        for positive, negative in alternatives
        if positive
    ]
    if len(clauses) > 1:
        clauses = [f"({clause})" if " " in clause else clause for clause in clauses]
    return " OR ".join(clauses)


def highlighted(snippet: str) -> str:
    """The snippet escaped for HTML, the matches in <mark>."""
    return mark_safe(  # noqa: S308 - the text is escaped first; only <mark> is added
        escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    )


@dataclass
class Hit:
    paragraph_id: int
    resolution_id: int
    rank: float


# PostgreSQL: the column that migrations 0006 and 0014 added, which the model does not
# declare (SQLite has none). Only the paragraph table has a column of this name, so the
# name needs no table before it, and stays right in a subquery, where Django renames tables.
SEARCH_VECTOR = RawSQL("search_vector", [], output_field=SearchVectorField())


def searched_paragraphs(resolutions, paragraph_kind: str = "", follow_up_statuses=None):
    """The paragraphs a search looks in: those of `resolutions`, of one kind, and holding a
    follow-up request of one of the statuses, when given."""
    # Unordered: sorting every listed resolution for an IN (...) grew with the data.
    paragraphs = Paragraph.objects.filter(resolution__in=resolutions.order_by().values("id"))
    if paragraph_kind:
        paragraphs = paragraphs.filter(kind=paragraph_kind)
    if follow_up_statuses:
        requests = FollowUp.objects.filter(paragraph=OuterRef("pk"), status__in=follow_up_statuses)
        paragraphs = paragraphs.filter(Exists(requests))
    return paragraphs.order_by()


def matching_paragraphs(query: str, paragraphs) -> list[Hit]:
    """The best-ranked of `paragraphs` (searched_paragraphs) that match `query`.

    On PostgreSQL, ranking reads every matching paragraph's vector, which for a common
    word is most of the table: the ranking is therefore made among the first CANDIDATES
    matches the index gives. Snippets are made later, only for the paragraphs shown."""
    if connection.vendor == "postgresql":
        if not query.strip():
            return []
        search_query = SearchQuery(query, config="english", search_type="websearch")
        # Ranked in the scan that finds them, and sorted here: ordered by a query around
        # this one, the candidates were read again, PostgreSQL scanning the whole table for
        # them (68 ms at 60,000 paragraphs, where this takes 8).
        candidates = (
            paragraphs.alias(vector=SEARCH_VECTOR)
            .filter(vector=search_query)
            .annotate(rank=SearchRank(SEARCH_VECTOR, search_query))
            .values_list("pk", "resolution_id", "rank")[:CANDIDATES]
        )
        rows = sorted(candidates, key=lambda row: (-row[2], row[0]))[:MAX_PARAGRAPHS]
    else:
        expression = fts5_query(query)
        if not expression:
            return []
        rows = (
            _fts5_matches(paragraphs, expression, rank=f"bm25({FTS_TABLE})")
            .order_by("rank", "pk")
            .values_list("pk", "resolution_id", "rank")[:MAX_PARAGRAPHS]
        )
    return [Hit(*row) for row in rows]


def _fts5_matches(paragraphs, expression: str, **select):
    """`paragraphs` that match the FTS5 query, with `select`, which may call the FTS5
    functions (bm25, snippet). Those can only be called in a query that holds the FTS5
    table in its FROM clause, which `extra(tables=...)` is the one way of the queryset API
    to add: a subquery for each paragraph instead took 600 ms for 2,600 matches, where the
    join takes 16 ms."""
    table = Paragraph._meta.db_table
    return paragraphs.extra(
        select=select,
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[expression],
    )


def snippets(query: str, paragraph_ids: list[int]) -> dict[int, str]:
    """The matching words of each paragraph in context, marked with START and STOP."""
    if not paragraph_ids:
        return {}
    paragraphs = Paragraph.objects.filter(pk__in=paragraph_ids).order_by()
    if connection.vendor == "postgresql":
        marked = paragraphs.annotate(
            snippet=SearchHeadline(
                Left("text", INDEXED_CHARACTERS),
                SearchQuery(query, config="english", search_type="websearch"),
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    else:
        marked = _fts5_matches(
            paragraphs,
            fts5_query(query),
            snippet=f"snippet({FTS_TABLE}, 0, char(1), char(2), ' … ', 40)",
        )
    return dict(marked.values_list("pk", "snippet"))


def group_by_resolution(hits: list[Hit]) -> list[tuple[int, list[Hit]]]:
    """Resolutions in the order of their best paragraph, each with its matching paragraphs."""
    groups: dict[int, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.resolution_id, []).append(hit)
    return list(groups.items())
