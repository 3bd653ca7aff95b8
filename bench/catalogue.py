"""Import time of the OHCHR voting catalogue's full CSV harvest into a fresh database.

    .venv/bin/python bench/catalogue.py PATH/TO/resolutions.csv --database postgres

The harvest (about 6,300 rows, 1946-2026) is public but not part of the project: its
licence forbids redistribution for commercial use. The database is made for the run and
dropped after it (a temporary SQLite file, or `tracker_bench_catalogue` on 127.0.0.1:5432), with
the demo data (32/6) loaded first so that the text is matched to its catalogue row.
The run imports the file twice: the second import must change nothing.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

DATABASE = "tracker_bench_catalogue"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory()
    databases.use(args.database, DATABASE, workdir.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from resolutions.importing.catalogue import import_catalogue
    from resolutions.models import FulfilmentProposal, Resolution, Series
    from resolutions.sources.catalogue import read_catalogue_file

    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
        started = time.perf_counter()
        records = read_catalogue_file(args.file)
        read = time.perf_counter() - started
        started = time.perf_counter()
        first = import_catalogue(records)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        second = import_catalogue(records)
        second_time = time.perf_counter() - started

        stored = Counter(Resolution.objects.values_list("body__name", "kind", "outcome"))
        expected = Counter((r.body, r.kind, r.outcome) for r in records)
        print(f"database: {connection.vendor} ({args.database})")
        print(f"rows: {len(records)}, read and cleaned in {read:.2f} s")
        print(
            f"first import: {first_time:.1f} s ({first.created} created, {first.updated} "
            f"updated, {first.matched_texts} matched texts)"
        )
        print(
            f"second import: {second_time:.1f} s ({second.created} created, "
            f"{second.updated} updated, {second.unchanged} unchanged)"
        )
        print(f"series: {Series.objects.count()}, proposals: {FulfilmentProposal.objects.count()}")
        print(f"counts per body, kind and outcome match the file: {stored == expected}")
    finally:
        connection.close()
        if args.database == "postgres":
            databases.drop_postgres(DATABASE)
        workdir.cleanup()


if __name__ == "__main__":
    main()
