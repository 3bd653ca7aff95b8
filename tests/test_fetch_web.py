"""Fetching from the UN from the site: a resolution known from the catalogue alone says
that its text is not stored; staff who may import ask for it, and the background worker
(`manage.py db_worker`, django-tasks-db, run here as `make run` runs it, in batch mode)
fetches and imports it from the local server that plays the UN's services (test_fetch).
"""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from werkzeug import Response

from resolutions.importing import tasks
from resolutions.importing.reference import load_reference_data
from resolutions.models import (
    AgendaItem,
    Body,
    FetchOutcome,
    FetchRequest,
    FetchStatus,
    ImportChannel,
    Resolution,
    Session,
    TextImport,
)
from tests import test_fetch
from tests.conftest import close_unread
from tests.test_fetch import GOOD, html_page

# The local server that plays the ODS and the Digital Library, as test_fetch sets it up.
httpserver = test_fetch.httpserver
services = test_fetch.services

URL = "/import/fetch/"
PAGE = f"/resolutions/{GOOD}/"
# Pinned: the resolution page of a text not stored, for staff who may import, and the
# fetch page, whatever the number of fetches. One of them, for a person logged in, for
# what they watch of the page (the text, its series); one for the texts' version its text
# is kept under (counts.py).
PAGE_QUERIES = 18
LIST_QUERIES = 5
TITLE = "Outcome of the universal periodic review: Slovenia"

# The OHCHR catalogue's columns (tests/data/catalogue/sample.csv), one row of a decision
# the catalogue knows and whose text is not stored.
CATALOGUE_ROW = {
    "record_id": "59112",
    "symbol": GOOD,
    "title": f"{TITLE} : decision /",
    "statement": "adopted by the Human Rights Council at its 59th session",
    "date": "2025-07-02",
    "year": "2025",
    "body": "Human Rights Council",
    "collection": "Voting Collection",
    "vote_type": "ADOPTED WITHOUT VOTE",
    "meeting": "Adopted at the 25th meeting",
    "meeting_type": "PLENARY MEETING",
    "agenda_item_no": "6.",
    "agenda_item_title": "Universal periodic review -",
    "agenda_subject": "UNIVERSAL PERIODIC REVIEW - SLOVENIA",
    "main_sponsors": "Slovenia, Egypt (on behalf of the Group of African States)",
    "draft": "",
    "record_url": "https://searchlibrary.ohchr.org/record/59112",
}


@pytest.fixture
def from_the_catalogue(db, tmp_path):
    """A resolution known from a catalogue row alone. The bodies and the Council's calendar
    come from the migrations, which a transactional test before this one may have flushed."""
    load_reference_data(Body, Session, AgendaItem)
    path = tmp_path / "catalogue.csv"
    with path.open("w", newline="") as file:
        header = next(csv.reader(open("tests/data/catalogue/sample.csv")))
        writer = csv.DictWriter(file, fieldnames=header)
        writer.writeheader()
        writer.writerow(CATALOGUE_ROW)
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    resolution = Resolution.objects.get(symbol=GOOD)
    assert not resolution.text_stored
    return resolution


