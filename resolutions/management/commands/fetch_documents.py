"""Fetch resolutions from the UN by symbol and import them: the file from the Official
Document System, the votes and references from the Digital Library's record; one
transaction per symbol, the batch going on past a failure.

    manage.py fetch_documents A/HRC/RES/59/1 A/RES/73/8
    manage.py fetch_documents --session HRC-59

A session is read series by series (A/HRC/RES/59/1, /2, ..., then A/HRC/DEC/59/101, ...)
until --misses symbols in a row bring no document. An interrupted batch resumes where it
was: what was fetched is in the cache (UN_CACHE_DIR) and is not asked again, and a symbol
whose stored text came from the same file (its checksum) is skipped.
"""

from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from resolutions import parsing
from resolutions.domain import parse_session_filter_code, session_code
from resolutions.importing.fetching import fetched_before, import_fetched, parse_fetched
from resolutions.importing.records import ImportOrigin, checksum, system_user
from resolutions.importing.texts import ImportRefused, Outcome, ReplacementRefused, describe_error
from resolutions.management.commands.import_resolutions import (
    FAILED,
    Progress,
    describe_parse,
    tracker_account,
    write_summary,
)
from resolutions.management.commands.parse_resolution import INTERNAL_ERROR
from resolutions.models import ImportChannel
from resolutions.parsing.symbols import symbol_from_input
from resolutions.sources import un

SKIPPED = "skipped"  # stored already from the same file
NOT_FOUND = "not found"  # a session's symbol without a document: the end of its series


def service_config(**changes) -> un.ServiceConfig:
    """The client's configuration from the settings (UN_*)."""
    return un.ServiceConfig(
        ods_url=settings.UN_ODS_URL,
        library_url=settings.UN_LIBRARY_URL,
        requests_per_second=settings.UN_REQUESTS_PER_SECOND,
        timeout=settings.UN_TIMEOUT,
        retries=settings.UN_RETRIES,
        backoff=settings.UN_BACKOFF,
        cache_dir=settings.UN_CACHE_DIR,
        contact=settings.UN_CONTACT,
        **changes,
    )


