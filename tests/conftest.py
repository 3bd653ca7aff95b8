"""Shared fixtures: the seed text, the demo data, and the named actors of the tests."""

import email
import gc
import os
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache, caches
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.utils import translation

from resolutions.importing.texts import import_text
from resolutions.models import Resolution

pytest_plugins = ["tests.conftest_parsing"]

SEED = Path(__file__).resolve().parent.parent / "resolutions" / "data" / "A_HRC_RES_32_6.txt"
# The shared corpus of real documents sits beside the checkout (../shared/corpus), in CI too;
# tests that read it skip, saying where they looked, where it is absent. SHARED_CORPUS in
# the environment names it for a checkout elsewhere (a git worktree).
SHARED_CORPUS = Path(
    os.environ.get("SHARED_CORPUS")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
)


@pytest.fixture(autouse=True)
def streams_closed_as_a_server_closes_them(monkeypatch):
    """Every streamed response a test leaves unread is closed, as a WSGI server closes every
    response it sends; the test client closes one only when it is read to the end.

    An unread export holds a server-side cursor in its generator. Left to the garbage
    collector, it is closed whenever a collection happens: in a later test, which aborts that
    test's transaction on PostgreSQL; or in the middle of the next query on the same
    connection, which waits forever for psycopg's connection lock, held by that query.
    Closing one twice does nothing more."""
    opened = []
    request = Client.request

    def keeping_streams(self, **kwargs):
        response = request(self, **kwargs)
        if response.streaming:
            opened.append(response)
        return response

    monkeypatch.setattr(Client, "request", keeping_streams)
    yield opened
    for response in opened:
        close_unread(response)
    # What else a test left holding a cursor (a queryset iterator in a generator it did not
    # finish) is collected now, while the test's own transaction is open.
    gc.collect()


def close_unread(response):
    """Close a streamed response as the test client closes one read to the end: without
    the request_finished handler that would close the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: the test database is rolled back between tests,
    and with it the data version that cached counts are keyed by."""
    cache.clear()
    caches["pages"].clear()
    caches["fragments"].clear()
    caches["texts"].clear()
    caches["checks"].clear()


@pytest.fixture(autouse=True)
def pages_rendered_afresh(request, settings):
    """Visitors' pages are rendered for every request, so that tests read each response's
    context, unless a test asks for pages kept as the site keeps them (`kept_pages`)."""
    settings.VISITOR_PAGES_KEPT = "kept_pages" in request.fixturenames


@pytest.fixture
def kept_pages():
    """Visitors' pages kept until the data changes, as the site runs (web/visitor_cache.py)."""


@pytest.fixture(autouse=True)
def language_of_the_test():
    """Each test starts in the default language. A request activates the language it asks
    for in the thread that serves it, which in tests is the thread that runs them all."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def variant(seed_text: str, number: int, replace: dict[str, str] | None = None) -> str:
    """The seed as another resolution of the same session, 32/<number>, with some
    passages replaced."""
    text = seed_text.replace("A/HRC/RES/32/6", f"A/HRC/RES/32/{number}").replace(
        "32/6. ", f"32/{number}. "
    )
    return rewritten(text, replace or {})


def rewritten(text: str, replaced: dict[str, str]) -> str:
    """The text with each passage replaced; each must be there."""
    for old, new in replaced.items():
        assert old in text, f"{old!r} is not in the text"
        text = text.replace(old, new)
    return text


# Two real consecutive texts of one series, from the shared Word corpus: the comparison's
# golden file and the requests carried forward are read from them.
SERIES_PAIR = ("A/HRC/RES/51/25", "A/HRC/RES/54/23")


@pytest.fixture
def series_pair(db) -> tuple[Resolution, Resolution]:
    paths = [SHARED_CORPUS / "word" / "texts" / f"{s.replace('/', '_')}.txt" for s in SERIES_PAIR]
    if not all(path.exists() for path in paths):
        pytest.skip(f"the shared Word corpus is not at {SHARED_CORPUS / 'word'}")
    for path in paths:
        import_text(path.read_text())
    older, newer = (Resolution.objects.get(symbol=symbol) for symbol in SERIES_PAIR)
    assert older.series_id is not None and older.series_id == newer.series_id
    return older, newer


@pytest.fixture
def seeded(db) -> Resolution:
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Resolution.objects.get(symbol="A/HRC/RES/32/6")


@pytest.fixture
def many_resolutions(seeded, seed_text):
    """Nine more resolutions shaped like the seed, so that an N+1 query would show."""
    for number in range(10, 19):
        import_text(variant(seed_text, number))
    return Resolution.objects.all()


@pytest.fixture
def recorder(django_user_model):
    """A staff member who may record follow-up."""
    user = django_user_model.objects.create_user(
        "amina",
        password="a-long-test-password",
        first_name="Amina",
        last_name="Diallo",
        is_staff=True,
    )
    user.user_permissions.add(Permission.objects.get(codename="record_followup"))
    return user


@pytest.fixture
def staff_without_permission(django_user_model):
    return django_user_model.objects.create_user(
        "pierre", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser(
        "root-admin", "admin@example.org", "a-long-test-password"
    )


@pytest.fixture
def recorder_client(client, recorder):
    client.force_login(recorder)
    return client


def staff_member(django_user_model, username: str, first_name: str, codename: str):
    """A staff member who holds one permission of the app."""
    user = django_user_model.objects.create_user(
        username, password="a-long-test-password", first_name=first_name, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def importer(django_user_model):
    """A staff member who may import texts (add resolutions)."""
    return staff_member(django_user_model, "lena", "Lena", "add_resolution")


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


# A real SMTP server on 127.0.0.1 for the tests that send e-mail.


class Inbox:
    """What the SMTP server was given, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mailer_at(port: int) -> dict:
    options = {"host": "127.0.0.1", "port": port, "timeout": 5}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    settings.MAILERS = mailer_at(controller.port)
    settings.SITE_URL = "https://tracker.example.org"
    yield inbox
    controller.stop()
