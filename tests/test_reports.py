"""Reports and budget sections close the loop: a report's PDF stored as a document with its
cover, proposed for the requests of the resolution it answers; a budget section's
legislative mandates recorded, shown on the resolution's page, filtered on in the list and
the API. On the real files of the shared corpus."""

import io

import pytest
from django.core.management import call_command

from resolutions.importing.texts import import_text
from resolutions.models import (
    Document,
    DocumentKind,
    FulfilmentProposal,
    LegislativeMandate,
    Resolution,
    TextImport,
)
from resolutions.parsing.reports import read_report
from resolutions.sources.documents import read_file
from resolutions.sources.mandates import budget_section_symbol, read_budget_section
from resolutions.web.filters import ResolutionFilter
from tests.conftest import SHARED_CORPUS, variant
from tests.test_views import text_of

UPR_REPORT = SHARED_CORPUS / "pdf" / "A_HRC_28_15-EN.pdf"
SESSION_REPORT = SHARED_CORPUS / "pdf" / "A_HRC_28_2-EN.pdf"
BUDGET = SHARED_CORPUS / "docx" / "A_80_6_Sect.24.docx"
SECTION = "A/80/6 (Sect. 24)"
needs_reports = pytest.mark.skipif(
    not UPR_REPORT.is_file() or not SESSION_REPORT.is_file(),
    reason=f"no report PDFs at {UPR_REPORT.parent}",
)
needs_budget = pytest.mark.skipif(not BUDGET.is_file(), reason=f"no budget .docx at {BUDGET}")

OP16 = (
    "Requests the Office of the High Commissioner to seek to enhance dialogue with "
    "representatives from non-traditional donor countries with a view to broaden the donor "
    "base and to replenish the resources available to both funds;"
)
REPORT_REQUEST = (
    "Requests the Working Group on the Universal Periodic Review to prepare a report on each "
    "review and to present it to the Human Rights Council;"
)