class Command(BaseCommand):
    help = (
        "Fetch resolutions from the UN by symbol (the Official Document System's file, the "
        "Digital Library's record) and import them."
    )

    def add_arguments(self, parser):
        parser.add_argument("symbols", nargs="*", help="Document symbols: A/HRC/RES/59/1.")
        parser.add_argument(
            "--session",
            action="append",
            default=[],
            help="Every text of a session, as BODY-SESSION: HRC-59, HRC-S-30, GA-73. "
            "May be given more than once.",
        )
        parser.add_argument(
            "--misses",
            type=int,
            default=3,
            help="How many symbols in a row without a document end a session's series (default 3).",
        )
        parser.add_argument(
            "--format",
            choices=sorted(un.ODS_FORMATS),
            default="pdf",
            help="The file to ask the ODS for: pdf (the default) or doc (Word).",
        )
        parser.add_argument(
            "--no-library",
            action="store_true",
            help="Do not ask the Digital Library for the records (votes per country, draft, "
            "meeting); import the texts alone.",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Ask the services again even for what is cached, and import even a text "
            "stored already from the same file.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Store a text even where it reads as another resolution than the one stored "
            "under its symbol. The stored text is kept as a version that can be restored.",
        )
        parser.add_argument(
            "--user",
            help="The tracker account the imports are recorded as (besides the system user).",
        )

    def handle(self, *args, **options):
        symbols = [self.symbol(raw) for raw in options["symbols"]]
        sessions = [self.session(code) for code in options["session"]]
        if not symbols and not sessions:
            raise CommandError("Give document symbols, or a session with --session HRC-59.")
        if options["misses"] < 1:
            raise CommandError("--misses must be 1 or more.")
        self.options = options
        self.user = tracker_account(options["user"])
        self.client = un.Client(service_config(refresh=options["refresh"]))
        self.counts = {name: 0 for name in (*Outcome, SKIPPED, NOT_FOUND, FAILED)}
        self.failures: list[tuple[str, str]] = []
        self.done = 0
        self.progress = Progress(self.stderr, len(symbols) if not sessions else None)

        for symbol in symbols:
            # Asked by name, a symbol without a document is a failure, not a series' end.
            self.fetch(symbol, miss_is_failure=True)
        for body, session in sessions:
            for prefix, first in un.session_series(body, session):
                self.fetch_series(prefix, first, options["misses"])
        self.progress.clear()

        if self.client.cache_error:
            self.stderr.write(
                f"The cache could not be written ({self.client.cache_error}): a next run "
                "will ask the services again."
            )
        write_summary(self.stdout, "symbols", self.done, self.counts, self.failures)
        if self.failures:
            raise CommandError(
                f"{len(self.failures)} of {self.done} symbols failed; nothing from them was stored."
            )

    def symbol(self, raw: str) -> str:
        # The rule of the web form and the API: no markup, one symbol, not a word.
        symbol = symbol_from_input(raw)
        if symbol is None:
            raise CommandError(f"{raw!r} is not a UN document symbol (for example A/HRC/RES/59/1).")
        return symbol

    def session(self, code: str) -> tuple[str, str]:
        """The body and the session's code as symbols write it, from "HRC-59" or "hrc-s-30":
        the `session` filter's code of the site and the API."""
        parsed = parse_session_filter_code(code.strip().upper())
        if parsed is None or parsed[0] not in un.SESSION_SERIES:
            raise CommandError(
                f"--session {code!r}: give a body ({', '.join(un.SESSION_SERIES)}) and a "
                "session, as HRC-59, HRC-S-30 or GA-73."
            )
        body, kind, number = parsed
        return body, session_code(kind, number)

    def fetch_series(self, prefix: str, first: int, misses: int):
        """Each symbol of a series from `first` on, until `misses` in a row bring nothing.
        A failure counts as a miss too: a service that fails every symbol must not keep
        the batch going for ever."""
        in_a_row = 0
        for symbol in _numbered(prefix, first):
            found = self.fetch(symbol, miss_is_failure=False)
            in_a_row = 0 if found else in_a_row + 1
            if in_a_row >= misses:
                return

    def fetch(self, symbol: str, *, miss_is_failure: bool) -> bool:
        """Fetch and import one symbol, reporting how it ended; True when a text came."""
        self.progress.show(self.done, symbol)
        self.done += 1
        try:
            outcome, line = self.fetch_and_import(symbol)
        except un.NotFound as error:
            if miss_is_failure:
                return self.failed(symbol, error.reason)
            self.counts[NOT_FOUND] += 1
            self.progress.clear()
            self.stdout.write(f"{symbol}: {NOT_FOUND}: {error.reason}")
            return False
        except un.FetchFailed as error:
            return self.failed(symbol, error.reason)
        except (parsing.ParseError, ImportRefused) as error:
            reason = describe_error(error)
            if isinstance(error, ReplacementRefused):
                reason += " To replace it, run again with --replace."
            return self.failed(symbol, reason)
        except parsing.ParserBug as error:
            return self.failed(symbol, f"{INTERNAL_ERROR}: {error}")
        except DatabaseError as error:
            # The symbol's transaction is rolled back; the others must still be imported.
            return self.failed(symbol, f"the database refused it: {error}".strip())
        self.counts[outcome] += 1
        self.progress.clear()
        self.stdout.write(f"{symbol}: {outcome} {line}")
        return True

    def fetch_and_import(self, symbol: str) -> tuple[str, str]:
        """(outcome, the report's line); raises what fetch catches."""
        options = self.options
        document = un.fetch_document(self.client, symbol, options["format"])
        digest = checksum(document.data)
        if not options["refresh"] and fetched_before(symbol, digest):
            return SKIPPED, "(stored already from the same file)"
        parsed = parse_fetched(document)
        record = None if options["no_library"] else un.fetch_record(self.client, symbol)
        origin = ImportOrigin(
            channel=ImportChannel.FETCH,
            user=self.user,
            actor=system_user(),
            file_name=document.url,
            checksum=digest,
        )
        result = import_fetched(document, parsed, record, replace=options["replace"], origin=origin)
        warnings = list(document.source.warnings)
        if record is None and not options["no_library"]:
            warnings.append("the Digital Library has no record of it: no votes per country.")
        warnings.extend(result.warnings)
        return result.outcome, describe_parse(parsed, warnings)

    def failed(self, symbol: str, reason: str) -> bool:
        self.counts[FAILED] += 1
        self.failures.append((symbol, reason))
        self.progress.clear()
        self.stderr.write(f"{symbol}: failed: {reason}")
        return False


def _numbered(prefix: str, first: int) -> Iterator[str]:
    number = first
    while True:
        yield f"{prefix}{number}"
        number += 1
