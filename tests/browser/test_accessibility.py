"""Accessibility: axe-core on every main page in English and French, keyboard use, visible
focus, the heading outline, status in words, and a name for every form control."""

import re

import pytest
from playwright.sync_api import expect

from resolutions.followups.notes import add_note
from resolutions.models import FollowUp, SavedSearch, Watch
from tests.test_reports import BUDGET, UPR_REPORT

pytestmark = pytest.mark.django_db(transaction=True)

# French is asked for as a browser set to French asks (Accept-Language); each page is
# checked to have come in the language asked for before axe reads it.
LANGUAGES = ["en-GB", "fr-FR"]
PUBLIC_PAGES = {
    "home": "/",
    "resolutions": "/resolutions/",
    "resolutions filtered": "/resolutions/?session=HRC-32&agenda_item=HRC-3",
    "resolution": "/resolutions/A/HRC/RES/32/6/",
    "document": "/documents/A/HRC/31/81/",
    "follow-ups": "/follow-ups/",
    "search": "/search/?q=%22universal+periodic+review%22",
    "search form": "/search/",
    "login": "/accounts/login/",
    "dashboard": "/dashboard/",
    "comparison": "/resolutions/A/HRC/RES/32/7/compare/?with=A/HRC/RES/32/6",
    "API documentation": "/api/docs/",
    "countries": "/countries/",
    "country": "/countries/CHN/",
    "two countries": "/countries/CHN/compare/?with=GBR",
}
# Swagger UI, which draws the API's operations on its documentation page, is a component we
# take as it is: its own colours and its buttons nested in buttons fail axe. The page around
# it (header, navigation, heading, footer) is checked like every other.
NOT_OURS = {"/api/docs/": ["#swagger-ui"]}
STAFF_PAGES = {
    "follow-up with the record form": "follow-up",
    "follow-ups with the bulk form": "/follow-ups/",
    "import": "/import/",
    "audit": "/audit/",
    "dashboard": "/dashboard/",
    "resolution": "/resolutions/A/HRC/RES/32/6/",
    "note form": "/resolutions/A/HRC/RES/32/6/notes/add/?paragraph=OP17",
    "note": "note",
    "reminder settings": "/account/reminders/",
    "saved searches": "/account/searches/",
    "entity with its watch button": "/entities/ohchr/",
}


def op17_url(resolution) -> str:
    return FollowUp.objects.get(resolution=resolution, paragraph__label="OP17").get_absolute_url()


