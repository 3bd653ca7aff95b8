"""Load test: gunicorn on 127.0.0.1 with generated data, driven by locust, bounded in time.

    .venv/bin/pip install -r requirements-bench.txt
    .venv/bin/python bench/load.py --count 1000 --users 50 --seconds 60

Builds a PostgreSQL database `tracker_bench_load` (dropped afterwards) with the demo text
and N generated resolutions, or with `--reuse` uses the one bench/pages.py kept for that
size (`tracker_bench_pages_<count>`, left as it is: the visitors only read), starts
gunicorn with production settings (DEBUG off) on a loopback port, and runs locust
headless against it with a mix of pages as visitors use them: the list with filters,
resolution pages, follow-ups, search, the home page, the API. It reports requests per
second, latency percentiles and failures, then stops everything. Traffic goes to
127.0.0.1 only.
"""

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

DATABASE = "tracker_bench_load"
PORT = 8765

LOCUSTFILE = """
import os
import random
from locust import HttpUser, between, task

# bench/generate.py gives every fourth text to the General Assembly (n = 1, 5, 9, ...).
COUNT = min(int(os.environ["BENCH_COUNT"]), 400)
SYMBOLS = ["A/HRC/RES/32/6"] + [f"A/HRC/RES/BENCH/{n}" for n in range(1, COUNT + 1) if (n - 1) % 4]
SEARCHES = ['"technical assistance"', "cooperation", "Secretary-General report", "embargo"]


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    @task(4)
    def resolution(self):
        self.client.get(f"/resolutions/{random.choice(SYMBOLS)}/", name="/resolutions/<symbol>/")

    @task(3)
    def listing(self):
        params = random.choice([{}, {"body": "HRC"}, {"body": "HRC", "year": "2016"}])
        self.client.get("/resolutions/", params=params, name="/resolutions/?filters")

    @task(2)
    def follow_ups(self):
        self.client.get("/follow-ups/", name="/follow-ups/")

    @task(2)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(SEARCHES)}, name="/search/?q")

    @task(1)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def api(self):
        self.client.get("/api/resolutions/", params={"body": "HRC"}, name="/api/resolutions/")
"""


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (2 x cores + 1)")
    parser.add_argument(
        "--reuse", action="store_true", help="use the database bench/pages.py --keep kept"
    )
    args = parser.parse_args()

    database = databases.sized(args.count) if args.reuse else DATABASE
    url = databases.use("postgres", database, "", reuse=args.reuse)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "LOG_LEVEL": "warning",
        "BENCH_COUNT": str(args.count),
    }
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    python = sys.executable
    server = None
    try:
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        # As in a deployment: with DEBUG off, pages name their static files by the manifest.
        subprocess.run(
            [python, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        if not args.reuse:
            subprocess.run(
                [python, "manage.py", "load_demo"],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            subprocess.run(
                [python, "bench/generate.py", "--count", str(args.count)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "tracker.wsgi"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
        with tempfile.TemporaryDirectory() as work:
            locustfile = Path(work) / "locustfile.py"
            locustfile.write_text(LOCUSTFILE, encoding="utf-8")
            prefix = Path(work) / "load"
            locust = subprocess.run(
                [
                    python,
                    "-m",
                    "locust",
                    "-f",
                    str(locustfile),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 10)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                ],
                cwd=work,
                env=env,
                check=False,
                capture_output=True,
                text=True,
                timeout=args.seconds + 60,
            )
            stats = Path(f"{prefix}_stats.csv")
            if not stats.exists():
                raise SystemExit(f"locust wrote no statistics:\n{locust.stderr[-2000:]}")
            with open(stats, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        print(
            f"{args.users} users for {args.seconds} s against gunicorn "
            f"({env.get('GUNICORN_WORKERS', '2 x cores + 1')} workers), "
            f"{args.count + 1} resolutions, PostgreSQL"
        )
        print(
            f"{'page':28} {'requests':>8} {'failures':>8} {'req/s':>7} "
            f"{'p50':>6} {'p95':>6} {'p99':>6}"
        )
        for row in rows:
            print(
                f"{row['Name']:28} {row['Request Count']:>8} {row['Failure Count']:>8} "
                f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
            )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.reuse:
            databases.drop_postgres(DATABASE)


if __name__ == "__main__":
    main()
