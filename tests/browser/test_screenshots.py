"""Screenshots of the main pages at desktop and phone widths, for the README.

Each run on SQLite writes them again into docs/screenshots/; commit them when the pages
change. On PostgreSQL, whose search marks words, not phrases, they go to a temporary
folder, so that the two passes of CI leave the committed pictures as they are."""

from pathlib import Path

import pytest
from django.db import connection

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "resolutions": "/resolutions/?session=HRC-32",
    # At OP17: the text itself, and no permalink showing the test server's passing port.
    "resolution": "/resolutions/A/HRC/RES/32/6/#op17",
    "follow-ups": "/follow-ups/",
    "search": "/search/?q=%22universal+periodic+review%22",
}


@pytest.fixture
def folder(tmp_path):
    if connection.vendor != "sqlite":
        return tmp_path
    COMMITTED.mkdir(parents=True, exist_ok=True)
    return COMMITTED


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_the_main_pages(holdings, new_page, width, folder):
    page = new_page(viewport=DESKTOP if width == "desktop" else PHONE)
    for name, url in PAGES.items():
        page.goto(url)
        page.evaluate("document.fonts.ready")
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        assert path.read_bytes().startswith(b"\x89PNG")


def test_screenshots_in_french(holdings, new_page, folder):
    """The follow-up list and the resolution page as a French-speaking reader sees them."""
    page = new_page(viewport=DESKTOP, locale="fr-FR")
    for name, url in [
        ("follow-ups", PAGES["follow-ups"]),
        ("resolution", "/resolutions/A/HRC/RES/32/6/#op17"),
    ]:
        page.goto(url)
        page.evaluate("document.fonts.ready")
        assert page.locator("html").get_attribute("lang") == "fr"
        path = folder / f"{name}-desktop-fr.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        assert path.read_bytes().startswith(b"\x89PNG")
