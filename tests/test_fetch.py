"""Fetching from the UN (sources/un/, importing/fetching.py, manage.py fetch_documents).

A real HTTP server on 127.0.0.1 (pytest-httpserver) plays the Official Document System,
serving the official PDFs of the shared corpus under its URL pattern, and the Digital
Library, serving MARCXML records written here to its field layout (marc_record). Each
test scripts what the services answer, symbol by symbol.
"""

import datetime
import hashlib
import io
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pymarc
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from pytest_httpserver import HTTPServer
from werkzeug import Response

from resolutions.importing import rows
from resolutions.management.commands import fetch_documents
from resolutions.models import (
    AdoptionMode,
    CountryVote,
    ImportChannel,
    Resolution,
    TextImport,
    VotePosition,
)
from resolutions.sources import un
from tests.conftest import SHARED_CORPUS

PDFS = SHARED_CORPUS / "pdf"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not PDFS.is_dir(), reason=f"the shared corpus's PDFs are not at {PDFS}"
)

# The symbols of the shared corpus's resolutions and decisions, and their files.
CORPUS = {
    "A/RES/73/3": "A_RES_73_3-EN.pdf",
    "A/RES/73/6": "A_RES_73_6-EN.pdf",
    "A/RES/73/7": "A_RES_73_7-EN.pdf",
    "A/RES/73/8": "A_RES_73_8-EN.pdf",
    "A/HRC/DEC/14/105": "A_HRC_DEC_14_105-EN.pdf",
    "A/HRC/DEC/28/111": "A_HRC_DEC_28_111-EN.pdf",
    "A/HRC/DEC/43/112": "A_HRC_DEC_43_112-EN.pdf",
    "A/HRC/DEC/59/112": "A_HRC_DEC_59_112-EN.pdf",
}
# The smallest file: the text that goes through beside each failure.
GOOD = "A/HRC/DEC/59/112"


def pdf_of(symbol: str) -> bytes:
    return (PDFS / CORPUS[symbol]).read_bytes()


# --- MARCXML as the Digital Library writes it --------------------------------------------


def _field(tag, subfields, ind1=" ", ind2=" "):
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(ind1, ind2),
        subfields=[pymarc.Subfield(code, value) for code, value in subfields],
    )


def marc_record(
    symbol,
    *,
    voting=False,
    record_id="1",
    title="",
    date="",
    vote_date="",
    agenda=(),
    subjects=(),
    draft="",
    meeting="",
    votes=(),
    totals=None,
    note="",
):
    """One record: a bibliographic one (the symbol in 191) or a voting one (in 791).
    `agenda`: (agenda symbol, item number, title); `votes`: (ISO3 code, name, Y/N/A or "");
    `totals`: (yes, no, abstentions, non-voting, total voting membership)."""
    record = pymarc.Record()
    record.add_field(pymarc.Field(tag="001", data=record_id))
    record.add_field(_field("791" if voting else "191", [("a", symbol)]))
    if title:
        record.add_field(_field("245", [("a", title)], "1", "0"))
    if date:
        record.add_field(_field("269", [("a", date)]))
    if vote_date:
        record.add_field(_field("992", [("a", vote_date)]))
    for agenda_symbol, number, agenda_title in agenda:
        record.add_field(_field("991", [("a", agenda_symbol), ("b", number), ("d", agenda_title)]))
    for subject in subjects:
        record.add_field(_field("650", [("a", subject)], "1", "7"))
    if draft:
        record.add_field(_field("993", [("a", draft)], "2"))
    if meeting:
        record.add_field(_field("993", [("a", meeting)], "4"))
    for position, (code, name, vote) in enumerate(votes, start=1):
        fields = [("a", f"{position:03d}"), ("c", code)]
        if vote:
            fields.append(("d", vote))
        record.add_field(_field("967", [*fields, ("e", name)]))
    if totals is not None or note:
        fields = [("a", note)] if note else []
        if totals is not None:
            fields += list(zip("bcdef", (str(n) for n in totals), strict=True))
        record.add_field(_field("996", fields))
    return record


