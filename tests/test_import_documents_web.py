"""The staff import page takes a report's PDF and a budget section's Word file as the command
does: a preview of what would be stored, then, confirmed without the upload again, the
document stored in one transaction and recorded. On the real files of the shared corpus."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from resolutions.domain import DocumentKind, document_kind
from resolutions.importing.texts import import_text
from resolutions.models import (
    Document,
    FulfilmentProposal,
    ImportChannel,
    LegislativeMandate,
    Resolution,
    TextImport,
)
from resolutions.web.import_documents import carried, carry
from tests.conftest import variant
from tests.test_reports import (
    BUDGET,
    SECTION,
    SESSION_REPORT,
    UPR_REPORT,
    needs_budget,
    needs_reports,
    resolution_5_1,
    the_upr_report_as_its_cover_reads,
)
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

SECTION_PAGE = "/documents/A/80/6%20(Sect.%2024)/"


def upload(path, name=None, data=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes() if data is None else data)


def preview(client, path, **kwargs):
    return client.post("/import/", {"file": upload(path, **kwargs), "action": "preview"})


def confirm(client, previewed):
    """Confirm a preview as its page does: the carried document, not the file."""
    token = previewed.context["carried"]
    assert f'name="document" value="{token}"' in previewed.content.decode()
    return client.post("/import/", {"document": token, "action": "confirm"})


def messages_after(client, response) -> str:
    return text_of(client.get(response["Location"]))


# Reports --------------------------------------------------------------------------------------


@needs_reports
def test_a_report_pdf_is_previewed_then_stored_with_its_proposal(importer_client, seed_text):
    import_text(resolution_5_1(seed_text))
    previewed = preview(importer_client, UPR_REPORT)
    assert previewed.status_code == 200
    page = text_of(previewed)
    assert "A report: what would be stored" in page
    assert "Report of the Working Group on the Universal Periodic Review: Slovenia" in page
    assert "10 December 2014" in page
    assert "Author Working Group on the Universal Periodic Review" in page
    assert 'href="/resolutions/A/HRC/RES/5/1/"' in previewed.content.decode()
    assert "1 open request for a report would be proposed as answered by it" in page
    assert "A/HRC/RES/5/1, OP16" in page
    assert "Confirm and import A/HRC/28/15" in page
    assert not Document.objects.filter(symbol="A/HRC/28/15").exists()
    assert not FulfilmentProposal.objects.exists()

    response = confirm(importer_client, previewed)
    assert response.status_code == 302 and response["Location"] == "/documents/A/HRC/28/15/"
    report = the_upr_report_as_its_cover_reads()
    proposal = FulfilmentProposal.objects.get()
    assert (proposal.document, proposal.follow_up.paragraph.label) == (report, "OP16")
    record = TextImport.objects.get(document=report)
    assert (record.channel, record.user.username, record.file_name, record.outcome) == (
        ImportChannel.WEB,
        "lena",
        UPR_REPORT.name,
        "imported",
    )
    assert record.checksum == hashlib.sha256(UPR_REPORT.read_bytes()).hexdigest()
    page = messages_after(importer_client, response)
    assert (
        "Report A/HRC/28/15: imported. It is proposed as the answer to 1 request for a report."
        in page
    )
    # The document's page shows its cover.
    assert "Author Working Group on the Universal Periodic Review" in page
    assert "Date on the cover 10 December 2014" in page


@needs_reports
def test_a_report_imported_again_from_the_page_says_nothing_changed(importer_client):
    confirm(importer_client, preview(importer_client, UPR_REPORT))
    previewed = preview(importer_client, UPR_REPORT)
    assert "A/HRC/28/15 is already stored" in text_of(previewed)
    assert "Confirm and update A/HRC/28/15" in text_of(previewed)
    response = confirm(importer_client, previewed)
    assert response.status_code == 302
    page = messages_after(importer_client, response)
    assert "Report A/HRC/28/15: unchanged, it was already stored as this file reads." in page
    assert Document.objects.filter(symbol="A/HRC/28/15").count() == 1
    assert list(
        TextImport.objects.filter(symbol="A/HRC/28/15").order_by("id").values_list("outcome")
    ) == [("imported",), ("unchanged",)]


@needs_reports
def test_the_audit_page_links_an_imported_report_to_its_page(importer_client, recorder):
    confirm(importer_client, preview(importer_client, UPR_REPORT))
    importer_client.force_login(recorder)
    response = importer_client.get("/audit/")
    assert response.status_code == 200
    assert '<a href="/documents/A/HRC/28/15/">A/HRC/28/15</a>' in response.content.decode()
    assert f"{UPR_REPORT.name} ·" in text_of(response)


@needs_reports
def test_the_session_report_names_no_resolution_it_answers(importer_client):
    previewed = preview(importer_client, SESSION_REPORT)
    page = text_of(previewed)
    assert "Report of the Human Rights Council on its twenty-eighth session" in page
    assert "no resolution named on its cover" in page
    assert "0 open requests for a report would be proposed" in page
    response = confirm(importer_client, previewed)
    assert response["Location"] == "/documents/A/HRC/28/2/"
    assert Document.objects.get(symbol="A/HRC/28/2").author == "Human Rights Council"
    assert not Resolution.objects.exists()


@needs_reports
def test_a_report_uploaded_with_confirm_is_stored_at_once(importer_client):
    response = importer_client.post("/import/", {"file": upload(UPR_REPORT), "action": "confirm"})
    assert response.status_code == 302 and response["Location"] == "/documents/A/HRC/28/15/"
    record = TextImport.objects.get(symbol="A/HRC/28/15")
    assert record.checksum == hashlib.sha256(UPR_REPORT.read_bytes()).hexdigest()


@needs_reports
def test_a_report_s_text_pasted_is_taken_for_the_report(importer_client):
    from resolutions.sources.documents import read_file

    text = read_file(UPR_REPORT).text
    previewed = importer_client.post("/import/", {"text": text, "action": "preview"})
    assert previewed.status_code == 200
    assert "A report: what would be stored" in text_of(previewed)
    response = confirm(importer_client, previewed)
    assert response["Location"] == "/documents/A/HRC/28/15/"
    record = TextImport.objects.get(symbol="A/HRC/28/15")
    # No file: the record names none, and its checksum is of the text as it was read.
    read = previewed.context["form"].cleaned_data["text"]
    assert record.file_name == "" and read.split() == text.split()
    assert record.checksum == hashlib.sha256(read.encode()).hexdigest()


# Budget sections ------------------------------------------------------------------------------


@needs_budget
def test_a_budget_section_is_previewed_then_stored_with_its_mandates(
    importer_client, seeded, seed_text
):
    import_text(variant(seed_text, 20))  # 32/20, which the section names
    previewed = preview(importer_client, BUDGET)
    assert previewed.status_code == 200
    page = text_of(previewed)
    assert "A programme budget section: what would be stored" in page
    assert f"Symbol {SECTION}" in page and "Section 24, Human rights" in page
    assert "891 entries of its list, naming 852 texts, of which 1 are stored as resolutions" in page
    # The sample puts the stored text first, with its link.
    assert 'href="/resolutions/A/HRC/RES/32/20/"' in previewed.content.decode()
    assert "A/RES/47/135 (not stored)" in page
    assert "44/1553/3" in page  # the entry the list misprints, shown
    assert not Document.objects.filter(symbol=SECTION).exists()
    assert not LegislativeMandate.objects.exists()

    response = confirm(importer_client, previewed)
    assert response.status_code == 302 and response["Location"] == SECTION_PAGE
    section = Document.objects.get(symbol=SECTION)
    assert (section.kind, section.title) == (DocumentKind.BUDGET_SECTION, "Human rights")
    assert LegislativeMandate.objects.filter(budget_section=section).count() == 871
    assert TextImport.objects.get(document=section).channel == ImportChannel.WEB
    page = messages_after(importer_client, response)
    assert f"Budget section {SECTION}: imported. 871 legislative mandates recorded." in page
    assert (
        "A mandate not read as a symbol: Human Rights Council resolutions and decisions: "
        "44/1553/3." in page
    )
    assert "Programme budget section" in page


@needs_budget
def test_a_budget_section_imported_again_from_the_page_says_nothing_changed(importer_client):
    confirm(importer_client, preview(importer_client, BUDGET))
    response = confirm(importer_client, preview(importer_client, BUDGET))
    page = messages_after(importer_client, response)
    assert f"Budget section {SECTION}: unchanged, it was already stored as this file reads." in page
    assert LegislativeMandate.objects.count() == 871
    assert list(TextImport.objects.order_by("id").values_list("outcome", flat=True)) == [
        "imported",
        "unchanged",
    ]


@needs_budget
def test_the_resolution_page_links_the_budget_section_to_its_page(client, seeded, seed_text):
    import_text(variant(seed_text, 20))
    call_command("import_resolutions", str(BUDGET), stdout=open("/dev/null", "w"))
    html = client.get("/resolutions/A/HRC/RES/32/20/").content.decode()
    assert f'in <a href="{SECTION_PAGE}">{SECTION}</a>' in html
    page = client.get(SECTION_PAGE)
    assert page.status_code == 200
    assert "Programme budget section" in text_of(page) and "Human rights" in text_of(page)


def test_a_budget_section_has_its_own_kind():
    assert document_kind(SECTION) == DocumentKind.BUDGET_SECTION
    assert document_kind("A/79/6 (Sect. 2)") == DocumentKind.BUDGET_SECTION
    # The budget's other documents stay session documents.
    assert document_kind("A/80/6") == DocumentKind.REPORT
    assert document_kind("A/80/6/Add.1") == DocumentKind.REPORT
    assert document_kind("A/80/60") == DocumentKind.REPORT


# Refusals --------------------------------------------------------------------------------------


@needs_reports
def test_a_visitor_is_sent_to_log_in_and_nothing_is_stored(client, importer):
    response = client.post("/import/", {"file": upload(UPR_REPORT), "action": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    token = carry_report(importer)
    response = client.post("/import/", {"document": token, "action": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Document.objects.exists()


@needs_reports
def test_staff_without_the_permission_cannot_import_a_report(
    client, staff_without_permission, importer
):
    client.force_login(staff_without_permission)
    response = client.post("/import/", {"file": upload(UPR_REPORT), "action": "preview"})
    assert response.status_code == 403
    token = carry_report(importer)
    assert client.post("/import/", {"document": token, "action": "confirm"}).status_code == 403
    assert not Document.objects.exists()


def carry_report(user) -> str:
    from resolutions.parsing.reports import read_report
    from resolutions.sources.documents import read_file

    return carry(read_report(read_file(UPR_REPORT).text), user, file_name="r.pdf", file_checksum="")


@needs_budget
def test_a_truncated_word_file_is_refused_with_a_clear_message(importer_client):
    data = BUDGET.read_bytes()
    response = preview(importer_client, BUDGET, data=data[: len(data) // 2])
    assert response.status_code == 400
    page = text_of(response)
    assert f"{BUDGET.name}:" in page
    assert "Traceback" not in page
    assert not Document.objects.exists()


@needs_reports
def test_a_changed_or_foreign_preview_is_refused_and_stores_nothing(
    importer_client, importer, recorder
):
    token = carry_report(importer)
    found, name, _ = carried(token, importer)
    assert (found.symbol, name) == ("A/HRC/28/15", "r.pdf")
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")  # its signature no longer holds
    for forged in (changed, carry_report(recorder)):
        response = importer_client.post("/import/", {"document": forged, "action": "confirm"})
        assert response.status_code == 400
        assert "This preview has expired or was changed in the page: nothing was stored." in (
            text_of(response)
        )
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_stored_budget_sections_their_kind():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("resolutions", "0017_reports")],
        [("resolutions", "0019_document_kind_budget_section")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("resolutions", "Document")
    old.objects.create(symbol=SECTION, kind="report")
    old.objects.create(symbol="A/HRC/28/15", kind="report")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    kinds = dict(Document.objects.values_list("symbol", "kind"))
    assert kinds == {SECTION: "budget_section", "A/HRC/28/15": "report"}
    executor = MigrationExecutor(connection)
    executor.migrate(before)  # and back: a section is a report again, as 0017 read it
    assert dict(Document.objects.values_list("symbol", "kind"))[SECTION] == "report"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("resolutions"))
