"""Print the parse of a resolution text as JSON; nothing is written to the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions import parsing
from resolutions.parsing.symbols import symbol_from_input
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
        parser.add_argument(
            "--symbol",
            help="The document symbol, for a text that does not state it (web copies); "
            "otherwise a file name such as A_HRC_RES_32_22.txt gives it.",
        )

    def handle(self, *args, **options):
        symbol = options["symbol"]
        if symbol:
            # The rule of import_resolutions, the web form and the API.
            symbol = symbol_from_input(options["symbol"])
            if symbol is None:
                raise CommandError(
                    f"--symbol {options['symbol']!r} is not a UN document symbol "
                    "(for example A/HRC/RES/35/8)."
                )
        try:
            source = read_file(options["file"])
            warnings = list(source.warnings)
            if not symbol:
                symbol = parsing.symbol_from_name(source.text, Path(options["file"]).name)
                if symbol:
                    warnings.append(f"symbol {symbol} taken from the file name")
            parsed = parsing.parse(source.text, symbol=symbol)
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from error
        except Unreadable as error:
            raise CommandError(str(error)) from error
        except (parsing.ParseError, UnicodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        except parsing.ParserBug as error:
            raise CommandError(f"{options['file']}: {INTERNAL_ERROR}: {error}") from error
        for warning in warnings:
            self.stderr.write(f"{options['file']}: {warning}")
        self.stdout.write(json.dumps(parsed.to_dict(), indent=2, ensure_ascii=False))
