"""Reliability: the site when its database is down, the health check, two staff members
saving at once, interrupted imports, and the whole-database export and import."""

import io
import json
import logging
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from resolutions import tallies
from resolutions.followups.recording import ConcurrentEdit, record_follow_up_event
from resolutions.importing import rows
from resolutions.importing.texts import import_text
from resolutions.models import FollowUp, FollowUpEvent, Paragraph, Resolution
from tests.conftest import variant
from tests.test_tallies import counted_from_the_requests, held_by_the_tally

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SEED_PARAGRAPHS = 48
SEED_FOLLOW_UPS = 11


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does when the server has gone; undo() brings it back."""

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorDebugWrapper, "execute", refuse)
    return monkeypatch


# The database is unavailable


def test_a_page_answers_503_with_a_plain_page_while_the_database_is_down(
    client, seeded, database_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="resolutions.web.middleware"):
        response = client.get("/resolutions/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    warnings = [r for r in caplog.records if r.name == "resolutions.web.middleware"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING


def test_the_site_recovers_by_itself_when_the_database_returns(client, seeded, database_down):
    assert client.get("/resolutions/").status_code == 503
    database_down.undo()
    response = client.get("/resolutions/")
    assert response.status_code == 200
    assert "A/HRC/RES/32/6" in response.content.decode()


def test_a_staff_page_also_answers_503_while_the_database_is_down(
    recorder_client, seeded, database_down
):
    follow_up_url = "/follow-ups/"
    assert recorder_client.get(follow_up_url).status_code == 503


@pytest.fixture
def broken_session_table():
    """A real database error on a database that answers: the sessions table cannot be read.
    SQLite says "no such table" (an OperationalError); PostgreSQL is made to refuse the read
    with "program limit exceeded", which psycopg also raises as an OperationalError. The
    test's transaction rolls it back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE resolutions_session RENAME TO resolutions_session_away")
        if connection.vendor == "postgresql":
            cursor.execute(
                """CREATE FUNCTION refuse_session_read() RETURNS SETOF resolutions_session_away
                   LANGUAGE plpgsql AS $$ BEGIN
                   RAISE EXCEPTION 'a limit passed' USING ERRCODE = 'program_limit_exceeded';
                   END $$"""
            )
            cursor.execute("CREATE VIEW resolutions_session AS SELECT * FROM refuse_session_read()")


def test_a_database_error_that_is_not_a_lost_connection_is_a_500_with_its_traceback(
    seeded, broken_session_table, caplog
):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        response = client.get("/sessions/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert not [r for r in caplog.records if r.name == "resolutions.web.middleware"]
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].levelno == logging.ERROR and errors[0].exc_info


def test_a_refused_connection_is_database_unavailable(seeded, monkeypatch, caplog):
    """A real refused connection: a port nothing listens on (PostgreSQL), a file in a
    directory that does not exist (SQLite). The request is served in a thread of its own, as
    a server serves it, which opens a new connection; the test's own stays as it was."""
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/directory/db.sqlite3")
    responses = []

    def serve():
        responses.append(Client(raise_request_exception=False).get("/resolutions/"))
        connections.close_all()

    with caplog.at_level(logging.WARNING, logger="resolutions.web.middleware"):
        thread = threading.Thread(target=serve)
        thread.start()
        thread.join()
    assert responses[0].status_code == 503
    assert "temporarily unavailable" in responses[0].content.decode()
    assert [r.levelno for r in caplog.records if r.name == "resolutions.web.middleware"] == [
        logging.WARNING
    ]


# The health check


def test_health_check_says_ok_when_the_database_answers(client, django_assert_num_queries):
    # The trivial query, then the migration recorder's: whether its table exists, its rows.
    with django_assert_num_queries(3):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "sessionid" not in response.cookies


def test_health_check_is_unavailable_while_migrations_are_not_applied(client):
    recorder = MigrationRecorder(connection)
    latest = max(name for app, name in recorder.applied_migrations() if app == "resolutions")
    recorder.record_unapplied("resolutions", latest)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "migrations": "pending",
        "reason": "1 migration(s) not applied: run manage.py migrate",
        "pending": [f"resolutions.{latest}"],
    }


