"""Paragraph-level full-text search, on PostgreSQL and on SQLite, in the language of each
paragraph's resolution (`Resolution.language`) as far as the database can.

PostgreSQL reads each paragraph in the text search configuration of its resolution's
language (SEARCH_CONFIGS: english, french, spanish, russian, arabic; "simple", which stems
nothing, for any other, Chinese among them). The configuration is a column kept in step by
triggers, the `tsvector` is generated from the text with it, and a partial GIN index per
configuration serves the match (migration 0015). The query is read with
`websearch_to_tsquery` (quoted phrases, OR, -exclusion) in each configuration, for the
paragraphs read in it. SQLite keeps two FTS5 indexes in step with the paragraphs through
triggers: FTS5's one stemmer, Porter's, knows English only, so the paragraphs of English
texts are searched in the index that stems, all others in the one that keeps words as
written (less case and diacritics); the same query syntax is translated to FTS5's. Both
rank the paragraphs (ts_rank; bm25) and mark the matching words in a snippet.

What differs: PostgreSQL's dictionaries drop stop words, SQLite keeps them; French, Spanish,
Russian and Arabic words are stemmed on PostgreSQL only; PostgreSQL's snippets are fragments
chosen by ts_headline, SQLite's a window of words around the match. A query made only of
exclusions finds nothing on either. Neither splits Chinese into words: a Chinese paragraph
is found by a run of characters between punctuation, as written.

The paragraphs searched are a queryset (`searched_paragraphs`), filtered by Django; the
match, the rank and the snippet are added to it through django.contrib.postgres on
PostgreSQL, and with the FTS5 table joined by `extra()` on SQLite.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchConfig,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, CharField, Exists, FloatField, OuterRef, Q, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.models import FollowUp, Paragraph, Resolution

# Marks that no paragraph contains, so that the text can be escaped before <mark> is added.
START, STOP = "\x01", "\x02"
MAX_PARAGRAPHS = 500  # the best-ranked matches considered for grouping
CANDIDATES = 2000  # PostgreSQL: matches ranked, at most

# PostgreSQL: the text search configuration of each language (by its ISO 639-1 code), as
# resolutions_search_config() of migration 0015 chooses it (a test holds the two together).
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
UNSTEMMED_CONFIG = "simple"  # any other language: words lower-cased, none stemmed
# PostgreSQL: how much of a paragraph's text the index reads. A tsvector holds at most 1 MB,
# and the text of one paragraph can pass it ("string is too long for tsvector", which
# refused the whole import): each distinct word costs its bytes and about eight more. A
# character is at most 4 bytes of UTF-8 and a word needs a separator, so a word of one
# character costs at most 6.5 bytes per character of text, and 100,000 characters at most
# 650 KB. No line of the 1,304 Council texts of the corpus is longer than 3,000 characters;
# what lies beyond the limit in a longer one is stored and shown, only not searched.
INDEXED_CHARACTERS = 100_000  # written into the generated column by migration 0015

# SQLite: the two FTS5 indexes of migration 0015, each of every paragraph, and the language
# whose texts are searched in the one that stems.
FTS_ENGLISH = "resolutions_paragraph_fts_english"
FTS_UNSTEMMED = "resolutions_paragraph_fts_unstemmed"
FTS_TABLES = [FTS_ENGLISH, FTS_UNSTEMMED]
STEMMED_ON_SQLITE = "en"


def _each_index(statement: str) -> str:
    return " ".join(statement.format(fts=table) for table in FTS_TABLES)


# The triggers of migration 0015, which repair_sqlite_triggers puts back (a test holds the
# two together).
SQLITE_TRIGGERS = {
    "resolutions_paragraph_search_insert": f"""CREATE TRIGGER resolutions_paragraph_search_insert
        AFTER INSERT ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text);")}
        END""",
    "resolutions_paragraph_search_delete": f"""CREATE TRIGGER resolutions_paragraph_search_delete
        AFTER DELETE ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text);")}
        END""",
    "resolutions_paragraph_search_update": f"""CREATE TRIGGER resolutions_paragraph_search_update
        AFTER UPDATE OF text ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text);")}
        {_each_index("INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text);")}
        END""",
}


def repair_sqlite_triggers(sender=None, using="default", **kwargs):
    """SQLite rebuilds a table to alter it, and the rebuild drops its triggers: after every
    migration, put them back and rebuild the indexes if they were missing."""
    from django.db import connections

    schema_connection = connections[using]
    if schema_connection.vendor != "sqlite":
        return
    with schema_connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        present = {name for (name,) in cursor.fetchall()}
        if not present.issuperset(FTS_TABLES):
            return  # migration 0015 has not run, or was undone: it makes the indexes whole
        missing = [sql for name, sql in SQLITE_TRIGGERS.items() if name not in present]
        for statement in missing:
            cursor.execute(statement)
        if missing:
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


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


# PostgreSQL: the columns of migration 0015, which the model does not declare (SQLite has
# none). Only the paragraph table has columns of these names, so a name needs no table
# before it, and stays right in a subquery, where Django renames the tables.
SEARCH_VECTOR = RawSQL("search_vector", [], output_field=SearchVectorField())
SEARCH_CONFIG = RawSQL("search_config", [], output_field=CharField())


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
        # Ranked in the scan that finds them, and sorted here: ordered by a query around
        # this one, the candidates were read again, PostgreSQL scanning the whole table for
        # them (68 ms at 60,000 paragraphs, where this takes 8).
        candidates = (
            paragraphs.alias(vector=SEARCH_VECTOR, config=SEARCH_CONFIG)
            .filter(_postgres_match(query))
            .annotate(rank=_postgres_rank(query))
            .values_list("pk", "resolution_id", "rank")[:CANDIDATES]
        )
        rows = sorted(candidates, key=lambda row: (-row[2], row[0]))[:MAX_PARAGRAPHS]
    else:
        expression = fts5_query(query)
        if not expression:
            return []
        english, other = (
            _fts5_matches(part, table, expression)
            .annotate(rank=RawSQL(f"bm25({table})", [], output_field=FloatField()))
            .values_list("id", "resolution_id", "rank")
            for part, table in _by_sqlite_index(paragraphs)
        )
        rows = english.union(other, all=True).order_by("rank", "id")[:MAX_PARAGRAPHS]
    return [Hit(*row) for row in rows]


def _postgres_query(query: str, config) -> SearchQuery:
    return SearchQuery(query, config=config, search_type="websearch")


# English first: most texts are, and the first condition that holds spares the others.
POSTGRES_CONFIGS = list(dict.fromkeys([*SEARCH_CONFIGS.values(), UNSTEMMED_CONFIG]))


def _postgres_match(query: str) -> Q:
    """The query read in each configuration, for the paragraphs read in it: one condition
    per configuration, each served by that configuration's partial index."""
    match = Q()
    for config in POSTGRES_CONFIGS:
        match |= Q(config=SearchConfig(config), vector=_postgres_query(query, config))
    return match


