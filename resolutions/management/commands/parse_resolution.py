"""Print the parse of a resolution text as JSON; nothing is written to the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from resolutions import parsing
from resolutions.textfiles import read_text


class Command(BaseCommand):
    help = "Parse a resolution text file and print the result as JSON (writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A plain-text resolution, as extracted from the PDF.")

    def handle(self, *args, **options):
        try:
            text = read_text(options["file"])
            parsed = parsing.parse(text)
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from error
        except (parsing.ParseError, UnicodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        self.stdout.write(json.dumps(parsed.to_dict(), indent=2, ensure_ascii=False))
