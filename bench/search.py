"""Search latency at scale: the /search/ page over N generated resolutions.

    .venv/bin/python bench/search.py --database postgres --count 10000

Builds a fresh database (SQLite file or PostgreSQL `tracker_bench_search`, dropped after),
loads the demo text and N resolutions from bench/generate.py, then times each query of a
realistic mix (phrases, single words, OR, exclusions, with and without filters) through
Django's test client: the server's whole time for the page, database and rendering, as
the median and the 95th percentile over several rounds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

DATABASE = "tracker_bench_search"  # its own, so that it can run beside bench/import.py


QUERIES = [
    {"q": '"universal periodic review"'},
    {"q": "cooperation"},
    {"q": "human rights"},
    {"q": '"technical assistance" OR "capacity-building"'},
    {"q": "embargo -Cuba"},
    {"q": "Secretary-General report", "body": "HRC"},
    {"q": '"special rapporteur"', "paragraph_kind": "operative"},
    {"q": "climate change", "year": "2016"},
    {"q": "requests", "follow_up_status": "open"},
    {"q": "zebrafish"},
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database, for --reuse"
    )
    parser.add_argument("--reuse", action="store_true", help="search a database kept before")
    parser.add_argument(
        "--name",
        default=DATABASE,
        help="the PostgreSQL database; with --reuse --keep, one that bench/pages.py kept "
        "(tracker_bench_pages_<count>)",
    )
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory()
    databases.use(args.database, args.name, workdir.name, reuse=args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # One client asks for more pages a minute than the per-client limit lets through (60):
    # past it the answer is a 429, and the run stopped on it.
    os.environ.setdefault("RATE_LIMIT_SEARCH", "100000/m")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from resolutions.models import Paragraph, Resolution

    generate = import_module("generate")
    try:
        started = time.perf_counter()
        if not args.reuse:
            call_command("migrate", verbosity=0)
            call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
            generate.generate(args.count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"database: {connection.vendor}; {Resolution.objects.count()} resolutions, "
            f"{Paragraph.objects.count()} paragraphs, generated in "
            f"{time.perf_counter() - started:.0f} s"
        )
        setup_test_environment()  # gives responses their context, to read the result count
        client = Client()
        timings = {index: [] for index in range(len(QUERIES))}
        for _ in range(args.rounds + 1):  # the first round warms caches and is dropped
            for index, params in enumerate(QUERIES):
                began = time.perf_counter()
                response = client.get("/search/", params)
                timings[index].append(time.perf_counter() - began)
                assert response.status_code == 200, response.status_code
        everything = []
        for index, params in enumerate(QUERIES):
            kept = timings[index][1:]
            everything += kept
            count = client.get("/search/", params).context["paragraph_count"]
            print(
                f"  {statistics.median(kept) * 1000:7.1f} ms median  "
                f"{max(kept) * 1000:7.1f} ms max  {count:5d} paragraphs  {params}"
            )
        everything.sort()
        p95 = everything[int(len(everything) * 0.95) - 1]
        print(
            f"all queries: median {statistics.median(everything) * 1000:.1f} ms, "
            f"95th percentile {p95 * 1000:.1f} ms"
        )
    finally:
        connection.close()
        if args.database == "postgres" and not args.keep:
            databases.drop_postgres(args.name)
        workdir.cleanup()


if __name__ == "__main__":
    main()
