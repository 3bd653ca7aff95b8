"""Deadlines stored and shown: a mandate's end, a day counted from the adoption, "at its next
session" from the calendar, recurrences, and the requests of an annexed declaration, on the
pages, in the JSON and in the API."""

import dataclasses
import datetime
import json

import pytest
from django.urls import reverse

from resolutions import parsing
from resolutions.importing.texts import Outcome, import_parsed, import_text
from resolutions.models import FollowUp, Paragraph, Session
from tests.conftest import SHARED_CORPUS, variant

LAST = (
    "*Decides* to continue its consideration of the matter in 2017, in accordance with its "
    "annual programme of work."
)
EXTENSION = (
    "*Decides* to extend the mandate of the Special Rapporteur on the right to development "
    "until 17 March 2026."
)
EACH_SESSION = (
    "*Requests* the High Commissioner to present an oral update to the Council at each of its "
    "sessions."
)
NEXT_SESSION = (
    "*Requests* the High Commissioner to present an oral update to the Council at its next session."
)
A_RES_79_2 = SHARED_CORPUS / "word" / "texts" / "A_RES_79_2.txt"


def op27_of(seed_text, number: int, text: str) -> FollowUp:
    resolution = import_text(variant(seed_text, number, {LAST: text})).resolution
    return FollowUp.objects.get(resolution=resolution, paragraph__label="OP27")


def test_mandate_extension_is_stored_with_its_end_as_the_deadline(seeded, seed_text):
    extension = op27_of(seed_text, 40, EXTENSION)
    assert extension.action == "extension"
    assert extension.get_action_display() == "Mandate extension"
    assert extension.due_date == datetime.date(2026, 3, 17)
    assert extension.due_on == datetime.date(2026, 3, 17)
    assert extension.due_relation == "by"
    assert extension.due_label == "17 March 2026"
    assert extension in FollowUp.objects.overdue(datetime.date(2026, 3, 18))
    assert extension not in FollowUp.objects.overdue(datetime.date(2026, 3, 17))


def test_mandate_extensions_are_shown_and_filtered_on_the_follow_up_list(client, seeded, seed_text):
    extension = op27_of(seed_text, 40, EXTENSION)
    response = client.get(reverse("follow_up_list"), {"action": "extension"})
    page = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [extension]
    assert 'class="badge mandate"' in page
    assert "17 March 2026" in page
    # The action facet offers it under its own name, with its count.
    [action] = [f for f in response.context["facets"] if f.name == "action"]
    options = {o.value: (o.label, o.count, o.selected) for o in action.options}
    assert options["extension"] == ("Mandate extension", 1, True)


def test_follow_up_page_says_a_mandate_ends_and_how_often_a_request_recurs(
    client, seeded, seed_text
):
    extension = op27_of(seed_text, 40, EXTENSION)
    page = client.get(extension.get_absolute_url()).content.decode()
    assert "This paragraph extends a mandate." in page
    assert "the mandate ends" in page
    recurring = op27_of(seed_text, 41, EACH_SESSION)
    assert recurring.recurrence == "each_session"
    page = client.get(recurring.get_absolute_url()).content.decode()
    assert "<dt>Recurs</dt><dd>At each session</dd>" in page
    assert "oral update" in page


def test_recurrence_and_day_are_in_the_json_and_the_api(client, seeded, seed_text):
    extension = op27_of(seed_text, 40, EXTENSION)
    recurring = op27_of(seed_text, 41, EACH_SESSION)
    data = json.loads(client.get(reverse("resolution_json", args=["A/HRC/RES/32/40"])).content)
    [last] = [f for f in data["follow_ups"] if f["paragraph"] == "OP27"]
    assert (last["action"], last["due"]["date"]) == ("extension", "2026-03-17")
    api = json.loads(client.get(f"/api/follow-ups/{recurring.pk}/").content)
    assert (api["recurrence"], api["due_date"]) == ("each_session", None)
    api = json.loads(client.get(f"/api/follow-ups/{extension.pk}/").content)
    assert (api["action"], api["due_date"], api["due_on"]) == (
        "extension",
        "2026-03-17",
        "2026-03-17",
    )


