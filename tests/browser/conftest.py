"""Browser tests: Debian's Chromium, driven by Playwright, against the live test server.

Without Chromium (or without axe-core from `npm ci`, for the accessibility checks) these
tests skip and say why; with REQUIRE_BROWSER=1, as CI sets it, that is a failure instead.
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import sync_playwright

from resolutions.importing.countries import sync_countries
from resolutions.importing.texts import import_text
from resolutions.models import Country, CountryVote, Sponsorship
from tests.conftest import variant

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CATALOGUE_SAMPLE = ROOT / "tests" / "data" / "catalogue" / "sample.csv"
# Headless, and quiet: the machines that run these tests have no network beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

NO_CHROMIUM = (
    f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
    "or name another with CHROMIUM=/path/to/chromium"
)
NO_AXE = f"no {AXE.relative_to(ROOT)}: run 'npm ci' in the project"


def required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def unavailable(reason: str):
    """Skip, or fail where the browser tests are required (CI)."""
    if required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    """Skips before any test data is made; where required, the fixtures below fail instead."""
    if required():
        return
    here = Path(__file__).parent
    for item in items:
        if here not in item.path.parents:
            continue
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))
        elif "axe_source" in item.fixturenames and not AXE.exists():
            item.add_marker(pytest.mark.skip(reason=NO_AXE))


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the tests of this package only: Playwright's sync API keeps an event
    loop running in the test thread until it stops, and Django refuses database calls
    made beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Set here, and
    not for the whole session, it reaches neither other tests nor the processes they
    start (`manage.py check --deploy` rightly fails with it)."""
    if not CHROMIUM.exists():
        unavailable(NO_CHROMIUM)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts (no shared cookies) on the live server;
    closes them after the test. Keyword arguments go to Playwright's new_context."""
    contexts = []

    def open_page(user=None, **options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        if user is not None:
            log_in(context, user, live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A visitor's page: desktop width, English, JavaScript on."""
    return new_page()


def log_in(context, user, url: str):
    """Gives a browser context the session cookie of a logged-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        unavailable(NO_AXE)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def holdings(seeded, seed_text):
    """The seed 32/6 with the demo data, the catalogue sample (other sessions and bodies),
    and three more texts of session 32: 32/7 under agenda item 3, 32/8 and 32/9 under 4."""
    # A live-server test empties the tables its migrations filled: the States come back
    # as the migration wrote them.
    sync_countries(Country, CountryVote, Sponsorship)
    call_command("import_catalogue", str(CATALOGUE_SAMPLE), stdout=io.StringIO())
    import_text(variant(seed_text, 7))
    for number in (8, 9):
        import_text(variant(seed_text, number, {"Agenda item 3": "Agenda item 4"}))
    return seeded
