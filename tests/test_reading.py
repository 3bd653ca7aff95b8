"""What a visitor's page read of what staff record (resolutions/reading.py): a page that
read none of it but through its checks is kept under the texts' version, and served
after a request is recorded only while its checks give what they gave
(web/visitor_cache.py)."""

import lxml.html
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resolutions import counts, reading
from resolutions.followups.notes import add_note
from resolutions.followups.recording import record_follow_up_event
from resolutions.models import FollowUp, FollowUpStatus, Resolution
from resolutions.web import visitor_cache
from tests.test_visitor_cache import PUBLIC_PAGES, without_tokens

# The pages whose rows show how many requests each text has open: kept under the texts'
# version, with that count as their check.
CHECKED_LISTS = [
    "/resolutions/?body=HRC&sort=symbol",
    "/sessions/HRC/32/",
    "/agenda-items/HRC/3/",
    "/api/resolutions/",
]


def read_while(statement) -> reading.Reading:
    with reading.watching() as read:
        statement()
    return read


def test_a_statement_naming_what_staff_record_marks_the_reading(seeded):
    assert not read_while(lambda: list(Resolution.objects.values_list("symbol"))).follow_ups
    assert read_while(lambda: FollowUp.objects.count()).follow_ups
    # Raw SQL, in any case, and the tally the database keeps from the requests.
    with connection.cursor() as cursor:
        raw = read_while(lambda: cursor.execute("select count(*) from RESOLUTIONS_FOLLOWUPTALLY"))
    assert raw.follow_ups
    # A table whose name begins like one of them is not one of them.
    assert reading.follow_up_reads({"resolutions_followup"}).search("resolutions_followups") is None

    def checked():
        with reading.checking():
            FollowUp.objects.count()

    assert not read_while(checked).follow_ups


def test_what_is_kept_under_the_data_version_marks_the_reading(seeded):
    assert read_while(lambda: counts.cached("a-count", 1, lambda: 1)).follow_ups
    assert read_while(lambda: counts.version()).follow_ups
    assert not read_while(lambda: counts.cached("a-count", 1, lambda: 1, texts=True)).follow_ups
    assert not read_while(lambda: counts.version(texts=True)).follow_ups


def test_what_reads_requests_is_never_kept_under_the_texts_version(seeded, caplog):
    computed = []

    def mistaken():
        computed.append(1)
        return FollowUp.objects.count()

    with reading.watching() as read:
        first = counts.cached("a-mistake", 1, mistaken, texts=True)
    assert read.follow_ups  # the page that used it read the requests
    assert counts.cached("a-mistake", 1, mistaken, texts=True) == first
    assert len(computed) == 2  # given, not kept
    assert "a-mistake read what staff record" in caplog.text
    kept = counts.cached("a-count", 1, lambda: Resolution.objects.count(), texts=True)
    assert counts.cached("a-count", 1, lambda: -1, texts=True) == kept


def test_the_versions_are_read_once_for_a_page_and_again_after_it_writes(seeded):
    with reading.watching(counts.versions()), CaptureQueriesContext(connection) as queries:
        before = counts.version(), counts.version(texts=True)
        assert len(queries) == 0  # given as the page began
        Resolution.objects.filter(pk=seeded.pk).update(subject="Written by the page")
        after = counts.version(), counts.version(texts=True)
    assert after != before and after == counts.versions()


def op17(resolution) -> FollowUp:
    return FollowUp.objects.get(resolution=resolution, paragraph__label="OP17")


