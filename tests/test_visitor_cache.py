"""Visitors' pages kept until the data they show changes (resolutions/web/visitor_cache.py),
and the data version every write to what pages show replaces (resolutions/counts.py)."""

import datetime
import re

import lxml.html
import pytest
import time_machine
from django.apps import apps
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.test import Client, RequestFactory

from resolutions import counts
from resolutions.models import FollowUp, FollowUpStatus, Paragraph, Resolution, Watch
from resolutions.web import visitor_cache

pytestmark = pytest.mark.usefixtures("kept_pages")

# Every public page a visitor reads, with a query string where the page takes one.
PUBLIC_PAGES = [
    "/",
    "/resolutions/?body=HRC&sort=symbol",
    "/resolutions/A/HRC/RES/32/6/",
    "/resolutions/A/HRC/RES/32/6/json",
    "/resolutions/A/HRC/RES/32/6/akn.xml",
    "/documents/A/HRC/31/81/",
    "/sessions/",
    "/sessions/HRC/32/",
    "/agenda-items/",
    "/agenda-items/HRC/3/",
    "/follow-ups/?status=open",
    "/search/?q=technical+assistance",
    "/countries/",
    "/entities/",
    "/entities/ohchr/",
    "/dashboard/",
    "/feeds/resolutions.atom",
    "/feeds/follow-ups.atom",
    "/follow-ups/calendar.ics",
    "/api/resolutions/",
    "/api/resolutions/A/HRC/RES/32/6/",
    "/api/follow-ups/?status=pending",
]
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def without_tokens(content: bytes) -> bytes:
    return TOKEN.sub(b"", content)


def op17(resolution) -> FollowUp:
    return FollowUp.objects.get(resolution=resolution, paragraph__label="OP17")


def test_every_public_page_kept_for_visitors_reads_as_it_was_rendered(seeded):
    visitor = Client()
    for url in PUBLIC_PAGES:
        rendered = visitor.get(url)
        assert rendered.status_code == 200, url
        with CountedQueries() as kept_queries:
            kept = visitor.get(url)
        assert kept.status_code == 200, url
        # From the cache: the data version is the only query, whatever the page.
        assert kept_queries.count == 1, (url, kept_queries.statements)
        assert without_tokens(kept.content) == without_tokens(rendered.content), url
        assert kept["Content-Type"] == rendered["Content-Type"], url
        assert visitor_cache.hole().encode() not in kept.content, url


class CountedQueries:
    """The statements sent on the default connection inside the block."""

    def __enter__(self):
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)

    @property
    def statements(self):
        return [query["sql"] for query in self.context.captured_queries]

    @property
    def count(self):
        return len(self.context.captured_queries)


def test_a_write_that_sends_no_signal_still_retires_the_kept_page(client, seeded):
    request = op17(seeded)
    page = client.get(f"/follow-ups/{request.pk}/").content
    assert b"Pending" in page and b"Fulfilled" not in page
    with CountedQueries() as queries:
        kept = client.get(f"/follow-ups/{request.pk}/").content
    assert queries.count == 1 and without_tokens(kept) == without_tokens(page)
    # A queryset's update: one UPDATE statement, no save(), no signal.
    FollowUp.objects.filter(pk=request.pk).update(status=FollowUpStatus.FULFILLED)
    assert "Fulfilled" in client.get(f"/follow-ups/{request.pk}/").content.decode()


def test_raw_sql_and_bulk_writes_change_the_data_version(seeded):
    paragraph = Paragraph.objects.filter(resolution=seeded).first()
    before = counts.version()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE resolutions_paragraph SET text = %s WHERE id = %s", ["Changed.", paragraph.pk]
        )
    after_raw = counts.version()
    assert after_raw != before
    Resolution.objects.bulk_update([Resolution(pk=seeded.pk, title="Another title")], ["title"])
    assert counts.version() != after_raw


