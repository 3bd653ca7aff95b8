"""The dashboard: its charts, the tables of their numbers, and what it costs in queries."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.importing.texts import import_text
from resolutions.web import charts
from tests.conftest import variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

RECORDED = {
    "[Adopted without a vote.]": "[Adopted by a recorded vote of 32 to 3, with 12 abstentions.]"
}
SVG_NS = "{http://www.w3.org/2000/svg}"


class TableReader(HTMLParser):
    """The page's tables by caption: a list of rows, each a list of (cell text, link)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self._rows = self._cell = self._caption = None
        self._link = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._cell = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell, self._link = [], ""
        elif tag == "a" and self._cell is not None:
            self._link = dict(attrs).get("href", "")

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption, self._cell = " ".join("".join(self._cell).split()), None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append((" ".join("".join(self._cell).split()), self._link))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption] = self._rows
            self._rows = None


def tables_of(response) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(response.content.decode())
    return {
        caption: [[text for text, _ in row] for row in rows]
        for caption, rows in reader.tables.items()
    }


def svgs_of(response) -> list[ET.Element]:
    """Each inline chart, parsed as XML: a chart that is not well-formed fails here."""
    return [
        ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", response.content.decode(), re.S)
    ]


STATUS = "Follow-up requests by status"
ADDRESSEE = "Follow-up requests by the kind of addressee"
SESSIONS = "Resolutions per session of the Human Rights Council, by adoption (latest 30 sessions)"
VOTES = "Texts adopted by a recorded vote, per year (texts whose adoption is known)"
CITED = "The 15 most cited documents"


def test_dashboard_draws_five_accessible_charts_for_the_seed(client, seeded):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    svgs = svgs_of(response)
    assert len(svgs) == 5
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    status = svgs[0]
    assert status.find(f"{SVG_NS}title").text == "Follow-up requests by status"
    texts = [t.text for t in status.iter(f"{SVG_NS}text")]
    assert "Pending" in texts and "11" in texts and "Follow-up requests" in texts


def test_dashboard_tables_give_the_seeds_numbers(client, seeded):
    tables = tables_of(client.get("/dashboard/"))
    assert tables[STATUS] == [
        ["Status", "Follow-up requests"],
        ["Pending", "11"],
        ["In progress", "0"],
        ["Fulfilled", "0"],
        ["Superseded", "0"],
        ["Not applicable", "0"],
    ]
    assert tables[ADDRESSEE][1:] == [
        ["Secretariat", "2"],
        ["Member States", "6"],
        ["The body itself", "1"],
        ["Other", "2"],
    ]
    assert tables[SESSIONS] == [
        ["Session", "Without a vote", "Total"],
        ["32nd session", "1", "1"],
    ]
    assert tables[VOTES] == [
        ["Year", "Texts", "By recorded vote", "Share"],
        ["2016", "1", "0", "0.0%"],
    ]
    assert tables[CITED][0] == ["Document", "Resolutions citing it", "Paragraphs citing it"]
    assert ["A/RES/70/153", "1", "2"] in tables[CITED]
    assert len(tables[CITED]) - 1 == 9


def test_dashboard_counts_a_text_adopted_by_recorded_vote(client, seeded, seed_text):
    import_text(variant(seed_text, 7, RECORDED))
    response = client.get("/dashboard/")
    tables = tables_of(response)
    assert tables[SESSIONS] == [
        ["Session", "Without a vote", "Recorded vote", "Total"],
        ["32nd session", "1", "1", "2"],
    ]
    assert tables[VOTES][1] == ["2016", "2", "1", "50.0%"]
    assert tables[STATUS][1] == ["Pending", "22"]
    assert ["A/RES/70/153", "2", "4"] in tables[CITED]
    votes = svgs_of(response)[3]
    assert "50%" in [t.text for t in votes.iter(f"{SVG_NS}text")]
    # Two series: a legend names them, and a pattern as well as a colour tells them apart.
    sessions = svgs_of(response)[2]
    assert {"Without a vote", "Recorded vote"} <= {t.text for t in sessions.iter(f"{SVG_NS}text")}
    assert sessions.find(f"{SVG_NS}defs/{SVG_NS}pattern") is not None


