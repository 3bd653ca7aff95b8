"""Every page at a phone's width and a desktop's: nothing wider than the window, and every
table keeps its column labels (on a phone the rows of a list stack, each value under its
label)."""

import pytest

from resolutions.models import AddresseeEntity, FollowUp, SavedSearch
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

VISITOR_PAGES = [
    "/",
    "/resolutions/",
    "/resolutions/?session=HRC-32&agenda_item=HRC-3",
    "/resolutions/?session=HRC-99",
    "/resolutions/A/HRC/RES/32/6/",
    "/resolutions/A/HRC/RES/28/2/",
    "/resolutions/A/HRC/RES/32/7/compare/?with=A/HRC/RES/32/6",
    "/documents/A/HRC/31/81/",
    "/follow-ups/",
    "/search/",
    "/search/?q=%22universal+periodic+review%22",
    "/search/?q=28/2",
    "/sessions/",
    "/sessions/HRC/32/",
    "/agenda-items/",
    "/agenda-items/HRC/3/",
    "/entities/",
    "/countries/",
    "/countries/CHN/",
    "/countries/CHN/compare/?with=GBR",
    "/dashboard/",
    "/accounts/login/",
    "/api/docs/",
]
STAFF_PAGES = [
    *VISITOR_PAGES[:-2],
    "/follow-ups/?assigned=me",
    "/resolutions/A/HRC/RES/32/6/history/",
    "/import/",
    "/import/fetch/",
    "/audit/",
    "/resolutions/A/HRC/RES/32/6/notes/add/?paragraph=OP17",
    "/account/reminders/",
    "/account/searches/",
]

# Each table row's cells that show something without a label: neither the column
# headings are on screen nor does the cell draw its label before its value.
UNLABELLED = """() => {
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const found = [];
  for (const table of document.querySelectorAll('main table')) {
    const head = table.querySelector('thead');
    if (head && shown(head)) continue;
    for (const cell of table.querySelectorAll('tbody td')) {
      if (cell.colSpan > 1 || !shown(cell) || !cell.textContent.trim()) continue;
      const label = getComputedStyle(cell, '::before').content;
      if (label === 'none' || label === '""' || label === 'normal') {
        found.push(cell.outerHTML.slice(0, 100));
      }
    }
  }
  return found;
}"""
# What sticks out of the window: the page's width, and the widest elements that cause it.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .filter((el) => !el.closest('.table-scroll, .chart-frame, .source, pre'))
    .slice(0, 3)
    .map((el) => {
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName.toLowerCase()}.${el.className} ${right}px`;
    });
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def pages_for(holdings, staff: bool) -> list[str]:
    entity = AddresseeEntity.objects.filter(follow_ups__isnull=False).order_by("pk").first()
    follow_up = FollowUp.objects.get(resolution=holdings, paragraph__label="OP17")
    pages = STAFF_PAGES if staff else VISITOR_PAGES
    return [*pages, entity.get_absolute_url(), follow_up.get_absolute_url()]


def layout_problems(page, urls: list[str]) -> dict[str, list[str]]:
    problems = {}
    for url in urls:
        response = page.goto(url)
        assert response.ok, (url, response.status)
        found = []
        overflow = page.evaluate(OVERFLOW)
        if overflow["scroll"] > overflow["width"]:
            found.append(
                f"{overflow['scroll']}px wide in {overflow['width']}px: {overflow['wide']}"
            )
        found += [f"no label: {cell}" for cell in page.evaluate(UNLABELLED)]
        if found:
            problems[url] = found
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_no_visitor_page_is_wider_than_the_window_and_tables_keep_their_labels(
    holdings, new_page, viewport
):
    page = new_page(viewport=viewport)
    assert layout_problems(page, pages_for(holdings, staff=False)) == {}


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_no_staff_page_is_wider_than_the_window_and_tables_keep_their_labels(
    holdings, administrator, new_page, viewport, locale
):
    # A long name in the header, as staff have.
    administrator.first_name, administrator.last_name = "Marie-Christine", "Okonkwo-Lefebvre"
    administrator.save()
    SavedSearch.objects.create(
        user=administrator,
        name="Pending requests to the Office of the High Commissioner, session 32",
        kind="follow_ups",
        query="entity=ohchr&session=HRC-32&assigned=me",
    )
    page = new_page(user=administrator, viewport=viewport, locale=locale)
    assert layout_problems(page, pages_for(holdings, staff=True)) == {}


def test_a_stacked_row_shows_each_value_under_its_column_label(holdings, new_page):
    page = new_page(viewport=PHONE)
    page.goto("/resolutions/?session=HRC-32")
    row = page.locator("table.list tbody tr").first
    labels = row.locator("td").evaluate_all(
        "(cells) => cells.map((cell) => getComputedStyle(cell, '::before').content)"
    )
    assert labels == ['"Symbol"', '"Title"', '"Adopted"', '"Adoption"', '"Open follow-up"']
    assert page.locator("table.list thead").is_hidden()
