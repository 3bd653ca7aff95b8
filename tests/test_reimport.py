"""Re-importing a text carries each follow-up and its history to the request it was recorded
for (issue 11, item 1): paragraphs inserted, deleted, reordered and reworded around requests
with recorded events, and what a re-import does to a request it can no longer find."""

import io
import re

import pytest
from django.core.management import call_command

from resolutions import parsing
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.matching import SAME_REQUEST, plan_follow_ups, stored_follow_ups
from resolutions.importing.texts import Outcome, import_text
from resolutions.models import FollowUp, FollowUpEvent, FollowUpStatus

OP19 = (
    "Calls upon States, specialized agencies and intergovernmental organizations to continue "
    "to carry out a constructive and cooperative dialogue and consultations for the "
    "enhancement of understanding and the promotion and protection of all human rights and "
    "fundamental freedoms, and encourages non-governmental organizations"
)
OP20 = (
    "Calls upon States to further advance initiatives aimed at enhancing international "
    "cooperation in the field of human rights on issues of common interest and concern, "
    "bearing in mind the need to promote a cooperative and constructive approach in this regard;"
)
OPERATIVE = re.compile(r"^(\s*- )(\d+)\.", re.MULTILINE)


def renumbered(text: str, start: int, by: int) -> str:
    """The text with operative paragraphs numbered `start` and above moved by `by`."""

    def move(match):
        number = int(match.group(2))
        return f"{match.group(1)}{number + by if number >= start else number}."

    return OPERATIVE.sub(move, text)


def operative_line(text: str, number: int) -> str:
    (line,) = re.findall(rf"^\s*- {number}\. .*\n", text, re.MULTILINE)
    return line


@pytest.fixture
def recorded(seeded, recorder):
    """An event on each request of OP16 to OP20 and on OP27, remembered with the paragraph
    text, action and clause it was recorded against."""
    against = {}
    for follow_up in FollowUp.objects.filter(
        resolution=seeded, paragraph__label__in=["OP16", "OP17", "OP18", "OP19", "OP20", "OP27"]
    ).select_related("paragraph"):
        event = record_follow_up_event(
            follow_up,
            user=recorder,
            new_status=FollowUpStatus.IN_PROGRESS,
            note=f"Work on {follow_up.paragraph.label} {follow_up.action}.",
        )
        against[event.pk] = (follow_up.paragraph.text, follow_up.action, follow_up.summary)
    assert len(against) == 7
    return against


def assert_history_in_place(against, reworded=None):
    """Every event sits on a follow-up of the text it was recorded against: a current one
    whose paragraph has that text (or its `reworded` version), or a superseded one whose
    snapshot is that text; and no two current follow-ups are the same request."""
    reworded = reworded or {}
    for event in FollowUpEvent.objects.all():
        text, action, summary = against[event.pk]
        follow_up = FollowUp.all_objects.select_related("paragraph").get(pk=event.follow_up_id)
        assert follow_up.action == action
        if follow_up.is_superseded:
            assert follow_up.paragraph_id is None
            assert follow_up.recorded_text == text
        else:
            assert follow_up.paragraph.text == reworded.get(text, text), event.note
            assert follow_up.summary == reworded.get(summary, summary), event.note
    current = list(FollowUp.objects.values_list("paragraph__text", "action", "summary"))
    assert len(current) == len(set(current))


def superseded_labels(result):
    return sorted(f.recorded_label for f in result.superseded)


def test_inserting_a_paragraph_before_requests_moves_no_history(seeded, seed_text, recorded):
    new_op16 = (
        "- 16. Requests the Office of the High Commissioner to report annually on the "
        "operations of both funds;\n"
    )
    text = renumbered(seed_text, 16, 1).replace("- 17. Requests", new_op16 + "- 17. Requests")
    result = import_text(text)
    assert result.outcome == Outcome.UPDATED
    assert result.superseded == []
    assert_history_in_place(recorded)
    # The request the issue saw moved: the call upon States for dialogue is OP20 now, and
    # OP19 is the one to support both funds, without the dialogue's history.
    call = FollowUp.objects.get(paragraph__label="OP20", action="call")
    assert call.status == FollowUpStatus.IN_PROGRESS
    assert call.summary.startswith("States, specialized agencies")
    urge = FollowUp.objects.get(paragraph__label="OP19")
    assert [e.note for e in urge.events.all()] == ["Work on OP18 urge."]
    new = FollowUp.objects.get(paragraph__label="OP16")
    assert new.status == FollowUpStatus.PENDING and not new.events.exists()