def run_worker():
    """What `make run` starts beside the server, until no task is left."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def page_of(client, path=PAGE) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# --- What everyone sees of a text not stored ------------------------------------------------


def test_a_visitor_reads_that_the_text_is_not_stored_and_where_it_is(client, from_the_catalogue):
    page = page_of(client)

    assert "The text of this resolution is not stored here." in page
    assert f'href="https://undocs.org/{GOOD}"' in page
    assert TITLE in page
    # What the catalogue knows is shown.
    assert "UNIVERSAL PERIODIC REVIEW - SLOVENIA" in page
    assert (
        '<span lang="en">Slovenia</span>; <span lang="en">Egypt</span> (on behalf of '
        '<span lang="en">Group of African States</span>)'
    ) in page
    # No empty text passed off as a text with nothing in it.
    assert "0 preambular, 0 operative" not in page
    assert "0 requests tracked" not in page
    assert 'id="preamble-heading"' not in page
    assert "Fetch from the UN" not in page and "Upload the text" not in page


def test_staff_without_the_import_permission_see_no_fetch_button(
    client, staff_without_permission, from_the_catalogue
):
    client.force_login(staff_without_permission)
    page = page_of(client)
    assert "The text of this resolution is not stored here." in page
    assert "Fetch from the UN" not in page


def test_a_stored_text_shows_its_paragraphs_and_no_fetch(importer_client, seeded):
    page = page_of(importer_client, seeded.get_absolute_url())
    assert "not stored here" not in page
    assert "Fetch from the UN" not in page
    assert 'id="preamble-heading"' in page


# --- Staff fetch it ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_staff_fetch_a_text_in_the_background_and_find_it_stored(
    client, importer, from_the_catalogue, services
):
    client.force_login(importer)
    page = page_of(client)
    assert "Fetch from the UN" in page
    assert f'href="/import/?symbol={GOOD}"' in page
    assert f'value="{GOOD}"' in page_of(client, f"/import/?symbol={GOOD}")  # filled in

    response = client.post(URL, {"symbol": GOOD}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert f"{GOOD} will be fetched from the UN in the background" in page
    assert "waiting for the worker" in page
    fetch = FetchRequest.objects.get()
    assert (fetch.status, fetch.requested_by, fetch.symbol) == (FetchStatus.QUEUED, importer, GOOD)
    assert DBTaskResult.objects.get().id.hex == fetch.task_id.replace("-", "")
    assert services.asked() == []  # the page asked nothing of the UN itself

    run_worker()

    fetch.refresh_from_db()
    # The catalogue's row is updated with its text.
    assert (fetch.status, fetch.outcome) == (FetchStatus.DONE, FetchOutcome.UPDATED)
    assert fetch.finished_at >= fetch.started_at >= fetch.requested_at
    resolution = Resolution.objects.get(symbol=GOOD)
    assert resolution.pk == from_the_catalogue.pk  # the catalogue's row got its text
    assert resolution.text_stored
    assert resolution.paragraphs.filter(kind="operative").exists()
    record = TextImport.objects.get(symbol=GOOD)
    assert fetch.text_import == record
    assert (record.channel, record.user) == (ImportChannel.FETCH, importer)
    assert [asked[1:3] for asked in services.asked()] == [("ods", GOOD), ("library", GOOD)]

    page = page_of(client)
    assert "not stored here" not in page
    assert 'id="preamble-heading"' in page
    listing = page_of(client, URL)
    assert f'<a href="{PAGE}">{GOOD}</a>' in listing
    assert "updated" in listing


@pytest.mark.django_db(transaction=True)
def test_a_second_click_joins_the_fetch_under_way(client, importer, from_the_catalogue, services):
    client.force_login(importer)
    client.post(URL, {"symbol": GOOD})
    other = Client()  # another browser of the same person
    other.force_login(importer)

    response = other.post(URL, {"symbol": GOOD}, follow=True)

    assert "is being fetched already (asked by lena)" in response.content.decode()
    assert FetchRequest.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    page = page_of(client)
    assert 'name="symbol"' not in page.split("text-missing", 1)[1]  # no button while under way
    run_worker()
    assert len(services.asked("ods")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_fetch_says_why_stores_nothing_and_can_be_tried_again(
    client, importer, from_the_catalogue, services
):
    services.script("ods", GOOD, html_page())
    client.force_login(importer)
    client.post(URL, {"symbol": GOOD})

    run_worker()

    fetch = FetchRequest.objects.get()
    assert (fetch.status, fetch.outcome) == (FetchStatus.FAILED, FetchOutcome.FAILED)
    assert "HTML" in fetch.message or "web page" in fetch.message, fetch.message
    resolution = Resolution.objects.get(symbol=GOOD)
    assert not resolution.text_stored
    assert not TextImport.objects.filter(symbol=GOOD).exists()
    page = page_of(client)
    assert "failed:" in page and fetch.message in page
    assert "Fetch from the UN" in page  # it can be asked again

    services.script("ods", GOOD, lambda request: Response("Not found", status=404))
    client.post(URL, {"symbol": GOOD})
    run_worker()
    latest = FetchRequest.objects.first()
    assert latest.pk != fetch.pk
    assert (latest.status, latest.outcome) == (FetchStatus.FAILED, FetchOutcome.NOT_FOUND)


@pytest.mark.django_db(transaction=True)
def test_a_task_run_twice_fetches_once(client, importer, from_the_catalogue, services):
    client.force_login(importer)
    client.post(URL, {"symbol": GOOD})
    fetch = FetchRequest.objects.get()

    assert tasks.fetch_from_un.call(fetch.pk) == FetchStatus.DONE
    assert tasks.fetch_from_un.call(fetch.pk) == FetchStatus.DONE

    assert len(services.asked("ods")) == 1
    assert TextImport.objects.filter(symbol=GOOD).count() == 1


def test_a_fetch_nobody_takes_says_no_worker_seems_to_run(
    importer_client, importer, from_the_catalogue
):
    importer_client.post(URL, {"symbol": GOOD})
    assert "No worker has taken it yet" not in page_of(importer_client)

    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        page = page_of(importer_client)
        listing = page_of(importer_client, URL)

    assert "No worker has taken it yet: is “manage.py db_worker” running?" in page
    assert "No worker has taken it yet" in listing


# --- Who may, and what is refused --------------------------------------------------------------


def test_visitors_and_staff_without_permission_cannot_fetch(
    client, staff_without_permission, from_the_catalogue
):
    response = client.post(URL, {"symbol": GOOD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff_without_permission)
    assert client.post(URL, {"symbol": GOOD}).status_code == 403
    assert client.get(URL).status_code == 403
    assert not FetchRequest.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("symbol", ["", "right to food", "A/HRC/RES/" + "9" * 120])
def test_what_is_no_symbol_is_refused_on_the_form(importer_client, db, symbol):
    response = importer_client.post(URL, {"symbol": symbol})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist' in page
    assert not FetchRequest.objects.exists()
    close_unread(response)


def test_a_symbol_not_stored_yet_can_be_fetched_and_is_listed(importer_client, db):
    response = importer_client.post(URL, {"symbol": "a/res/73/8"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    page = response.content.decode()
    assert "A/RES/73/8 will be fetched from the UN in the background" in page
    assert '<tr id="fetch-' in page and "A/RES/73/8" in page
    assert FetchRequest.objects.get().symbol == "A/RES/73/8"


def test_the_pages_take_a_fixed_number_of_queries(
    importer_client, importer, from_the_catalogue, django_assert_num_queries
):
    def ask(count):
        for number in range(count):
            symbol = f"A/RES/73/{number + 100}"
            tasks.ask_for_fetch(symbol, importer)
            FetchRequest.objects.filter(symbol=symbol).update(status=FetchStatus.DONE)

    ask(2)
    importer_client.post(URL, {"symbol": GOOD})
    # The page of a text not stored: one query for the latest fetch of the symbol.
    with django_assert_num_queries(PAGE_QUERIES):
        importer_client.get(PAGE)
    with django_assert_num_queries(LIST_QUERIES):
        importer_client.get(URL)
    ask(20)
    with django_assert_num_queries(LIST_QUERIES):
        response = importer_client.get(URL)
    assert len(response.context["fetches"]) == 23


# --- Lists and counts tell a text not stored from a text with no open request -------------


def test_lists_and_counts_say_which_texts_are_not_stored(client, seeded, from_the_catalogue):
    listing = client.get("/resolutions/")
    rows = {r.symbol: r for r in listing.context["page"].object_list}
    assert rows[GOOD].text_stored is False and rows["A/HRC/RES/32/6"].text_stored is True
    html = listing.content.decode()
    row = html.split(f">{GOOD}</a>", 1)[1].split("</tr>", 1)[0]
    assert "text not stored" in row
    facet = dict(
        (option.value, option.count)
        for facet in listing.context["facets"]
        if facet.name == "text"
        for option in facet.options
    )
    assert facet == {"stored": 1, "missing": 1}

    missing = client.get("/resolutions/", {"text": "missing"}).context["page"].object_list
    assert [r.symbol for r in missing] == [GOOD]
    stored = client.get("/resolutions/", {"text": "stored"}).context["page"].object_list
    assert [r.symbol for r in stored] == ["A/HRC/RES/32/6"]

    home = client.get("/")
    assert (home.context["resolution_count"], home.context["stored_count"]) == (2, 1)
    assert "the others are known from a catalogue only" in home.content.decode()
    session = client.get(from_the_catalogue.session.get_absolute_url()).content.decode()
    assert "Text stored for 0 of 1 resolution of this session." in session
    assert "&amp;text=missing" in session


def test_a_list_never_reads_the_whole_texts(client, seeded):
    with CaptureQueriesContext(connection) as queries:
        client.get("/resolutions/")
        client.get("/sessions/HRC/32/")
    # The rows of the page are selected; their texts are not (compared to '' only).
    rows = [q["sql"] for q in queries if '"text_is_stored"' in q["sql"]]
    assert len(rows) == 2
    assert not any(re.search(r'"(source_text|annex)"(,| FROM)', sql) for sql in rows)
