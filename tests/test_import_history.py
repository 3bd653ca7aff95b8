"""The record of every text import, the refusal of a text that reads as another resolution,
and the restore of a replaced text (issue 11, items 2 and 3)."""

import datetime
import hashlib
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from resolutions import parsing
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing import records
from resolutions.importing.texts import ReplacementRefused, import_text
from resolutions.models import FollowUp, FollowUpEvent, Paragraph, ResolutionVersion, TextImport
from tests.conftest import SEED, SHARED_CORPUS, staff_member, variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

OTHER_TEXT_PATH = SHARED_CORPUS / "word" / "texts" / "A_HRC_RES_32_2.txt"
SEED_TITLE = "Enhancement of international cooperation in the field of human rights"
OTHER_TITLE = "Protection against violence and discrimination based on sexual orientation"
CORRECTION = {"non-traditional donor countries": "non-traditional donors"}


@pytest.fixture
def other_text() -> str:
    """The text of another resolution of the same session: 32/2, not 32/6."""
    if not OTHER_TEXT_PATH.is_file():
        pytest.skip(f"the real corpus is not at {OTHER_TEXT_PATH}")
    return OTHER_TEXT_PATH.read_text(encoding="utf-8")


@pytest.fixture
def restorer(django_user_model):
    """A staff member who may restore a previous text."""
    return staff_member(django_user_model, "ravi", "Ravi", "restore_resolutionversion")


@pytest.fixture
def fulfilled_op6(seeded, recorder) -> FollowUp:
    """The seed's OP6 request, recorded as fulfilled by a report."""
    follow_up = FollowUp.objects.get(resolution=seeded, paragraph__label="OP6")
    record_follow_up_event(
        follow_up, user=recorder, new_status="fulfilled", evidence_symbol="A/HRC/35/19"
    )
    return follow_up


def wrong_symbol_post(other_text, **fields):
    return {"text": other_text, "symbol": "A/HRC/RES/32/6", "action": "confirm", **fields}


# A wrong symbol does not overwrite another resolution


def test_another_resolutions_text_under_a_stored_symbol_is_refused_on_the_web(
    importer_client, seeded, fulfilled_op6, other_text
):
    paragraphs = list(seeded.paragraphs.values_list("label", "text"))
    records = TextImport.objects.count()
    response = importer_client.post("/import/", wrong_symbol_post(other_text))
    assert response.status_code == 400
    page = text_of(response)
    assert "reads as another resolution" in page and "Nothing was changed" in page
    assert "Replace the stored text" in page
    seeded.refresh_from_db()
    assert seeded.title == SEED_TITLE
    assert list(seeded.paragraphs.values_list("label", "text")) == paragraphs
    # A refused import leaves no record and no version.
    assert TextImport.objects.count() == records and not ResolutionVersion.objects.exists()