def test_deleting_a_paragraph_before_requests_moves_no_history(seeded, seed_text, recorded):
    text = renumbered(seed_text.replace(operative_line(seed_text, 15), ""), 16, -1)
    result = import_text(text)
    assert result.superseded == []
    assert_history_in_place(recorded)
    assert FollowUp.objects.get(paragraph__label="OP15").summary.startswith(
        "the Office of the High Commissioner to seek to enhance dialogue"
    )


def test_deleting_the_first_request_of_a_paragraph_supersedes_it_alone(seeded, seed_text, recorded):
    old_text = FollowUp.objects.get(paragraph__label="OP19", action="call").paragraph.text
    new_text = old_text.replace(OP19, "Encourages non-governmental organizations")
    result = import_text(seed_text.replace(OP19, "Encourages non-governmental organizations"))
    assert result.outcome == Outcome.UPDATED
    # The encouragement is the same request in a shorter paragraph.
    assert_history_in_place(recorded, {old_text: new_text})
    (superseded,) = result.superseded
    assert (superseded.recorded_label, superseded.action) == ("OP19", "call")
    assert superseded.status == FollowUpStatus.IN_PROGRESS
    assert "OP19" in result.warnings[0]
    (encouragement,) = FollowUp.objects.filter(paragraph__label="OP19")
    assert encouragement.action == "encouragement"
    assert encouragement.sequence == 1
    assert [e.note for e in encouragement.events.all()] == ["Work on OP19 encouragement."]


def test_reordering_two_paragraphs_carries_each_history_with_its_request(
    seeded, seed_text, recorded
):
    op16, op17 = operative_line(seed_text, 16), operative_line(seed_text, 17)
    swapped = seed_text.replace(
        op16 + op17, op17.replace("17.", "16.") + op16.replace("16.", "17.")
    )
    assert swapped != seed_text
    result = import_text(swapped)
    assert result.superseded == []
    assert_history_in_place(recorded)
    assert [e.note for e in FollowUp.objects.get(paragraph__label="OP16").events.all()] == [
        "Work on OP17 request."
    ]


def test_a_slight_rewording_keeps_the_history_on_the_reworded_request(seeded, seed_text, recorded):
    # Reworded and renumbered at once (OP15 deleted before it): only its words can find it.
    reworded = OP20.replace("to further advance initiatives", "to advance further initiatives")
    old_summary = FollowUp.objects.get(paragraph__label="OP20").summary
    text = seed_text.replace(OP20, reworded).replace(operative_line(seed_text, 15), "")
    result = import_text(renumbered(text, 16, -1))
    assert result.superseded == []
    follow_up = FollowUp.objects.get(paragraph__label="OP19", action="call")
    assert_history_in_place(
        recorded,
        {OP20: reworded, old_summary: old_summary.replace("further advance", "advance further")},
    )
    assert follow_up.paragraph.text == reworded
    assert follow_up.status == FollowUpStatus.IN_PROGRESS


def test_a_heavy_rewording_keeps_the_old_request_as_superseded(seeded, seed_text, recorded):
    rewritten = (
        "Calls upon States to share their experience of technical cooperation with the "
        "Office of the High Commissioner and to report thereon to the Council at its "
        "thirty-fifth session;"
    )
    old = FollowUp.objects.get(paragraph__label="OP20")
    result = import_text(seed_text.replace(OP20, rewritten))
    assert result.outcome == Outcome.UPDATED
    assert [f.pk for f in result.superseded] == [old.pk]
    assert_history_in_place(recorded)
    old.refresh_from_db()
    assert old.is_superseded
    assert (old.recorded_label, old.recorded_text) == ("OP20", OP20)
    # The new text's request is another one, pending, without the old history.
    new = FollowUp.objects.get(paragraph__label="OP20")
    assert new.pk != old.pk and new.status == FollowUpStatus.PENDING
    assert not new.events.exists()