def test_a_write_rolled_back_leaves_the_data_version_as_it_was(seeded):
    before = counts.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Resolution.objects.filter(pk=seeded.pk).update(title="Never kept")
        assert counts.version() != before  # inside the transaction, the new token
        raise RuntimeError
    assert counts.version() == before
    assert Resolution.objects.get(pk=seeded.pk).title != "Never kept"


def test_writes_no_page_shows_leave_the_data_version_as_it_was(seeded, recorder):
    before = counts.version()
    Watch.objects.create(user=recorder, resolution=seeded)
    recorder.save(update_fields=["last_login"])
    Client().force_login(recorder)  # a session row and the log-in's last_login
    assert counts.version() == before


def test_every_table_of_the_tracker_is_seen_but_the_ones_named_unseen():
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert counts.UNSEEN_TABLES <= tables | {"django_migrations"}  # no stale name
    seen = {
        model._meta.db_table
        for model in apps.get_app_config("resolutions").get_models(include_auto_created=True)
        if counts.shows(f'UPDATE "{model._meta.db_table}" SET "x" = %s')
    }
    unseen = {
        model._meta.db_table
        for model in apps.get_app_config("resolutions").get_models(include_auto_created=True)
    } - seen
    # What pages and counts never read: a person's own choices, what was sent to them, the
    # data version itself and the fetch queue. Any table added later is seen until named.
    assert unseen == {
        "resolutions_dataversion",
        "resolutions_fetchrequest",
        "resolutions_remindersettings",
        "resolutions_reminderdigest",
        "resolutions_remindernotice",
        "resolutions_watch",
        "resolutions_watchnotice",
        "resolutions_savedsearch",
    }
    assert counts.shows('INSERT OR IGNORE INTO "resolutions_paragraph" ("text") VALUES (%s)')
    assert counts.shows('DELETE FROM "auth_user" WHERE "id" = %s')
    assert not counts.shows('UPDATE "auth_user" SET "last_login" = %s WHERE "id" = %s')
    assert not counts.shows('SELECT * FROM "resolutions_paragraph"')
    assert not counts.shows('(SELECT 1 FROM "django_admin_log") UNION ALL (SELECT 2)')
    # Forms this module does not read a table from count as writes to what pages show.
    assert counts.shows('WITH moved AS (SELECT 1) UPDATE "resolutions_paragraph" SET "x" = 1')
    assert counts.shows('TRUNCATE "django_session", "resolutions_paragraph"')
    assert not counts.shows('TRUNCATE "django_session", "axes_accesslog"')
    assert counts.shows('REPLACE INTO "resolutions_resolution" ("id") VALUES (%s)')
    assert not counts.shows("CREATE TRIGGER t AFTER INSERT ON resolutions_paragraph BEGIN END")


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_and_its_version_commit_together(seeded):
    assert not connection.in_atomic_block
    before = counts.version()
    sent = []  # in the order the statements run (the innermost wrapper sees that)

    def running(execute, sql, params, many, context):
        sent.append((sql, context["connection"].in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(running):
        Resolution.objects.filter(pk=seeded.pk).update(title="Written outside a transaction")
    assert counts.version() != before
    writes = [(sql, atomic) for sql, atomic in sent if sql.startswith(("UPDATE", "INSERT"))]
    tables = ["resolutions_dataversion" in sql for sql, _ in writes]
    if connection.vendor == "postgresql":
        # The version first, then the write, in one transaction of their own.
        assert tables == [True, False] and all(atomic for _, atomic in writes)
    else:
        # SQLite: the write, then the version (one writer at a time, no tally to wait for).
        assert tables == [False, True]


@pytest.mark.django_db(transaction=True)
def test_a_row_inserted_outside_a_transaction_is_read_back_and_changes_the_version(seeded):
    """An INSERT ... RETURNING outside a transaction: its id is read after the statement."""
    before = counts.version()
    watch_free = Resolution.objects.create(symbol="A/HRC/RES/99/1", body=seeded.body)
    assert watch_free.pk and Resolution.objects.filter(pk=watch_free.pk).exists()
    assert counts.version() != before


def test_an_error_page_of_a_public_address_gives_a_working_token_and_is_not_kept(seeded):
    visitor = Client(enforce_csrf_checks=True)
    missing = visitor.get("/resolutions/A/HRC/RES/99/99/")
    assert missing.status_code == 404
    assert visitor_cache.hole().encode() not in missing.content
    response = visitor.post(
        "/i18n/setlang/",
        {"language": "fr", "next": "/", "csrfmiddlewaretoken": csrf_token_of(missing.content)},
    )
    assert response.status_code == 302
    with CountedQueries() as queries:
        assert visitor.get("/resolutions/A/HRC/RES/99/99/").status_code == 404
    assert queries.count > 1  # looked for again, not served from the cache


def csrf_token_of(page: bytes) -> str:
    form = lxml.html.fromstring(page).xpath("//form[contains(@class, 'language-switch')]")[0]
    return form.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]


def test_the_language_switch_of_a_kept_page_carries_each_visitors_own_token(seeded):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = csrf_token_of(first.get("/resolutions/").content)
    with CountedQueries() as queries:
        kept = second.get("/resolutions/")
    assert queries.count == 1  # the second visitor is served the kept page
    second_token = csrf_token_of(kept.content)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # Each token works for its own visitor only, as on a page rendered for them.
    switch = {"language": "fr", "next": "/resolutions/"}
    assert (
        second.post("/i18n/setlang/", {**switch, "csrfmiddlewaretoken": first_token}).status_code
        == 403
    )
    response = second.post("/i18n/setlang/", {**switch, "csrfmiddlewaretoken": second_token})
    assert response.status_code == 302
    assert '<html lang="fr">' in second.get("/resolutions/").content.decode()
    assert '<html lang="en">' in first.get("/resolutions/").content.decode()


def test_staff_are_never_served_a_visitors_page_nor_visitors_a_staff_page(seeded, recorder):
    url = "/resolutions/A/HRC/RES/32/6/"
    visitor = Client()
    assert "Log out" not in visitor.get(url).content.decode()
    staff = Client()
    staff.force_login(recorder)
    staff_page = staff.get(url).content.decode()
    assert "Log out" in staff_page and "Watch this resolution" in staff_page
    again = visitor.get(url).content.decode()
    assert "Log out" not in again and "Watch this resolution" not in again
    assert "Staff log in" in again


def test_a_visitor_with_a_message_to_read_is_shown_it_on_a_kept_page(client, seeded):
    client.get("/")  # kept
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Your text is stored.")])
    assert "Your text is stored." in client.get("/").content.decode()
    assert "Your text is stored." not in client.get("/").content.decode()  # shown once


def test_a_page_kept_yesterday_is_not_served_today(client, seeded):
    request = op17(seeded)
    FollowUp.objects.filter(pk=request.pk).update(due_on=datetime.date(2030, 6, 1))
    url = f"/follow-ups/{request.pk}/"
    with time_machine.travel(datetime.datetime(2030, 5, 31, 12, tzinfo=datetime.UTC)):
        assert "Overdue" not in client.get(url).content.decode()
        assert "Overdue" not in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2030, 6, 2, 12, tzinfo=datetime.UTC)):
        assert "Overdue" in client.get(url).content.decode()


def test_the_api_keeps_a_visitors_answer_and_still_counts_it_against_the_limit(
    client, seeded, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/h"}
    first = client.get("/api/resolutions/").json()
    with CountedQueries() as queries:
        assert client.get("/api/resolutions/").json() == first
    # The data version, and the throttle's count kept in the cache: no query for the rows.
    assert queries.count == 1
    Resolution.objects.filter(pk=seeded.pk).update(title="A title changed by a bulk write")
    titles = [row["title"] for row in client.get("/api/resolutions/").json()["results"]]
    assert "A title changed by a bulk write" in titles
    assert client.get("/api/resolutions/").status_code == 429


def test_a_page_asked_in_french_is_kept_apart_from_the_english_one(client, seeded):
    english = client.get("/sessions/")
    french = client.get("/sessions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()
    assert (
        '<html lang="fr">' in client.get("/sessions/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
