"""The history of changes (/audit/): its filters by who, what, when and which resolution,
each read or refused beside the filter, over the three records it joins."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from resolutions.followups.notes import add_note, edit_note
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.records import ImportOrigin
from resolutions.importing.texts import import_text
from resolutions.models import FollowUp, Resolution, TextImport
from tests.conftest import variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(seeded, seed_text, recorder, administrator, importer):
    """An import of the seed (load_demo), an import of a second text by an importer, two
    events by the recorder on the seed in March 2026 and one admin change of the seed."""
    second = import_text(variant(seed_text, 10), origin=ImportOrigin(user=importer)).resolution
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)):
        for follow_up in FollowUp.objects.filter(resolution=seeded)[:2]:
            record_follow_up_event(follow_up, user=recorder, new_status="in_progress")
    LogEntry.objects.create(
        user=administrator,
        content_type=ContentType.objects.get_for_model(Resolution),
        object_id=str(seeded.pk),
        object_repr=str(seeded),
        action_flag=CHANGE,
        change_message="[]",
    )
    return seeded, second


def entries(client, **filters):
    response = client.get("/audit/", filters)
    assert response.status_code == 200, response.content.decode()[:500]
    return [(entry.source, entry.record) for entry in response.context["entries"]]


def test_who_keeps_the_changes_of_the_person_named(client, history, administrator):
    client.force_login(administrator)
    by_amina = entries(client, who="amina")
    assert [source for source, _ in by_amina] == ["follow_up", "follow_up"]
    # A part of the full name does as well as the user name.
    assert len(entries(client, who="Diallo")) == 2
    assert [source for source, _ in entries(client, who="lena")] == ["text_import"]
    assert [source for source, _ in entries(client, who="root-admin")] == ["admin"]


def test_what_keeps_one_kind_of_change(client, history, administrator):
    client.force_login(administrator)
    imports = entries(client, what="text_import")
    assert {source for source, _ in imports} == {"text_import"}
    assert {record.symbol for _, record in imports} == {"A/HRC/RES/32/6", "A/HRC/RES/32/10"}
    assert len(imports) == TextImport.objects.count()
    assert {source for source, _ in entries(client, what="admin")} == {"admin"}


def test_from_and_to_keep_the_days_between_them(client, history, administrator):
    client.force_login(administrator)
    march = entries(client, since="2026-03-10", until="2026-03-10")
    assert [source for source, _ in march] == ["follow_up", "follow_up"]
    assert entries(client, since="2026-03-11", until="2026-03-31") == []
    page = text_of(client.get("/audit/", {"since": "2026-03-11", "until": "2026-03-31"}))
    assert "No change matches these filters." in page


def test_resolution_keeps_its_imports_events_and_admin_changes(client, history, administrator):
    client.force_login(administrator)
    seed = entries(client, resolution="a/hrc/res/32/6")
    assert sorted(source for source, _ in seed) == [
        "admin",
        "follow_up",
        "follow_up",
        "text_import",
    ]
    second = entries(client, resolution="A/HRC/RES/32/10")
    assert [(source, record.symbol) for source, record in second] == [
        ("text_import", "A/HRC/RES/32/10")
    ]


def test_the_filters_are_kept_in_the_pages_links(client, history, administrator):
    client.force_login(administrator)
    for number in range(60):
        LogEntry.objects.create(
            user=administrator,
            content_type=ContentType.objects.get_for_model(Resolution),
            object_id=str(history[0].pk),
            object_repr=f"entry {number}",
            action_flag=CHANGE,
            change_message="[]",
        )
    response = client.get("/audit/", {"what": "admin"})
    assert response.context["page"].paginator.count == 61
    assert 'href="?what=admin&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize(
    "filters, field, message",
    [
        ({"resolution": "A/HRC/RES/99/1"}, "resolution", "No resolution A/HRC/RES/99/1 is stored."),
        ({"resolution": "not a symbol"}, "resolution", "This is not a UN document symbol."),
        ({"since": "2026-13-01"}, "since", "Enter a valid date."),
        (
            {"since": "2026-03-10", "until": "2026-03-01"},
            "until",
            "The end date is before the start date.",
        ),
        ({"what": "everything"}, "what", "Select a valid choice."),
    ],
)
def test_a_filter_that_cannot_be_read_is_an_error_beside_it(
    client, history, administrator, filters, field, message
):
    client.force_login(administrator)
    response = client.get("/audit/", filters)
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split(f'id="id_{field}_error"', 1)[1].split("</p>", 1)[0]
    assert message.split(" is ")[0].split(".")[0] in error
    # The list is shown without the filter that could not be read.
    assert len(response.context["entries"]) >= 4


def test_the_filtered_page_takes_a_fixed_number_of_queries(
    client, history, administrator, django_assert_num_queries
):
    client.force_login(administrator)
    filters = {"who": "a", "resolution": "A/HRC/RES/32/6", "since": "2026-01-01"}
    with django_assert_num_queries(8):
        response = client.get("/audit/", filters)
    assert len(response.context["entries"]) == 3


def test_each_change_of_a_note_is_in_the_history_its_internal_text_for_recorders_only(
    client, history, recorder, staff_without_permission
):
    seeded, second = history
    note = add_note(seeded.paragraphs.get(label="OP17"), user=recorder, text="The donor list.")
    edit_note(note, user=recorder, text="The donor list, checked.", visibility="internal")
    add_note(
        second.paragraphs.get(label="OP16"), user=recorder, text="On 32/10.", visibility="public"
    )

    client.force_login(recorder)
    recorder.is_staff = True
    recorder.save()
    notes = entries(client, what="note")
    assert [(record.change, record.text) for _, record in notes] == [
        ("created", "On 32/10."),
        ("edited", "The donor list, checked."),
        ("created", "The donor list."),
    ]
    assert [
        record.text for _, record in entries(client, what="note", resolution=seeded.symbol)
    ] == [
        "The donor list, checked.",
        "The donor list.",
    ]
    page = text_of(client.get("/audit/", {"what": "note"}))
    assert "Note: Edited" in page and "The donor list, checked." in page

    client.force_login(staff_without_permission)
    page = text_of(client.get("/audit/", {"what": "note"}))
    assert "On 32/10." in page  # public
    assert "donor list" not in page
    assert page.count("Internal note, for staff who record follow-up.") == 2
