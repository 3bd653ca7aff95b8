"""PostgreSQL: the search vector reads at most the first 100,000 characters of a paragraph,
so that a long paragraph no longer passes the tsvector limit of 1 MB and refuses its import
(resolutions/search.py). A generated column's expression cannot be altered in PostgreSQL 15:
the column and its index are made again. SQLite's FTS5 index has no such limit.

The statements are written out here, as they stood when this migration was applied, so
that a later change to resolutions/search.py does not change what this migration does."""

from django.db import migrations

UNBOUNDED_VECTOR = "to_tsvector('english'::regconfig, coalesce(text, ''))"
BOUNDED_VECTOR = "to_tsvector('english'::regconfig, left(coalesce(text, ''), 100000))"


def drop_search_vector(schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS resolutions_paragraph_search_idx")
    schema_editor.execute("ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector")


def add_search_vector(schema_editor, vector):
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraph ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX resolutions_paragraph_search_idx "
        "ON resolutions_paragraph USING GIN (search_vector)"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_search_vector(schema_editor)
    add_search_vector(schema_editor, BOUNDED_VECTOR)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_search_vector(schema_editor)
    add_search_vector(schema_editor, UNBOUNDED_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0013_privacy")]

    operations = [migrations.RunPython(forwards, backwards)]
