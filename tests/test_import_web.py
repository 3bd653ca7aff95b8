"""Staff import from the web: upload or paste, see the parse beside the original, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.followups.recording import record_follow_up_event
from resolutions.models import FollowUp, FollowUpEvent, Paragraph, Resolution
from resolutions.web.forms import FollowUpEventForm, ImportForm
from tests.test_views import text_of

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_log_in(client, seed_text):
    response = client.post("/import/", {"text": seed_text, "action": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Resolution.objects.exists()


def test_staff_without_the_permission_cannot_import(client, staff_without_permission, seed_text):
    client.force_login(staff_without_permission)
    assert client.get("/import/").status_code == 403
    assert client.post("/import/", {"text": seed_text, "action": "confirm"}).status_code == 403
    assert not Resolution.objects.exists()


def test_a_typed_symbol_is_read_in_its_canonical_form_and_what_is_none_is_refused():
    form = ImportForm({"text": "A text.", "symbol": " a/hrc/res/32/6. "})
    assert form.is_valid() and form.cleaned_data["symbol"] == "A/HRC/RES/32/6"
    assert ImportForm({"text": "A text.", "symbol": ""}).is_valid()
    form = ImportForm({"text": "A text.", "symbol": "resolution 32/6"})
    assert form.errors["symbol"] == ["This is not a UN document symbol."]
    # The event form's field says what a symbol looks like.
    event = {"new_status": "in_progress", "visibility": "public"}
    form = FollowUpEventForm({**event, "evidence_symbol": "A/HRC/31/81 and A/HRC/31/82"})
    assert form.errors["evidence_symbol"] == [
        "This is not a UN document symbol (for example A/HRC/31/81 or A/RES/70/1)."
    ]
    form = FollowUpEventForm({**event, "evidence_symbol": "a/hrc/31/81"})
    assert form.is_valid() and form.cleaned_data["evidence_symbol"] == "A/HRC/31/81"


def test_preview_shows_the_parse_beside_the_original_and_stores_nothing(importer_client, seed_text):
    form = importer_client.get("/import/")
    assert form.status_code == 200 and "Or paste the text" in form.content.decode()
    response = importer_client.post("/import/", {"text": seed_text, "action": "preview"})
    assert response.status_code == 200
    page = text_of(response)
    assert "How the text was read" in page
    assert "GE.16-12199(E)" in page  # the original, noise and all
    assert "PP21" in page and "OP27" in page
    assert "Footnotes (4)" in page
    assert "Confirm and import A/HRC/RES/32/6" in page
    assert not Resolution.objects.exists()


def test_confirm_imports_and_shows_the_resolution(importer_client, seed_text):
    response = importer_client.post("/import/", {"text": seed_text, "action": "confirm"})
    resolution = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    assert response.status_code == 302 and response["Location"] == resolution.get_absolute_url()
    assert resolution.paragraphs.count() == 48
    page = text_of(importer_client.get(response["Location"]))
    assert "A/HRC/RES/32/6: imported." in page


def test_an_uploaded_windows_1252_file_is_read(importer_client, seed_text):
    data = seed_text.replace("¹", "").replace("²", "").replace("³", "").replace("⁴", "")
    upload = SimpleUploadedFile("32-6.txt", data.encode("cp1252"), content_type="text/plain")
    response = importer_client.post("/import/", {"file": upload, "action": "preview"})
    assert response.status_code == 200
    assert "Confirm and import A/HRC/RES/32/6" in text_of(response)


def test_a_text_that_is_not_a_resolution_is_refused_with_a_reason(importer_client):
    response = importer_client.post(
        "/import/", {"text": "Shopping list\n\nbread\nmilk\n", "action": "confirm"}
    )
    assert response.status_code == 400
    assert "The text could not be read" in text_of(response)
    assert not Resolution.objects.exists()


def test_giving_nothing_is_refused(importer_client):
    response = importer_client.post("/import/", {"text": "  ", "action": "preview"})
    assert response.status_code == 400
    assert "Choose a file or paste a text" in text_of(response)


def test_updating_a_stored_resolution_keeps_its_follow_up_history(
    importer_client, seeded, seed_text, recorder
):
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    record_follow_up_event(op16, user=recorder, new_status="in_progress", note="Donors met.")
    corrected = seed_text.replace("non-traditional donor countries", "non-traditional donors")
    preview = text_of(importer_client.post("/import/", {"text": corrected, "action": "preview"}))
    assert "is already stored" in preview and "1 recorded event" in preview
    assert "Confirm and update A/HRC/RES/32/6" in preview
    importer_client.post("/import/", {"text": corrected, "action": "confirm"})
    op16.refresh_from_db()
    assert "non-traditional donors" in Paragraph.objects.get(pk=op16.paragraph_id).text
    assert op16.status == "in_progress"
    assert FollowUpEvent.objects.filter(follow_up=op16).count() == 1