def run_import(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_resolutions", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue()


def resolution_5_1(seed_text):
    """The resolution the UPR report says it answers, in the seed's form, asking for a report."""
    return (
        seed_text.replace("A/HRC/RES/32/6", "A/HRC/RES/5/1")
        .replace("32/6. ", "5/1. ")
        .replace("Thirty-second session", "Fifth session")
        .replace(OP16, REPORT_REQUEST)
    )


# The cover ----------------------------------------------------------------------------------


@needs_reports
def the_upr_report_as_its_cover_reads() -> Document:
    """A/HRC/28/15 as stored: its cover's title, date and author, and the resolution it
    says it answers (the Council's resolution 5/1, which set up the review)."""
    report = Document.objects.get(symbol="A/HRC/28/15")
    assert report.kind == DocumentKind.REPORT
    assert (report.title, report.date.isoformat(), report.author) == (
        "Report of the Working Group on the Universal Periodic Review: Slovenia",
        "2014-12-10",
        "Working Group on the Universal Periodic Review",
    )
    assert list(report.answers.values_list("symbol", flat=True)) == ["A/HRC/RES/5/1"]
    return report


def test_a_report_s_cover_gives_its_symbol_title_date_author_and_what_it_answers():
    report = read_report(read_file(UPR_REPORT).text)
    assert report.symbol == "A/HRC/28/15"
    assert report.title == "Report of the Working Group on the Universal Periodic Review: Slovenia"
    assert report.date.isoformat() == "2014-12-10"
    assert report.author == "Working Group on the Universal Periodic Review"
    # Its first paragraph: "established in accordance with Human Rights Council resolution
    # 5/1"; paragraph 3's resolution 16/21 is past the front matter.
    assert report.answers == ["A/HRC/RES/5/1"]
    session = read_report(read_file(SESSION_REPORT).text)
    assert (session.symbol, session.author, session.date.isoformat()) == (
        "A/HRC/28/2",
        "Human Rights Council",
        "2019-05-07",
    )
    assert session.title == "Report of the Human Rights Council on its twenty-eighth session"
    # The panels "held pursuant to Council resolution 16/21" are not what the report answers.
    assert session.answers == []


def test_a_budget_section_symbol_is_told_from_the_budget_s_other_documents():
    assert budget_section_symbol("A/80/6 (Sect. 24)") == ("A/80/6 (Sect. 24)", 24)
    assert budget_section_symbol("United NationsA/80/6 (Sect.  2) General") == (
        "A/80/6 (Sect. 2)",
        2,
    )
    assert budget_section_symbol("A/80/6/Add.1") is None
    assert budget_section_symbol("A/80/50") is None


# Reports --------------------------------------------------------------------------------------


@needs_reports
@pytest.mark.django_db
def test_a_report_pdf_is_imported_as_a_document_with_its_cover_and_recorded():
    out = run_import(UPR_REPORT, SESSION_REPORT)
    assert f"{UPR_REPORT}: imported report A/HRC/28/15" in out
    assert f"{SESSION_REPORT}: imported report A/HRC/28/2" in out
    assert not Resolution.objects.exists()
    report = the_upr_report_as_its_cover_reads()
    record = TextImport.objects.get(document=report)
    assert (record.symbol, record.outcome, record.file_name) == (
        "A/HRC/28/15",
        "imported",
        UPR_REPORT.name,
    )
    assert len(record.checksum) == 64


@needs_reports
@pytest.mark.django_db
@pytest.mark.parametrize("report_first", [False, True])
def test_a_report_is_proposed_for_the_request_of_the_resolution_it_answers(seed_text, report_first):
    if report_first:
        run_import(UPR_REPORT)
        import_text(resolution_5_1(seed_text))
    else:
        import_text(resolution_5_1(seed_text))
        run_import(UPR_REPORT)
    proposal = FulfilmentProposal.objects.get()
    assert proposal.document.symbol == "A/HRC/28/15"
    assert proposal.follow_up.resolution.symbol == "A/HRC/RES/5/1"
    assert proposal.follow_up.paragraph.label == "OP16"
    assert proposal.reason == "The report says it was made pursuant to A/HRC/RES/5/1."
    assert proposal.follow_up.status == "pending"


@needs_reports
@pytest.mark.django_db
def test_a_report_imported_again_adds_nothing_and_is_recorded_unchanged(seed_text):
    import_text(resolution_5_1(seed_text))
    run_import(UPR_REPORT)
    out = run_import(UPR_REPORT)
    assert f"{UPR_REPORT}: unchanged report A/HRC/28/15" in out
    assert Document.objects.filter(symbol="A/HRC/28/15").count() == 1
    assert FulfilmentProposal.objects.count() == 1
    assert list(
        TextImport.objects.filter(symbol="A/HRC/28/15")
        .order_by("id")
        .values_list("outcome", flat=True)
    ) == ["imported", "unchanged"]


@needs_reports
@pytest.mark.django_db
def test_a_report_beside_a_resolution_is_stored_as_a_report_in_one_run(tmp_path, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    out = run_import(UPR_REPORT, seed)
    assert "imported report A/HRC/28/15" in out and "imported A/HRC/RES/32/6" in out
    assert list(Resolution.objects.values_list("symbol", flat=True)) == ["A/HRC/RES/32/6"]


# Budget sections -----------------------------------------------------------------------------


@pytest.fixture
def mandated(seeded, seed_text):
    """The seed, and 32/20, which section 24 names for the programme as a whole, with the
    section imported."""
    import_text(variant(seed_text, 20))
    run_import(BUDGET)
    return Resolution.objects.get(symbol="A/HRC/RES/32/20")


@needs_budget
@pytest.mark.django_db
def test_a_budget_section_records_each_text_its_list_names_as_a_mandate():
    out = run_import(BUDGET)
    assert f"{BUDGET}: imported budget section {SECTION} (section 24, Human rights)" in out
    assert "891 legislative mandates naming 852 texts" in out
    assert "44/1553/3" in out  # the one entry the list misprints, shown, not dropped
    assert not Resolution.objects.exists()  # and no bogus "A/80/50"
    section = Document.objects.get(symbol=SECTION)
    mandates = LegislativeMandate.objects.filter(budget_section=section)
    # 891 entries, of which 20 name a text again under the same part.
    assert mandates.count() == 871
    assert mandates.values("document").distinct().count() == 852
    first = mandates.get(document__symbol="A/RES/47/135")
    assert (first.section_number, first.section_title, first.heading, first.subprogramme) == (
        24,
        "Human rights",
        "General Assembly resolutions",
        "",
    )
    assert TextImport.objects.get(document=section).outcome == "imported"


@needs_budget
@pytest.mark.django_db
def test_a_budget_section_imported_again_adds_nothing():
    run_import(BUDGET)
    out = run_import(BUDGET)
    assert f"{BUDGET}: unchanged budget section" in out
    assert LegislativeMandate.objects.count() == 871
    assert Document.objects.filter(symbol=SECTION).count() == 1
    assert list(TextImport.objects.order_by("id").values_list("outcome", flat=True)) == [
        "imported",
        "unchanged",
    ]


@needs_budget
@pytest.mark.django_db
def test_a_mandate_the_list_no_longer_names_is_removed_on_reimport():
    section = read_budget_section(BUDGET.read_bytes(), BUDGET.name)
    from resolutions.importing.reports import import_budget_section

    import_budget_section(section, "")
    section.mandates.mandates = [m for m in section.mandates.mandates if m.symbol != "A/RES/47/135"]
    result = import_budget_section(section, "")
    assert result.outcome == "updated"
    assert not LegislativeMandate.objects.filter(document__symbol="A/RES/47/135").exists()
    assert LegislativeMandate.objects.count() == 870


@needs_budget
def test_the_resolution_page_says_where_the_budget_cites_it(client, mandated):
    response = client.get(mandated.get_absolute_url())
    assert response.status_code == 200
    assert (
        "cited as a legislative mandate of section 24, Human rights, in A/80/6 (Sect. 24)"
        in text_of(response)
    )
    seed = client.get("/resolutions/A/HRC/RES/32/6/").content.decode()
    assert "cited as a legislative mandate" not in seed


@needs_budget
def test_the_resolution_list_filters_on_a_budget_section_with_its_count(client, mandated):
    response = client.get("/resolutions/", {"mandate": SECTION})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A/HRC/RES/32/20" in page and "A/HRC/RES/32/6<" not in page
    facets = {facet.name: facet for facet in ResolutionFilter({}).facets()}
    [option] = facets["mandate"].options
    assert (option.value, option.label, option.count) == (
        SECTION,
        "Section 24, Human rights (A/80/6 (Sect. 24))",
        1,
    )
    assert ResolutionFilter({"mandate": SECTION}).qs.count() == 1
    assert ResolutionFilter({"mandate": "A/80/6 (Sect. 29)"}).qs.count() == 0


@needs_budget
def test_the_api_filters_on_a_budget_section_and_carries_the_mandates(client, mandated):
    listed = client.get("/api/resolutions/", {"mandate": SECTION}).json()
    assert [row["symbol"] for row in listed["results"]] == ["A/HRC/RES/32/20"]
    detail = client.get("/api/resolutions/A/HRC/RES/32/20/").json()
    assert detail["legislative_mandates"] == [
        {
            "budget_section": SECTION,
            "section_number": 24,
            "section_title": "Human rights",
            "heading": "Human Rights Council resolutions and decisions",
            "subprogramme": "",
            "written": "32/20",
        }
    ]
    assert client.get("/api/resolutions/A/HRC/RES/32/6/").json()["legislative_mandates"] == []


def test_an_import_refuses_a_report_symbol_that_is_no_report(db):
    from resolutions.importing.reports import import_report
    from resolutions.importing.texts import ImportRefused
    from resolutions.parsing.reports import ParsedReport

    with pytest.raises(ImportRefused, match="not a report"):
        import_report(ParsedReport("A/HRC/RES/5/1", "x", None, ""), "")
    assert not Document.objects.exists()