def collection(*records) -> bytes:
    """A search answer in MARCXML (of=xm)."""
    body = b"".join(pymarc.record_to_xml(record) for record in records)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim">' + body + b"</collection>"
    )


# The Cuba embargo resolution's vote, as its voting record has it (three countries of 189).
VOTES_73_8 = [
    ("CUB", "CUBA", "Y"),
    ("ISR", "ISRAEL", "N"),
    ("USA", "UNITED STATES", "N"),
    ("CIV", "CÔTE D'IVOIRE", "Y"),
    ("MDA", "REPUBLIC OF MOLDOVA", ""),
]


def record_73_8() -> bytes:
    return collection(
        marc_record(
            "A/RES/73/8",
            record_id="1654253",
            title="Necessity of ending the economic, commercial and financial embargo",
            date="2018-11-05",
            agenda=[("A/73/251", "43", "Necessity of ending the embargo")],
            subjects=["EMBARGO"],
            draft="A/73/L.3",
            meeting="A/73/PV.30",
        ),
        marc_record(
            "A/RES/73/8",
            voting=True,
            record_id="1654254",
            date="2018-11-01",
            votes=VOTES_73_8,
            totals=(189, 2, 0, 2, 193),
            draft="A/73/L.3",
            meeting="A/73/PV.30",
        ),
    )


# --- The services on 127.0.0.1 ------------------------------------------------------------


def html_page(title="Document not found") -> Response:
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>…</body></html>"
    return Response(page, status=200, content_type="text/html; charset=utf-8")


