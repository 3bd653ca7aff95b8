"""The OHCHR catalogue as CSV: a file, a stream or a text read into catalogue records."""

import csv
import io

from resolutions.parsing.catalogue import (
    REQUIRED_COLUMNS,
    CatalogueError,
    CatalogueRecord,
    read_row,
)
from resolutions.parsing.cleanup import xml_safe


def read_catalogue(stream) -> list[CatalogueRecord]:
    """Every row of a catalogue CSV as a record; CatalogueError names the first bad row."""
    # The same normalisation as resolution texts: a title with an XML-illegal character
    # would make the Atom feed and the Akoma Ntoso export ill-formed.
    reader = csv.DictReader(xml_safe(line) for line in stream)
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise CatalogueError(f"the file lacks the columns {', '.join(sorted(missing))}")
    return [read_row(row, line) for line, row in enumerate(reader, start=2)]


def read_catalogue_file(path) -> list[CatalogueRecord]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return read_catalogue(f)


def read_catalogue_text(text: str) -> list[CatalogueRecord]:
    return read_catalogue(io.StringIO(text))
