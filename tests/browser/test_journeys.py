"""What visitors and staff do on the site, end to end in a browser."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from resolutions.models import FollowUp, FollowUpEvent, FollowUpStatus, Watch

pytestmark = pytest.mark.django_db(transaction=True)


def symbols_listed(page) -> list[str]:
    return page.locator("table.list tbody td:first-child a").all_inner_texts()


def test_visitor_filters_reads_a_resolution_follows_a_citation_and_searches(holdings, page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("United Nations resolutions")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Resolutions").click()
    expect(page).to_have_url(re.compile(r"/resolutions/$"))
    page.get_by_label("Session").select_option("HRC-32")
    page.get_by_label("Agenda item").select_option("HRC-3")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"session=HRC-32&agenda_item=HRC-3"))
    expect(page.locator("#count")).to_contain_text("2 resolutions match these filters")
    assert symbols_listed(page) == ["A/HRC/RES/32/7", "A/HRC/RES/32/6"]

    page.get_by_role("link", name="A/HRC/RES/32/6", exact=True).click()
    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/32/6/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "32/6. Enhancement of international cooperation in the field of human rights"
    )

    page.get_by_role("link", name="Link to OP17").click()
    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/32/6/#op17$"))
    op17 = page.locator("#op17")
    expect(op17).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "op17"
    expect(op17).to_contain_text("Also requests the Office of the High Commissioner")

    op26 = page.locator("#op26")
    op26.get_by_role("link", name="A/HRC/31/81").last.click()
    expect(page).to_have_url(re.compile(r"/documents/A/HRC/31/81/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("A/HRC/31/81")
    expect(page.locator("main")).to_contain_text("A/HRC/RES/32/6, OP26")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words or phrases").fill('"universal periodic review"')
    page.get_by_label("Words or phrases").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%22universal\+periodic\+review%22"))
    first = page.locator(".search-results > li").first
    expect(first.get_by_role("heading", level=2)).to_contain_text("A/HRC/RES/")
    marks = page.locator(".search-results mark")
    expect(marks.first).to_be_visible()
    # SQLite marks the phrase, PostgreSQL each of its words.
    marked = " ".join(marks.all_inner_texts()).lower().split()
    assert set(marked) == {"universal", "periodic", "review"}


def test_staff_member_logs_in_records_a_follow_up_event_and_sees_it_in_the_history(
    holdings, recorder, page
):
    follow_up = FollowUp.objects.get(resolution=holdings, paragraph__label="OP17")
    page.goto(follow_up.get_absolute_url())
    page.get_by_role("link", name="Staff log in").click()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/follow-ups/{follow_up.pk}/$"))
    expect(page.locator(".account")).to_contain_text("Amina Diallo")

    form = page.locator("form", has=page.get_by_role("button", name="Record"))
    form.get_by_label("New status").select_option("in_progress")
    form.get_by_label("Note").fill("The Office described the process in its report to session 35.")
    form.get_by_label("Everyone (public)").check()
    form.get_by_label("Evidence").fill("A/HRC/35/8")
    form.get_by_role("button", name="Record").click()

    expect(page).to_have_url(re.compile(rf"/follow-ups/{follow_up.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Recorded:")
    history = page.locator("section", has=page.get_by_role("heading", name="History"))
    event = history.locator(".history li").first
    expect(event).to_contain_text("Amina Diallo")
    expect(event).to_contain_text("Pending → In progress")
    expect(event).to_contain_text("The Office described the process")
    expect(event.get_by_role("link", name="A/HRC/35/8")).to_be_visible()
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.IN_PROGRESS
    assert FollowUpEvent.objects.filter(follow_up=follow_up, user_name="Amina Diallo").exists()

    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(re.compile(r"/audit/$"))
    row = page.locator("table.list tbody tr").first
    expect(row).to_contain_text("Follow-up: Pending → In progress")
    expect(row).to_contain_text("The Office described the process")


PUBLIC_PAGES = [
    "/",
    "/resolutions/",
    "/resolutions/A/HRC/RES/32/6/",
    "/follow-ups/",
    "/search/?q=universal+periodic+review",
    "/documents/A/HRC/31/81/",
    "/dashboard/",
]
# What only staff may use: posted forms (but a choice of language, which anyone may post),
# the bulk selection, links to staff pages.
STAFF_CONTROLS = (
    "form[method=post]:not(:has([name=language])), input[name=follow_ups], #id_assigned, "
    "a[href^='/admin/'], a[href^='/import/'], a[href^='/audit/'], a[href*='assigned=me']"
)


def test_anonymous_visitor_sees_no_staff_control(holdings, page):
    follow_up = FollowUp.objects.get(resolution=holdings, paragraph__label="OP17")
    for url in [*PUBLIC_PAGES, follow_up.get_absolute_url()]:
        page.goto(url)
        assert page.locator(STAFF_CONTROLS).count() == 0, url
        expect(page.get_by_role("link", name="Staff log in")).to_be_visible()
    expect(page.get_by_role("heading", name="Record what happened")).to_have_count(0)


def test_staff_who_record_follow_up_see_the_controls_the_visitor_does_not(
    holdings, recorder, new_page
):
    """The counterpart of the test above: its selectors do find the staff controls."""
    page = new_page(user=recorder)
    follow_up = FollowUp.objects.get(resolution=holdings, paragraph__label="OP17")
    page.goto(follow_up.get_absolute_url())
    expect(page.get_by_role("heading", name="Record what happened")).to_be_visible()
    page.goto("/follow-ups/")
    assert page.locator("input[name=follow_ups]").count() > 0
    assert page.locator("a[href*='assigned=me']").count() == 1
    assert page.locator("a[href^='/audit/']").count() == 1


def test_a_visitor_switches_to_french_and_stays_on_the_same_filtered_page(holdings, page):
    page.goto("/resolutions/?session=HRC-32&agenda_item=HRC-3")
    switch = page.get_by_role("form", name="Language")
    switch.get_by_role("button", name="Français").click()
    expect(page).to_have_url(re.compile(r"/resolutions/\?session=HRC-32&agenda_item=HRC-3$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résolutions")
    assert symbols_listed(page) == ["A/HRC/RES/32/7", "A/HRC/RES/32/6"]
    french = page.get_by_role("form", name="Langue").get_by_role("button", name="Français")
    expect(french).to_have_attribute("aria-pressed", "true")

    # The choice holds from page to page; the text of a resolution keeps its own language.
    page.get_by_role("link", name="A/HRC/RES/32/6", exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text("Conseil des droits de l'homme")
    expect(page.locator("#op17 .body > p").first).to_have_attribute("lang", "en")

    page.get_by_role("form", name="Langue").get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/32/6/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_visitor_served_a_kept_page_switches_language_with_their_own_token(
    holdings, new_page, kept_pages
):
    """A page kept for visitors (web/visitor_cache.py) holds no one's CSRF token: the
    second visitor, served the first one's page from the cache, posts their own."""
    first, second = new_page(), new_page()
    first.goto("/sessions/HRC/32/")
    expect(first.locator("html")).to_have_attribute("lang", "en")
    second.goto("/sessions/HRC/32/")
    tokens = [
        page.locator(".language-switch input[name=csrfmiddlewaretoken]").get_attribute("value")
        for page in (first, second)
    ]
    assert tokens[0] != tokens[1]
    second.get_by_role("form", name="Language").get_by_role("button", name="Français").click()
    expect(second).to_have_url(re.compile(r"/sessions/HRC/32/$"))
    expect(second.locator("html")).to_have_attribute("lang", "fr")
    first.reload()
    expect(first.locator("html")).to_have_attribute("lang", "en")


