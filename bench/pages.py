"""Server time of the main pages at a given size, beside a trivial view as the floor.

    .venv/bin/python bench/pages.py --count 10000            # PostgreSQL, generated data
    .venv/bin/python bench/pages.py --count 1000 --database sqlite

Builds a fresh database (PostgreSQL `tracker_bench_pages_<count>` or an SQLite file,
dropped after unless `--keep`; `--reuse` measures one kept before), loads the demo text
and N resolutions from bench/generate.py, then requests each page ROUNDS times through
Django's test client (the whole middleware stack and the template, without a network) and
reports the median and 95th percentile, and the number of queries, next to a view that
returns a fixed string through the same stack and one that renders the empty layout.

A visitor's page is kept until the data changes (resolutions/web/visitor_cache.py), so the
median is that of the page as visitors are served it, kept; "rendered" is the median of
the same page rendered afresh for every request (the page kept for nobody, its counts
still cached), what a page not asked for since the last write costs. The next four are
each the median of the first requests after as many real writes (a third as many as the
rounds, at least five): "cold", after a request's progress is recorded on an open request
picked at random (what staff write most), when a page that shows nothing of it is served
as kept once its checks are asked again (web/visitor_cache.py) and one that counts
requests counts again; "text", after a text changed (an import, a correction), when it
also counts the resolutions and matches a search again (counts.py: the texts' version);
in both, the rows and texts the write left as they were are taken as kept
(web/fragments.py); "bare", after a text changed with no row or text kept either, as
after a new release or a write that changed every row the page shows; "shown", after a
request of a text the page names went from open to fulfilled or back, a write that
changes what the page shows.
"""

import argparse
import os
import re
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
REFERENCES = {PAGES[0][0], PAGES[1][0]}
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


def timed(client, url, params, rounds=1) -> list[float]:
    """The durations of `rounds` requests, in milliseconds, sorted."""
    durations = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(url, params)
        durations.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(durations)