def serious_violations(page, axe_source: str, exclude=()) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each.

    What axe could not decide counts too (an aria-describedby naming no element, say), but
    for colour contrast over the dashboard's SVG charts, which it cannot measure."""
    page.add_script_tag(content=axe_source)
    asked = page.evaluate("navigator.language").split("-")[0]
    assert page.locator("html").get_attribute("lang") == asked, page.url
    results = page.evaluate(
        "(exclude) => axe.run(exclude.length ? {exclude: exclude.map((s) => [s])} : document)",
        list(exclude),
    )
    undecided = [item for item in results["incomplete"] if item["id"] != "color-contrast"]
    return [
        f"{finding['id']} ({finding['impact']}): {finding['help']}: "
        + "; ".join(node["target"][0] for node in finding["nodes"][:5])
        for finding in results["violations"] + undecided
        if finding["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_public_pages_have_no_serious_axe_violation(holdings, new_page, axe_source, locale):
    # bypass_csp: the policy would refuse axe's injected script, as it should any other.
    page = new_page(locale=locale, bypass_csp=True)
    found = {}
    for name, url in {**PUBLIC_PAGES, "follow-up": op17_url(holdings)}.items():
        page.goto(url)
        found[name] = serious_violations(page, axe_source, NOT_OURS.get(url, ()))
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("locale", LANGUAGES)
def test_staff_pages_have_no_serious_axe_violation(
    holdings, administrator, new_page, axe_source, locale, seed_text
):
    page = new_page(user=administrator, locale=locale, bypass_csp=True)
    # A note beside OP17 on the resolution page, and its own page.
    note = add_note(
        holdings.paragraphs.get(label="OP17"), user=administrator, text="Ask the desk officer."
    )
    urls = {"follow-up": op17_url(holdings), "note": f"/notes/{note.pk}/"}
    saved = SavedSearch.objects.create(
        user=administrator, name="Council texts", kind="resolutions", query="body=HRC"
    )
    Watch.objects.create(user=administrator, saved_search=saved)
    found = {}
    for name, url in STAFF_PAGES.items():
        page.goto(urls.get(url, url))
        found[name] = serious_violations(page, axe_source)

    # The import preview: the text read beside the original, before it is stored.
    page.goto("/import/")
    page.locator("textarea[name=text]").fill(seed_text.replace("32/6", "32/60"))
    page.locator("button[name=action][value=preview]").click()
    expect(page.locator("button[name=action][value=confirm]")).to_be_visible()
    found["import preview"] = serious_violations(page, axe_source)
    assert found == {name: [] for name in found}


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(holdings, page):
    page.goto("/resolutions/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


# Every element a keyboard user can reach, with how it is drawn while not focused.
TABBABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
  const look = (el) => {
    const style = getComputedStyle(el);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' ');
  };
  return [...document.querySelectorAll(selector)]
    .filter((el) => !el.disabled && el.tabIndex >= 0)
    .filter((el) => el.checkVisibility({visibilityProperty: true}))
    .map((el, index) => {
      el.dataset.tabbable = index;
      return {index, look: look(el), html: el.outerHTML.slice(0, 120)};
    });
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.tabbable === undefined) return null;
  const style = getComputedStyle(el);
  return {
    index: Number(el.dataset.tabbable),
    look: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' '),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


@pytest.mark.parametrize("url", ["/resolutions/", "/follow-ups/", "/search/?q=review"])
def test_every_control_of_a_list_page_is_reached_by_tab_and_shows_focus(holdings, page, url):
    page.goto(url)
    tabbable = page.evaluate(TABBABLE)
    assert len(tabbable) > 20
    reached = {}
    for _ in range(len(tabbable) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        reached[focused["index"]] = focused
    assert sorted(reached) == [item["index"] for item in tabbable]
    unmarked = [
        item["html"]
        for item in tabbable
        if reached[item["index"]]["look"] == item["look"] or not reached[item["index"]]["outline"]
    ]
    assert unmarked == []


def tab_to(page, selector: str, limit: int = 150):
    """Presses Tab until the element `selector` has focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_keyboard(page, value: str, limit: int = 60):
    """With a select focused, presses ArrowDown until it shows `value`."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value}")


def test_a_visitor_filters_pages_and_opens_a_resolution_by_keyboard_alone(holdings, page, settings):
    settings.PAGE_SIZE = 1
    page.goto("/resolutions/")
    tab_to(page, "#id_session")
    choose_by_keyboard(page, "HRC-32")
    tab_to(page, "#id_agenda_item")
    choose_by_keyboard(page, "HRC-3")
    tab_to(page, ".filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#count")).to_contain_text("2 resolutions match these filters")
    tab_to(page, "a[rel=next]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of 2")
    tab_to(page, "table.list tbody td:first-child a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/resolutions/A/HRC/RES/32/6/$"))
    tab_to(page, "a[href='#op17']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#op17$"))