def test_health_check_names_the_error_when_the_database_does_not_answer(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}


# Two staff members recording for the same request


@pytest.fixture
def op17(seeded):
    return FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")


@pytest.fixture
def second_recorder_client(django_user_model):
    user = django_user_model.objects.create_user(
        "kofi", password="a-long-test-password", first_name="Kofi", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="record_followup"))
    client = Client()
    client.force_login(user)
    return client


def seen_event_on(page) -> str:
    """The value of the record form's hidden seen_event field, "" when it has none."""
    field = re.search(r'<input type="hidden" name="seen_event"[^>]*>', page.content.decode())
    assert field, "the record form carries no seen_event field"
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def post_event(client, follow_up, seen_event, **fields):
    data = {
        "new_status": "in_progress",
        "note": "",
        "visibility": "public",
        "evidence_symbol": "",
        "seen_event": seen_event,
    }
    data.update(fields)
    return client.post(f"/follow-ups/{follow_up.pk}/events/", data)


def test_the_second_of_two_staff_saving_the_same_request_is_refused(
    recorder_client, second_recorder_client, op17
):
    first_seen = seen_event_on(recorder_client.get(op17.get_absolute_url()))
    second_seen = seen_event_on(second_recorder_client.get(op17.get_absolute_url()))
    assert first_seen == second_seen == ""

    first = post_event(recorder_client, op17, first_seen, note="The report is out.")
    assert first.status_code == 302
    second = post_event(
        second_recorder_client, op17, second_seen, new_status="fulfilled", note="Mine."
    )

    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone recorded an event for this request since you opened it" in page
    assert "The report is out." in page  # the event they missed, shown to read
    assert "Mine." in page  # their own note, kept in the form
    assert FollowUpEvent.objects.filter(follow_up=op17).count() == 1
    op17.refresh_from_db()
    assert op17.status == "in_progress"


def test_a_save_by_a_staff_member_who_saw_the_latest_event_is_recorded(
    recorder_client, second_recorder_client, op17
):
    assert post_event(recorder_client, op17, "").status_code == 302
    seen = seen_event_on(second_recorder_client.get(op17.get_absolute_url()))
    assert seen == str(FollowUpEvent.objects.get(follow_up=op17).pk)

    response = post_event(second_recorder_client, op17, seen, new_status="fulfilled")

    assert response.status_code == 302
    assert FollowUpEvent.objects.filter(follow_up=op17).count() == 2
    op17.refresh_from_db()
    assert op17.status == "fulfilled"


def test_the_refused_page_lets_the_editor_record_again_once_they_have_read_it(
    recorder_client, second_recorder_client, op17
):
    post_event(recorder_client, op17, "")
    refused = post_event(second_recorder_client, op17, "", new_status="fulfilled")
    assert refused.status_code == 409

    again = post_event(second_recorder_client, op17, seen_event_on(refused), new_status="fulfilled")

    assert again.status_code == 302
    assert FollowUpEvent.objects.filter(follow_up=op17).count() == 2


def test_the_service_refuses_an_event_recorded_over_one_the_editor_did_not_see(recorder, op17):
    record_follow_up_event(op17, user=recorder, new_status="in_progress", seen_event_id=None)
    with pytest.raises(ConcurrentEdit):
        record_follow_up_event(op17, user=recorder, new_status="fulfilled", seen_event_id=None)
    assert FollowUpEvent.objects.filter(follow_up=op17).count() == 1


# Concurrent writes on SQLite


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


