"""Import resolutions from their files (PDF, Word, web pages, plain text): files, directories
and globs, one transaction per resolution."""

import glob
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from resolutions import parsing
from resolutions.importing.records import ImportOrigin, checksum, system_user
from resolutions.importing.reports import describe_document, import_recognised, recognise
from resolutions.importing.texts import (
    ImportRefused,
    Outcome,
    ReplacementRefused,
    check_importable,
    describe_error,
    import_parsed,
)
from resolutions.management.commands.parse_resolution import INTERNAL_ERROR
from resolutions.models import ImportChannel
from resolutions.parsing.symbols import symbol_from_input
from resolutions.sources.documents import DOCUMENT_SUFFIXES, Unreadable, read_document

FAILED = "failed"
WOULD_IMPORT = "parsed"


def document_files(patterns: list[str]) -> tuple[list[Path], list[str]]:
    """The documents named by the patterns, in order, and the patterns that named nothing.
    A directory gives its files with a document's suffix (DOCUMENT_SUFFIXES)."""
    found, empty = [], []
    for pattern in patterns:
        names = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        files = []
        for name in names:
            path = Path(name)
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                    )
                )
            elif path.exists() or not glob.has_magic(pattern):
                files.append(path)
        if not files:
            empty.append(pattern)
        found.extend(files)
    unique = list(dict.fromkeys(found))
    return unique, empty


class Progress:
    """A bar on a terminal; nothing extra when the output is a file or a pipe. Without a
    total (a session whose length is not known in advance), a count instead of a bar."""

    def __init__(self, stream, total: int | None):
        self.stream = stream  # a command's OutputWrapper
        self.total = total
        self.enabled = stream.isatty() and (total is None or total > 1)

    def show(self, done: int, name: str):
        if not self.enabled:
            return
        if self.total is None:
            self.stream.write(f"\r{done} done {name[:40]:<40}", ending="")
            self.stream.flush()
            return
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {name[:40]:<40}", ending="")
        self.stream.flush()

    def clear(self):
        if self.enabled:
            self.stream.write("\r" + " " * 90 + "\r", ending="")
            self.stream.flush()


