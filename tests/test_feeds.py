"""The feeds, read back as a feed reader and a calendar would read them."""

import csv
import datetime
import html
import io
import re

import feedparser
import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import FollowUp
from resolutions.web import feeds
from tests.conftest import variant
from tests.test_views import CATALOGUE_SAMPLE

pytestmark = pytest.mark.django_db

RECORDED = {
    "[Adopted without a vote.]": "[Adopted by a recorded vote of 32 to 3, with 12 abstentions.]"
}


def read_feed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def op(resolution, label) -> FollowUp:
    return FollowUp.objects.get(resolution=resolution, paragraph__label=label)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


# The resolution feed


def test_resolution_feed_lists_the_newest_resolutions(client, seeded, seed_text):
    import_text(variant(seed_text, 7, RECORDED))
    feed = read_feed(client, "/feeds/resolutions.atom")
    assert feed.version == "atom10"
    # Adopted the same day: the later import comes first.
    assert [e.title for e in feed.entries] == [
        "A/HRC/RES/32/7: Enhancement of international cooperation in the field of human rights",
        "A/HRC/RES/32/6: Enhancement of international cooperation in the field of human rights",
    ]
    entry = feed.entries[1]
    assert entry.link == "http://testserver/resolutions/A/HRC/RES/32/6/"
    assert entry.id == entry.link
    assert len({e.id for e in feed.entries}) == 2
    assert entry.summary == (
        "<p>Human Rights Council · 32nd session · Adopted without a vote. "
        "· Adopted on 30 June 2016</p>"
    )
    assert "Adopted by a recorded vote of 32 to 3, with 12 abstentions." in feed.entries[0].summary
    seeded.refresh_from_db()
    assert entry.updated_parsed[:6] == seeded.updated_at.utctimetuple()[:6]


@pytest.mark.parametrize(
    ("params", "symbols"),
    [
        ({"session": "HRC-33"}, []),
        ({"session": "HRC-32"}, ["A/HRC/RES/32/7", "A/HRC/RES/32/6"]),
        ({"body": "GA"}, []),
        ({"agenda_item": "HRC-3"}, ["A/HRC/RES/32/7", "A/HRC/RES/32/6"]),
        ({"agenda_item": "HRC-4"}, []),
        ({"year": "2015"}, []),
        ({"adoption_mode": "recorded_vote"}, ["A/HRC/RES/32/7"]),
        ({"q": "universal periodic review", "adoption_mode": "without_vote"}, ["A/HRC/RES/32/6"]),
        ({"q": "outer space debris"}, []),
    ],
)
def test_resolution_feed_takes_the_lists_filters(client, seeded, seed_text, params, symbols):
    import_text(variant(seed_text, 7, RECORDED))
    feed = read_feed(client, "/feeds/resolutions.atom", params)
    assert [e.title.split(":")[0] for e in feed.entries] == symbols


def test_resolution_feed_points_at_the_filtered_list(client, seeded):
    feed = read_feed(client, "/feeds/resolutions.atom", {"session": "HRC-32", "page": "3"})
    assert feed.feed.link == "http://testserver/resolutions/?session=HRC-32"


def test_resolution_feed_holds_at_most_fifty(client, seeded, monkeypatch, seed_text):
    assert feeds.FEED_LENGTH == 50
    monkeypatch.setattr(feeds, "FEED_LENGTH", 2)
    for number in (7, 8):
        import_text(variant(seed_text, number))
    feed = read_feed(client, "/feeds/resolutions.atom")
    assert [e.title.split(":")[0] for e in feed.entries] == ["A/HRC/RES/32/8", "A/HRC/RES/32/7"]


# The follow-up feed


@pytest.fixture
def recorded_events(seeded, recorder):
    op17 = op(seeded, "OP17")
    record_follow_up_event(
        op17,
        user=recorder,
        new_status="in_progress",
        note="Internal: ask the desk officer before the panel.",
        is_public=False,
    )
    record_follow_up_event(
        op17,
        user=recorder,
        new_status="fulfilled",
        note="The report was presented at the 35th session.",
        evidence_symbol="A/HRC/35/20",
    )
    return op17


def test_follow_up_feed_shows_public_events_and_never_internal_notes(client, recorded_events):
    response = client.get("/feeds/follow-ups.atom")
    assert b"desk officer" not in response.content
    feed = read_feed(client, "/feeds/follow-ups.atom")
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == "A/HRC/RES/32/6 OP17: In progress → Fulfilled"
    assert "The report was presented at the 35th session." in entry.summary
    assert "Evidence: A/HRC/35/20" in entry.summary
    # A public feed names the organisation, never the staff member (test_privacy.py).
    assert entry.author == "OHCHR secretariat"
    assert entry.link == f"http://testserver/follow-ups/{recorded_events.pk}/"
    assert entry.id != entry.link  # one follow-up may have many events


