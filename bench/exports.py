"""The follow-up CSV at scale: rows per second and peak memory, and the home page while
exports run.

    .venv/bin/python bench/exports.py --follow-ups 10000 100000 --keep
    .venv/bin/python bench/exports.py --follow-ups 10000 100000 --reuse

For each size N, a PostgreSQL database `tracker_bench_exports_<N>` holding the demo text
and enough resolutions from bench/generate.py (about nine follow-up requests each) for N
follow-up requests exactly (the surplus of the last resolutions is deleted); kept with
`--keep`, measured again with `--reuse`. Then, each in a child process of its own, so that
its peak memory is the export's and nothing else's:

- "export": `/follow-ups/export.csv?status=all` through Django's test client (the whole
  middleware stack, no network), read to the end; rows per second;
- "floor": the same rows and columns read from the database alone (`values_list`, in the
  export's order), the least any export of them can cost;
- "old query": the rows as the export read them before issue 11 (whole follow-up,
  paragraph, resolution, body and session rows, source text included);
- "memory": the export again under tracemalloc: the peak of Python's allocations, and the
  child's peak resident size.

Last, gunicorn with production settings on a loopback port (`deploy/gunicorn.conf.py`,
2 x cores + 1 sync workers) over the largest database: the home page's median and 95th
percentile idle, then while CONCURRENT clients download the export over and over, once
with no cap on exports at once (EXPORTS_AT_ONCE=0) and once with two at once (`--caps`
chooses others; production's default is half the cores). Each client is a process of its
own; one told to come back (503) closes the answer and waits as Retry-After says, at most
2 s. The export
limit per client is lifted for this run (RATE_LIMIT_EXPORTS), as if the exports came from
that many clients. Traffic goes to 127.0.0.1 only.
"""

import argparse
import http.client
import json
import math
import multiprocessing
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

PORT = 8766
EXPORT = "/follow-ups/export.csv?status=all"
# bench/generate.py gives a resolution about nine follow-up requests; a few more
# resolutions than that, and the surplus requests are deleted.
FOLLOW_UPS_PER_RESOLUTION = 8.5
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "warning",
    "RATE_LIMIT_EXPORTS": "100000/m",
}


def name_for(count: int) -> str:
    return f"tracker_bench_exports_{count}"


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.update(PRODUCTION, SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32))
    import django

    django.setup()