def test_a_reader_saves_a_filtered_list_watches_it_and_its_feed_reads_back(
    holdings, new_page, django_user_model
):
    reader = django_user_model.objects.create_user(
        "lena", email="lena@example.org", password="a-long-test-password"
    )
    page = new_page(user=reader)
    page.goto("/resolutions/?session=HRC-32&agenda_item=HRC-3")
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("Item 3 at the 32nd session")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/searches/$"))
    expect(page.locator(".messages")).to_contain_text("Saved “Item 3 at the 32nd session”.")
    page.get_by_role("button", name="Watch this search").click()
    expect(page.get_by_role("button", name="Stop watching")).to_be_visible()
    assert Watch.objects.get(user=reader).saved_search.query == ("session=HRC-32&agenda_item=HRC-3")

    feed_url = page.get_by_role("link", name="Atom feed").get_attribute("href")
    feed = feedparser.parse(page.request.get(feed_url).body())
    assert feed.feed.title == "Item 3 at the 32nd session · Resolution tracker"
    assert sorted(entry.title.split(":")[0] for entry in feed.entries) == [
        "A/HRC/RES/32/6",
        "A/HRC/RES/32/7",
    ]
    page.get_by_role("link", name="Item 3 at the 32nd session").click()
    expect(page.locator("#count")).to_contain_text("2 resolutions match these filters")
