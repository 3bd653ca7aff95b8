"""Lighter list pages: filters and pages swap the results in place (static/js/tracker.js),
and every URL they lead to gives the same page without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def symbols_listed(page) -> list[str]:
    return page.locator("table.list tbody td:first-child a").all_inner_texts()


def mark_document(page):
    """A mark that a full reload would lose."""
    page.evaluate("window.__marker = 'this document'")


def same_document(page) -> bool:
    return page.evaluate("window.__marker === 'this document'")


def announced(page):
    return page.locator("[data-live-status]")


@pytest.fixture
def problems(page):
    """Console errors (a script the CSP refused, say) and uncaught exceptions on `page`."""
    seen = []
    page.on("console", lambda message: message.type == "error" and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_filters_update_the_list_without_a_full_reload(holdings, page, problems):
    page.goto("/resolutions/")
    mark_document(page)
    page.get_by_label("Session").select_option("HRC-32")
    page.get_by_label("Agenda item").select_option("HRC-4")
    apply = page.get_by_role("button", name="Apply filters")
    apply.click()

    expect(page).to_have_url(
        re.compile(r"/resolutions/\?q=&body=&session=HRC-32&agenda_item=HRC-4")
    )
    expect(page.locator("#count")).to_contain_text("2 resolutions match these filters")
    assert symbols_listed(page) == ["A/HRC/RES/32/9", "A/HRC/RES/32/8"]
    assert same_document(page)
    expect(announced(page)).to_have_text("2 resolutions match these filters.")
    # The counts of the other choices follow the filters.
    expect(page.get_by_label("Year").locator("option[selected]")).to_have_count(0)
    expect(page.get_by_label("Agenda item")).to_have_value("HRC-4")
    # Focus stays on the button that applied them, in the new form.
    assert page.evaluate("document.activeElement.textContent") == "Apply filters"
    assert problems == []


def test_enter_in_the_words_field_keeps_focus_there(holdings, page):
    page.goto("/resolutions/")
    mark_document(page)
    words = page.get_by_label("Words")
    words.fill("38/3")
    words.press("Enter")
    expect(page).to_have_url(re.compile(r"/resolutions/\?q=38%2F3&"))
    assert symbols_listed(page) == ["A/HRC/RES/38/3"]
    assert page.evaluate("document.activeElement.id") == "id_q"
    assert same_document(page)


def test_pages_and_back_and_forward_without_a_full_reload(holdings, page, settings, problems):
    settings.PAGE_SIZE = 5
    page.goto("/resolutions/")
    mark_document(page)
    first_page = symbols_listed(page)
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 3")

    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/resolutions/\?page=2$"))
    expect(pages).to_contain_text("Page 2 of 3")
    second_page = symbols_listed(page)
    assert len(second_page) == 5 and not set(second_page) & set(first_page)
    assert page.title() == "Resolutions · Resolution tracker"
    # Focus moves to the top of the new results, where reading goes on.
    assert page.evaluate("document.activeElement.id") == "count"

    page.go_back()
    expect(page).to_have_url(re.compile(r"/resolutions/$"))
    expect(pages).to_contain_text("Page 1 of 3")
    assert symbols_listed(page) == first_page

    page.go_forward()
    expect(page).to_have_url(re.compile(r"/resolutions/\?page=2$"))
    expect(pages).to_contain_text("Page 2 of 3")
    assert symbols_listed(page) == second_page
    assert same_document(page)
    assert problems == []


def test_the_url_a_filter_leads_to_shows_the_same_list_without_javascript(holdings, new_page):
    page = new_page()
    page.goto("/resolutions/")
    page.get_by_label("Session").select_option("HRC-32")
    page.get_by_label("Agenda item").select_option("HRC-3")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#count")).to_contain_text("2 resolutions match")
    url, listed = page.url, symbols_listed(page)

    plain = new_page(java_script_enabled=False)
    plain.goto(url)
    assert symbols_listed(plain) == listed == ["A/HRC/RES/32/7", "A/HRC/RES/32/6"]
    expect(plain.get_by_label("Session")).to_have_value("HRC-32")
    expect(plain.locator("[data-live-status]")).to_have_count(0)


def test_without_javascript_the_filter_form_and_pages_load_as_plain_pages(
    holdings, new_page, settings
):
    settings.PAGE_SIZE = 5
    plain = new_page(java_script_enabled=False)
    plain.goto("/resolutions/")
    plain.get_by_label("Session").select_option("HRC-32")
    plain.get_by_role("button", name="Apply filters").click()
    expect(plain).to_have_url(re.compile(r"session=HRC-32"))
    expect(plain.locator("#count")).to_contain_text("4 resolutions match these filters")
    plain.goto("/resolutions/")
    plain.get_by_role("link", name="Next").click()
    expect(plain).to_have_url(re.compile(r"\?page=2$"))
    expect(plain.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of 3")


def test_follow_up_filters_update_in_place(holdings, page, problems):
    page.goto("/follow-ups/")
    mark_document(page)
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/follow-ups/\?.*overdue=true"))
    expect(page.locator("#count")).to_contain_text("follow-up request")
    rows = page.locator("table.list tbody tr")
    assert rows.count() > 0
    for row in rows.all():
        expect(row.locator(".status-overdue")).to_have_text("Overdue")
    assert same_document(page)
    expect(announced(page)).to_contain_text("follow-up request")
    assert page.evaluate("document.activeElement.textContent") == "Apply filters"
    assert problems == []


def test_search_filters_and_a_new_search_update_in_place(holdings, page, problems):
    page.goto("/search/?q=universal+periodic+review")
    mark_document(page)
    page.get_by_label("Paragraph", exact=True).select_option("operative")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"paragraph_kind=operative"))
    for label in page.locator(".hits .label").all_inner_texts():
        assert label.startswith("OP"), label
    assert same_document(page)

    box = page.get_by_label("Words or phrases")
    box.fill("trust fund")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=trust\+fund$"))
    expect(page).to_have_title(re.compile(r"^trust fund · Search"))
    expect(page.locator(".search-results mark").first).to_be_visible()
    assert same_document(page)
    # The search box keeps focus: it was not replaced.
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert problems == []


def test_back_after_a_new_search_shows_the_earlier_words_in_the_box(holdings, page, problems):
    page.goto("/search/?q=universal+periodic+review")
    mark_document(page)
    box = page.get_by_label("Words or phrases")
    box.fill("trust fund")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=trust\+fund$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/search/\?q=universal\+periodic\+review$"))
    expect(page.locator(".search-results mark").first).to_be_visible()
    expect(box).to_have_value("universal periodic review")
    assert same_document(page)
    page.go_forward()
    expect(box).to_have_value("trust fund")
    assert problems == []


def test_a_failed_fetch_falls_back_to_loading_the_page(holdings, page):
    page.goto("/resolutions/")
    mark_document(page)
    page.route(
        "**/resolutions/?*",
        lambda route: (
            route.abort() if route.request.resource_type == "fetch" else route.continue_()
        ),
    )
    page.get_by_label("Session").select_option("HRC-32")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"session=HRC-32"))
    expect(page.locator("#count")).to_contain_text("4 resolutions match these filters")
    assert not same_document(page)


def test_links_to_other_pages_and_staff_forms_are_left_alone(holdings, recorder, new_page):
    page = new_page(user=recorder)
    page.goto("/follow-ups/")
    mark_document(page)
    page.locator("input[name=follow_ups]").first.check()
    page.locator("#bulk-note").fill("Checked at the session.")
    page.get_by_role("button", name="Record for all ticked").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded")
    assert not same_document(page)

    mark_document(page)
    page.locator("table.list tbody td.nowrap a").first.click()
    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/32/\d+/#op\d+$"))
    assert not same_document(page)


def test_after_an_update_in_place_the_language_switch_and_log_in_keep_the_new_address(
    holdings, page, problems
):
    page.goto("/resolutions/")
    mark_document(page)
    page.get_by_label("Session").select_option("HRC-32")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#count")).to_contain_text("4 resolutions match these filters")
    assert same_document(page)
    login = page.get_by_role("link", name="Staff log in")
    expect(login).to_have_attribute("href", re.compile(r"next=.*session%3DHRC-32"))

    page.get_by_role("button", name="Français").click()
    expect(page).to_have_url(re.compile(r"/resolutions/\?q=&body=&session=HRC-32&"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#count")).to_contain_text("4 résolutions")
    assert problems == []
