"""Full-text search over paragraphs: a generated tsvector column with a GIN index on
PostgreSQL, an FTS5 index kept in step by triggers on SQLite (resolutions/search.py).

The statements are written out here, as this migration ran them from resolutions/search.py
until migration 0015, so that a later change there does not change what this one does."""

from django.db import migrations

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
# The vector as migration 0014 made it, which this migration installed too from then on (it
# read resolutions/search.py, which 0014 changed): of the first 100,000 characters.
POSTGRES_SETUP = [
    """ALTER TABLE resolutions_paragraph ADD COLUMN IF NOT EXISTS search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
           left(coalesce(text, ''), 100000))) STORED""",
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_search_idx
       ON resolutions_paragraph USING GIN (search_vector)""",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_SETUP, "sqlite": SQLITE_SETUP}.get(vendor, []):
        schema_editor.execute(statement)
    if vendor == "sqlite":
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS resolutions_paragraph_search_idx")
        schema_editor.execute("ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector")
    elif vendor == "sqlite":
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS resolutions_paragraph_fts_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0005_catalogue_series_proposals")]

    operations = [migrations.RunPython(forwards, backwards)]
