"""Import the OHCHR voting catalogue (its public CSV harvest): all rows or none."""

import time

from django.core.management.base import BaseCommand, CommandError

from resolutions.importing.catalogue import import_catalogue
from resolutions.parsing.catalogue import CatalogueError
from resolutions.sources.catalogue import read_catalogue_file


class Command(BaseCommand):
    help = "Import the OHCHR voting catalogue's CSV: resolutions, decisions and statements."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The catalogue CSV (columns record_id, symbol, ...).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            records = read_catalogue_file(options["file"])
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from error
        except (CatalogueError, UnicodeError) as error:
            raise CommandError(f"{options['file']}: {error}; nothing was imported.") from error
        self.stdout.write(f"Read {len(records)} rows in {time.perf_counter() - started:.1f} s.")
        result = import_catalogue(records, progress=self.progress)
        if self.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(
            f"{result.rows} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({result.matched_texts} matched imported texts) "
            f"in {time.perf_counter() - started:.1f} s."
        )
        for warning in result.warnings:
            self.stdout.write(f"  warning: {warning}")

    def progress(self, done: int, total: int):
        if self.stderr.isatty():
            width = 30
            filled = width * done // total
            self.stderr.write(
                f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} rows", ending=""
            )
            self.stderr.flush()
        elif done == total or done % 2000 == 0:
            self.stdout.write(f"  {done}/{total} rows")
