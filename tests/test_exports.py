"""The exports: CSV of the filtered lists, a resolution as JSON and as Akoma Ntoso XML,
and the short permalinks."""

import csv
import datetime
import html
import io
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from lxml import etree

from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import Citation, FollowUp, Paragraph, Resolution
from tests.conftest import variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
SCHEMAS = Path(__file__).resolve().parent.parent / "resolutions" / "schemas"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}
# Export file names carry the day: tests read them on a frozen one.
FROZEN_NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
RECORDED_VOTE = "[Adopted by a recorded vote of 30 to 12, with 5 abstentions.]"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    text = body_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def page_count(response) -> int:
    """The number in the list page's count paragraph: "12 resolutions match..."."""
    html = response.content.decode()
    count = re.search(r'<p id="count"[^>]*>([\d,]+)', html)
    return int(count[1].replace(",", ""))


def queries_for(client, url, params=None) -> tuple[int, object]:
    """Queries run to build and stream the whole response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        body_of(response)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture(scope="module")
def akn_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "akomantoso30.xsd")))


def akn_of(client, symbol, akn_schema):
    response = client.get(f"/resolutions/{symbol}/akn.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    assert akn_schema.validate(document), akn_schema.error_log
    return document


# CSV of the resolution list


def test_resolution_csv_holds_every_row_of_the_filtered_list_across_pages(
    client, many_resolutions, seed_text, settings
):
    import_text(variant(seed_text, 50, {"Agenda item 3": "Agenda item 5"}))
    settings.PAGE_SIZE = 3
    filters = {"agenda_item": "HRC-3"}
    page = client.get("/resolutions/", filters)
    assert "Page 1 of 4" in text_of(page)
    rows = csv_rows(client.get("/resolutions/export.csv", filters))
    assert len(rows) == page_count(page) == 10
    symbols = [row["symbol"] for row in rows]
    assert "A/HRC/RES/32/50" not in symbols
    assert len(set(symbols)) == len(symbols)
    # In the page's order: the first page's rows come first.
    assert symbols[:3] == [r.symbol for r in page.context["page"].object_list]


def test_resolution_csv_applies_the_filters_and_fills_every_column(client, seeded, seed_text):
    import_text(variant(seed_text, 50, {"[Adopted without a vote.]": RECORDED_VOTE}))
    rows = csv_rows(client.get("/resolutions/export.csv", {"adoption_mode": "recorded_vote"}))
    assert [row["symbol"] for row in rows] == ["A/HRC/RES/32/50"]
    assert (rows[0]["in favour"], rows[0]["against"], rows[0]["abstaining"]) == ("30", "12", "5")

    (seed,) = csv_rows(client.get("/resolutions/export.csv", {"q": "A/HRC/RES/32/6"}))
    assert seed == {
        "symbol": "A/HRC/RES/32/6",
        "number": "32/6",
        "kind": "Resolution",
        "title": "Enhancement of international cooperation in the field of human rights",
        "body": "HRC",
        "session": "32nd session",
        "agenda items": "3",
        "adopted on": "2016-06-30",
        "adoption mode": "Without a vote",
        "in favour": "",
        "against": "",
        "abstaining": "",
        "draft symbol": "",
        "outcome": "Adopted",
        "open follow-ups": "11",
        "url": "http://testserver/resolutions/A/HRC/RES/32/6/",
    }


@time_machine.travel(FROZEN_NOW, tick=False)
def test_resolution_csv_is_an_attachment_named_for_today_in_utf8_with_bom(client, seeded):
    response = client.get("/resolutions/export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resolutions-2026-12-01.csv"'
    assert body_of(response).startswith("\ufeffsymbol,number,kind,title".encode())


def test_csv_neutralises_spreadsheet_formulas(client, seeded):
    Resolution.objects.filter(symbol="A/HRC/RES/32/6").update(
        title='=HYPERLINK("http://example.com","click")', draft_symbol="@SUM(A1)"
    )
    FollowUp.objects.filter(paragraph__label="OP27").update(
        summary="+cmd|' /C calc'!A0", addressee="-2+3"
    )
    (row,) = csv_rows(client.get("/resolutions/export.csv"))
    assert row["title"] == '\'=HYPERLINK("http://example.com","click")'
    assert row["draft symbol"] == "'@SUM(A1)"
    rows = csv_rows(client.get("/follow-ups/export.csv"))
    op27 = next(row for row in rows if row["paragraph label"] == "OP27")
    assert op27["summary"] == "'+cmd|' /C calc'!A0"
    assert op27["addressee"] == "'-2+3"
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_list_page_links_to_its_csv_with_the_same_filters(client, seeded):
    response = client.get("/resolutions/", {"body": "HRC", "year": "2016", "page": "1"})
    html = response.content.decode()
    link = '<a href="/resolutions/export.csv?body=HRC&amp;year=2016" download>'
    assert f"{link}Download these results as CSV</a>" in html
    unfiltered = client.get("/resolutions/").content.decode()
    assert '<a href="/resolutions/export.csv" download>' in unfiltered


# CSV of the follow-up list


def test_follow_up_csv_holds_every_row_of_the_filtered_list_across_pages(
    client, many_resolutions, settings
):
    settings.PAGE_SIZE = 7
    for filters in ({}, {"status": "all"}, {"action": "request"}, {"overdue": "true"}):
        page = client.get("/follow-ups/", filters)
        rows = csv_rows(client.get("/follow-ups/export.csv", filters))
        assert len(rows) == page_count(page), filters
    requests = csv_rows(client.get("/follow-ups/export.csv", {"action": "request"}))
    assert len(requests) == 30
    assert {row["action"] for row in requests} == {"Request"}


@time_machine.travel(FROZEN_NOW, tick=False)
def test_follow_up_csv_columns_say_what_is_due_and_whether_it_is_overdue(client, seeded):
    response = client.get("/follow-ups/export.csv", {"status": "all"})
    assert response["Content-Disposition"] == 'attachment; filename="follow-ups-2026-12-01.csv"'
    rows = csv_rows(response)
    assert len(rows) == 11
    op27 = next(row for row in rows if row["paragraph label"] == "OP27")
    follow_up = FollowUp.objects.get(paragraph__label="OP27")
    assert op27 == {
        "resolution symbol": "A/HRC/RES/32/6",
        "paragraph label": "OP27",
        "action": "Decision",
        "verb": "Decides",
        "addressee": follow_up.addressee,
        "addressee kind": follow_up.get_addressee_kind_display(),
        "summary": follow_up.summary,
        "due session": "",
        "due year": "2017",
        "due on": "2017-12-31",
        "status": "Pending",
        "overdue": "yes",
        "url": f"http://testserver/follow-ups/{follow_up.pk}/",
    }
    assert {row["overdue"] for row in rows if row["paragraph label"] != "OP27"} == {"no"}


def test_follow_up_list_links_to_its_csv_with_the_same_filters(client, seeded):
    html = client.get("/follow-ups/", {"action": "request"}).content.decode()
    link = '<a href="/follow-ups/export.csv?action=request" download>'
    assert f"{link}Download these results as CSV</a>" in html


def test_internal_notes_appear_in_no_export(client, seeded, recorder):
    follow_up = FollowUp.objects.get(paragraph__label="OP16")
    record_follow_up_event(
        follow_up, user=recorder, new_status="in_progress", note="Said in public, on record."
    )
    record_follow_up_event(
        follow_up,
        user=recorder,
        new_status="in_progress",
        note="Internal: the desk officer is on leave.",
        is_public=False,
    )
    for url in ("/follow-ups/export.csv", "/resolutions/export.csv"):
        assert b"desk officer" not in body_of(client.get(url, {"status": "all"}))
    data = client.get("/resolutions/A/HRC/RES/32/6/json").json()
    assert "desk officer" not in json.dumps(data)
    (op16,) = [f for f in data["follow_ups"] if f["paragraph"] == "OP16"]
    assert op16["status"] == "in_progress"
    assert op16["events"] == [
        {
            "when": op16["events"][0]["when"],
            "who": "OHCHR secretariat",
            "old_status": "pending",
            "new_status": "in_progress",
            "note": "Said in public, on record.",
            "evidence": None,
        }
    ]


# JSON


def test_resolution_json_holds_the_seed_facts(client, seeded):
    response = client.get("/resolutions/A/HRC/RES/32/6/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["id"] == seeded.pk
    assert data["url"] == "http://testserver/resolutions/A/HRC/RES/32/6/"
    assert data["symbol"] == "A/HRC/RES/32/6"
    assert data["session"] == {"kind": "regular", "number": 32}
    assert data["agenda_items"] == [3]
    assert data["adoption"]["mode"] == "without_vote"
    assert len(data["paragraphs"]) == 48
    assert [p["label"] for p in data["paragraphs"]][20:22] == ["PP21", "OP1"]
    assert [f["paragraph"] for f in data["footnotes"]] == ["OP14", "OP15", "OP25", "OP26"]
    (op27,) = [f for f in data["follow_ups"] if f["paragraph"] == "OP27"]
    assert op27["due"]["year"] == 2017
    assert op27["due_on"] == "2017-12-31"
    assert op27["status"] == "pending"
    assert op27["events"] == []
    assert op27["url"] == f"http://testserver/follow-ups/{op27['id']}/"
    assert data["series"] == []
    assert data["catalogue_record"] is None


def test_resolution_json_uses_the_parse_contract_filled_from_the_database(client, seeded):
    """Every field the parser prints (tests/data/A_HRC_RES_32_6.json) comes back equal,
    though nothing is parsed again."""
    Resolution.objects.filter(pk=seeded.pk).update(source_text="")
    expected = json.loads((DATA / "A_HRC_RES_32_6.json").read_text(encoding="utf-8"))
    data = client.get("/resolutions/A/HRC/RES/32/6/json").json()
    for key, value in expected.items():
        if key in ("warnings", "unread"):
            continue  # what the parser doubted or could not place is not stored
        if key == "follow_ups":
            value_in_export = [{k: f[k] for k in value[0]} for f in data[key]]
            # The export lists a request's entities by name, the parse in the order named.
            for follow_up in value:
                follow_up["addressees"].sort(key=lambda entity: entity["name"])
        else:
            value_in_export = data[key]
        assert value_in_export == value, key


def test_resolution_json_names_the_series_and_the_countries_of_a_vote(client, seeded, seed_text):
    vote = RECORDED_VOTE.replace(
        ".]", ". The voting was as follows: In favour: Brazil, Côte d'Ivoire; "
    )
    vote += "Against: Germany; Abstaining: Japan]"
    import_text(variant(seed_text, 50, {"[Adopted without a vote.]": vote}))
    data = client.get("/resolutions/A/HRC/RES/32/50/json").json()
    assert data["adoption"]["countries"]["in_favour"] == ["Brazil", "Côte d'Ivoire"]
    assert data["adoption"]["countries"]["against"] == ["Germany"]
    assert data["series"] == ["A/HRC/RES/32/6", "A/HRC/RES/32/50"]
    assert "Côte d'Ivoire" in client.get("/resolutions/A/HRC/RES/32/50/json").content.decode()


def test_unknown_resolution_exports_are_404(client, seeded):
    assert client.get("/resolutions/A/HRC/RES/99/99/json").status_code == 404
    assert client.get("/resolutions/A/HRC/RES/99/99/akn.xml").status_code == 404


def test_resolution_page_cite_box_links_to_the_exports(client, seeded):
    html = client.get("/resolutions/A/HRC/RES/32/6/").content.decode()
    cite_box = html.split('<aside class="cite-box"')[1].split("</aside>")[0]
    assert 'href="/resolutions/A/HRC/RES/32/6/json"' in cite_box
    assert 'href="/resolutions/A/HRC/RES/32/6/akn.xml"' in cite_box
    assert "Akoma Ntoso" in text_of(cite_box) and "undocs.org" in cite_box


# Akoma Ntoso


def test_akn_export_of_the_seed_validates_and_holds_its_paragraphs_notes_and_refs(
    client, seeded, akn_schema
):
    document = akn_of(client, "A/HRC/RES/32/6", akn_schema)
    statement = document.find("a:statement", NS)
    assert statement.get("name") == "resolution"
    assert statement.get("contains") == "originalVersion"
    work = "/akn/un/statement/deliberation/un-hrc/2016-06-30/32-6"
    assert statement.find(".//a:FRBRWork/a:FRBRuri", NS).get("value") == work
    assert statement.find(".//a:FRBRWork/a:FRBRcountry", NS).get("value") == "un"
    assert statement.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "eng"
    assert statement.find(".//a:TLCOrganization", NS).get("showAs") == "Human Rights Council"
    assert statement.find(".//a:docNumber", NS).text == "A/HRC/RES/32/6"

    preamble = statement.find("a:preamble", NS)
    assert preamble[0].tag == f"{{{AKN}}}formula"
    assert preamble[0].get("name") == "enactingFormula"
    containers = preamble.findall("a:container[@name='preambular']", NS)
    assert len(containers) == 21
    assert containers[0].get("eId") == "preamble__container_1"
    paragraphs = statement.findall("a:mainBody/a:paragraph", NS)
    assert len(paragraphs) == 27
    assert paragraphs[0].get("eId") == "para_1"
    assert paragraphs[0].find("a:num", NS).text == "1."

    notes = statement.findall(".//a:authorialNote", NS)
    assert [note.get("marker") for note in notes] == ["1", "2", "3", "4"]
    carriers = [p.get("eId") for p in paragraphs if p.find(".//a:authorialNote", NS) is not None]
    assert carriers == ["para_14", "para_15", "para_25", "para_26"]

    refs = {ref.get("href"): ref.text for ref in statement.iter(f"{{{AKN}}}ref")}
    cited = set(
        Citation.objects.filter(paragraph__resolution=seeded).values_list(
            "document__symbol", flat=True
        )
    )
    assert len(cited) == 9
    references = {r.get("showAs"): r.get("href") for r in statement.iter(f"{{{AKN}}}TLCReference")}
    assert set(references) == cited
    assert all(references[symbol] in refs for symbol in cited)
    assert refs["/akn/un/doc/a-hrc-24-56"] == "A/HRC/24/56"
    assert refs["/akn/un/doc/a-res-70-1"] == "General Assembly resolution 70/1"

    conclusions = "".join(statement.find("a:conclusions", NS).itertext())
    assert "42nd meeting" in conclusions and "[Adopted without a vote.]" in conclusions


def akn_words(document) -> dict[str, str]:
    """The words the export adds to the text, by where they stand."""
    statement = document.find("a:statement", NS)

    def words(path):
        return "".join(statement.find(path, NS).itertext())

    return {
        "formula": words("a:preamble/a:formula"),
        "adoption": words("a:preface/a:p[@class='adoption']"),
        "session": words("a:preface/a:p[@class='session']"),
        "authority": words("a:preface/a:p[@class='body']"),
        "conclusions": " ".join(
            "".join(p.itertext()) for p in statement.findall("a:conclusions/a:p", NS)
        ),
    }


def test_akn_export_of_an_english_text_adds_english_words(client, seeded, akn_schema):
    assert akn_words(akn_of(client, "A/HRC/RES/32/6", akn_schema)) == {
        "formula": "The Human Rights Council,",
        "adoption": "Resolution adopted by the Human Rights Council on 30 June 2016",
        "session": "32nd session",
        "authority": "Human Rights Council",
        "conclusions": "42nd meeting 30 June 2016 [Adopted without a vote.]",
    }


def test_the_words_added_to_a_french_text_are_french_whatever_the_interface(
    client, seeded, akn_schema
):
    Resolution.objects.filter(pk=seeded.pk).update(language="fr")
    assert akn_words(akn_of(client, "A/HRC/RES/32/6", akn_schema)) == {
        "formula": "Le Conseil des droits de l'homme,",
        "adoption": "Résolution adoptée par le Conseil des droits de l'homme le 30 juin 2016",
        "session": "32e session",
        "authority": "Conseil des droits de l'homme",
        "conclusions": "42nd meeting 30 juin 2016 [Adoptée sans vote.]",
    }
    page = html.unescape(text_of(client.get("/resolutions/A/HRC/RES/32/6/")))
    assert "Le Conseil des droits de l'homme," in page and "[Adoptée sans vote.]" in page


def test_a_text_in_a_language_without_words_of_its_own_gets_english_ones(
    client, seeded, akn_schema
):
    Resolution.objects.filter(pk=seeded.pk).update(language="es")
    added = akn_words(akn_of(client, "A/HRC/RES/32/6", akn_schema))
    assert added["formula"] == "The Human Rights Council,"
    # English words throughout, the month's name too (not "junio").
    assert added["adoption"] == "Resolution adopted by the Human Rights Council on 30 June 2016"
    assert added["conclusions"].endswith("30 June 2016 [Adopted without a vote.]")


def test_a_recorded_vote_is_worded_in_the_text_s_language():
    words = {"kind": "resolution", "mode": "recorded_vote", "in_favour": 30, "against": 12}
    english, french = (Resolution(language=language) for language in ("en", "fr"))
    for resolution, abstaining, note in [
        (english, 5, "Adopted by a recorded vote of 30 to 12, with 5 abstentions."),
        (english, 1, "Adopted by a recorded vote of 30 to 12, with 1 abstention."),
        (english, 0, "Adopted by a recorded vote of 30 to 12, with 0 abstentions."),
        (
            french,
            5,
            "Adoptée à l'issue d'un vote enregistré par 30 voix contre 12, avec 5 abstentions.",
        ),
        (
            french,
            0,
            "Adoptée à l'issue d'un vote enregistré par 30 voix contre 12, avec 0 abstention.",
        ),
    ]:
        resolution.kind, resolution.adoption_mode = words["kind"], words["mode"]
        resolution.votes_in_favour, resolution.votes_against = words["in_favour"], 12
        resolution.votes_abstaining = abstaining
        assert resolution.adoption_statement == note
    french.kind = "amendment"
    french.adoption_mode = "without_vote"
    assert french.adoption_statement == "Adopté sans vote."  # an amendement is masculine


def test_akn_refers_to_a_stored_resolution_by_its_work_iri(client, seeded, seed_text, akn_schema):
    import_text(variant(seed_text, 41, {"Council resolution 28/2": "Council resolution 32/6"}))
    document = akn_of(client, "A/HRC/RES/32/41", akn_schema)
    hrefs = {ref.get("href") for ref in document.iter(f"{{{AKN}}}ref")}
    assert "/akn/un/statement/deliberation/un-hrc/2016-06-30/32-6" in hrefs


def test_akn_export_of_a_text_with_subparagraphs_validates(client, db, akn_schema):
    import_text((DATA / "corpus" / "A_RES_79_325.txt").read_text(encoding="utf-8"))
    document = akn_of(client, "A/RES/79/325", akn_schema)
    work = document.find(".//a:FRBRWork/a:FRBRuri", NS).get("value")
    assert work == "/akn/un/statement/deliberation/un-ga/2025-08-26/79-325"
    first = document.find(".//a:mainBody/a:paragraph[@eId='para_1']", NS)
    assert first.find("a:intro", NS) is not None
    points = first.findall("a:point", NS)
    assert [point.find("a:num", NS).text for point in points] == [
        "(a)",
        "(b)",
        "(c)",
        "(d)",
        "(e)",
    ]
    assert points[0].get("eId") == "para_1__point_a"


def test_akn_export_nests_deeper_subparagraphs_and_preambular_ones(client, seeded, akn_schema):
    """(a)(i) under an operative paragraph, and (a) under a preambular one, which the
    schema does not let be points."""
    op7 = Paragraph.objects.get(resolution=seeded, label="OP7")
    pp1 = Paragraph.objects.get(resolution=seeded, label="PP1")
    made = {}
    for position, (label, parent) in enumerate(
        [("OP7(a)", op7), ("OP7(a)(i)", "OP7(a)"), ("OP7(a)(ii)", "OP7(a)"), ("PP1(a)", pp1)],
        start=100,
    ):
        parent = made.get(parent, parent)
        made[label] = Paragraph.objects.create(
            resolution=seeded,
            parent=parent,
            kind=parent.kind,
            position=position,
            label=label,
            text=f"The words of {label};",
        )
    document = akn_of(client, "A/HRC/RES/32/6", akn_schema)
    deepest = document.find(".//a:point[@eId='para_7__point_a__point_ii']", NS)
    assert deepest.find("a:num", NS).text == "(ii)"
    item = document.find(".//a:container[@eId='preamble__container_1']//a:item", NS)
    assert item.find("a:num", NS).text == "(a)"


# Query counts


def test_exports_run_a_fixed_number_of_queries(client, seeded, seed_text):
    """Pinned with one text citing a stored resolution and in a series; nine more texts
    (with their follow-ups, citations and series members) add none."""
    cites_the_seed = {"Council resolution 28/2": "Council resolution 32/6"}
    import_text(variant(seed_text, 10, cites_the_seed))
    urls = {
        "/resolutions/export.csv": {},
        "/follow-ups/export.csv": {"status": "all"},
        "/resolutions/A/HRC/RES/32/10/json": {},
        "/resolutions/A/HRC/RES/32/10/akn.xml": {},
    }
    before = {url: queries_for(client, url, params)[0] for url, params in urls.items()}
    assert before == {
        "/resolutions/export.csv": 2,
        "/follow-ups/export.csv": 1,
        # One of them for the requests' entities.
        "/resolutions/A/HRC/RES/32/10/json": 11,
        "/resolutions/A/HRC/RES/32/10/akn.xml": 8,
    }
    for number in range(11, 20):
        import_text(variant(seed_text, number, cites_the_seed))
    after = {url: queries_for(client, url, params)[0] for url, params in urls.items()}
    assert after == before
    assert len(csv_rows(client.get("/resolutions/export.csv"))) == 11
    assert len(client.get("/resolutions/A/HRC/RES/32/10/json").json()["series"]) == 11


# Streaming: pages of constant size, only the columns written, and a broken stream shown


HEAVY_EXPORTS = {
    "/resolutions/export.csv": {},
    "/follow-ups/export.csv": {"status": "all"},
    "/follow-ups/calendar.ics": {},
}


def test_exports_never_read_the_source_text_of_a_resolution(client, many_resolutions):
    assert Resolution.objects.exclude(source_text="").count() == 10
    for url, params in HEAVY_EXPORTS.items():
        with CaptureQueriesContext(connection) as queries:
            body_of(client.get(url, params))
        assert queries, url
        for query in queries:
            assert "source_text" not in query["sql"], (url, query["sql"])


def test_csv_exports_stream_in_chunks_of_a_fixed_size(client, many_resolutions, monkeypatch):
    # Undated follow-ups and resolutions too keep their place from chunk to chunk.
    Resolution.objects.filter(symbol__in=["A/HRC/RES/32/11", "A/HRC/RES/32/14"]).update(
        adopted_on=None
    )
    assert FollowUp.objects.filter(due_on__isnull=True).count() > 4
    expected = {url: body_of(client.get(url, params)) for url, params in HEAVY_EXPORTS.items()}
    monkeypatch.setattr("resolutions.web.exports.CHUNK_SIZE", 4)
    for url, params in HEAVY_EXPORTS.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
            body = body_of(response)
        assert body == expected[url], url
        if url.endswith(".csv"):
            assert response.streaming
    # The resolutions' agenda items are read for each chunk of four: one query per chunk,
    # never one for the whole list.
    with CaptureQueriesContext(connection) as queries:
        body_of(client.get("/resolutions/export.csv"))
    chunks = -(-Resolution.objects.listed().count() // 4)
    assert len([q for q in queries if "agendaitem" in q["sql"]]) == chunks


class FailingDatabase:
    """An execute wrapper under which every query fails, as a database that is down."""

    def __call__(self, execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")


def failing_after(rows_of, count: int):
    """The rows an export reads, until the database fails after `count` of them, as a
    connection lost in the middle of a long export."""

    def rows(*args):
        for number, row in enumerate(rows_of(*args)):
            if number == count:
                raise OperationalError("server closed the connection unexpectedly")
            yield row

    return rows


@pytest.mark.parametrize("url", ["/resolutions/export.csv", "/follow-ups/export.csv"])
def test_a_csv_export_without_a_database_answers_503_before_streaming(client, seeded, url):
    with connection.execute_wrapper(FailingDatabase()):
        response = client.get(url, {"status": "all"})
    assert response.status_code == 503
    assert not response.streaming
    assert response["Retry-After"]


@pytest.mark.parametrize(
    ("url", "rows_of"),
    [("/resolutions/export.csv", "resolution_rows"), ("/follow-ups/export.csv", "follow_up_rows")],
)
def test_a_csv_export_whose_database_fails_midway_says_so_and_breaks_the_stream(
    client, many_resolutions, monkeypatch, url, rows_of
):
    from resolutions.web import exports
    from resolutions.web.exports import ExportInterrupted

    monkeypatch.setattr(exports, rows_of, failing_after(getattr(exports, rows_of), 3))
    response = client.get(url, {"status": "all"})
    assert response.status_code == 200 and response.streaming
    received = []
    with pytest.raises(ExportInterrupted):
        for chunk in response.streaming_content:
            received.append(chunk)
    lines = b"".join(received).decode("utf-8").splitlines()
    # The header and the rows read, then a last line that no reader can take for data;
    # the exception ends the response without its last chunk, so the client sees the
    # transfer fail.
    assert len(lines) == 1 + 3 + 1
    assert lines[-1].startswith("EXPORT INCOMPLETE")
    assert "after 3 rows" in lines[-1]


# Permalinks


def test_permalink_of_a_resolution_redirects_permanently_to_its_page(client, seeded):
    response = client.get("/A/HRC/RES/32/6")
    assert response.status_code == 301
    assert response["Location"] == "/resolutions/A/HRC/RES/32/6/"


def test_permalink_of_a_cited_document_redirects_to_its_document_page(client, seeded):
    response = client.get("/A/HRC/24/56")
    assert response.status_code == 302
    assert response["Location"] == "/documents/A/HRC/24/56/"


def test_permalink_of_an_unknown_symbol_is_404(client, seeded):
    assert client.get("/A/HRC/RES/99/99").status_code == 404
    assert client.get("/X/nothing").status_code == 404


def test_permalink_shadows_no_other_url(client, seeded):
    for path, name in [
        ("/", "home"),
        ("/resolutions/", "resolution_list"),
        ("/resolutions/A/HRC/RES/32/6/", "resolution_detail"),
        ("/resolutions/A/HRC/RES/32/6/json", "resolution_json"),
        ("/resolutions/export.csv", "resolution_export_csv"),
        ("/follow-ups/export.csv", "follow_up_export_csv"),
        ("/documents/A/HRC/24/56/", "document_detail"),
        ("/feeds/resolutions.atom", "resolution_feed"),
    ]:
        assert resolve(path).url_name == name, path
    assert resolve("/admin/").app_name == "admin"
    for path in ("/api/", "/static/css/tracker.css", "/accounts/login/"):
        try:
            match = resolve(path)
        except Exception:  # noqa: BLE001 - unresolved is as good as not shadowed
            continue
        assert match.url_name != "permalink", path
    assert client.get("/admin/").status_code == 302
