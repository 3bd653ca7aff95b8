"""Import resolution texts: files or directories of .txt files, one transaction each."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions import parsing
from resolutions.importing import ImportRefused, import_text
from resolutions.textfiles import read_text


def text_files(paths: list[str]) -> list[Path]:
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "Import resolution texts (.txt files or directories of them)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or directories.")

    def handle(self, *args, **options):
        files = text_files(options["paths"])
        if not files:
            raise CommandError("No .txt file found in the paths given.")
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
        failures = []
        for path in files:
            try:
                result = import_text(read_text(path))
            except OSError as error:
                reason = error.strerror or str(error)
            except (parsing.ParseError, ImportRefused, UnicodeError) as error:
                reason = str(error)
            else:
                counts[result.outcome] += 1
                parsed = result.parsed
                self.stdout.write(
                    f"{path}: {result.outcome} {parsed.symbol} "
                    f"({len(parsed.paragraphs)} paragraphs, {len(parsed.follow_ups)} follow-ups)"
                )
                continue
            counts["failed"] += 1
            failures.append((path, reason))
            self.stderr.write(f"{path}: failed: {reason}")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
        self.stdout.write(f"{len(files)} file{'s' if len(files) != 1 else ''}: {summary}.")
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(files)} files failed; nothing from them was stored."
            )