def cut_short(data: bytes, announced: int | None) -> Response:
    """The first half of `data`; with `announced`, a Content-Length that promises more."""
    half = data[: len(data) // 2]
    if announced is None:
        return Response(iter([half]), content_type="application/pdf")  # no length said
    response = Response(half, content_type="application/pdf")
    response.headers["Content-Length"] = str(announced)
    return response


class FakeUN:
    """The ODS and the Digital Library, answering each symbol as scripted.

    `answers[(service, symbol)]` is a list of answers given in turn, the last one for
    every request after: a werkzeug Response, or a function of the request giving one.
    Without a script, the ODS serves the corpus's file of the symbol (404 for another) and
    the library the record in `records` (an empty collection without one)."""

    ODS_PATH = "/api/symbol/access"
    LIBRARY_PATH = "/search"

    def __init__(self, httpserver):
        self.records: dict[str, bytes] = {}
        self.answers: dict[tuple[str, str], list] = {}
        self.files = dict(CORPUS)
        # (monotonic time, "ods" or "library", symbol, User-Agent) of every request
        self.requests: list[tuple[float, str, str, str]] = []
        self.kinds: list[str] = []  # the "t" of every request to the ODS: pdf, doc
        httpserver.expect_request(self.ODS_PATH).respond_with_handler(self.ods)
        httpserver.expect_request(self.LIBRARY_PATH).respond_with_handler(self.library)

    def script(self, service, symbol, *answers):
        self.answers[(service, symbol)] = list(answers)

    def asked(self, service=None, symbol=None):
        return [
            r
            for r in self.requests
            if (service is None or r[1] == service) and (symbol is None or r[2] == symbol)
        ]

    def _answer(self, service, symbol, request, default):
        self.requests.append(
            (time.monotonic(), service, symbol, request.headers.get("User-Agent", ""))
        )
        script = self.answers.get((service, symbol))
        if not script:
            return default()
        answer = script.pop(0) if len(script) > 1 else script[0]
        return answer if isinstance(answer, Response) else answer(request)

    def ods(self, request):
        symbol = request.args["s"]
        assert request.args["l"] == "en"
        self.kinds.append(request.args["t"])

        def default():
            if symbol not in self.files:
                return Response("Not found", status=404)
            data = (PDFS / self.files[symbol]).read_bytes()
            return Response(data, content_type="application/pdf")

        return self._answer("ods", symbol, request, default)

    def library(self, request):
        symbol = request.args["p"]
        assert request.args["of"] == "xm"

        def default():
            body = self.records.get(symbol, collection())
            return Response(body, content_type="application/xml")

        return self._answer("library", symbol, request, default)


@pytest.fixture(scope="module")
def httpserver():
    """One server for the module, answering requests in threads: a slow answer (the
    timeout's) must not hold up the next symbol's."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def services(httpserver, settings, tmp_path):
    httpserver.clear()
    settings.UN_ODS_URL = httpserver.url_for(FakeUN.ODS_PATH)
    settings.UN_LIBRARY_URL = httpserver.url_for(FakeUN.LIBRARY_PATH)
    settings.UN_REQUESTS_PER_SECOND = 0
    settings.UN_TIMEOUT = 2
    settings.UN_RETRIES = 1
    settings.UN_BACKOFF = 0.01
    settings.UN_CACHE_DIR = str(tmp_path / "cache")
    settings.UN_CONTACT = "tracker@example.org"
    return FakeUN(httpserver)


@dataclass
class Run:
    stdout: str
    stderr: str
    error: str  # the CommandError's message; "" when the command succeeded


def fetch(*args) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("fetch_documents", *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return Run(stdout.getvalue(), stderr.getvalue(), str(error))
    return Run(stdout.getvalue(), stderr.getvalue(), "")


def stored(symbol) -> bool:
    return (
        Resolution.objects.filter(symbol=symbol).exists()
        or TextImport.objects.filter(symbol=symbol).exists()
    )


# --- No Django in the client ----------------------------------------------------------------


def test_the_un_client_imports_nothing_from_django():
    code = (
        "import sys, resolutions.sources.un; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- A symbol end to end ------------------------------------------------------------------


def test_a_symbol_is_fetched_and_imported_with_its_library_record(db, services):
    services.records["A/RES/73/8"] = record_73_8()

    run = fetch("A/RES/73/8")

    assert run.error == "", run.stderr
    resolution = Resolution.objects.get(symbol="A/RES/73/8")
    assert resolution.title.startswith("Necessity of ending the economic, commercial")
    assert resolution.adopted_on == datetime.date(2018, 11, 1)
    assert resolution.paragraphs.filter(kind="operative").count() >= 3
    # What the text does not print, the library's record gives.
    assert resolution.adoption_mode == AdoptionMode.RECORDED_VOTE
    assert (resolution.votes_in_favour, resolution.votes_against) == (189, 2)
    assert (resolution.votes_abstaining, resolution.votes_not_voting) == (0, 2)
    assert resolution.draft_symbol == "A/73/L.3"
    assert resolution.meeting == "30th plenary meeting"
    votes = {v.country.name: v.position for v in CountryVote.objects.filter(resolution=resolution)}
    assert votes == {
        "Cuba": VotePosition.IN_FAVOUR,
        "Israel": VotePosition.AGAINST,
        "United States of America": VotePosition.AGAINST,
        "Côte d'Ivoire": VotePosition.IN_FAVOUR,
    }  # the Republic of Moldova, listed without a vote, did not vote
    record = TextImport.objects.get(symbol="A/RES/73/8")
    assert record.channel == ImportChannel.FETCH
    assert record.checksum == hashlib.sha256(pdf_of("A/RES/73/8")).hexdigest()
    assert record.file_name.endswith("?s=A/RES/73/8&l=en&t=pdf")
    assert "A/RES/73/8: imported A/RES/73/8 (" in run.stdout
    assert "imported" in run.stdout.split("\n\n")[-1]  # the final table
    agents = {agent for *_, agent in services.requests}
    assert agents == {f"{un.PRODUCT} (+tracker@example.org)"}


def test_the_text_s_own_reading_wins_over_the_library_s(db, services):
    services.records[GOOD] = collection(
        marc_record(
            GOOD,
            voting=True,
            title="Another title",
            date="2001-01-01",
            draft="A/HRC/59/L.99",
            meeting="A/HRC/59/SR.40",
            votes=[("CUB", "CUBA", "Y")],
            totals=(40, 3, 4, 0, 47),
        )
    )

    assert fetch(GOOD).error == ""

    decision = Resolution.objects.get(symbol=GOOD)
    assert decision.title.startswith("Outcome of the universal periodic review")
    assert decision.adopted_on == datetime.date(2025, 7, 2)
    assert decision.adoption_mode == AdoptionMode.WITHOUT_VOTE
    # Adopted without a vote by its own word: no vote beside it.
    assert decision.votes_in_favour is None and not decision.country_votes.exists()
    # What the text does not say is filled all the same.
    assert decision.draft_symbol == "A/HRC/59/L.99"


def test_a_symbol_the_library_has_no_record_of_is_imported_with_a_warning(db, services):
    run = fetch(GOOD)

    assert run.error == ""
    assert Resolution.objects.filter(symbol=GOOD).exists()
    assert "warning: the Digital Library has no record of it" in run.stdout


def test_a_symbol_that_is_not_one_is_refused_before_any_request(db, services):
    with pytest.raises(CommandError, match="not a UN document symbol"):
        call_command("fetch_documents", "<b>A/RES/73/8</b>", stdout=io.StringIO())
    assert services.requests == []


# --- Every failure: its symbol and cause named, nothing stored, the batch going on ---------

BAD = "A/RES/73/6"


def _cut_short_cause():
    size = len(pdf_of(BAD))
    return (
        f"the answer of the ODS was cut short: {size // 2:,} of the {size:,} bytes it "
        "announced; gave up after 2 tries"
    )


# What the ODS answers (None: the library fails instead), and the cause the failure names.
FAILURES = {
    "not found (404)": (
        lambda: [Response("Not found", status=404)],
        lambda: "the ODS has no document of this symbol (404 NOT FOUND)",
    ),
    "too many requests (429), for longer than the tracker waits": (
        lambda: [Response("Slow down", status=429, headers={"Retry-After": "3600"})],
        lambda: (
            "the ODS refused it as too many requests (429) and asked to wait 3600 s, "
            "longer than the 120 s the tracker waits"
        ),
    ),
    "a server error (500)": (
        lambda: [Response("Oops", status=500)],
        lambda: "the ODS failed (500 INTERNAL SERVER ERROR); gave up after 2 tries",
    ),
    "a timeout": (
        lambda: [lambda request: time.sleep(0.6) or Response(pdf_of(BAD))],
        lambda: "the ODS did not answer within 0.2 s; gave up after 2 tries",
    ),
    "a body shorter than its Content-Length": (
        lambda: [cut_short(pdf_of(BAD), announced=len(pdf_of(BAD)))],
        _cut_short_cause,
    ),
    "a PDF cut short with no length to say so": (
        lambda: [cut_short(pdf_of(BAD), announced=None)],
        lambda: "the PDF the ODS served does not read: ",
    ),
    "an HTML error page instead of the PDF": (
        lambda: [html_page("Document not found")],
        lambda: "the ODS served a web page (“Document not found”), not the PDF asked for",
    ),
    "the PDF of another symbol": (
        lambda: [Response(pdf_of("A/RES/73/7"))],
        lambda: "the file served is the text of A/RES/73/7, not of A/RES/73/6",
    ),
    "a library record that fails (500)": (
        None,
        lambda: "the Digital Library failed (500 INTERNAL SERVER ERROR); gave up after 2 tries",
    ),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failure_names_its_symbol_and_cause_stores_nothing_and_the_batch_goes_on(
    db, services, settings, failure
):
    settings.UN_TIMEOUT = 0.2
    answers, cause = FAILURES[failure]
    cause = cause()
    if answers is None:
        services.script("library", BAD, Response("Oops", status=500))
    else:
        services.script("ods", BAD, *answers())
    resolutions, imports = Resolution.objects.count(), TextImport.objects.count()

    run = fetch(BAD, GOOD)

    assert f"{BAD}: failed: {cause}" in run.stderr
    assert f"  {BAD}: {cause}" in run.stdout  # in the final table's list too
    assert run.error == "1 of 2 symbols failed; nothing from them was stored."
    assert not stored(BAD)
    assert Resolution.objects.filter(symbol=GOOD).exists()
    assert (Resolution.objects.count(), TextImport.objects.count()) == (
        resolutions + 1,
        imports + 1,
    )


def test_the_old_word_format_served_for_word_is_refused(db, services):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    services.script("ods", BAD, Response(ole2, content_type="application/msword"))

    run = fetch("--format", "doc", BAD)

    assert f"{BAD}: failed: the ODS served a Word (.doc) or other Microsoft Office file, not " in (
        run.stderr
    )
    assert "not the Word (.docx) file asked for" in run.stderr
    assert services.kinds == ["doc"] and not stored(BAD)


def test_a_failed_fetch_leaves_the_stored_text_as_it_was(db, services):
    assert fetch(BAD).error == ""
    resolution = Resolution.objects.get(symbol=BAD)
    services.script("ods", BAD, html_page("Service unavailable"))

    run = fetch("--refresh", BAD)

    assert f"{BAD}: failed: the ODS served a web page (“Service unavailable”)" in run.stderr
    after = Resolution.objects.get(symbol=BAD)
    assert (after.source_text, after.updated_at) == (resolution.source_text, resolution.updated_at)
    assert TextImport.objects.filter(symbol=BAD).count() == 1


def test_a_failure_while_storing_the_library_s_votes_leaves_nothing_of_the_text(
    db, services, monkeypatch
):
    services.records["A/RES/73/8"] = record_73_8()

    def refuse(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(rows, "store_votes", refuse)

    run = fetch("A/RES/73/8")

    assert "A/RES/73/8: failed: the database refused it: disk full" in run.stderr
    assert not stored("A/RES/73/8")


# --- What is worth trying again is tried again --------------------------------------------


def test_a_429_is_tried_again_after_the_wait_it_asks(db, services):
    services.script(
        "ods",
        GOOD,
        Response("Slow down", status=429, headers={"Retry-After": "1"}),
        Response(pdf_of(GOOD), content_type="application/pdf"),
    )

    run = fetch(GOOD)

    assert run.error == ""
    first, second = services.asked("ods", GOOD)
    assert second[0] - first[0] >= 0.95
    assert Resolution.objects.filter(symbol=GOOD).exists()


def test_a_server_error_is_tried_again(db, services):
    services.script(
        "ods",
        GOOD,
        Response("Oops", status=503),
        Response(pdf_of(GOOD), content_type="application/pdf"),
    )

    assert fetch(GOOD).error == ""
    assert len(services.asked("ods", GOOD)) == 2


def test_an_answer_larger_than_a_document_may_be_is_not_read(services, settings):
    config = un.ServiceConfig(ods_url=settings.UN_ODS_URL, max_bytes=1000, retries=0)

    with pytest.raises(un.FetchFailed) as failed:
        un.fetch_document(un.Client(config), GOOD)

    size = len(pdf_of(GOOD))
    assert failed.value.reason == (
        f"the ODS answered with {size:,} bytes, more than the 1,000 a document may have"
    )


def test_retry_after_as_an_http_date():
    now = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=datetime.UTC)
    assert un.retry_after_seconds("Tue, 01 Dec 2026 12:00:30 GMT", now) == 30
    assert un.retry_after_seconds("120", now) == 120
    assert un.retry_after_seconds("soon", now) is None


# --- Politeness: the rate limit and the cache ---------------------------------------------


def test_requests_are_spaced_by_the_rate_limit(db, services, settings):
    settings.UN_REQUESTS_PER_SECOND = 10
    for symbol in ("A/HRC/DEC/59/112", "A/HRC/DEC/43/112"):
        services.records[symbol] = collection(marc_record(symbol, title="A decision"))

    assert fetch("A/HRC/DEC/59/112", "A/HRC/DEC/43/112", "A/HRC/DEC/28/111").error == ""

    times = [when for when, *_ in services.requests]
    assert len(times) == 6  # a file and a record for each symbol
    # The limiter sends each request at least a tenth of a second after the one before, so
    # the k-th is sent k tenths after the first. They are timed here as the service receives
    # them: one arriving late on a busy machine brings the next closer, which is why the gaps
    # themselves are not checked; the slack is for the first one's own way to the service.
    since_first = [when - times[0] for when in times]
    assert all(elapsed >= 0.1 * k - 0.03 for k, elapsed in enumerate(since_first)), since_first


def test_a_second_fetch_asks_nothing_and_skips_what_is_stored(db, services):
    assert fetch(GOOD).error == ""
    asked = len(services.requests)

    run = fetch(GOOD)

    assert run.error == ""
    assert len(services.requests) == asked  # the file came from the cache
    assert f"{GOOD}: skipped (stored already from the same file)" in run.stdout
    assert TextImport.objects.filter(symbol=GOOD).count() == 1


def test_refresh_asks_again(db, services):
    assert fetch(GOOD).error == ""
    asked = len(services.asked("ods", GOOD))

    run = fetch("--refresh", GOOD)

    assert len(services.asked("ods", GOOD)) == asked + 1
    assert f"{GOOD}: unchanged" in run.stdout


def test_only_what_passed_is_cached(db, services):
    services.script("ods", GOOD, html_page(), Response(pdf_of(GOOD)))
    assert "failed" in fetch(GOOD).stderr

    assert fetch(GOOD).error == ""  # asked again: the error page was not kept
    assert len(services.asked("ods", GOOD)) == 2
    assert Resolution.objects.filter(symbol=GOOD).exists()


def test_a_cache_that_cannot_be_written_costs_requests_not_the_fetch(db, services, settings):
    blocker = Path(settings.UN_CACHE_DIR)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the cache directory should be")

    run = fetch(GOOD)

    assert run.error == ""
    assert "The cache could not be written" in run.stderr
    assert Resolution.objects.filter(symbol=GOOD).exists()


# --- A session ----------------------------------------------------------------------------


def test_a_session_is_read_until_misses_in_a_row(db, services):
    run = fetch("--session", "GA-73")

    assert run.error == "", run.stderr
    found = ["A/RES/73/3", "A/RES/73/6", "A/RES/73/7", "A/RES/73/8"]
    assert set(Resolution.objects.values_list("symbol", flat=True)) >= set(found)
    # 1, 2, 4, 5 miss (never three in a row), then 9, 10, 11 end the series.
    asked = [symbol for _, service, symbol, _ in services.requests if service == "ods"]
    assert asked == [f"A/RES/73/{n}" for n in range(1, 12)]
    assert "A/RES/73/4: not found: the ODS has no document of this symbol" in run.stdout
    table = run.stdout.split("\n\n")[-1]
    assert "imported       4" in table and "not found      7" in table


def test_a_session_resumes_after_an_interruption(db, services):
    services.script("ods", "A/RES/73/7", Response("Oops", status=500))
    first = fetch("--session", "GA-73", "--no-library")
    assert "A/RES/73/7: failed" in first.stderr and first.error
    services.answers.clear()
    services.requests.clear()

    second = fetch("--session", "GA-73", "--no-library")

    assert second.error == ""
    assert "A/RES/73/3: skipped" in second.stdout and "A/RES/73/6: skipped" in second.stdout
    assert services.asked("ods", "A/RES/73/3") == []  # from the cache
    assert Resolution.objects.filter(symbol__in=["A/RES/73/7", "A/RES/73/8"]).count() == 2


def test_a_session_of_another_body_is_refused(db, services):
    with pytest.raises(CommandError, match="give a body"):
        call_command("fetch_documents", "--session", "SC-2020", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("code", "session"),
    [("HRC-59", ("HRC", "59")), ("hrc-s-30", ("HRC", "S-30")), ("GA-073", ("GA", "73"))],
)
def test_a_session_is_read_as_the_filters_read_it_and_written_as_symbols_write_it(code, session):
    # "073" is read as the filters read it, 73, and A/RES/73/1 asked for, not A/RES/073/1.
    assert fetch_documents.Command().session(code) == session


def test_council_sessions_read_resolutions_then_decisions_from_101():
    assert un.session_series("HRC", "59") == [("A/HRC/RES/59/", 1), ("A/HRC/DEC/59/", 101)]


# --- Reading the Digital Library's records ------------------------------------------------


def test_the_record_of_the_symbol_asked_is_read_among_those_a_search_finds():
    answer = collection(
        marc_record("A/HRC/RES/59/10", title="Not this one"),
        marc_record(
            "A/HRC/RES/59/1",
            record_id="42",
            title="Civil society space",
            date="20250703",
            agenda=[("A/HRC/59/1", "3", "Promotion and protection of all human rights")],
            subjects=["CIVIL SOCIETY", "HUMAN RIGHTS"],
            draft="A/HRC/59/L.2",
        ),
        marc_record(
            "A/HRC/RES/59/1",
            voting=True,
            record_id="43",
            vote_date="2025-07-03",
            votes=[
                ("ARG", "ARGENTINA", "Y"),
                ("CHN", "CHINA", "A"),
                ("BOL", "BOLIVIA (PLURINATIONAL STATE OF)", "N"),
                ("ALB", "ALBANIA", ""),
            ],
            totals=(31, 1, 1, 14, 47),
            meeting="A/HRC/59/SR.40",
        ),
    )

    record = un.read_library_records(answer, "A/HRC/RES/59/1")

    assert record.record_ids == ["42", "43"]
    assert record.title == "Civil society space"
    assert record.adopted_on == datetime.date(2025, 7, 3)
    assert record.agenda_items[0].number == 3
    assert record.subjects == ["CIVIL SOCIETY", "HUMAN RIGHTS"]
    assert (record.drafts, record.meetings) == (["A/HRC/59/L.2"], ["A/HRC/59/SR.40"])
    assert record.countries() == {
        "in_favour": ["Argentina"],
        "against": ["Bolivia (Plurinational State of)"],
        "abstaining": ["China"],
    }
    assert [v.position for v in record.votes][-1] == un.NOT_VOTING
    assert (record.in_favour, record.against, record.abstaining) == (31, 1, 1)
    assert (record.not_voting, record.voting_membership) == (14, 47)
    assert un.read_library_records(answer, "A/HRC/RES/59/2") is None


def test_an_answer_that_is_not_marcxml_is_refused():
    with pytest.raises(un.WrongDocument, match="served a web page"):
        un.read_library_records(html_page().get_data(), "A/RES/73/8")
    with pytest.raises(un.WrongDocument, match="not XML that reads"):
        un.read_library_records(b"<collection><record>", "A/RES/73/8")


def test_country_names_in_capitals_read_as_texts_write_them():
    assert un.country_name("UNITED STATES OF AMERICA") == "United States of America"
    assert un.country_name("CÔTE D'IVOIRE") == "Côte d'Ivoire"
    assert un.country_name("GUINEA-BISSAU") == "Guinea-Bissau"
    assert un.country_name("Türkiye") == "Türkiye"
