"""The whole database as one JSON document, and back: for moving the tracker to another
server or database engine, and for backups that a person can read.

The document is Django's serialization of every row the project owns (the resolutions
app, users and groups with their permissions, API tokens) in a fixed model order and by
primary key, so that exporting the same data twice gives the same bytes. Permissions and
content types are written by natural key, because their ids differ between databases.
"""

import datetime
import os
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from resolutions import tallies, text_tally

# Parents before children, so that a natural key (a user named by username) is found when
# a row that refers to it is read.
MODEL_LABELS = [
    "auth.Group",
    "auth.User",
    "authtoken.Token",
    "resolutions.Body",
    "resolutions.Session",
    "resolutions.AgendaItem",
    "resolutions.Series",
    "resolutions.Resolution",
    "resolutions.Paragraph",
    "resolutions.Footnote",
    "resolutions.Document",
    "resolutions.Citation",
    "resolutions.AddresseeEntity",
    "resolutions.FollowUp",
    "resolutions.FollowUpEvent",
    "resolutions.Country",
    "resolutions.CountryVote",
    "resolutions.Sponsorship",
    "resolutions.FulfilmentProposal",
    "resolutions.CarriedForward",
    "resolutions.ParagraphNote",
    "resolutions.ParagraphNoteRevision",
    "resolutions.ReminderSettings",
    "resolutions.ReminderDigest",
    "resolutions.ReminderNotice",
    "resolutions.Watch",
    "resolutions.WatchNotice",
    # The record of text imports and the texts they replaced (refer to each other: a
    # restore names a version; the load checks constraints once everything is in).
    "resolutions.TextImport",
    "resolutions.ResolutionVersion",
]

# What migration 0002 writes into a new database: its presence does not make it "in use".
REFERENCE_LABELS = {"resolutions.Body", "resolutions.Session", "resolutions.AgendaItem"}


class MillisecondEncoder(DjangoJSONEncoder):
    """Times to the millisecond, as Django's encoder writes them, but with the microseconds
    cut first: Django writes 12:40:00.000123 as "12:40:00.000", which reads back as
    12:40:00 and is then written "12:40:00", so that a dump loaded and dumped again would
    differ from itself."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            o = o.replace(microsecond=o.microsecond // 1000 * 1000)
        return super().default(o)


class DatabaseNotEmpty(Exception):
    """The database holds data that an import would replace."""


def project_models() -> list:
    """The models exported, those of apps not installed (authtoken) left out."""
    found = []
    for label in MODEL_LABELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _tables(models) -> list[str]:
    tables = [model._meta.db_table for model in models]
    for model in models:
        tables += [
            field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many
        ]
    return tables


def rows():
    for model in project_models():
        yield from model._base_manager.order_by("pk").iterator()


def export_to(path: Path) -> None:
    """Write the document to `path` atomically: a reader never sees half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            serializers.serialize(
                "json",
                rows(),
                stream=stream,
                indent=1,
                use_natural_foreign_keys=True,
                cls=MillisecondEncoder,
            )
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def rows_in_use() -> dict[str, int]:
    """How many rows of each model hold data of the project's own (not reference data)."""
    counts = {}
    for model in project_models():
        if model._meta.label in REFERENCE_LABELS:
            continue
        count = model._base_manager.count()
        if count:
            counts[model._meta.label] = count
    return counts


def _delete_all(models) -> None:
    # Children first: PROTECT foreign keys (a resolution's body, a citation's document)
    # refuse to lose a parent that still has them.
    for model in reversed(models):
        model._base_manager.all().delete()


@transaction.atomic
def import_from(path: Path, *, replace: bool = False) -> int:
    """Load the document into the database in one transaction; the number of rows read.

    The project's tables are emptied first; without `replace` that is refused when they
    hold more than the reference data a new database starts with."""
    models = project_models()
    if not replace and (in_use := rows_in_use()):
        held = ", ".join(f"{count} {label}" for label, count in in_use.items())
        raise DatabaseNotEmpty(f"The database is not empty ({held}).")
    _delete_all(models)
    count = 0
    with open(path, encoding="utf-8") as stream:
        # Rows refer to rows later in the file (a paragraph to its parent, a resolution to
        # its predecessors): constraints are checked once everything is in.
        with connection.constraint_checks_disabled():
            for deserialized in serializers.deserialize("json", stream):
                deserialized.save()
                count += 1
    connection.check_constraints(table_names=_tables(models))
    # Rows keep their ids, so PostgreSQL's sequences must move past them before the next
    # insert; SQLite returns no statement here.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        # The triggers counted every row in; counted afresh, the tally holds no empty rows.
        tallies.rebuild(cursor, connection.vendor)
        text_tally.rebuild(cursor, connection.vendor)
    return count