def test_deleting_the_last_paragraph_with_history_supersedes_it_instead_of_refusing(
    seeded, seed_text, recorded
):
    # Changed from test_importing's refusal: the import goes through and says what it kept.
    result = import_text(seed_text.replace(operative_line(seed_text, 27), ""))
    assert superseded_labels(result) == ["OP27"]
    assert_history_in_place(recorded)
    assert not FollowUp.objects.filter(paragraph__label="OP27").exists()


def test_a_superseded_request_is_revived_when_the_text_asks_for_it_again(
    seeded, seed_text, recorded
):
    without = seed_text.replace(OP19, "Encourages non-governmental organizations")
    (superseded,) = import_text(without).superseded
    result = import_text(seed_text)
    assert result.superseded == []
    superseded.refresh_from_db()
    assert not superseded.is_superseded
    assert superseded.paragraph.label == "OP19" and superseded.recorded_text == ""
    assert FollowUp.objects.filter(paragraph__label="OP19").count() == 2
    assert_history_in_place(recorded)


def test_a_follow_up_without_history_that_no_longer_matches_is_replaced(seeded, seed_text):
    old = FollowUp.objects.get(paragraph__label="OP20")
    rewritten = "Calls upon States to share their experience of technical cooperation;"
    result = import_text(seed_text.replace(OP20, rewritten))
    assert result.superseded == []
    assert not FollowUp.all_objects.filter(pk=old.pk).exists()
    assert FollowUp.objects.get(paragraph__label="OP20").summary.startswith("States to share")


def test_plan_follow_ups_says_what_an_import_would_do_and_writes_nothing(
    seeded, seed_text, recorded, django_assert_num_queries
):
    stored = list(stored_follow_ups(seeded))
    parsed = parsing.parse(seed_text.replace(OP19, "Encourages non-governmental organizations"))
    with django_assert_num_queries(0):
        plan = plan_follow_ups(stored, parsed)
    assert [(f.label, f.action) for f in plan.superseded] == [("OP19", "call")]
    assert plan.dropped == [] and plan.new == []
    assert len(plan.matched) == len(parsed.follow_ups) == 10
    assert all(m.similarity >= SAME_REQUEST for m in plan.matched)
    encouragement = next(m for m in plan.matched if m.parsed.action == "encouragement")
    assert encouragement.stored.action == "encouragement"
    assert plan.match_for(encouragement.parsed) is encouragement.stored
    assert not FollowUp.all_objects.filter(superseded_at__isnull=False).exists()


