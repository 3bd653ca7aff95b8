"""Search each paragraph in the language of its resolution (`Resolution.language`).

PostgreSQL: each paragraph gets `search_config`, the text search configuration of its
resolution's language, which triggers keep in step (a paragraph written, a resolution's
language changed); the generated `search_vector` reads the text with it, and one partial
GIN index per configuration serves the match in that configuration (resolutions/search.py
asks each configuration for its own paragraphs). The vector is made again: a generated
column's expression cannot be altered in PostgreSQL 15.

SQLite: FTS5 stems English only (the Porter stemmer). Two indexes hold every paragraph,
one that stems it, one that keeps its words as written (less case and diacritics); the
search asks the first for the paragraphs of English texts, the second for all others.
Their triggers read the paragraph alone: a trigger that named the resolution table would
stop SQLite from renaming a rebuilt copy of it into place, which is how Django alters a
table there.

The statements are written out here, not read from resolutions/search.py, so that a later
change there does not change what this migration does.
"""

from django.db import migrations

# --- PostgreSQL -------------------------------------------------------------------------

# Languages by ISO 639-1 code, as resolutions/search.py SEARCH_CONFIGS lists them (a test
# holds the two together); PostgreSQL has no stemmer for Chinese.
CONFIG_FUNCTION = """
CREATE FUNCTION resolutions_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE lower(language)
        WHEN 'en' THEN 'english'::regconfig
        WHEN 'fr' THEN 'french'::regconfig
        WHEN 'es' THEN 'spanish'::regconfig
        WHEN 'ru' THEN 'russian'::regconfig
        WHEN 'ar' THEN 'arabic'::regconfig
        ELSE 'simple'::regconfig
    END
$$"""
CONFIGS = ["english", "french", "spanish", "russian", "arabic", "simple"]

POSTGRES_FORWARDS = [
    "DROP INDEX IF EXISTS resolutions_paragraph_search_idx",
    "ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector",
    CONFIG_FUNCTION,
    """ALTER TABLE resolutions_paragraph
       ADD COLUMN search_config regconfig NOT NULL DEFAULT 'english'::regconfig""",
    """UPDATE resolutions_paragraph p SET search_config = resolutions_search_config(r.language)
       FROM resolutions_resolution r
       WHERE r.id = p.resolution_id
         AND resolutions_search_config(r.language) <> 'english'::regconfig""",
    # The first 100,000 characters, as migration 0014 says why.
    """ALTER TABLE resolutions_paragraph ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector(search_config, left(coalesce(text, ''), 100000)))
       STORED""",
    # A paragraph takes the configuration of its resolution when it is written.
    """CREATE FUNCTION resolutions_paragraph_search_config() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           NEW.search_config := resolutions_search_config(
               (SELECT language FROM resolutions_resolution WHERE id = NEW.resolution_id));
           RETURN NEW;
       END $$""",
    """CREATE TRIGGER resolutions_paragraph_search_config
       BEFORE INSERT OR UPDATE OF resolution_id ON resolutions_paragraph
       FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_search_config()""",
    # A resolution whose language changes has its paragraphs read again in the new one.
    """CREATE FUNCTION resolutions_resolution_search_config() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           UPDATE resolutions_paragraph
           SET search_config = resolutions_search_config(NEW.language)
           WHERE resolution_id = NEW.id;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER resolutions_resolution_search_config
       AFTER UPDATE OF language ON resolutions_resolution
       FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
       EXECUTE FUNCTION resolutions_resolution_search_config()""",
    # Serve every search: the @@ match of a query, in one configuration, against the
    # vectors of the paragraphs read in it.
    *(
        f"""CREATE INDEX resolutions_paragraph_search_{config}_idx
            ON resolutions_paragraph USING GIN (search_vector)
            WHERE search_config = '{config}'::regconfig"""
        for config in CONFIGS
    ),
]

POSTGRES_BACKWARDS = [
    "DROP TRIGGER IF EXISTS resolutions_resolution_search_config ON resolutions_resolution",
    "DROP TRIGGER IF EXISTS resolutions_paragraph_search_config ON resolutions_paragraph",
    "DROP FUNCTION IF EXISTS resolutions_resolution_search_config()",
    "DROP FUNCTION IF EXISTS resolutions_paragraph_search_config()",
    *(f"DROP INDEX IF EXISTS resolutions_paragraph_search_{config}_idx" for config in CONFIGS),
    "ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_config",
    "DROP FUNCTION IF EXISTS resolutions_search_config(text)",
    # As migration 0014 left it.
    """ALTER TABLE resolutions_paragraph ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
           left(coalesce(text, ''), 100000))) STORED""",
    """CREATE INDEX resolutions_paragraph_search_idx
       ON resolutions_paragraph USING GIN (search_vector)""",
]

# --- SQLite -----------------------------------------------------------------------------

ENGLISH = "resolutions_paragraph_fts_english"
UNSTEMMED = "resolutions_paragraph_fts_unstemmed"
TOKENIZERS = {
    ENGLISH: "porter unicode61 remove_diacritics 2",
    UNSTEMMED: "unicode61 remove_diacritics 2",
}


def _each_index(statement: str) -> str:
    return " ".join(statement.format(fts=table) for table in TOKENIZERS)


SQLITE_FORWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS resolutions_paragraph_fts_{event}"
        for event in ("insert", "delete", "update")
    ),
    "DROP TABLE IF EXISTS resolutions_paragraph_fts",
    *(
        f"""CREATE VIRTUAL TABLE {table} USING fts5(
            text, content='resolutions_paragraph', content_rowid='id', tokenize='{tokenize}')"""
        for table, tokenize in TOKENIZERS.items()
    ),
    f"""CREATE TRIGGER resolutions_paragraph_search_insert
        AFTER INSERT ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text);")}
        END""",
    f"""CREATE TRIGGER resolutions_paragraph_search_delete
        AFTER DELETE ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text);")}
        END""",
    f"""CREATE TRIGGER resolutions_paragraph_search_update
        AFTER UPDATE OF text ON resolutions_paragraph BEGIN
        {_each_index("INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text);")}
        {_each_index("INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text);")}
        END""",
    *(f"INSERT INTO {table}({table}) VALUES ('rebuild')" for table in TOKENIZERS),
]

SQLITE_BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS resolutions_paragraph_search_{event}"
        for event in ("insert", "delete", "update")
    ),
    *(f"DROP TABLE IF EXISTS {table}" for table in TOKENIZERS),
    # As migration 0006 made it.
    """CREATE VIRTUAL TABLE resolutions_paragraph_fts USING fts5(
        text, content='resolutions_paragraph', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER resolutions_paragraph_fts_insert
        AFTER INSERT ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER resolutions_paragraph_fts_delete
        AFTER DELETE ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        END""",
    """CREATE TRIGGER resolutions_paragraph_fts_update
        AFTER UPDATE OF text ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO resolutions_paragraph_fts(rowid, text) VALUES (new.id, new.text); END""",
    "INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts) VALUES ('rebuild')",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0014_badinput")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            _run({"postgresql": POSTGRES_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        )
    ]
