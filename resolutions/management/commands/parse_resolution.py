"""Print the parse of a resolution text as JSON; nothing is written to the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from resolutions import parsing
from resolutions.sources.documents import Unreadable, read_file

INTERNAL_ERROR = "internal error of the parser, please report it with this file"


class Command(BaseCommand):
    help = (
        "Parse a resolution file (PDF, Word, web page or text) and print the result as JSON "
        "(writes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A resolution: its PDF, Word (.docx) or web page file, or its plain text."
        )

    def handle(self, *args, **options):
        try:
            source = read_file(options["file"])
            parsed = parsing.parse(source.text)
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from error
        except Unreadable as error:
            raise CommandError(str(error)) from error
        except (parsing.ParseError, UnicodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        except parsing.ParserBug as error:
            raise CommandError(f"{options['file']}: {INTERNAL_ERROR}: {error}") from error
        for warning in source.warnings:
            self.stderr.write(f"{options['file']}: {warning}")
        self.stdout.write(json.dumps(parsed.to_dict(), indent=2, ensure_ascii=False))