def test_the_preview_shows_both_titles_the_changes_and_the_affected_follow_up(
    importer_client, seeded, fulfilled_op6, other_text
):
    response = importer_client.post(
        "/import/", {**wrong_symbol_post(other_text), "action": "preview"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert f"Stored title 32/6. {SEED_TITLE}" in page
    # The number is the symbol's, as it would be stored.
    assert f"New title 32/6. {OTHER_TITLE}" in page
    # 32/2 has PP1-PP12 and OP1-OP8 with OP3(a)-(f); the seed has PP1-PP21 and OP1-OP27.
    assert "Paragraphs added 6: OP3(a), OP3(b), OP3(c), OP3(d), OP3(e), OP3(f)" in page
    assert "Paragraphs removed 28: PP13, PP14," in page and "OP26, OP27" in page
    assert "Paragraphs changed 20: PP1, PP2," in page and "OP7, OP8" in page
    assert "1 recorded follow-up is affected" in page
    assert "A/HRC/RES/32/6 OP6" in page and "fulfilled by A/HRC/35/19" in page
    assert "reads as another resolution than the one stored: the titles differ (39% alike)" in page
    assert 'name="replace"' in response.content.decode()
    assert not ResolutionVersion.objects.exists()


def test_a_confirmed_replacement_goes_through_and_keeps_the_stored_text(
    importer_client, seeded, fulfilled_op6, other_text
):
    old_paragraphs = list(seeded.paragraphs.values("label", "kind", "text"))
    response = importer_client.post("/import/", wrong_symbol_post(other_text, replace="on"))
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.title.startswith(OTHER_TITLE)
    version = ResolutionVersion.objects.get(resolution=seeded)
    assert version.title == SEED_TITLE and version.paragraphs == old_paragraphs
    assert version.source_text == SEED.read_text(encoding="utf-8")
    record = version.replaced_by
    assert record.user.username == "lena" and record.outcome == "updated"
    # The web records the checksum of the text as stored (the confirmation posts no file).
    assert record.checksum == hashlib.sha256(seeded.source_text.encode()).hexdigest()


def test_a_wrong_replacement_is_undone_by_restoring_the_text_it_replaced(
    client, seeded, fulfilled_op6, other_text, restorer
):
    import_text(other_text, symbol="A/HRC/RES/32/6", replace=True)
    version = ResolutionVersion.objects.get(resolution=seeded)
    client.force_login(restorer)
    response = client.post(
        f"/resolutions/{seeded.symbol}/history/restore/", {"version": version.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.title == SEED_TITLE and seeded.paragraphs.count() == 48
    fulfilled_op6.refresh_from_db()
    assert fulfilled_op6.paragraph.label == "OP6" and fulfilled_op6.status == "fulfilled"
    assert fulfilled_op6.paragraph.text.startswith("Urges all actors on the international scene")
    assert fulfilled_op6.fulfilled_by.symbol == "A/HRC/35/19"


def test_a_corrected_text_is_no_replacement(seeded, seed_text):
    result = import_text(variant(seed_text, 6, CORRECTION))
    assert result.outcome == "updated"
    assert result.changes.changed == ["OP16"] and not result.changes.added
    assert not result.changes.removed


def test_an_inserted_paragraph_that_renumbers_the_rest_is_no_replacement(seeded, seed_text):
    def renumbered(match):
        number = int(match["number"])
        return f"{match['dash']}{number + 1 if number >= 16 else number}."

    text = re.sub(r"^(?P<dash>\s*- )(?P<number>\d+)\.", renumbered, seed_text, flags=re.M)
    text = text.replace(
        "- 17. Requests the Office", "- 16. Invites States to act;\n- 17. Requests the Office"
    )
    parsed = parsing.parse(text)
    assert [p.label for p in parsed.paragraphs][-1] == "OP28"
    replacement = records.replacement(seeded, parsed)
    # Twelve labels now hold another paragraph's text: by label, most of the end changed.
    assert len(replacement.changes.changed) == 12 and replacement.changes.added == ["OP28"]
    assert not replacement.is_material
    assert import_text(text).outcome == "updated"


def test_the_command_refuses_another_resolutions_text_and_offers_replace(
    seeded, fulfilled_op6, other_text, tmp_path
):
    path = tmp_path / "education.txt"
    path.write_text(other_text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command(
            "import_resolutions",
            str(path),
            "--symbol",
            "A/HRC/RES/32/6",
            stdout=io.StringIO(),
            stderr=err,
        )
    message = err.getvalue()
    assert f"{path}: failed: A/HRC/RES/32/6 is stored as “{SEED_TITLE}”" in message
    assert "run again with --replace" in message
    seeded.refresh_from_db()
    assert seeded.title == SEED_TITLE and not ResolutionVersion.objects.exists()

    out = io.StringIO()
    call_command(
        "import_resolutions",
        str(path),
        "--symbol",
        "A/HRC/RES/32/6",
        "--replace",
        "--user",
        "amina",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "updated A/HRC/RES/32/6" in out.getvalue()
    seeded.refresh_from_db()
    assert seeded.title.startswith(OTHER_TITLE)
    record = TextImport.objects.get(replaced_version__isnull=False)
    assert record.channel == "command" and record.user.username == "amina"
    assert record.file_name == "education.txt"
    assert record.checksum == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_command_refuses_an_unknown_user(seeded, seed_text, tmp_path):
    path = tmp_path / "32-6.txt"
    path.write_text(variant(seed_text, 6, CORRECTION), encoding="utf-8")
    with pytest.raises(CommandError, match="--user nobody: there is no account"):
        call_command("import_resolutions", str(path), "--user", "nobody", stdout=io.StringIO())
    assert not ResolutionVersion.objects.exists()


def test_import_parsed_refuses_a_material_replacement_unless_told_to_replace(seeded, other_text):
    with pytest.raises(ReplacementRefused) as refused:
        import_text(other_text, symbol="A/HRC/RES/32/6")
    assert refused.value.stored_title == SEED_TITLE
    assert import_text(other_text, symbol="A/HRC/RES/32/6", replace=True).outcome == "updated"


def test_a_text_with_the_stored_title_but_other_paragraphs_is_refused(seeded, other_text):
    title_line = f"32/2.\t{OTHER_TITLE} and gender identity"
    assert title_line in other_text
    text = other_text.replace(title_line, f"32/2.\t{SEED_TITLE}")
    with pytest.raises(ReplacementRefused, match="of the stored paragraphs are in the new text"):
        import_text(text, symbol="A/HRC/RES/32/6")
    seeded.refresh_from_db()
    assert seeded.paragraphs.count() == 48


# Every import is recorded


@time_machine.travel(datetime.datetime(2026, 3, 4, 9, 15, tzinfo=datetime.UTC), tick=False)
def test_every_import_appears_on_the_audit_page(
    client, seeded, seed_text, importer, recorder, tmp_path
):
    upload = SimpleUploadedFile("32-10.txt", variant(seed_text, 10).encode(), "text/plain")
    client.force_login(importer)
    preview = client.post("/import/", {"file": upload, "action": "preview"})
    assert 'name="file_name" value="32-10.txt"' in preview.content.decode()
    web_text = preview.context["text"]
    client.post("/import/", {"text": web_text, "file_name": "32-10.txt", "action": "confirm"})
    path = tmp_path / "thirty-two-eleven.txt"
    path.write_bytes(variant(seed_text, 11).encode())
    call_command("import_resolutions", str(path), "--user", "amina", stdout=io.StringIO())
    client.post("/import/", {"text": variant(seed_text, 12), "action": "confirm"})

    client.force_login(recorder)
    response = client.get("/audit/")
    page = text_of(response)
    seed_sum = hashlib.sha256(SEED.read_bytes()).hexdigest()
    web_sum = hashlib.sha256(web_text.encode()).hexdigest()
    file_sum = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "Demonstration data (load_demo)" in page and SEED.name in page and seed_sum[:12] in page
    assert "Lena" in page and "32-10.txt" in page and web_sum[:12] in page
    assert "Amina Diallo" in page and "thirty-two-eleven.txt" in page and file_sum[:12] in page
    assert "pasted text" in page
    assert "4 March 2026, 09:15" in page
    assert page.count("Text import: imported") == 4
    html = response.content.decode()
    for number in (6, 10, 11, 12):
        assert f'href="/resolutions/A/HRC/RES/32/{number}/"' in html


def test_an_unchanged_reimport_is_recorded_without_a_version(seeded, seed_text):
    result = import_text(seed_text)
    assert result.outcome == "unchanged"
    assert TextImport.objects.filter(resolution=seeded).count() == 2
    assert result.record.outcome == "unchanged" and result.record.changes == {
        "added": [],
        "removed": [],
        "changed": [],
    }
    assert not ResolutionVersion.objects.exists()


def test_a_failed_import_leaves_no_record(seeded, seed_text, monkeypatch):
    """A re-import that fails after its rows were written leaves neither a record nor a
    version: they are written in the import's own transaction."""
    from resolutions.importing import rows

    def fail(*args, **kwargs):
        raise RuntimeError("killed halfway")

    monkeypatch.setattr(rows, "store_votes", fail)
    with pytest.raises(RuntimeError, match="killed halfway"):
        import_text(variant(seed_text, 6, CORRECTION))
    assert TextImport.objects.count() == 1 and not ResolutionVersion.objects.exists()


# Restoring a previous text


@pytest.fixture
def corrected(seeded, seed_text, importer_client):
    """The seed, replaced on the web by a corrected text."""
    importer_client.post(
        "/import/", {"text": variant(seed_text, 6, CORRECTION), "action": "confirm"}
    )
    return ResolutionVersion.objects.get(resolution=seeded)


def test_restore_brings_back_the_previous_paragraphs_in_one_post(
    client, seeded, corrected, restorer
):
    op16 = Paragraph.objects.get(resolution=seeded, label="OP16")
    assert "non-traditional donors" in op16.text
    client.force_login(restorer)
    page = text_of(client.get(f"/resolutions/{seeded.symbol}/history/"))
    assert "Restore this text" in page and SEED_TITLE in page
    response = client.post(
        f"/resolutions/{seeded.symbol}/history/restore/",
        {"version": corrected.pk, "confirm": "on"},
    )
    assert response.status_code == 302
    op16.refresh_from_db()
    assert "non-traditional donor countries" in op16.text
    assert [dict(p) for p in seeded.paragraphs.values("label", "kind", "text")] == (
        corrected.paragraphs
    )
    restore = TextImport.objects.get(kind="restore")
    assert restore.restored == corrected and restore.user == restorer
    assert restore.file_name == SEED.name  # where the restored text came from
    assert restore.changes["changed"] == ["OP16"]
    # The text it replaced is kept in turn: the restore can be undone.
    undo = restore.replaced_version
    assert "non-traditional donors" in undo.source_text
    page = text_of(client.get(response["Location"]))
    assert "is restored" in page and "Restored the text replaced on" in page
    audit = text_of(client.get("/audit/"))
    assert "Text restored: updated" in audit


def test_restore_needs_the_confirmation(client, seeded, corrected, restorer):
    client.force_login(restorer)
    response = client.post(
        f"/resolutions/{seeded.symbol}/history/restore/", {"version": corrected.pk}
    )
    assert response.status_code == 302
    assert "Tick the confirmation" in text_of(client.get(response["Location"]))
    assert not TextImport.objects.filter(kind="restore").exists()


def test_restore_is_refused_to_staff_without_the_permission_and_to_visitors(
    client, seeded, corrected, importer, recorder
):
    url = f"/resolutions/{seeded.symbol}/history/restore/"
    data = {"version": corrected.pk, "confirm": "on"}
    client.logout()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for staff in (importer, recorder):
        client.force_login(staff)
        assert client.post(url, data).status_code == 403
        page = text_of(client.get(f"/resolutions/{seeded.symbol}/history/"))
        assert SEED_TITLE in page and "Restore this text" not in page
    assert not TextImport.objects.filter(kind="restore").exists()
    assert "non-traditional donors" in Paragraph.objects.get(resolution=seeded, label="OP16").text


def test_the_history_page_is_for_staff_and_listed_on_the_resolution_page(
    client, seeded, django_user_model, recorder
):
    url = f"/resolutions/{seeded.symbol}/history/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert "History of the text" not in text_of(client.get(seeded.get_absolute_url()))
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 20))
    assert client.get(url).status_code == 403
    client.force_login(recorder)
    assert f'href="{url}"' in client.get(seeded.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200


def test_a_version_of_another_resolution_or_a_bad_id_is_not_found(
    client, seeded, corrected, restorer, seed_text
):
    import_text(variant(seed_text, 10))
    client.force_login(restorer)
    other = "/resolutions/A/HRC/RES/32/10/history/restore/"
    assert client.post(other, {"version": corrected.pk, "confirm": "on"}).status_code == 404
    for bad in ("abc", "9" * 30, ""):
        url = f"/resolutions/{seeded.symbol}/history/restore/"
        assert client.post(url, {"version": bad, "confirm": "on"}).status_code == 404


def test_the_history_page_takes_a_fixed_number_of_queries(
    client, seeded, seed_text, restorer, django_assert_num_queries
):
    def reimport(numbers):
        for number in numbers:
            import_text(variant(seed_text, 6, {"non-traditional donor": f"donor {number}"}))

    client.force_login(restorer)
    url = f"/resolutions/{seeded.symbol}/history/"
    reimport([1])
    with django_assert_num_queries(6):
        client.get(url)
    reimport(range(2, 10))
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["imports"]) == 10
    assert text_of(response).count("Restore this text") == 9
    assert FollowUpEvent.objects.count() == 0
