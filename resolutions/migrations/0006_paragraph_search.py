"""Full-text search over paragraphs: a generated tsvector column with a GIN index on
PostgreSQL, an FTS5 index kept in step by triggers on SQLite (resolutions/search.py)."""

from django.db import migrations

from resolutions import search


def forwards(apps, schema_editor):
    search.install(schema_editor.connection)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}) VALUES ('rebuild')"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS resolutions_paragraph_search_idx")
        schema_editor.execute("ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector")
    elif vendor == "sqlite":
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS resolutions_paragraph_fts_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0005_catalogue_series_proposals")]

    operations = [migrations.RunPython(forwards, backwards)]
