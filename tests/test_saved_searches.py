"""Saved searches and watches: a list's or a search's filters kept under a name, with its
own Atom feed and calendar read back as a feed reader and a calendar would; what a watch
on a resolution, an entity or a saved search tells by e-mail, once, and never an internal
event to someone who may not read it; news sent at once by the worker."""

import feedparser
import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from resolutions.followups.recording import record_follow_up_event, record_for_many
from resolutions.followups.reminders import send_reminders
from resolutions.importing.texts import import_text
from resolutions.models import (
    AddresseeEntity,
    FollowUp,
    FollowUpStatus,
    ReminderFrequency,
    ReminderSettings,
    SavedSearch,
    Watch,
)
from tests.test_carried import next_year
from tests.test_fetch_web import run_worker
from tests.test_reminders import parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    """Someone with an account who may not record follow-up."""
    return django_user_model.objects.create_user(
        "lena", email="lena@example.org", password="a-long-test-password", first_name="Lena"
    )


@pytest.fixture
def reader_client(reader):
    client = Client()
    client.force_login(reader)
    return client


def save(client, name: str, kind: str, query: str):
    return client.post("/account/searches/", {"name": name, "kind": kind, "query": query})


def feed_of(saved: SavedSearch):
    response = Client().get(saved.feed_url())  # a feed reader: nobody logged in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def test_a_saved_search_keeps_its_filters_and_its_feed_reads_back_with_feedparser(
    seeded, reader_client, reader
):
    page = reader_client.get("/resolutions/?body=HRC").content.decode()
    assert "Save this search" in page
    response = save(reader_client, "Council texts", "resolutions", "body=HRC&page=2&year=")
    assert response.status_code == 302 and response["Location"] == "/account/searches/"
    saved = SavedSearch.objects.get(user=reader)
    assert (saved.name, saved.kind, saved.query) == ("Council texts", "resolutions", "body=HRC")
    listing = reader_client.get("/account/searches/").content.decode()
    assert saved.feed_url() in listing and saved.calendar_url() in listing
    assert 'href="/resolutions/?body=HRC"' in listing

    feed = feed_of(saved)
    assert feed.bozo == 0
    assert feed.feed.title == "Council texts · Resolution tracker"
    assert feed.feed.link.endswith("/resolutions/?body=HRC")
    titles = [entry.title for entry in feed.entries]
    assert titles and all(title.startswith("A/HRC/") for title in titles)
    assert any(title.startswith("A/HRC/RES/32/6: ") for title in titles)

    # Saved again under the same name: the new filters, the same feed address.
    address = saved.feed_url()
    save(reader_client, "Council texts", "resolutions", "body=GA")
    saved.refresh_from_db()
    assert saved.query == "body=GA" and saved.feed_url() == address
    assert not [e for e in feed_of(saved).entries if e.title.startswith("A/HRC/RES/32/6")]


def test_a_saved_paragraph_search_feed_lists_the_texts_it_matches(seeded, reader_client, reader):
    save(reader_client, "Cooperation", "search", "q=international+cooperation")
    saved = SavedSearch.objects.get(user=reader)
    feed = feed_of(saved)
    assert feed.feed.title == "Cooperation · Resolution tracker"
    assert [entry.title.split(":")[0] for entry in feed.entries] == ["A/HRC/RES/32/6"]
    assert "paragraphs match" in feed.entries[0].summary


