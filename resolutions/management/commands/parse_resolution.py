"""Print the parse of a resolution text as JSON; nothing is written to the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from resolutions import parsing
from resolutions.sources.textfiles import NotPlainText, read_text

INTERNAL_ERROR = "internal error of the parser, please report it with this file"


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
        except NotPlainText as error:
            raise CommandError(str(error)) from error
        except (parsing.ParseError, UnicodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        except parsing.ParserBug as error:
            raise CommandError(f"{options['file']}: {INTERNAL_ERROR}: {error}") from error
        self.stdout.write(json.dumps(parsed.to_dict(), indent=2, ensure_ascii=False))