def test_within_days_of_adoption_is_dated_from_the_adoption(seeded, seed_text):
    follow_up = op27_of(
        seed_text,
        42,
        "*Requests* the High Commissioner to submit a written report within 90 days of the "
        "adoption of the present resolution.",
    )
    assert follow_up.due_date == datetime.date(2016, 9, 28)  # 30 June 2016 + 90 days
    assert follow_up.due_on == follow_up.due_date
    assert follow_up.due_term == "90 days"


def test_next_session_of_a_regular_session_text_is_the_one_after(seeded, seed_text):
    follow_up = op27_of(seed_text, 43, NEXT_SESSION)
    session_33 = Session.objects.get(body__short_name="HRC", kind="regular", number=33)
    assert follow_up.due_session == session_33
    # From the Council's calendar (resolutions/data/hrc_sessions.csv).
    assert follow_up.due_on == session_33.end_date


def test_next_session_of_a_special_session_text_comes_from_the_calendar(seeded, seed_text):
    # As a special session text reads it: the parser cannot number the next regular session
    # after a special one; the importer finds it in the calendar from the adoption day.
    parsed = parsing.parse(variant(seed_text, 44, {LAST: NEXT_SESSION}))
    [op27] = [f for f in parsed.follow_ups if f.paragraph == "OP27"]
    assert op27.due.session == parsing.SessionRef("regular", 33)
    op27.due.session = None
    parsed = dataclasses.replace(parsed, adopted_on=datetime.date(2016, 12, 5))
    import_parsed(parsed, "")
    follow_up = FollowUp.objects.get(resolution__symbol="A/HRC/RES/32/44", paragraph__label="OP27")
    session = follow_up.due_session
    assert (session.kind, session.number) == ("regular", 34)  # February-March 2017
    assert session.start_date > datetime.date(2016, 12, 5)


@pytest.mark.skipif(not A_RES_79_2.is_file(), reason=f"no {A_RES_79_2}")
def test_requests_of_an_annexed_declaration_are_stored_shown_and_reimported(client, seeded):
    text = A_RES_79_2.read_text(encoding="utf-8-sig")
    result = import_text(text, symbol="A/RES/79/2")
    resolution = result.resolution
    annex = Paragraph.objects.filter(resolution=resolution, kind="annex")
    assert annex.count() == 106
    assert Paragraph.objects.filter(resolution=resolution, kind="operative").count() == 1
    request = FollowUp.objects.get(resolution=resolution, paragraph__label="Annex, para. 105")
    assert (request.action, request.addressee, request.deliverable) == (
        "request",
        "the Secretary-General",
        "progress report",
    )
    assert request.paragraph_url.endswith("#annex-para-105")

    page = client.get(resolution.get_absolute_url()).content.decode()
    assert 'id="annex-para-105"' in page
    assert "The annex as written, with its headings" in page
    assert "1 preambular" not in page and "0 preambular, 1 operative" in page
    listed = client.get(reverse("follow_up_list"), {"body": "GA"}).content.decode()
    assert "A/RES/79/2 Annex, para. 105" in listed

    data = json.loads(client.get(reverse("resolution_json", args=["A/RES/79/2"])).content)
    assert [p["label"] for p in data["paragraphs"]] == ["OP1"]
    assert len(data["annex_paragraphs"]) == 106
    assert data["annex_paragraphs"][104]["label"] == "Annex, para. 105"

    again = import_text(text, symbol="A/RES/79/2")
    assert again.outcome == Outcome.UNCHANGED
    assert FollowUp.objects.get(pk=request.pk).paragraph.label == "Annex, para. 105"