def after_writes(client, url, params, rounds, write, forget=lambda: None) -> list[float]:
    """The durations of the first request after each of `rounds` writes (a third as many,
    at least five), each `write()` then `forget()`."""
    durations = []
    for round_ in range(max(5, rounds // 3)):
        write(round_)
        forget()
        durations += timed(client, url, params)
    return durations


def request_recorded(round_):
    """What staff write most: a request's progress recorded, on an open request picked at
    random (its status between pending and in progress: still open)."""
    from resolutions.followups.recording import record_follow_up_event
    from resolutions.models import FollowUp, FollowUpStatus

    follow_up = FollowUp.objects.open().order_by("?").first()
    status = FollowUpStatus.IN_PROGRESS if round_ % 2 else FollowUpStatus.PENDING
    if follow_up.status == status:
        status = FollowUpStatus.PENDING if round_ % 2 else FollowUpStatus.IN_PROGRESS
    record_follow_up_event(follow_up, user=bench_superuser(), new_status=status, note="Bench.")


# The texts a page names: its rows' and cards' links, its own, an API row's symbol.
NAMED = re.compile(r'/resolutions/([ASE]/[^"#?]+?)/(?:#[^"]*)?"|"symbol":\s*"([^"]+)"')


def request_shown(content: bytes):
    """A write that a page shows: a request of a text the page names (`content`), picked at
    random, fulfilled if open and opened again if not, so that what the page shows of it
    changes (its status, a row's open requests, the list of open requests)."""
    symbols = {a or b for a, b in NAMED.findall(content.decode())}

    def write(round_):
        from resolutions.followups.recording import record_follow_up_event
        from resolutions.models import FollowUp, FollowUpStatus

        follow_up = FollowUp.objects.filter(resolution__symbol__in=symbols).order_by("?").first()
        if follow_up is None:
            return request_recorded(round_)  # it names no text that makes requests
        status = FollowUpStatus.FULFILLED if follow_up.is_open else FollowUpStatus.PENDING
        record_follow_up_event(follow_up, user=bench_superuser(), new_status=status, note="Bench.")

    return write


def text_changed(round_):
    """A write to the texts, as an import or a correction makes: one resolution's subject,
    picked at random, set and cleared in turn (no page measured shows it)."""
    from resolutions.models import Resolution

    picked = Resolution.objects.order_by("?").values_list("pk", flat=True).first()
    Resolution.objects.filter(pk=picked).update(subject=f"Bench {round_}" if round_ % 2 else "")


def forget_fragments():
    from django.core.cache import caches

    caches["fragments"].clear()
    caches["texts"].clear()


def times(duration: float, layout: float | None) -> str:
    return f"{duration / layout:8.1f}x" if layout else f"{'':9}"


def verdicts(results: dict, layout: float) -> None:
    """The aims of docs/PERFORMANCE.md, each said met or not, from this run's medians."""
    pages = [name for name in results if name not in REFERENCES and name != ADMIN_CHANGELIST]
    aims = [
        ("every page as served within 5x the layout", [n for n in pages if n != "search"], 0, 5),
        ("search as served within 10x the layout", ["search"], 0, 10),
        ("the first request after a request is recorded within 10x the layout", pages, 2, 10),
        ("the first request after a text changed within 10x the layout", pages, 4, 10),
        ("the same with no row or text kept within 10x the layout", pages, 3, 10),
        ("the first request after a request the page shows changed within 10x", pages, 5, 10),
    ]
    for aim, names, column, limit in aims:
        over = [
            f"{n} {results[n][column] / layout:.1f}x"
            for n in names
            if results[n][column] > limit * layout
        ]
        print(f"{aim}: {'met' if not over else 'NOT met (' + ', '.join(over) + ')'}")
    admin = results[ADMIN_CHANGELIST][1]
    for name in PUBLIC_LISTS:
        served, rendered = results[name][0], results[name][1]
        verdict = "as fast or faster" if rendered <= admin else "SLOWER"
        print(
            f"{name}: {served / admin:.2f}x the admin changelist as served, "
            f"{rendered / admin:.2f}x rendered afresh ({verdict})"
        )


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
        # What is measured is a page's cost, not the limits one client may request pages at.
        RATE_LIMIT_SEARCH="1000000/m",
        RATE_LIMIT_API="1000000/m",
    )

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

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
            f"{'queries':>8} {'rendered':>9} {'x layout':>9} {'cold':>9} {'x layout':>9}"
            f" {'text':>9} {'x layout':>9} {'bare':>9} {'x layout':>9} {'shown':>9} {'x layout':>9}"
        )
        floor = layout = None
        results = {}
        for name, url, params in PAGES:
            client = staff if name == ADMIN_CHANGELIST else visitor
            warm = client.get(url, params)  # templates compiled, connection open
            # Cold: the first request after a request's progress is recorded; after a text
            # changed; bare: the same with no fragment kept either; shown: after a request
            # of a text the page names changed status between open and fulfilled.
            cold, after_text, bare, shown = (
                statistics.median(after_writes(client, url, params, args.rounds, *how))
                for how in (
                    (request_recorded,),
                    (text_changed,),
                    (text_changed, forget_fragments),
                    (request_shown(warm.content),),
                )
            )
            kept = timed(client, url, params, args.rounds)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, params)
            sent = len(queries)  # now: the next request empties the log it reads
            settings.VISITOR_PAGES_KEPT = False
            rendered = timed(client, url, params, args.rounds)
            settings.VISITOR_PAGES_KEPT = True
            median, p95 = statistics.median(kept), kept[max(0, int(len(kept) * 0.95) - 1)]
            results[name] = (median, statistics.median(rendered), cold, bare, after_text, shown)
            floor = floor or median
            layout = layout or (median if url == "/bench-layout/" else None)
            print(
                f"{name:42} {median:7.1f}ms {p95:7.1f}ms {median / floor:7.1f}x "
                f"{times(median, layout)} {sent:8d} "
                f"{results[name][1]:7.1f}ms {times(results[name][1], layout)} "
                f"{cold:7.1f}ms {times(cold, layout)} {after_text:7.1f}ms "
                f"{times(after_text, layout)} {bare:7.1f}ms {times(bare, layout)} "
                f"{shown:7.1f}ms {times(shown, layout)}"
            )
        verdicts(results, layout)
    finally:
        connection.close()
        if args.database == "postgres" and not args.keep:
            databases.drop_postgres(database)
        workdir.cleanup()


if __name__ == "__main__":
    main()
