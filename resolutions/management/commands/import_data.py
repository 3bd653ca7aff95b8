"""Load a file written by export_data into the database, all of it or nothing."""

from django.core.management.base import BaseCommand, CommandError

from resolutions.importing.dumps import DatabaseNotEmpty, import_from


class Command(BaseCommand):
    help = "Import a file written by export_data, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by export_data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete what the database holds and put the file's data in its place.",
        )

    def handle(self, *args, **options):
        try:
            count = import_from(options["file"], replace=options["replace"])
        except DatabaseNotEmpty as error:
            raise CommandError(f"{error} Give --replace to replace it.") from None
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from None
        self.stdout.write(f"Imported {count} rows from {options['file']}.")