@pytest.mark.usefixtures("kept_pages")
@pytest.mark.parametrize("url", CHECKED_LISTS)
def test_a_list_outlives_a_request_recorded_on_a_text_it_does_not_show(
    url, many_resolutions, recorder, settings
):
    settings.PAGE_SIZE = 2  # the site's lists
    url += "&page_size=2" if "?" in url else "?page_size=2"  # the API's
    visitor = Client()
    first = visitor.get(url)
    assert first.status_code == 200
    shown = first.content.decode()
    request = next(r for r in FollowUp.objects.open() if r.resolution.symbol not in shown)
    record_follow_up_event(request, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    with CaptureQueriesContext(connection) as queries:
        kept = visitor.get(url)
    # The versions, then its check asked again: how many requests its rows have open.
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert "resolutions_followup" in queries[1]["sql"]
    assert without_tokens(kept.content) == without_tokens(first.content)
    # Until a text changes: then it is made afresh.
    Resolution.objects.filter(pk=request.resolution_id).update(subject="Changed")
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get(url).status_code == 200
    assert len(queries) > 2


@pytest.mark.usefixtures("kept_pages")
def test_a_list_whose_row_changed_is_made_again_with_the_new_count(
    many_resolutions, recorder, settings
):
    visitor = Client()
    url = "/resolutions/?body=HRC&sort=symbol"

    def open_count_of(content, symbol):
        row = lxml.html.fromstring(content).xpath(f"//tr[td/a[text()='{symbol}']]")[0]
        return row.xpath("td[@data-label='Open follow-up']")[0].text_content().strip()

    before = open_count_of(visitor.get(url).content, "A/HRC/RES/32/6")
    record_follow_up_event(
        op17(many_resolutions.get(symbol="A/HRC/RES/32/6")),
        user=recorder,
        new_status=FollowUpStatus.FULFILLED,
        evidence_symbol="A/HRC/35/19",
    )
    after = open_count_of(visitor.get(url).content, "A/HRC/RES/32/6")
    assert int(after) == int(before) - 1


WRITES = {
    "progress recorded": lambda seeded, user: record_follow_up_event(
        op17(seeded), user=user, new_status=FollowUpStatus.IN_PROGRESS, note="Begun."
    ),
    "fulfilled with evidence": lambda seeded, user: record_follow_up_event(
        op17(seeded),
        user=user,
        new_status=FollowUpStatus.FULFILLED,
        evidence_symbol="A/HRC/35/19",
    ),
    "a public note": lambda seeded, user: add_note(
        op17(seeded).paragraph, user=user, text="Read with OP18.", visibility="public"
    ),
    "a queryset's update": lambda seeded, user: FollowUp.objects.filter(
        resolution=seeded, paragraph__label="OP27"
    ).update(status=FollowUpStatus.NOT_APPLICABLE),
}


@pytest.mark.usefixtures("kept_pages")
@pytest.mark.parametrize("write", WRITES)
def test_after_a_write_to_what_staff_record_every_kept_page_reads_as_made_afresh(
    write, seeded, recorder, settings
):
    visitor = Client()
    for url in PUBLIC_PAGES:
        assert visitor.get(url).status_code == 200, url
    WRITES[write](seeded, recorder)
    # Still, so that a feed with no entry says it was updated at the same moment.
    with time_machine.travel(timezone.now(), tick=False):
        compared(visitor, write, settings)


def compared(visitor, write, settings):
    for url in PUBLIC_PAGES:
        kept = visitor.get(url)
        settings.VISITOR_PAGES_KEPT = False
        fresh = visitor.get(url)
        settings.VISITOR_PAGES_KEPT = True
        assert without_tokens(kept.content) == without_tokens(fresh.content), (write, url)


@pytest.mark.usefixtures("kept_pages")
def test_which_pages_are_kept_under_the_texts_version(seeded, caplog):
    """Those that show the requests through a check (a list's rows, the home page's cards,
    a resolution's requests, an entity's page), and search, which shows none of them; the
    list of requests, the dashboard and the calendar under the data version."""
    visitor, factory = Client(), RequestFactory()
    under_texts = set()
    for url in PUBLIC_PAGES:
        assert visitor.get(url).status_code == 200
        request = factory.get(url)
        request.user = AnonymousUser()
        kind = "data" if url.startswith("/api/") else "page"
        keys = visitor_cache.key_for(request, kind)
        found = caches["pages"].get_many([keys.texts, keys.data])
        assert len(found) == 1, url
        if keys.texts in found:
            under_texts.add(url)
    assert {"/", "/search/?q=technical+assistance", "/entities/ohchr/", *CHECKED_LISTS} <= (
        under_texts
    )
    assert "/resolutions/A/HRC/RES/32/6/" in under_texts
    # Nothing they keep under the texts' version read what staff record.
    assert "read what staff record" not in caplog.text
    assert not under_texts & {"/follow-ups/?status=open", "/dashboard/", "/follow-ups/calendar.ics"}
