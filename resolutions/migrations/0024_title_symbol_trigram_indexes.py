"""Trigram indexes for the searches of titles and symbols by any of their parts.

The search box and the list's word filter look for the words typed anywhere in a title or
a symbol (`title__icontains`, `symbol__iendswith`): a LIKE with a leading wildcard, which
no B-tree index serves, so PostgreSQL read every title (90 ms at 100,000 resolutions, twice
a search). pg_trgm's GIN indexes on the upper-cased columns, which is what Django's
case-insensitive lookups compare, serve them. pg_trgm is a trusted extension (PostgreSQL
13 and later): the database's owner may create it. SQLite has no such index and needs none
at its sizes.
"""

from django.db import migrations

INDEXES = {
    "resolution_title_trgm_idx": "title",
    "resolution_symbol_trgm_idx": "symbol",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON resolutions_resolution "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0023_carried_forward")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