def tracker_account(username: str | None):
    """The account named by --user, None without one; CommandError when there is none."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user {username}: there is no account of that name.")
    return user


def describe_parse(parsed: parsing.ParsedResolution, stored_warnings=()) -> str:
    """The parse in one line, then the parser's warnings and the import's (the
    follow-ups with history that the new text superseded)."""
    preambular = sum(1 for p in parsed.paragraphs if p.kind == "preambular")
    operative = len(parsed.paragraphs) - preambular
    line = (
        f"{parsed.symbol} ({preambular} PP, {operative} OP, "
        f"{len(parsed.footnotes)} footnotes, {len(parsed.citations)} citations, "
        f"{len(parsed.follow_ups)} follow-ups)"
    )
    warnings = [*parsed.warnings, *stored_warnings]
    unread = (f"\n  warning: line {u.line} not placed: {u.text[:100]}" for u in parsed.unread)
    return "".join([line, *(f"\n  warning: {w}" for w in warnings), *unread])


def write_summary(stdout, unit: str, total: int, counts: dict, failures: list):
    """The final table: how many `unit` ended each way, then each failure and its cause."""
    width = max(len(name) for name in counts)
    stdout.write("")
    stdout.write(f"{'':<{width}}  {unit}")
    for name, count in counts.items():
        stdout.write(f"{name:<{width}}  {count:>5}")
    stdout.write(f"{'total':<{width}}  {total:>5}")
    if failures:
        stdout.write("\nFailed:")
        for what, reason in failures:
            stdout.write(f"  {what}: {reason}")


class Command(BaseCommand):
    help = (
        "Import resolutions: their files (PDF, Word .docx, web page, plain text), directories "
        "of them, or glob patterns."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, directories or glob patterns.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and report, write nothing.",
        )
        parser.add_argument(
            "--symbol",
            help="The document symbol, for a single text that does not state it (web copies).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Store a text even where it reads as another resolution than the one stored "
            "under its symbol (its title or most of its paragraphs differ). The stored text "
            "is kept as a version that can be restored.",
        )
        parser.add_argument(
            "--user",
            help="The tracker account the imports are recorded as (besides the system user).",
        )

    def handle(self, *args, **options):
        files, empty = document_files(options["paths"])
        for pattern in empty:
            self.stderr.write(f"{pattern}: no document found")
        if not files:
            raise CommandError(
                "No document found in the paths given (files ending "
                f"{', '.join(DOCUMENT_SUFFIXES)})."
            )
        if options["symbol"] and len(files) > 1:
            raise CommandError("--symbol names one text; give exactly one file with it.")
        if options["symbol"]:
            # The rule of the web form and the API, so that the command stores no symbol
            # they would refuse (markup, two symbols, a word).
            symbol = symbol_from_input(options["symbol"])
            if symbol is None:
                raise CommandError(
                    f"--symbol {options['symbol']!r} is not a UN document symbol "
                    "(for example A/HRC/RES/35/8)."
                )
            options["symbol"] = symbol

        user = tracker_account(options["user"])
        counts = {outcome: 0 for outcome in (*Outcome, FAILED)}
        if options["dry_run"]:
            counts = {WOULD_IMPORT: 0, FAILED: 0}
        failures = []
        progress = Progress(self.stderr, len(files))
        for done, path in enumerate(files, start=1):
            progress.show(done - 1, path.name)
            try:
                data = path.read_bytes()
                source = read_document(data, str(path))
                text = source.text
                warnings = list(source.warnings)
                origin = ImportOrigin(
                    channel=ImportChannel.COMMAND,
                    user=user,
                    actor=system_user(),
                    file_name=path.name,
                    checksum=checksum(data),
                )
                # A report or a budget section is stored as a document, not parsed as a
                # resolution (the parser would refuse the one and misread the other).
                other = recognise(source, data, str(path))
                if other is not None:
                    parsed = None
                    if options["dry_run"]:
                        outcome = WOULD_IMPORT
                    else:
                        stored = import_recognised(other, text, origin=origin)
                        outcome = stored.outcome
                        warnings.extend(stored.warnings)
                else:
                    symbol = options["symbol"]
                    if symbol is None:
                        symbol = parsing.symbol_from_name(text, path.name)
                        if symbol:
                            warnings.append(f"symbol {symbol} taken from the file name")
                    parsed = parsing.parse(text, symbol=symbol)
                    if options["dry_run"]:
                        check_importable(parsed)
                        outcome = WOULD_IMPORT
                    else:
                        result = import_parsed(
                            parsed, text, replace=options["replace"], origin=origin
                        )
                        outcome = result.outcome
                        warnings.extend(result.warnings)
            except Unreadable as error:
                reason = error.reason
            except (OSError, UnicodeError, parsing.ParseError, ImportRefused) as error:
                reason = describe_error(error)
                if isinstance(error, ReplacementRefused):
                    reason += " To replace it, run again with --replace."
            except parsing.ParserBug as error:
                reason = f"{INTERNAL_ERROR}: {error}"
            except DatabaseError as error:
                # The file's transaction is rolled back; the others must still be imported.
                reason = f"the database refused it: {error}".strip()
            else:
                reason = None
            if reason is not None:
                counts[FAILED] += 1
                failures.append((path, reason))
                progress.clear()
                self.stderr.write(f"{path}: failed: {reason}")
                continue
            counts[outcome] += 1
            progress.clear()
            if parsed is None:
                described = describe_document(other)
                described += "".join(f"\n  warning: {w}" for w in warnings)
            else:
                described = describe_parse(parsed, warnings)
            self.stdout.write(f"{path}: {outcome} {described}")
        progress.clear()
        write_summary(self.stdout, "files", len(files), counts, failures)
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(files)} files failed; nothing from them was stored."
            )
