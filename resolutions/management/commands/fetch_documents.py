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

from django.core.management.base import BaseCommand, CommandError

from resolutions.domain import parse_session_filter_code, session_code
from resolutions.importing.fetching import (
    SKIPPED,
    FetchOptions,
    FetchRefused,
    fetch_symbol,
    service_config,
)
from resolutions.importing.texts import Outcome
from resolutions.management.commands.import_resolutions import (
    FAILED,
    Progress,
    describe_parse,
    tracker_account,
    write_summary,
)
from resolutions.parsing.symbols import symbol_from_input
from resolutions.sources import un

NOT_FOUND = "not found"  # a session's symbol without a document: the end of its series


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
        options = self.options
        try:
            fetched = fetch_symbol(
                self.client,
                symbol,
                FetchOptions(
                    format=options["format"],
                    library=not options["no_library"],
                    refresh=options["refresh"],
                    replace=options["replace"],
                ),
                user=self.user,
            )
        except FetchRefused as refusal:
            if refusal.not_found and not miss_is_failure:
                self.counts[NOT_FOUND] += 1
                self.progress.clear()
                self.stdout.write(f"{symbol}: {NOT_FOUND}: {refusal.reason}")
                return False
            hint = " To replace it, run again with --replace." if refusal.replacement else ""
            return self.failed(symbol, refusal.reason + hint)
        self.counts[fetched.outcome] += 1
        self.progress.clear()
        if fetched.outcome == SKIPPED:
            line = "(stored already from the same file)"
        else:
            line = describe_parse(fetched.parsed, fetched.warnings)
        self.stdout.write(f"{symbol}: {fetched.outcome} {line}")
        return True

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