def test_dashboard_links_cited_documents_and_sessions(client, seeded):
    reader = TableReader()
    reader.feed(client.get("/dashboard/").content.decode())
    assert ("A/RES/70/153", "/documents/A/RES/70/153/") in reader.tables[CITED][1]
    assert reader.tables[SESSIONS][1][0] == ("32nd session", "/sessions/HRC/32/")


def test_dashboard_shows_another_body_on_request(client, seeded):
    response = client.get("/dashboard/", {"body": "GA"})
    page = text_of(response)
    assert "Resolutions per session of the General Assembly" in page
    assert "No resolution of the General Assembly with a known session is held yet." in page
    assert '<option value="GA" selected>General Assembly</option>' in response.content.decode()
    french = client.get("/dashboard/", {"body": "GA"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<option value="GA" selected>Assemblée générale</option>' in french.content.decode()
    assert "Résolutions par session (Assemblée générale)" in text_of(french)
    unknown = text_of(client.get("/dashboard/", {"body": "XYZ"}))
    assert "There is no body called “XYZ”" in unknown


def test_dashboard_without_data_says_so_in_words(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "<svg" not in response.content.decode()
    page = text_of(response)
    assert "No follow-up request has been found in the resolutions yet." in page
    assert "No resolution of the Human Rights Council with a known session is held yet." in page
    assert "No text with a known date and way of adoption is held yet." in page
    assert "No resolution held cites a document yet." in page


def test_dashboard_offers_the_feeds_and_is_in_the_navigation(client, seeded):
    response = client.get("/dashboard/")
    html = response.content.decode()
    assert re.search(r'Subscribe: <a href="/feeds/resolutions.atom"[^>]*>Atom feed</a>', html)
    assert "http://testserver/follow-ups/calendar.ics" in text_of(response)
    assert "http://testserver/feeds/follow-ups.atom" in text_of(response)
    assert '<a href="/dashboard/" aria-current="page">Dashboard</a>' in html
    assert '<a href="/dashboard/">Dashboard</a>' in client.get("/").content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_rows(client, seeded, seed_text):
    few = count_queries(client, "/dashboard/")
    for number in range(20, 26):
        import_text(variant(seed_text, number, RECORDED if number % 2 else None))
    assert count_queries(client, "/dashboard/") == few


def test_dashboard_query_count_is_pinned(client, many_resolutions, django_assert_num_queries):
    # Bodies for the choice, then one grouped query per chart.
    with django_assert_num_queries(6):
        assert client.get("/dashboard/").status_code == 200


def test_chart_text_is_escaped_and_the_svg_well_formed():
    svg = charts.horizontal_bars(
        chart_id="c",
        title='Cited <script>alert("x")</script> & co',
        description="A & B",
        bars=[charts.Bar("<b>A/RES/1</b>", 3), charts.Bar("Tom & Jerry", 1)],
        axis_label="Count <n>",
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG_NS}title").text == 'Cited <script>alert("x")</script> & co'
    assert "Tom & Jerry" in [t.text for t in root.iter(f"{SVG_NS}text")]


def test_stacked_columns_label_every_series_and_total():
    svg = charts.columns(
        chart_id="s",
        title="T",
        description="D",
        categories=["31", "32"],
        series=[charts.Series("Without a vote", (3, 0)), charts.Series("Recorded vote", (1, 2))],
        x_label="Session",
        y_label="Resolutions",
    )
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert {"Without a vote", "Recorded vote", "Session", "Resolutions", "31", "32"} <= set(texts)
    assert "4" in texts and "2" in texts  # the totals on top of the columns
    assert [p.get("id") for p in root.iter(f"{SVG_NS}pattern")] == ["s-p1"]


def test_ticks_are_round_steps_past_the_maximum():
    assert charts.ticks(11) == [0, 5, 10, 15]
    assert charts.ticks(2) == [0, 1, 2]
    assert charts.ticks(100, integer=False, target=4) == [0, 25, 50, 75, 100]
    assert charts.ticks(0) == [0, 1]