def test_a_staff_member_records_a_follow_up_event_by_keyboard_alone(holdings, recorder, new_page):
    page = new_page(user=recorder)
    page.goto(op17_url(holdings))
    tab_to(page, "#id_new_status")
    choose_by_keyboard(page, "fulfilled")
    page.keyboard.press("Tab")
    page.keyboard.type("Reported to the Council at its thirty-fifth session.")
    page.keyboard.press("Tab")  # to the checked radio button: internal unless chosen
    expect(page.locator("input[name=visibility]:focus")).to_have_value("internal")
    tab_to(page, "#id_evidence_symbol")
    page.keyboard.type("A/HRC/35/8")
    page.keyboard.press("Enter")
    event = page.locator(".history li").first
    expect(event).to_contain_text("Pending → Fulfilled")
    expect(event).to_contain_text("Internal")
    expect(event).to_contain_text("Reported to the Council")


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => !h.closest('[hidden], [aria-hidden=true]'))
  .map((h) => [Number(h.tagName[1]), h.textContent.trim()])"""


def outline_problems(headings: list) -> list[str]:
    levels = [level for level, _ in headings]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1")
    if levels and levels[0] != 1:
        problems.append(f"starts with h{levels[0]}")
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} then h{level} ({text})")
    return problems


def test_each_main_page_has_one_h1_and_no_skipped_heading_level(
    holdings, administrator, new_page, seed_text
):
    pages = {
        None: [*PUBLIC_PAGES.values(), op17_url(holdings)],
        administrator: [
            op17_url(holdings) if url == "follow-up" else url for url in STAFF_PAGES.values()
        ],
    }
    found = {}
    for user, urls in pages.items():
        page = new_page(user=user)
        for url in urls:
            page.goto(url)
            found[(user is not None, url)] = outline_problems(page.evaluate(HEADINGS))
    page.goto("/import/")
    page.locator("textarea[name=text]").fill(seed_text.replace("32/6", "32/60"))
    page.locator("button[name=action][value=preview]").click()
    # The preview, not the form it was asked from: read under load, the outline raced it.
    expect(page.locator("button[name=action][value=confirm]")).to_be_visible()
    found["import preview"] = outline_problems(page.evaluate(HEADINGS))
    assert found == {key: [] for key in found}


@pytest.mark.skipif(
    not UPR_REPORT.is_file() or not BUDGET.is_file(), reason="no report PDF or budget .docx"
)
def test_the_previews_of_a_report_and_a_budget_section_have_no_serious_axe_violation(
    holdings, administrator, new_page, axe_source
):
    page = new_page(user=administrator, bypass_csp=True)
    found = {}
    for path in (UPR_REPORT, BUDGET):
        page.goto("/import/")
        page.locator("input[name=file]").set_input_files(str(path))
        page.locator("button[name=action][value=preview]").click()
        expect(page.locator("button[name=action][value=confirm]")).to_be_visible()
        found[path.name] = serious_violations(page, axe_source) + outline_problems(
            page.evaluate(HEADINGS)
        )
    assert found == {name: [] for name in found}


def test_status_is_told_in_words_not_by_colour_alone(holdings, page):
    for url in ["/", "/follow-ups/", "/resolutions/A/HRC/RES/32/6/", op17_url(holdings)]:
        page.goto(url)
        statuses = page.locator(".status")
        assert statuses.count() > 0, url
        for text in statuses.all_inner_texts():
            assert text.strip(), url
    # An overdue row is marked red in its first cell, and says so in its status.
    page.goto("/follow-ups/")
    overdue = page.locator("tr.overdue")
    assert overdue.count() > 0
    for row in overdue.all():
        expect(row.locator(".status-overdue")).to_have_text("Overdue")


CONTROL_ROLES = {
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "button",
    "spinbutton",
    "slider",
    "switch",
}


def unnamed_controls(page) -> tuple[int, list[str]]:
    """How many form controls Chromium's accessibility tree holds, and those without a name."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    controls = [
        node
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") in CONTROL_ROLES
    ]
    return len(controls), [
        node["role"]["value"]
        for node in controls
        if not node.get("name", {}).get("value", "").strip()
    ]


def test_every_form_control_has_an_accessible_name(holdings, administrator, new_page):
    pages = {
        None: [
            "/",
            "/resolutions/",
            "/follow-ups/",
            "/search/?q=review",
            "/accounts/login/",
            "/dashboard/",
        ],
        administrator: [op17_url(holdings), "/follow-ups/", "/import/"],
    }
    found = {}
    for user, urls in pages.items():
        page = new_page(user=user)
        for url in urls:
            page.goto(url)
            count, unnamed = unnamed_controls(page)
            assert count > 0, url
            found[(user is not None, url)] = unnamed
    assert found == {key: [] for key in found}