def test_a_superseded_request_leaves_the_open_lists_but_keeps_its_page(
    client, seeded, seed_text, recorded
):
    open_before = FollowUp.objects.open().count()
    (superseded,) = import_text(
        seed_text.replace(OP19, "Encourages non-governmental organizations")
    ).superseded
    assert FollowUp.objects.open().count() == open_before - 1
    assert not FollowUp.all_objects.open().filter(pk=superseded.pk).exists()
    assert superseded.pk not in [f.pk for f in FollowUp.objects.filter(resolution=seeded)]

    listing = client.get("/follow-ups/", {"status": "in_progress"}).content.decode()
    assert f"/follow-ups/{superseded.pk}/" not in listing
    export = b"".join(
        client.get("/follow-ups/export.csv", {"status": "all"}).streaming_content
    ).decode()
    assert "specialized agencies" not in export

    page = client.get(f"/follow-ups/{superseded.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Superseded" in body
    assert "specialized agencies and intergovernmental organizations" in body
    assert "Work on OP19 call." in body

    resolution_page = client.get(seeded.get_absolute_url()).content.decode()
    assert "Superseded requests" in resolution_page
    assert f'id="superseded-{superseded.pk}"' in resolution_page
    assert f"/follow-ups/{superseded.pk}/" in resolution_page


def test_a_superseded_request_takes_no_new_event(recorder_client, seeded, seed_text, recorded):
    (superseded,) = import_text(
        seed_text.replace(OP19, "Encourages non-governmental organizations")
    ).superseded
    page = recorder_client.get(f"/follow-ups/{superseded.pk}/").content.decode()
    assert 'name="new_status"' not in page
    response = recorder_client.post(
        f"/follow-ups/{superseded.pk}/events/", {"new_status": "fulfilled", "note": "x"}
    )
    assert response.status_code == 404
    assert superseded.events.count() == 1


def test_the_import_command_reports_what_it_superseded(seeded, seed_text, recorded, tmp_path):
    path = tmp_path / "A_HRC_RES_32_6.txt"
    path.write_text(seed_text.replace(OP19, "Encourages non-governmental organizations"))
    out = io.StringIO()
    call_command("import_resolutions", str(path), stdout=out, stderr=io.StringIO())
    assert re.search(r"warning: OP19: .*superseded.*1 recorded event", out.getvalue())


def test_the_web_import_reports_what_it_superseded(
    client, administrator, seeded, seed_text, recorded
):
    client.force_login(administrator)
    text = seed_text.replace(OP19, "Encourages non-governmental organizations")
    response = client.post("/import/", {"text": text, "action": "confirm"}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("updated" in m and "OP19" in m and "superseded" in m for m in messages), messages


def test_a_superseded_request_shows_internal_notes_to_staff_only(
    client, recorder, seeded, seed_text, recorded
):
    call = FollowUp.objects.get(paragraph__label="OP19", action="call")
    record_follow_up_event(
        call,
        user=recorder,
        new_status=FollowUpStatus.IN_PROGRESS,
        note="Internal: donor list attached.",
        is_public=False,
    )
    (superseded,) = import_text(
        seed_text.replace(OP19, "Encourages non-governmental organizations")
    ).superseded
    assert superseded.pk == call.pk
    public = client.get(f"/follow-ups/{call.pk}/").content.decode()
    assert "Work on OP19 call." in public
    assert "donor list" not in public
    client.force_login(recorder)
    staff = client.get(f"/follow-ups/{call.pk}/").content.decode()
    assert "Internal: donor list attached." in staff


def test_the_import_preview_says_what_becomes_of_each_recorded_history(
    seeded, seed_text, recorded, importer_client
):
    """The preview reads the same plan as the import: a request renumbered by an inserted
    paragraph is named at its new label, one the new text no longer makes as superseded."""
    new_op16 = (
        "- 16. Requests the Office of the High Commissioner to report annually on the "
        "operations of both funds;\n"
    )
    text = renumbered(seed_text, 16, 1).replace("- 17. Requests", new_op16 + "- 17. Requests")
    text = text.replace(OP19, "Encourages non-governmental organizations")
    response = importer_client.post("/import/", {"text": text, "action": "preview"})
    assert response.status_code == 200
    page = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "7 recorded follow-ups are affected" in page
    assert (
        "A/HRC/RES/32/6 OP16: Request — In progress: the same request is OP17 in the new text"
        in page
    )
    assert (
        "A/HRC/RES/32/6 OP19: Call — In progress: the new text no longer asks for it; "
        "it will be kept as superseded" in page
    )
    assert "OP19: Encouragement — In progress: the same request is OP20" in page
    # A preview writes nothing.
    assert FollowUp.all_objects.filter(superseded_at__isnull=False).count() == 0


def test_an_event_on_a_request_superseded_meanwhile_is_refused_with_a_reason(
    seeded, seed_text, recorded, recorder
):
    """An editor who opened OP19's call before a re-import superseded it: the service,
    reading the row under its lock, refuses with its own error instead of failing."""
    from resolutions.followups.recording import RequestSuperseded, assign_follow_up

    opened = FollowUp.objects.get(paragraph__label="OP19", action="call")
    import_text(seed_text.replace(OP19, "Encourages non-governmental organizations"))
    events = FollowUpEvent.objects.count()
    with pytest.raises(RequestSuperseded, match="superseded by a new text"):
        record_follow_up_event(opened, user=recorder, new_status=FollowUpStatus.FULFILLED)
    with pytest.raises(RequestSuperseded):
        assign_follow_up(opened, user=recorder, assignee=recorder)
    assert FollowUpEvent.objects.count() == events
    assert FollowUp.all_objects.get(pk=opened.pk).status == FollowUpStatus.IN_PROGRESS