def build(count: int):
    """The demo text and exactly `count` generated follow-up requests."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from resolutions.models import FollowUp

    generate = __import__("generate")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
    demo = FollowUp.objects.count()
    generate.generate(math.ceil((count - demo) / FOLLOW_UPS_PER_RESOLUTION), progress=print)
    surplus = FollowUp.objects.order_by("-id").values_list("id", flat=True)[
        : FollowUp.objects.count() - count
    ]
    FollowUp.objects.filter(id__in=list(surplus)).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {FollowUp.objects.count()} follow-up requests")


def child(measure: str) -> dict:
    """One measurement, in this process, printed as JSON."""
    setup_django()
    from django.test import Client

    from resolutions.models import FollowUp
    from resolutions.web.exports import FOLLOW_UP_CSV_FIELDS

    client = Client(HTTP_HOST="localhost")
    # Warm (connection, URLs), read to the end: a response left unread holds its cursor.
    b"".join(client.get("/follow-ups/export.csv", {"action": "decision"}).streaming_content)
    began = time.perf_counter()
    rows = 0
    if measure in ("export", "memory"):
        if measure == "memory":
            tracemalloc.start()
        response = client.get(EXPORT)
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
        rows -= 1  # the header
    elif measure == "floor":
        columns = ["id", *FOLLOW_UP_CSV_FIELDS]
        query = FollowUp.objects.by_due_date().values_list(*columns)
        for _ in query.iterator(chunk_size=2000):
            rows += 1
    elif measure == "old query":
        query = FollowUp.objects.for_list().by_due_date()
        for _ in query.iterator(chunk_size=2000):
            rows += 1
    seconds = time.perf_counter() - began
    result = {"rows": rows, "seconds": seconds}
    if measure == "memory":
        result["peak_python"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    # Linux reports kilobytes.
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return result


def run_child(url: str, measure: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    output = subprocess.run(
        [sys.executable, __file__, "--child", measure],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


HOME_TIMEOUT = 30


def home_latencies(base: str, rounds: int) -> list[float]:
    """The home page's times, sorted; one that gets no answer in HOME_TIMEOUT seconds
    counts as that long."""
    durations = []
    for _ in range(rounds):
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}/", timeout=HOME_TIMEOUT) as response:
                response.read()
                assert response.status == 200
        except TimeoutError:
            pass
        durations.append(time.perf_counter() - began)
    return sorted(durations)


def p95(durations: list[float]) -> float:
    return durations[max(0, math.ceil(len(durations) * 0.95) - 1)]


def download(base: str, stop, results) -> None:
    """One client downloading the export over and over until `stop`; what happened is put
    on `results` as (seconds of each finished export, failures, answers told to come back)."""
    exports: list[float] = []
    failures: list[str] = []
    turned_away: list[int] = []
    while not stop.is_set():
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}{EXPORT}", timeout=300) as response:
                while response.read(1 << 16):
                    pass
            exports.append(time.perf_counter() - began)
        except urllib.error.HTTPError as error:
            if error.code not in (429, 503):
                failures.append(str(error))
                continue
            # Told to come back: as a client that reads Retry-After, if sooner. The answer
            # is closed first, as a browser closes it: gunicorn lingers up to 2 s on a
            # connection the client leaves open (util.close_graceful), holding its worker.
            retry_after = int(error.headers.get("Retry-After", "1"))
            error.close()
            turned_away.append(error.code)
            stop.wait(min(retry_after, 2))
        except (OSError, http.client.HTTPException) as error:
            # A worker killed at gunicorn's timeout ends the stream unfinished.
            failures.append(type(error).__name__)
    results.put((exports, failures, turned_away))


def under_load(url: str, concurrent: int, rounds: int, exports_at_once: int):
    env = {
        **os.environ,
        **PRODUCTION,
        "EXPORTS_AT_ONCE": str(exports_at_once),
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "tracker.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        home_latencies(base, 10)  # warm every worker's cache of counts
        idle = home_latencies(base, rounds)

        # Each downloading client is a process of its own: threads of this process would
        # share its interpreter lock with the timing of the home page, and the home page
        # would then wait for the benchmark's own clients, not for the server.
        context = multiprocessing.get_context("fork")
        stop = context.Event()
        results = context.Queue()
        clients = [
            context.Process(target=download, args=(base, stop, results), daemon=True)
            for _ in range(concurrent)
        ]
        for client in clients:
            client.start()
        time.sleep(2)  # every export under way
        busy = home_latencies(base, rounds)
        stop.set()
        exports, failures, turned_away = [], [], []
        for _ in clients:
            finished, failed, told = results.get(timeout=300)
            exports += finished
            failures += failed
            turned_away += told
        for client in clients:
            client.join(timeout=30)
        return idle, busy, exports, failures, turned_away
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--follow-ups", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--concurrent", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=60, help="home page requests per phase")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--reuse", action="store_true", help="measure databases kept before")
    parser.add_argument("--load-only", action="store_true", help="only the gunicorn part")
    parser.add_argument(
        "--caps", type=int, nargs="+", default=[0, 2], help="EXPORTS_AT_ONCE values to try"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    if args.build:
        build(args.build)
        return

    urls = {}
    try:
        for count in args.follow_ups:
            url = databases.use("postgres", name_for(count), "", reuse=args.reuse)
            urls[count] = url
            if not args.reuse:
                began = time.perf_counter()
                subprocess.run(
                    [sys.executable, __file__, "--build", str(count)],
                    cwd=ROOT,
                    env={**os.environ, "DATABASE_URL": url},
                    check=True,
                )
                print(f"built {name_for(count)} in {time.perf_counter() - began:.0f} s")

        print(f"{'follow-ups':>10} {'measure':10} {'rows/s':>9} {'x floor':>8} {'peak':>10}")
        for count, url in urls.items() if not args.load_only else ():
            floor = run_child(url, "floor")
            floor_rate = floor["rows"] / floor["seconds"]
            for measure in ("floor", "old query", "export", "memory"):
                result = floor if measure == "floor" else run_child(url, measure)
                assert result["rows"] == count, (measure, result["rows"], count)
                rate = result["rows"] / result["seconds"]
                peak = (
                    f"{result['peak_python'] / 2**20:7.1f} MiB"
                    if measure == "memory"
                    else f"{result['peak_rss'] / 2**20:5.0f} MiB rss"
                )
                print(f"{count:>10} {measure:10} {rate:9.0f} {rate / floor_rate:7.2f}x {peak:>10}")

        largest = max(urls)
        # Without a cap on exports at once, then with the production default (2).
        for exports_at_once in args.caps:
            idle, busy, exports, failures, turned_away = under_load(
                urls[largest], args.concurrent, args.rounds, exports_at_once
            )
            print(
                f"home page at {largest} follow-ups, gunicorn, EXPORTS_AT_ONCE={exports_at_once}:"
                f" idle median {statistics.median(idle) * 1000:.0f} ms, p95"
                f" {p95(idle) * 1000:.0f} ms; with {args.concurrent} clients exporting: median"
                f" {statistics.median(busy) * 1000:.0f} ms, p95 {p95(busy) * 1000:.0f} ms"
                f" ({p95(busy) / p95(idle):.1f}x idle)"
            )
            print(
                f"  exports meanwhile: {len(exports)} finished"
                + (f", median {statistics.median(exports):.1f} s each" if exports else "")
                + f"; {len(turned_away)} told to come back; {len(failures)} failed"
            )
    finally:
        if not args.keep and not args.reuse:
            for count in urls:
                databases.drop_postgres(name_for(count))


if __name__ == "__main__":
    main()