def test_follow_up_feed_escapes_the_note(client, seeded, recorder):
    record_follow_up_event(
        op(seeded, "OP27"), user=recorder, new_status="in_progress", note="<script>x</script> & co"
    )
    entry = read_feed(client, "/feeds/follow-ups.atom").entries[0]
    assert entry.title == "A/HRC/RES/32/6 OP27: Pending → In progress"
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in entry.summary


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, 1),
        ({"session": "HRC-32"}, 1),
        ({"session": "HRC-33"}, 0),
        ({"body": "HRC"}, 1),
        ({"body": "GA"}, 0),
        ({"agenda_item": "HRC-3"}, 1),
        ({"agenda_item": "HRC-4"}, 0),
    ],
)
def test_follow_up_feed_filters_by_the_resolution(client, recorded_events, params, count):
    assert len(read_feed(client, "/feeds/follow-ups.atom", params).entries) == count


# The calendar


def read_calendar(client, params=None) -> tuple[bytes, icalendar.Calendar]:
    response = client.get("/follow-ups/calendar.ics", params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, icalendar.Calendar.from_ical(response.content)


def test_calendar_holds_op27_as_an_all_day_deadline(client, seeded):
    _, calendar = read_calendar(client)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    op27 = op(seeded, "OP27")
    assert str(event["UID"]) == f"follow-up-{op27.pk}@testserver"
    assert event.decoded("DTSTART") == datetime.date(2017, 12, 31)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert event.decoded("DTEND") == datetime.date(2018, 1, 1)
    assert str(event["SUMMARY"]) == (
        "A/HRC/RES/32/6 OP27: Decides to continue its consideration of the matter in 2017, "
        "in accordance with its annual programme of work"
    )
    url = f"http://testserver/follow-ups/{op27.pk}/"
    assert str(event["URL"]) == url
    # The summary has commas, which the file escapes and a reader gets back.
    assert str(event["DESCRIPTION"]) == f"{op27.summary}\n\n{url}"
    assert "," in op27.summary
    assert isinstance(event.decoded("DTSTAMP"), datetime.datetime)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


def test_calendar_lines_end_in_crlf_and_fold_at_75_octets(client, seeded):
    content, _ = read_calendar(client)
    assert content.endswith(b"END:VCALENDAR\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the description should fold"


def test_calendar_leaves_out_closed_requests(client, seeded, recorder):
    record_follow_up_event(op(seeded, "OP27"), user=recorder, new_status="fulfilled")
    _, calendar = read_calendar(client)
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"session": "HRC-32"}, 1),
        ({"session": "HRC-33"}, 0),
        ({"body": "GA"}, 0),
        ({"addressee_kind": "body_itself"}, 1),
        ({"addressee_kind": "secretariat"}, 0),
        ({"action": "decision"}, 1),
        ({"action": "request"}, 0),
        # Only open deadlines belong in the calendar, whatever the URL asks.
        ({"status": "all"}, 1),
    ],
)
def test_calendar_takes_the_follow_up_lists_filters(client, seeded, params, count):
    _, calendar = read_calendar(client, params)
    assert len(calendar.walk("VEVENT")) == count


def test_ics_text_escapes_what_rfc_5545_requires():
    assert feeds.ics_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_ics_fold_never_splits_a_character():
    line = "SUMMARY:" + "Résolution sur l’égalité – " * 10
    folded = feeds.ics_fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


# What the feeds cost


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/feeds/resolutions.atom", {}, 1),
        ("/feeds/resolutions.atom", {"session": "HRC-32", "agenda_item": "HRC-3"}, 1),
        ("/feeds/follow-ups.atom", {}, 1),
        ("/feeds/follow-ups.atom", {"session": "HRC-32"}, 1),
        ("/follow-ups/calendar.ics", {}, 1),
        ("/follow-ups/calendar.ics", {"entity": "ohchr"}, 1),
        ("/feeds/follow-ups.atom", {"entity": "ohchr"}, 1),
        # The texts' version the matches are kept under (counts.py), the matching
        # paragraphs, the matched resolutions' ids, then the feed's texts and their agenda
        # items.
        ("/feeds/search.atom", {"q": "cooperation"}, 5),
        # One more to read the body as typed (a short name or a name: web/filter_values.py).
        ("/follow-ups/calendar.ics", {"body": "HRC", "addressee_kind": "body_itself"}, 2),
    ],
)
def test_feed_query_counts_are_pinned_and_do_not_grow(
    client, seeded, seed_text, recorder, url, params, expected
):
    def record_on_every_resolution():
        for follow_up in FollowUp.objects.filter(paragraph__label__in=["OP17", "OP27"]):
            record_follow_up_event(follow_up, user=recorder, new_status="in_progress")

    record_on_every_resolution()
    assert count_queries(client, url, params) == expected
    for number in range(20, 26):
        import_text(variant(seed_text, number, RECORDED))
    FollowUp.objects.update(status="pending")
    record_on_every_resolution()
    assert count_queries(client, url, params) == expected


