"""Import throughput: N seed-sized resolutions into a fresh database, one transaction each.

    .venv/bin/python bench/import.py --database sqlite --count 1000
    .venv/bin/python bench/import.py --database postgres --count 1000

    .venv/bin/python bench/import.py --database postgres --count 300 --base 100000

The texts are the seed renumbered (32/1000, 32/1001, ...), each with its 48 paragraphs,
4 footnotes, 10 citations and 11 follow-ups. The database is made for the run and dropped
after it: a temporary SQLite file, or a PostgreSQL database `tracker_bench` on
127.0.0.1:5432 (user postgres), never the project's own. With `--base N` (PostgreSQL) it
is instead a copy of the database bench/pages.py kept with N generated resolutions
(`tracker_bench_pages_N`, see bench/databases.py), so that imports are timed into a
database that already holds that many.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

BENCH_DATABASE = "tracker_bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--base", type=int, default=0, help="start from the kept database of this size"
    )
    args = parser.parse_args()
    if args.base and args.database != "postgres":
        parser.error("--base needs --database postgres")

    workdir = tempfile.TemporaryDirectory()
    if args.base:
        databases.copy(databases.sized(args.base), BENCH_DATABASE)
    databases.use(args.database, BENCH_DATABASE, workdir.name, reuse=bool(args.base))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from resolutions.importing.texts import import_text
    from resolutions.models import Paragraph, Resolution

    try:
        call_command("migrate", verbosity=0)
        before = Resolution.objects.count()
        seed = (ROOT / "resolutions" / "data" / "A_HRC_RES_32_6.txt").read_text(encoding="utf-8")
        texts = [
            seed.replace("A/HRC/RES/32/6", f"A/HRC/RES/32/{n}").replace("32/6. ", f"32/{n}. ")
            for n in range(1000, 1000 + args.count)
        ]
        durations = []
        start = time.perf_counter()
        for text in texts:
            began = time.perf_counter()
            import_text(text)
            durations.append(time.perf_counter() - began)
        elapsed = time.perf_counter() - start
        assert Resolution.objects.count() == before + args.count
        symbols = [f"A/HRC/RES/32/{n}" for n in range(1000, 1000 + args.count)]
        paragraphs = Paragraph.objects.filter(resolution__symbol__in=symbols)
        durations.sort()
        print(f"database: {connection.vendor} ({args.database}), {before} resolutions before")
        print(
            f"imported: {args.count} resolutions, {paragraphs.count()} paragraphs "
            f"in {elapsed:.1f} s"
        )
        print(f"throughput: {args.count / elapsed:.0f} resolutions/s")
        print(
            f"per resolution: median {statistics.median(durations) * 1000:.1f} ms, "
            f"95th percentile {durations[int(len(durations) * 0.95) - 1] * 1000:.1f} ms"
        )
    finally:
        connection.close()
        if args.database == "postgres":
            databases.drop_postgres(BENCH_DATABASE)
        workdir.cleanup()


if __name__ == "__main__":
    main()