def _postgres_rank(query: str) -> Case:
    """ts_rank with the query read in the paragraph's configuration. One branch per
    configuration, each with its query made once: read in the paragraph's own column, the
    query was parsed again for every candidate (34 ms for 2,000, where this takes 24)."""
    return Case(
        *(
            When(
                config=SearchConfig(config),
                then=SearchRank(SEARCH_VECTOR, _postgres_query(query, config)),
            )
            for config in POSTGRES_CONFIGS
        ),
        output_field=FloatField(),
    )


def _by_sqlite_index(paragraphs):
    """The paragraphs of English texts with the index that stems, the others with the one
    that keeps words as written."""
    english = Q(resolution__language__iexact=STEMMED_ON_SQLITE)
    # Asked once, before the index is read (SQLite evaluates a condition that names no
    # table of the query first): without a text in another language, the second index is
    # not read at all, where reading its matches, all of English texts, to keep none took
    # 70 ms at 90,000 paragraphs.
    others_exist = Exists(Resolution.objects.exclude(language__iexact=STEMMED_ON_SQLITE))
    return [
        (paragraphs.filter(english), FTS_ENGLISH),
        (paragraphs.exclude(english).filter(others_exist), FTS_UNSTEMMED),
    ]


def _fts5_matches(paragraphs, table: str, expression: str):
    """`paragraphs` that match the FTS5 query in the FTS5 `table`, which their annotations
    may then name to call the FTS5 functions (bm25, snippet). Those can only be called in a
    query that holds the FTS5 table in its FROM clause, which `extra(tables=...)` is the one
    way of the queryset API to add: a subquery for each paragraph instead took 600 ms for
    2,600 matches, where the join takes 16 ms."""
    paragraph_table = Paragraph._meta.db_table
    return paragraphs.extra(
        tables=[table],
        where=[f"{table}.rowid = {paragraph_table}.id", f"{table} MATCH %s"],
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
                _postgres_query(query, SEARCH_CONFIG),
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).values_list("pk", "snippet")
    else:
        english, other = (
            _fts5_matches(part, table, fts5_query(query))
            .annotate(snippet=RawSQL(f"snippet({table}, 0, char(1), char(2), ' … ', 40)", []))
            .values_list("pk", "snippet")
            for part, table in _by_sqlite_index(paragraphs)
        )
        marked = english.union(other, all=True).order_by()
    return dict(marked)


def group_by_resolution(hits: list[Hit]) -> list[tuple[int, list[Hit]]]:
    """Resolutions in the order of their best paragraph, each with its matching paragraphs."""
    groups: dict[int, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.resolution_id, []).append(hit)
    return list(groups.items())