@pytest.fixture
def server_on_a_sqlite_file(transactional_db, tmp_path):
    """The tracker served by gunicorn, two worker processes of eight threads each, on an
    SQLite file holding what the test has stored: a copy of the test database."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's file locking; PostgreSQL's row locks serialise the writes")

    def start():
        database = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as target:
            connection.connection.backup(target)
        port = free_port()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tracker.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2", "--threads", "8", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        started.append(server)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=5)
                return url, database
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    started = []
    yield start
    for server in started:
        server.terminate()
        server.wait(timeout=30)


def post_event_with_token(url, token, follow_up_pk, note):
    request = urllib.request.Request(
        f"{url}/api/follow-ups/{follow_up_pk}/events/",
        data=json.dumps({"new_status": "in_progress", "note": note, "is_public": True}).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_api_writes_on_sqlite_wait_for_each_other(
    server_on_a_sqlite_file, seeded, recorder
):
    token = Token.objects.create(user=recorder).key
    follow_ups = list(FollowUp.objects.filter(resolution=seeded).values_list("pk", flat=True))
    url, database = server_on_a_sqlite_file()
    writers = 15
    barrier = threading.Barrier(writers)
    statuses = [None] * writers

    def write(number):
        barrier.wait()
        pk = follow_ups[number % 3]
        statuses[number] = post_event_with_token(url, token, pk, f"Writer {number}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Each write waited for the others and was recorded.
    assert statuses == [201] * writers
    with sqlite3.connect(database) as stored:
        notes = stored.execute(
            "SELECT count(*) FROM resolutions_followupevent WHERE note LIKE 'Writer %'"
        ).fetchone()[0]
        journal_mode = stored.execute("PRAGMA journal_mode").fetchone()[0]
    assert notes == writers
    assert journal_mode == "wal"


# Interrupted imports


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def failing_follow_ups(monkeypatch):
    """Make an import fail after its resolution and paragraphs were written."""

    def fail(resolution, *args, **kwargs):
        assert Paragraph.objects.filter(resolution=resolution).exists()
        raise RuntimeError("killed halfway")

    monkeypatch.setattr(rows, "store_follow_ups", fail)


def test_a_new_text_whose_import_fails_halfway_leaves_nothing(
    seeded, seed_text, failing_follow_ups
):
    before = row_counts()
    with pytest.raises(RuntimeError):
        import_text(variant(seed_text, 40))
    assert row_counts() == before
    assert not Resolution.objects.filter(symbol="A/HRC/RES/32/40").exists()


def test_a_re_import_that_fails_halfway_leaves_the_stored_resolution_as_it_was(
    seeded, seed_text, failing_follow_ups
):
    before = row_counts()
    texts = list(Paragraph.objects.filter(resolution=seeded).values_list("label", "text"))
    changed = seed_text.replace(
        "non-traditional donor countries", "non-traditional donor countries and foundations"
    )
    with pytest.raises(RuntimeError):
        import_text(changed)
    assert row_counts() == before
    assert list(Paragraph.objects.filter(resolution=seeded).values_list("label", "text")) == texts
    assert Resolution.objects.get(pk=seeded.pk).source_text == seeded.source_text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs the command on its own SQLite file")
def test_an_import_killed_by_sigkill_leaves_only_complete_resolutions(tmp_path, seed_text):
    texts = tmp_path / "texts"
    texts.mkdir()
    for number in range(100, 130):
        (texts / f"A_HRC_RES_32_{number}.txt").write_text(
            variant(seed_text, number), encoding="utf-8"
        )
    database = tmp_path / "tracker.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input"], env=env, check=True, capture_output=True)

    importer = subprocess.Popen(
        [*manage, "import_resolutions", str(texts)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        imported = 0
        for line in importer.stdout:
            imported += ": imported " in line
            if imported == 3:
                importer.send_signal(signal.SIGKILL)
                break
    finally:
        importer.kill()
        importer.wait()
    assert importer.returncode == -signal.SIGKILL

    with sqlite3.connect(database) as db:
        stored = db.execute(
            "SELECT r.symbol,"
            " (SELECT COUNT(*) FROM resolutions_paragraph p WHERE p.resolution_id = r.id),"
            " (SELECT COUNT(*) FROM resolutions_followup f WHERE f.resolution_id = r.id)"
            " FROM resolutions_resolution r"
        ).fetchall()
    assert 3 <= len(stored) < 30
    assert all(
        (paragraphs, follow_ups) == (SEED_PARAGRAPHS, SEED_FOLLOW_UPS)
        for _, paragraphs, follow_ups in stored
    ), stored


# Export and import of the whole database


def project_counts(counts: dict[str, int]) -> dict[str, int]:
    """Leave out what is not exported: sessions, the admin log, login attempts, and the
    tallies the database keeps (tests/test_tallies.py checks those against the rows)."""
    return {
        label: count
        for label, count in counts.items()
        if not label.startswith(("sessions.", "admin.", "axes."))
        and label
        not in ("resolutions.FollowUpTally", "resolutions.ResolutionTally", "resolutions.TableRows")
    }


@pytest.fixture
def full_database(seeded, recorder, op17, seed_text):
    record_follow_up_event(
        op17, user=recorder, new_status="fulfilled", note="Done.", evidence_symbol="A/HRC/35/8"
    )
    # A note on a paragraph, edited once: the note and both revisions travel in the dump.
    from resolutions.followups.notes import add_note, edit_note

    note = add_note(op17.paragraph, user=recorder, text="Report due at HRC 35.")
    edit_note(note, user=recorder, text="Report A/HRC/35/8 received.", visibility="internal")
    # The next text of the series, whose requests carry the seed's forward, and a
    # reminder sent: the proposals and what was sent travel in the dump too.
    from resolutions.models import (
        ReminderDigest,
        ReminderNotice,
        ReminderSettings,
        Watch,
        WatchNotice,
    )
    from tests.test_carried import next_year

    import_text(next_year(seed_text))
    ReminderSettings.objects.create(user=recorder, language="fr", days_before=10)
    digest = ReminderDigest.objects.create(
        user=recorder,
        period="2017-05-01",
        sent_at=timezone.now(),
        recipient="amina@example.org",
        notice_count=1,
    )
    ReminderNotice.objects.create(
        digest=digest, follow_up=op17, kind="due_soon", due_on="2017-06-01"
    )
    series = Resolution.objects.get(symbol="A/HRC/RES/35/6").series
    watch = Watch.objects.create(user=recorder, series=series)
    WatchNotice.objects.create(digest=digest, watch=watch, resolution=seeded)
    # A time whose microseconds are under a millisecond reads back as a whole second.
    op17.events.update(created_at=timezone.now().replace(microsecond=123))
    call_command("import_catalogue", "tests/data/catalogue/sample.csv", stdout=io.StringIO())
    import_text((ROOT / "tests/data/corpus/A_RES_79_325.txt").read_text(encoding="utf-8"))
    assert Paragraph.objects.filter(parent__isnull=False).exists()


def test_export_then_import_into_an_empty_database_gives_the_same_export(
    full_database, tmp_path, client
):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    quiet = io.StringIO()
    before = row_counts()
    call_command("export_data", str(first), stdout=quiet)

    # PostgreSQL will not empty a table with deferred checks pending in the test's
    # transaction; checking them now runs them, as a commit would have.
    connection.check_constraints()
    call_command("flush", interactive=False, stdout=quiet)
    assert not Resolution.objects.exists()
    call_command("import_data", str(first), stdout=quiet)
    call_command("export_data", str(second), stdout=quiet)

    assert second.read_bytes() == first.read_bytes()
    assert project_counts(row_counts()) == project_counts(before)
    assert held_by_the_tally() == counted_from_the_requests()
    assert tallies.paragraphs() == Paragraph.objects.count() == before["resolutions.Paragraph"]
    assert not list(tmp_path.glob(".*.tmp"))
    response = client.get("/search/", {"q": "non-traditional donor"})
    assert "A/HRC/RES/32/6" in response.content.decode()


def test_import_data_refuses_a_database_in_use_unless_told_to_replace_it(full_database, tmp_path):
    export = tmp_path / "export.json"
    quiet = io.StringIO()
    call_command("export_data", str(export), stdout=quiet)
    FollowUpEvent.objects.all().delete()

    with pytest.raises(CommandError, match="not empty"):
        call_command("import_data", str(export), stdout=quiet)
    assert not FollowUpEvent.objects.exists()

    call_command("import_data", str(export), "--replace", stdout=quiet)
    assert FollowUpEvent.objects.count() == 1
    # The id sequences moved past the imported rows: a new row can be written.
    assert Resolution.objects.count() >= 2
    import_text(variant((ROOT / "resolutions/data/A_HRC_RES_32_6.txt").read_text(), 41))
