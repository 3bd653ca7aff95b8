"""The tasks a new user comes with, on the catalogue sample and a few stored texts: each
one done in the browser in as few steps as the site promises."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from resolutions.models import Resolution
from tests.conftest import rewritten

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_finds_a_resolution_by_its_symbol_from_the_home_box_in_one_step(holdings, page):
    page.goto("/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("A/HRC/RES/28/2")
    box.press("Enter")  # the one step

    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/28/2/$"))
    expect(page.locator(".symbol").first).to_have_text("A/HRC/RES/28/2")


def test_a_visitor_finds_the_pending_requests_to_the_office_from_session_32_in_three_steps(
    holdings, page
):
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Follow-up").click()  # 1
    entity = page.get_by_label("Entity")
    office = next(
        label
        for label in entity.locator("option").all_inner_texts()
        if label.startswith("Office of the United Nations High Commissioner")
    )
    entity.select_option(label=office)  # 2
    page.get_by_label("Resolution's session").fill("HRC-32")
    page.get_by_role("button", name="Apply filters").click()  # 3

    expect(page).to_have_url(re.compile(r"entity=ohchr"))
    expect(page.get_by_label("Status")).to_have_value("open")
    rows = page.locator("table.list tbody tr")
    listed = rows.locator("td:first-child a").all_inner_texts()
    # The Office is asked in OP16 and OP17 of each of the four texts of session 32 held.
    expected = sorted(
        f"{symbol} {label}"
        for symbol in ("A/HRC/RES/32/6", "A/HRC/RES/32/7", "A/HRC/RES/32/8", "A/HRC/RES/32/9")
        for label in ("OP16", "OP17")
    )
    assert sorted(listed) == expected
    for status in rows.locator("td[data-label=Status]").all_inner_texts():
        assert "Pending" in status
    expect(page.locator("#count")).to_contain_text("8 follow-up requests")


def test_a_visitor_opens_a_catalogue_resolution_and_reads_that_its_text_is_not_stored(
    holdings, page
):
    page.goto("/resolutions/?session=HRC-28")
    row = page.locator("table.list tbody tr", has_text="A/HRC/RES/28/2")
    expect(row.locator("td[data-label='Open follow-up']")).to_have_text("text not stored")
    row.get_by_role("link", name="A/HRC/RES/28/2").click()

    main = page.locator("main")
    expect(main).to_contain_text("The text of this resolution is not stored here.")
    official = page.locator(".text-missing").get_by_role("link", name="undocs.org/A/HRC/RES/28/2")
    expect(official).to_have_attribute("href", "https://undocs.org/A/HRC/RES/28/2")
    # What the catalogue knows is shown; no empty text parts, no staff controls.
    expect(main).to_contain_text("26 March 2015")
    expect(main).to_contain_text("A/HRC/28/L.1")
    expect(page.get_by_role("heading", name="Operative paragraphs")).to_have_count(0)
    expect(page.get_by_role("button", name="Fetch from the UN")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload the text")).to_have_count(0)


def test_a_visitor_who_types_a_bare_session_number_gets_the_councils_session(holdings, page):
    page.goto("/resolutions/?session=32")

    expect(page.get_by_label("Session")).to_have_value("HRC-32")
    expect(page.locator("#count")).to_contain_text("4 resolutions match these filters")
    assert sorted(page.locator("table.list tbody td:first-child a").all_inner_texts()) == [
        f"A/HRC/RES/32/{number}" for number in (6, 7, 8, 9)
    ]

    page.goto("/resolutions/?session=99")
    error = page.locator("#session-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("99")
    expect(page.locator("#count")).not_to_contain_text("0 resolutions match")


def test_staff_upload_the_missing_text_from_the_resolution_page(
    holdings, recorder, new_page, seed_text
):
    recorder.user_permissions.add(Permission.objects.get(codename="add_resolution"))
    page = new_page(user=recorder)
    page.goto("/resolutions/A/HRC/RES/28/2/")
    expect(page.get_by_role("button", name="Fetch from the UN")).to_be_visible()
    page.get_by_role("link", name="Upload the text").click()

    expect(page).to_have_url(re.compile(r"/import/\?symbol=A/HRC/RES/28/2$"))
    page.locator("textarea[name=text]").fill(text_of_28_2(seed_text))
    page.locator("button[name=action][value=preview]").click()
    page.locator("button[name=action][value=confirm]").click()

    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/28/2/$"))
    expect(page.locator("#op17")).to_contain_text("Also requests the Office of the High")
    expect(page.locator("main")).not_to_contain_text("is not stored here")
    stored = Resolution.objects.get(symbol="A/HRC/RES/28/2")
    assert stored.text_stored
    assert stored.paragraphs.filter(kind="operative", parent=None).count() == 27


def text_of_28_2(seed_text: str) -> str:
    """The seed's text under the catalogue's 28/2: its predecessor in the same series, with
    the session and dates of March 2015."""
    replaced = {
        "A/HRC/RES/32/6": "A/HRC/RES/28/2",
        "32/6. ": "28/2. ",
        "Thirty-second session": "Twenty-eighth session",
        "30 June 2016": "26 March 2015",
        "15 July 2016": "8 April 2015",
    }
    return rewritten(seed_text, replaced)