def test_each_list_links_its_feed_and_calendar_for_the_filters_it_shows(client, seeded):
    call_command("import_catalogue", str(CATALOGUE_SAMPLE), stdout=io.StringIO())
    page = client.get("/resolutions/", {"session": "HRC-32", "sort": "symbol", "page": "1"})
    link = re.search(r'href="([^"]+)"[^>]*id="filtered-feed"', page.content.decode())[1]
    # The feed reads the session; the order and the page are the list's alone.
    assert html.unescape(link) == "/feeds/resolutions.atom?session=HRC-32"
    entries = feedparser.parse(client.get(html.unescape(link)).content).entries
    everything = feedparser.parse(client.get("/feeds/resolutions.atom").content).entries
    assert entries and len(entries) < len(everything)
    assert all("/RES/32/" in entry.link for entry in entries)
    follow_ups = client.get("/follow-ups/", {"session": "HRC-32"}).content.decode()
    feed = re.search(r'href="([^"]+)"[^>]*id="filtered-feed"', follow_ups)[1]
    calendar = re.search(r'href="([^"]+)"[^>]*id="filtered-calendar"', follow_ups)[1]
    assert html.unescape(feed).endswith("?session=HRC-32")
    assert html.unescape(calendar).endswith("?session=HRC-32")
    assert client.get(html.unescape(calendar)).status_code == 200


def links_of(client, url) -> dict[str, str]:
    """A page's feed and calendar links by id, and its <link rel="alternate"> as "head"."""
    page = client.get(url).content.decode()
    found = {
        name: html.unescape(address)
        for address, name in re.findall(r'href="([^"]+)"[^>]*id="(filtered-\w+)"', page)
    }
    head = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', page)
    if head:
        found["head"] = html.unescape(head[1])
    return found


def test_session_and_agenda_item_pages_link_the_feeds_of_their_texts(client, seeded, seed_text):
    import_text(variant(seed_text, 7, {"Agenda item 3": "Agenda item 4"}))
    session = links_of(client, "/sessions/HRC/32/")
    assert session == {
        "filtered-feed": "/feeds/resolutions.atom?session=HRC-32",
        "filtered-calendar": "/follow-ups/calendar.ics?session=HRC-32",
        "head": "/feeds/resolutions.atom?session=HRC-32",
    }
    assert {
        e.link.split("/resolutions/")[1] for e in read_feed(client, session["head"]).entries
    } == {
        "A/HRC/RES/32/6/",
        "A/HRC/RES/32/7/",
    }
    item = links_of(client, "/agenda-items/HRC/4/")
    assert item["filtered-feed"] == item["head"] == "/feeds/resolutions.atom?agenda_item=HRC-4"
    entries = read_feed(client, item["head"]).entries
    assert [entry.link.split("/resolutions/")[1] for entry in entries] == ["A/HRC/RES/32/7/"]


def test_an_entity_page_links_the_news_and_deadlines_of_the_requests_made_to_it(
    client, recorded_events, recorder
):
    links = links_of(client, "/entities/ohchr/")
    assert links == {
        "filtered-feed": "/feeds/follow-ups.atom?entity=ohchr",
        "filtered-calendar": "/follow-ups/calendar.ics?entity=ohchr",
        "head": "/feeds/follow-ups.atom?entity=ohchr",
    }
    # OP27 asks the Council itself: its news is not the Office's.
    record_follow_up_event(
        op(recorded_events.resolution, "OP27"), user=recorder, new_status="in_progress"
    )
    assert len(read_feed(client, "/feeds/follow-ups.atom").entries) == 2
    entries = read_feed(client, links["filtered-feed"]).entries
    assert [entry.title for entry in entries] == ["A/HRC/RES/32/6 OP17: In progress → Fulfilled"]

    def deadlines(url):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]

    # The Office's requests (OP16, OP17) name no deadline; the Council's OP27 does.
    assert any("OP27" in summary for summary in deadlines("/follow-ups/calendar.ics"))
    assert deadlines(links["filtered-calendar"]) == []


def test_a_search_links_its_feed_and_csv_and_both_hold_what_it_matched(client, seeded, seed_text):
    import_text(variant(seed_text, 7))
    import_text(variant(seed_text, 8, {"South-South cooperation": "regional arrangements"}))
    page = client.get("/search/", {"q": "South-South", "paragraph_kind": "preambular"})
    text = page.content.decode()
    links = links_of(client, "/search/?q=South-South&paragraph_kind=preambular")
    assert links["filtered-feed"] == links["head"]
    assert links["head"] == "/feeds/search.atom?q=South-South&paragraph_kind=preambular"
    feed = read_feed(client, links["head"])
    assert feed.feed.title == "Search “South-South” · Resolution tracker"
    assert [entry.link.split("/resolutions/")[1] for entry in feed.entries] == [
        "A/HRC/RES/32/7/",
        "A/HRC/RES/32/6/",
    ]
    assert "1 paragraph matches." in feed.entries[0].summary

    csv_link = html.unescape(re.search(r'href="([^"]+)"[^>]*id="search-csv"', text)[1])
    response = client.get(csv_link)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["resolution", "paragraph", "kind", "adopted_on", "title", "url", "text"]
    assert sorted(row[0] for row in rows[1:]) == ["A/HRC/RES/32/6", "A/HRC/RES/32/7"]
    assert {row[1] for row in rows[1:]} == {"PP9"}
    assert all("South-South" in row[6] for row in rows[1:])
    assert rows[1][5] == f"http://testserver/resolutions/{rows[1][0]}/#pp9"