def test_a_saved_follow_up_search_has_a_calendar_and_a_feed_of_public_news_only(
    seeded, reader_client, reader, recorder
):
    save(reader_client, "Seed requests", "follow_ups", "resolution=A/HRC/RES/32/6")
    saved = SavedSearch.objects.get(user=reader)
    response = Client().get(saved.calendar_url())
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == "Seed requests"
    dated = FollowUp.objects.open().filter(resolution=seeded, due_on__isnull=False)
    assert dated.exists()
    assert len(calendar.walk("VEVENT")) == dated.count()

    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    record_follow_up_event(op27, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    record_follow_up_event(
        op27, user=recorder, new_status=FollowUpStatus.FULFILLED, note="Staff only", is_public=False
    )
    entries = feed_of(saved).entries
    assert [entry.title for entry in entries] == ["A/HRC/RES/32/6 OP27: Pending → In progress"]
    assert "Staff only" not in Client().get(saved.feed_url()).content.decode()


def test_a_bad_or_deleted_address_is_not_found_and_one_may_touch_only_ones_own(
    seeded, reader_client, reader, django_user_model
):
    save(reader_client, "Council texts", "resolutions", "body=HRC")
    saved = SavedSearch.objects.get(user=reader)
    assert Client().get(saved.feed_url().replace(saved.token, saved.token + "x")).status_code == 404
    other = Client()
    other.force_login(django_user_model.objects.create_user("omar", password="a-long-pass-x1"))
    assert other.post(f"/account/searches/{saved.pk}/delete/").status_code == 404
    assert other.post("/account/watches/", {"saved_search": saved.pk}).status_code == 404
    assert "Council texts" not in other.get("/account/searches/").content.decode()

    address, calendar = saved.feed_url(), saved.calendar_url()
    response = reader_client.post(f"/account/searches/{saved.pk}/delete/")
    assert response.status_code == 302 and not SavedSearch.objects.exists()
    assert Client().get(address).status_code == 404
    assert Client().get(calendar).status_code == 404
    anonymous = Client().get("/account/searches/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_filters_that_cannot_be_read_are_refused_with_what_is_wrong(reader_client):
    response = save(reader_client, "Broken", "resolutions", "year=nineteen")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This search could not be saved:" in page and "year" in page
    assert not SavedSearch.objects.exists()
    assert save(reader_client, "", "resolutions", "body=HRC").status_code == 400


def test_a_watched_resolution_tells_its_status_changes_once_and_never_an_internal_one(
    smtp,
    seeded,
    reader_client,
    reader,
    recorder,
    django_user_model,
):
    page = reader_client.get(seeded.get_absolute_url()).content.decode()
    assert "Watch this resolution" in page
    reader_client.post("/account/watches/", {"resolution": seeded.pk})
    assert Watch.objects.get(user=reader).target == seeded
    # Another recorder watches it too: they may read internal events.
    colleague = django_user_model.objects.create_user(
        "ines", email="ines@example.org", password="a-long-test-password"
    )
    colleague.user_permissions.set(recorder.user_permissions.all())
    Watch.objects.create(user=colleague, resolution=seeded)

    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    record_follow_up_event(
        op27, user=recorder, new_status=FollowUpStatus.IN_PROGRESS, note="Drafting"
    )
    record_follow_up_event(
        op27, user=recorder, new_status=FollowUpStatus.FULFILLED, note="Staff only", is_public=False
    )
    sent = send_reminders()
    assert sorted(digest.recipient for digest in sent) == ["ines@example.org", "lena@example.org"]
    assert send_reminders() == []
    by_recipient = {recipients[0]: message for recipients, message in smtp.messages}
    text, html = parts(by_recipient["lena@example.org"])
    assert "Status changes recorded by others:" in text
    assert "A/HRC/RES/32/6 OP27: Pending → In progress (A/HRC/RES/32/6)" in text
    assert "Drafting" in text and "Staff only" not in text and "Staff only" not in html
    assert f"https://tracker.example.org{op27.get_absolute_url()}#event-" in text
    staff_text, _html = parts(by_recipient["ines@example.org"])
    assert "In progress → Fulfilled [internal]" in staff_text and "Staff only" in staff_text


def test_a_watched_entity_and_a_watched_saved_search_tell_of_a_new_text_once(
    smtp,
    seeded,
    seed_text,
    reader_client,
    reader,
):
    ohchr = AddresseeEntity.objects.get(slug="ohchr")
    assert "Watch this entity" in reader_client.get(ohchr.get_absolute_url()).content.decode()
    reader_client.post("/account/watches/", {"entity": ohchr.pk})
    save(reader_client, "Council texts", "resolutions", "body=HRC")
    saved = SavedSearch.objects.get(user=reader)
    listing = reader_client.get("/account/searches/").content.decode()
    assert "Watch this search" in listing
    reader_client.post("/account/watches/", {"saved_search": saved.pk})
    assert {watch.kind for watch in reader.watches.all()} == {"entity", "saved_search"}
    settings_page = reader_client.get("/account/reminders/").content.decode()
    assert "Your saved search “Council texts”" in settings_page

    import_text(next_year(seed_text))  # A/HRC/RES/35/6: in both watches
    assert len(send_reminders()) == 1
    assert send_reminders() == []
    ((_recipients, message),) = smtp.messages
    text, _html = parts(message)
    assert text.count("- A/HRC/RES/35/6: ") == 1
    assert message["Subject"].startswith("Follow-up: 1 new text in what you watch")


@pytest.mark.django_db(transaction=True)
def test_news_sent_at_once_goes_out_from_the_worker_when_it_is_recorded(
    smtp,
    reader,
    recorder,
):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
    seeded = FollowUp.objects.get(resolution__symbol="A/HRC/RES/32/6", paragraph__label="OP27")
    ReminderSettings.objects.create(user=reader, frequency=ReminderFrequency.IMMEDIATE)
    Watch.objects.create(user=reader, resolution=seeded.resolution)
    record_follow_up_event(seeded, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    assert smtp.messages == []  # queued, not sent by the request
    run_worker()
    assert [recipients for recipients, _message in smtp.messages] == [["lena@example.org"]]
    record_follow_up_event(seeded, user=recorder, new_status=FollowUpStatus.FULFILLED)
    run_worker()
    assert len(smtp.messages) == 2
    text, _html = parts(smtp.messages[1][1])
    assert "In progress → Fulfilled" in text and "Pending → In progress" not in text
    # A change to many requests at once is one task, and one message.
    queued = DBTaskResult.objects.count()
    others = FollowUp.objects.filter(resolution=seeded.resolution).exclude(pk=seeded.pk)[:3]
    record_for_many(others, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    assert DBTaskResult.objects.count() == queued + 1
    run_worker()
    assert len(smtp.messages) == 3
    assert parts(smtp.messages[2][1])[0].count("→ In progress") == 3


def test_the_saved_searches_page_and_their_feeds_take_a_fixed_number_of_queries(
    seeded, reader_client, reader, recorder, django_assert_num_queries
):
    def make(names, query="body=HRC"):
        for name in names:
            saved = SavedSearch.objects.create(
                user=reader, name=name, kind="follow_ups", query=query
            )
            Watch.objects.create(user=reader, saved_search=saved)

    make(["One"])
    make(["Mine"], "body=HRC&assigned=me")
    one = SavedSearch.objects.get(name="One")
    counts = {}
    for key, url in [("page", "/account/searches/"), ("feed", None), ("calendar", None)]:
        client = reader_client if key == "page" else Client()
        url = url or (one.feed_url() if key == "feed" else one.calendar_url())
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts[key] = len(few)
    page = reader_client.get("/account/searches/").content.decode()
    assert "the filter on who is assigned matches nothing there" in page
    make([f"Search {n}" for n in range(8)])
    with django_assert_num_queries(counts["page"]):
        reader_client.get("/account/searches/")
    # Pinned: the session and the user, the messages, the searches, the watches.
    assert counts == {"page": 6, "feed": 3, "calendar": 3}
    # The feed: the saved search, the bodies (its filter reads a body's name), the events of
    # its requests with all they show.
    for label in ("OP16", "OP27"):
        follow_up = FollowUp.objects.get(resolution=seeded, paragraph__label=label)
        record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    with django_assert_num_queries(counts["feed"]):
        assert len(feed_of(one).entries) == 2


def test_what_was_told_stays_told_when_a_watch_that_told_it_is_dropped(
    smtp, seeded, reader_client, reader, recorder
):
    ohchr = AddresseeEntity.objects.get(slug="ohchr")
    reader_client.post("/account/watches/", {"resolution": seeded.pk})
    reader_client.post("/account/watches/", {"entity": ohchr.pk})
    op = FollowUp.objects.filter(resolution=seeded, entities=ohchr).first()
    record_follow_up_event(op, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    assert len(send_reminders()) == 1
    # Whichever watch told it, dropping either leaves the other, which holds it too.
    reader_client.post("/account/watches/", {"resolution": seeded.pk, "action": "unwatch"})
    reader_client.post("/account/watches/", {"entity": ohchr.pk, "action": "unwatch"})
    reader_client.post("/account/watches/", {"entity": ohchr.pk})
    Watch.objects.filter(user=reader).update(changes_since=seeded.created_at)
    assert send_reminders() == []
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    ("kind", "query", "said"),
    [
        ("search", "q=rights&paragraph_kind=annex", "is not one of the choices"),
        ("search", "q=" + "%C3%A9" * 400, "at most 300 characters"),
        ("resolutions", "body=" + "%C3%A9" * 400, "too long to keep"),
        ("search", "q=%00", "not text (NUL)"),
    ],
)
def test_a_search_that_could_not_be_read_back_is_not_saved(reader_client, kind, query, said):
    response = save(reader_client, "Odd", kind, query)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_saved_feed_links_its_page_without_naming_who_is_assigned(
    seeded, reader_client, recorder
):
    client = Client()
    client.force_login(recorder)
    save(client, "Mine", "follow_ups", "assigned=amina&body=HRC")
    saved = SavedSearch.objects.get(user=recorder)
    body = Client().get(saved.feed_url()).content.decode()
    assert "amina" not in body
    assert feedparser.parse(body).feed.link.endswith("/follow-ups/?body=HRC")


def test_a_watched_paragraph_search_tells_of_a_new_text_that_matches_it(
    smtp, seeded, seed_text, reader_client, reader
):
    save(reader_client, "Cooperation", "search", "q=international+cooperation")
    reader_client.post("/account/watches/", {"saved_search": SavedSearch.objects.get().pk})
    assert send_reminders() == []  # the seed was stored before the watch began
    import_text(next_year(seed_text))
    assert len(send_reminders()) == 1
    text, _html = parts(smtp.messages[0][1])
    assert "- A/HRC/RES/35/6: " in text
    assert "(your saved search “Cooperation”)" in text
