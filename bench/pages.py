"""Server time of the main pages at a given size, beside a trivial view as the floor.

    .venv/bin/python bench/pages.py --count 10000            # PostgreSQL, generated data
    .venv/bin/python bench/pages.py --count 1000 --database sqlite

Builds a fresh database (PostgreSQL `tracker_bench_pages_<count>` or an SQLite file,
dropped after unless `--keep`; `--reuse` measures one kept before), loads the demo text
and N resolutions from bench/generate.py, then requests each page ROUNDS times through
Django's test client (the whole middleware stack and the template, without a network) and
reports the median and 95th percentile, and the number of queries (the counts a page shows
then come from the cache), next to a view that returns a fixed string through the same
stack and one that renders the empty layout. "cold" is one request just after a write,
when the page counts afresh.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
import types
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

ADMIN_CHANGELIST = "admin: resolution changelist"
PAGES = [
    ("floor (a view returning a fixed string)", "/bench-floor/", {}),
    ("layout (base.html with no content)", "/bench-layout/", {}),
    ("home", "/", {}),
    ("resolution list, two filters", "/resolutions/", {"body": "HRC", "year": "2016"}),
    ("resolution page (32/6)", "/resolutions/A/HRC/RES/32/6/", {}),
    ("follow-ups", "/follow-ups/", {}),
    ("search", "/search/", {"q": '"technical assistance"'}),
    ("API resolution list", "/api/resolutions/", {}),
    ("session page (HRC 32)", "/sessions/HRC/32/", {}),
    ("agenda item page (HRC 3)", "/agenda-items/HRC/3/", {}),
    ("entity page (OHCHR)", "/entities/ohchr/", {}),
    # What a user would otherwise browse the resolutions with: Django's admin, as staff.
    (ADMIN_CHANGELIST, "/admin/resolutions/resolution/", {}),
]
# The public lists that must be at least as fast as the admin's list of the same rows.
PUBLIC_LISTS = ["resolution list, two filters", "follow-ups", "session page (HRC 32)"]


def floor_urlconf():
    """The project's URLs plus one trivial view, the floor the pages are compared with."""
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.urls import include, path

    module = types.ModuleType("bench_floor_urls")
    module.urlpatterns = [
        path("bench-floor/", lambda request: HttpResponse("ok")),
        # What every page pays for the site's layout alone: the second reference.
        path("bench-layout/", lambda request: render(request, "base.html")),
        path("", include("tracker.urls")),
    ]
    sys.modules["bench_floor_urls"] = module
    return "bench_floor_urls"


def bench_superuser():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept before")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory()
    database = databases.sized(args.count)
    databases.use(args.database, database, workdir.name, reuse=args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # Production settings, as bench/load.py runs gunicorn: DEBUG off (no query log, static
    # files named by the manifest), plain HTTP since the test client sends no TLS.
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="warning",
    )

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resolutions import counts

    generate = import_module("generate")
    try:
        # A kept database gets the indexes added since it was built.
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not args.reuse:
            call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
            generate.generate(args.count, progress=lambda line: None)
        if connection.vendor == "postgresql":
            # As autovacuum would have by then: statistics, and the full-text index's
            # pending list merged (bulk inserts leave it long, and every search reads it).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        settings.ROOT_URLCONF = floor_urlconf()
        visitor = Client(HTTP_HOST="localhost")
        staff = Client(HTTP_HOST="localhost")
        staff.force_login(bench_superuser())
        print(f"database: {connection.vendor}; {args.count + 1} resolutions; {args.rounds} rounds")
        print(
            f"{'page':42} {'median':>9} {'p95':>9} {'x floor':>8} {'x layout':>9} "
            f"{'queries':>8} {'cold':>9}"
        )
        floor = layout = None
        medians = {}
        for name, url, params in PAGES:
            client = staff if name == ADMIN_CHANGELIST else visitor
            client.get(url, params)  # warm: templates compiled, connection open
            # Cold: the first request after a write, which counts afresh what it shows.
            counts.changed()
            began = time.perf_counter()
            client.get(url, params)
            cold = (time.perf_counter() - began) * 1000
            durations = []
            for _ in range(args.rounds):
                began = time.perf_counter()
                response = client.get(url, params)
                durations.append(time.perf_counter() - began)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, params)
            durations.sort()
            median = statistics.median(durations) * 1000
            medians[name] = median
            p95 = durations[max(0, int(len(durations) * 0.95) - 1)] * 1000
            floor = floor or median
            layout = layout or (median if url == "/bench-layout/" else None)
            ratio = f"{median / layout:8.1f}x" if layout else f"{'':9}"
            print(
                f"{name:42} {median:7.1f}ms {p95:7.1f}ms {median / floor:7.1f}x {ratio} "
                f"{len(queries):8d} {cold:7.1f}ms"
            )
        admin = medians[ADMIN_CHANGELIST]
        for name in PUBLIC_LISTS:
            verdict = "as fast or faster" if medians[name] <= admin else "SLOWER"
            print(f"{name}: {medians[name] / admin:.2f}x the admin changelist ({verdict})")
    finally:
        connection.close()
        if args.database == "postgres" and not args.keep:
            databases.drop_postgres(database)
        workdir.cleanup()


if __name__ == "__main__":
    main()
