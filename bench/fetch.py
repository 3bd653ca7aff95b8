"""fetch_documents against a local server: a session's 40 texts fetched and imported.

    .venv/bin/python bench/fetch.py --database sqlite
    .venv/bin/python bench/fetch.py --database postgres

A server in another process on 127.0.0.1 plays the ODS and the Digital Library. The ODS
serves the four General Assembly PDFs of the shared corpus (A/RES/73/3, 6, 7 and 8: 2 to
10 pages each, 0.3 to 0.4 MB), in turn, as A/RES/73/1 to A/RES/73/40; A/RES/73/41 on is
404. The library serves for each symbol a bibliographic and a voting record with a
recorded vote of 193 countries (967) and its totals (996), draft and meeting (993).

Real PDFs rather than generated ones: what costs time is reading official PDFs (their
fonts, footnotes and page furniture), which no generated file would have; and no PDF
writer is a dependency. Since each PDF states its own symbol, the bench replaces the
command's symbol check (fetching.parse_fetched) with a parse under the symbol asked: the
only change to what the command does, made here and nowhere else.

`manage.py fetch_documents --session GA-73` runs in this process with the rate limit off
(UN_REQUESTS_PER_SECOND=0) and an empty cache, then again (every file cached, every text
stored: all skipped). The tracker's own time is the command's wall time less the time its
client spent waiting (rate limit, Retry-After, backoff: none here); the process's CPU time
is shown beside it, and where the time went (HTTP, PDF reading, parsing, storing). The
database is made for the run and dropped after it (a temporary SQLite file, or
`tracker_bench_fetch` on 127.0.0.1:5432).
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402

DATABASE = "tracker_bench_fetch"
PDFS = Path(os.environ.get("SHARED_CORPUS") or ROOT.parent / "shared" / "corpus") / "pdf"
FILES = ["A_RES_73_3-EN.pdf", "A_RES_73_6-EN.pdf", "A_RES_73_7-EN.pdf", "A_RES_73_8-EN.pdf"]
TEXTS = 40
COUNTRIES = 193


def marcxml(symbol: str) -> bytes:
    """A search answer with the two records the library keeps of a resolution adopted by a
    recorded vote, in its field layout (sources/un/library.py)."""
    number = symbol.rsplit("/", 1)[1]

    def field(tag, subfields, ind1=" "):
        inner = "".join(f'<subfield code="{c}">{v}</subfield>' for c, v in subfields)
        return f'<datafield tag="{tag}" ind1="{ind1}" ind2=" ">{inner}</datafield>'

    votes = "".join(
        field(
            "967", [("a", f"{i:03d}"), ("c", f"M{i:02d}"), ("d", "YNA"[i % 3]), ("e", f"STATE {i}")]
        )
        for i in range(1, COUNTRIES + 1)
    )
    related = field("993", [("a", f"A/73/L.{number}")], "2") + field(
        "993", [("a", f"A/73/PV.{number}")], "4"
    )
    bibliographic = (
        f'<record><controlfield tag="001">{number}</controlfield>'
        + field("191", [("a", symbol)])
        + field("245", [("a", f"Resolution {number}")])
        + field("269", [("a", "2018-11-05")])
        + field("991", [("a", "A/73/251"), ("b", "43"), ("d", "An agenda item")])
        + field("650", [("a", "EMBARGO")])
        + related
        + "</record>"
    )
    voting = (
        f'<record><controlfield tag="001">9{number}</controlfield>'
        + field("791", [("a", symbol)])
        + field("269", [("a", "2018-11-01")])
        + related
        + votes
        + field("996", [("b", "64"), ("c", "65"), ("d", "64"), ("e", "0"), ("f", "193")])
        + "</record>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<collection xmlns="http://www.loc.gov/MARC21/slim">{bibliographic}{voting}</collection>'
    ).encode()


def serve():
    """The server process: prints its port, then answers until killed."""
    pdfs = [(PDFS / name).read_bytes() for name in FILES]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            body, kind = None, "application/pdf"
            if url.path == "/api/symbol/access":
                number = query["s"].rsplit("/", 1)[1]
                if query["s"].startswith("A/RES/73/") and 1 <= int(number) <= TEXTS:
                    body = pdfs[(int(number) - 1) % len(pdfs)]
            elif url.path == "/search":
                body, kind = marcxml(query["p"]), "application/xml"
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


class Stopwatch:
    """Seconds spent in each wrapped function, added up."""

    def __init__(self):
        self.labels: list[str] = []  # in the order wrapped, to print
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, name: str, label: str):
        original = getattr(owner, name)
        self.labels.append(label)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0) + time.perf_counter() - started

        setattr(owner, name, timed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    missing = [name for name in FILES if not (PDFS / name).is_file()]
    if missing:
        sys.exit(f"The shared corpus's PDFs are not in {PDFS} ({', '.join(missing)}).")

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    workdir = tempfile.TemporaryDirectory()
    try:
        port = int(server.stdout.readline())
        os.environ.update(
            UN_ODS_URL=f"http://127.0.0.1:{port}/api/symbol/access",
            UN_LIBRARY_URL=f"http://127.0.0.1:{port}/search",
            UN_REQUESTS_PER_SECOND="0",
            UN_CACHE_DIR=str(Path(workdir.name) / "cache"),
        )
        databases.use(args.database, DATABASE, workdir.name)
        run(args.database)
    finally:
        server.terminate()
        server.wait()
        if args.database == "postgres":
            from django.db import connections

            connections.close_all()
            databases.drop_postgres(DATABASE)


def run(database: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from resolutions import parsing
    from resolutions.importing import fetching
    from resolutions.management.commands import fetch_documents
    from resolutions.models import CountryVote, Resolution
    from resolutions.sources import documents, un
    from resolutions.sources.un import ods

    call_command("migrate", verbosity=0)

    def parse_as_asked(document):
        # The bench's one change: the served PDF states another symbol than the one asked.
        return parsing.parse(document.source.text, symbol=document.symbol)

    fetching.parse_fetched = parse_as_asked
    watch = Stopwatch()
    watch.wrap(un.Client, "_try", "HTTP (requests and answers)")
    watch.wrap(documents, "read_document", "reading the PDFs")
    watch.wrap(parsing, "parse", "parsing")
    watch.wrap(fetching, "import_fetched", "storing (import and the library's record)")
    watch.wrap(fetching, "merge_library_record", "  of which the library's record")
    # The ODS module holds its own reference to what is wrapped.
    ods.read_document = documents.read_document

    print(f"fetch_documents --session GA-73: {TEXTS} texts, {database}")
    for label in ("first run (empty cache)", "second run (all cached and stored)"):
        command = fetch_documents.Command()
        watch.seconds.clear()
        started, cpu = time.perf_counter(), time.process_time()
        call_command(command, "--session", "GA-73", stdout=io.StringIO(), stderr=io.StringIO())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        own = wall - command.client.waited
        print(f"\n{label}: {command.client.requests} requests")
        print(f"  tracker's own time {own:6.2f} s  ({own / TEXTS * 1000:.0f} ms a text)")
        print(f"  waited             {command.client.waited:6.2f} s")
        print(f"  CPU of the process {cpu:6.2f} s")
        for name in watch.labels:
            if name in watch.seconds:
                print(f"    {name:<42} {watch.seconds[name]:6.2f} s")
        counts = {k: v for k, v in command.counts.items() if v}
        print(f"  outcomes: {counts}")
    assert Resolution.objects.filter(symbol__startswith="A/RES/73/").count() == TEXTS
    assert CountryVote.objects.count() == TEXTS * COUNTRIES


if __name__ == "__main__":
    main()
