"""A resolution printed: a clean document, with nothing of the site around it."""

import pytest
from playwright.sync_api import expect

from resolutions.importing.texts import import_text
from tests.conftest import variant

pytestmark = pytest.mark.django_db(transaction=True)

# What a printed page must not show: the site's chrome, forms and tracker-only parts.
CHROME = [
    "header.site-header",
    "nav",
    "form",
    "footer.site-footer",
    ".skip-link",
    ".cite-box",
    ".follow-up",
    ".paragraph .label",
    ".footnotes li > a",
    ".related",
]


@pytest.fixture
def printed(holdings, recorder, new_page):
    """The resolution as staff see it (log-out button and all), in print media."""
    page = new_page(user=recorder)
    page.goto("/resolutions/A/HRC/RES/32/6/")
    page.emulate_media(media="print")
    return page


def test_a_printed_resolution_keeps_its_text_and_drops_the_site_around_it(printed):
    page = printed
    for selector in CHROME:
        elements = page.locator(selector)
        assert elements.count() > 0, f"{selector} is not on the page: the test checks nothing"
        for element in elements.all():
            expect(element).to_be_hidden()

    expect(page.locator(".doc-header .symbol")).to_have_text("A/HRC/RES/32/6")
    expect(page.get_by_role("heading", level=1)).to_contain_text("32/6. Enhancement")
    expect(page.locator("#op17")).to_be_visible()
    expect(page.locator("#op17")).to_contain_text(
        "Also requests the Office of the High Commissioner"
    )
    expect(page.locator("#pp1")).to_be_visible()
    footnotes = page.locator(".footnotes li")
    assert footnotes.count() == 4
    expect(footnotes.first).to_be_visible()
    expect(page.locator(".closing")).to_be_visible()


def test_links_print_as_plain_text_without_their_addresses(printed):
    links = printed.locator(".text a")
    assert links.count() > 0
    looks = links.evaluate_all(
        """(links) => links.map((a) => {
            const style = getComputedStyle(a), after = getComputedStyle(a, '::after');
            return [style.textDecorationLine, after.content];
        })"""
    )
    assert {tuple(look) for look in looks} <= {("none", "none"), ("none", "normal")}


def test_a_resolution_prints_to_pdf(printed):
    pdf = printed.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000


def test_a_printed_comparison_keeps_its_summary_requests_and_marked_words(
    holdings, new_page, seed_text
):
    import_text(variant(seed_text, 10, {"non-traditional donor countries": "new donors"}))
    page = new_page()
    page.goto("/resolutions/A/HRC/RES/32/10/compare/?with=A/HRC/RES/32/6")
    page.emulate_media(media="print")
    for selector in ("header.site-header", "nav", "footer.site-footer", ".skip-link"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator("#requests")).to_be_visible()
    marks = page.locator(".compare-text ins, .compare-text del")
    assert marks.count() >= 2
    looks = marks.evaluate_all(
        "(marks) => marks.map((m) => [m.tagName, getComputedStyle(m).textDecorationLine])"
    )
    # On paper as on screen: what was removed struck through, what was added underlined.
    assert {tuple(look) for look in looks} == {("DEL", "line-through"), ("INS", "underline")}
    assert page.pdf(format="A4").startswith(b"%PDF")
