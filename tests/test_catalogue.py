"""The voting catalogue: import, series, proposed fulfilments and the staff workspace."""

import csv
import datetime
import io
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from resolutions.followups import recording
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.catalogue import import_catalogue
from resolutions.importing.texts import import_text
from resolutions.models import (
    FollowUp,
    FollowUpEvent,
    FulfilmentProposal,
    Resolution,
    Session,
    Sponsorship,
)
from resolutions.parsing.catalogue import (
    CatalogueError,
    adoption_from,
    clean_title,
    session_from,
    sponsors_from,
)
from resolutions.sources.catalogue import read_catalogue_file, read_catalogue_text
from tests.test_views import text_of

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parent / "data" / "catalogue" / "sample.csv"


def load_sample():
    call_command("import_catalogue", str(SAMPLE), stdout=io.StringIO())


def test_catalogue_text_is_cleaned():
    assert clean_title("Enhancement of ... rights  : resolution /") == (
        "Enhancement of ... rights",
        "resolution",
    )
    assert clean_title("Reports of the Advisory Committee : presidential statement /")[1] == (
        "presidential_statement"
    )
    session = session_from("Human Rights Council at its 32th session", "A/HRC/32/L.50")
    assert (session.kind, session.number) == ("regular", 32)
    special = session_from("adopted by the Human Rights Council at its 1st special session", "")
    assert (special.kind, special.number) == ("special", 1)
    assert adoption_from("NON-RECORDED, no voting information available") == (
        "adopted",
        "non_recorded_vote",
    )
    assert adoption_from("WITHDRAWN") == ("withdrawn", "")
    sponsors = sponsors_from("Canada, Finland (on behalf of the European Union)")
    assert [(s.name, s.kind, s.on_behalf_of) for s in sponsors] == [
        ("Canada", "country", ""),
        ("Finland", "country", "European Union"),
    ]


def test_counts_per_body_kind_outcome_and_mode_match_the_file(db):
    load_sample()
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert Resolution.objects.count() == len(rows) == 13
    by_body = Counter(r["body"] for r in rows)
    assert by_body == Counter(Resolution.objects.values_list("body__name", flat=True))
    stored = Counter(Resolution.objects.values_list("kind", "outcome", "adoption_mode"))
    assert stored == Counter(
        {
            ("resolution", "adopted", "without_vote"): 3,
            ("resolution", "adopted", "recorded_vote"): 3,
            ("resolution", "adopted", "non_recorded_vote"): 2,
            ("decision", "adopted", "without_vote"): 1,
            ("presidential_statement", "adopted", "without_vote"): 1,
            ("amendment", "withdrawn", ""): 1,
            ("amendment", "rejected", "recorded_vote"): 2,
        }
    )
    per_session = Counter(
        Resolution.objects.filter(body__short_name="HRC").values_list(
            "session__kind", "session__number"
        )
    )
    assert per_session[("regular", 32)] == 2 and per_session[("special", 1)] == 1


def test_catalogue_fields_are_stored_with_their_meaning(db):
    load_sample()
    voted = Resolution.objects.get(symbol="A/HRC/RES/35/8")
    assert (voted.votes_in_favour, voted.votes_against, voted.votes_abstaining) == (32, 3, 12)
    assert voted.adopted_on == datetime.date(2017, 6, 22)
    assert voted.session.number == 35 and voted.meeting == "34th meeting"
    assert voted.draft_symbol == "A/HRC/35/L.12" and not voted.draft_amended
    assert voted.subject == "INTERNATIONAL COOPERATION - HUMAN RIGHTS ADVANCEMENT"
    assert [item.number for item in voted.agenda_items.all()] == [3]
    decision = Resolution.objects.get(symbol="A/HRC/DEC/22/116")
    assert decision.kind == "decision" and decision.draft_amended
    sponsors = list(
        Sponsorship.objects.filter(resolution__symbol="A/HRC/7/L.39").values_list(
            "name", "on_behalf_of"
        )
    )
    assert sponsors[0] == ("Egypt", "Group of African States")
    # Two 1947 texts share one catalogue symbol: both are kept, told apart by record.
    assert Resolution.objects.filter(symbol__startswith="E/CN.4/RES(II) [record").count() == 2


def test_import_is_idempotent(db):
    load_sample()
    first = list(Resolution.objects.order_by("symbol").values_list("symbol", "updated_at"))
    out = io.StringIO()
    call_command("import_catalogue", str(SAMPLE), stdout=out)
    assert "0 created, 0 updated, 13 unchanged" in out.getvalue()
    assert list(Resolution.objects.order_by("symbol").values_list("symbol", "updated_at")) == (
        first
    )


def test_withdrawn_and_rejected_texts_are_kept_but_not_listed(client, db):
    load_sample()
    default = text_of(client.get("/resolutions/"))
    assert "A/HRC/RES/35/8" in default
    assert "A/HRC/32/L.50" not in default and "A/HRC/30/L.36" not in default
    withdrawn = text_of(client.get("/resolutions/", {"outcome": "withdrawn", "kind": "amendment"}))
    assert "A/HRC/32/L.50" in withdrawn and "A/HRC/RES/35/8" not in withdrawn


@pytest.mark.parametrize("text_first", [True, False])
def test_text_and_catalogue_row_become_one_resolution_whichever_comes_first(
    seed_text, text_first, db
):
    steps = [lambda: call_command("load_demo", stdout=io.StringIO()), load_sample]
    for step in steps if text_first else reversed(steps):
        step()
    resolution = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    assert Resolution.objects.filter(symbol="A/HRC/RES/32/6").count() == 1
    assert resolution.paragraphs.count() == 48  # the text never loses its paragraphs
    assert resolution.catalogue_record == 27214  # the catalogue fills what the text lacks
    assert resolution.draft_symbol == "A/HRC/32/L.11"
    assert resolution.meeting == "42nd meeting"


def test_series_timeline_shows_how_support_changed(client, seeded):
    load_sample()
    resolution = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    symbols = list(
        resolution.series.resolutions.order_by("adopted_on").values_list("symbol", flat=True)
    )
    assert symbols == [
        "E/CN.4/RES/2005/54",
        "A/HRC/DEC/22/116",
        "A/HRC/RES/28/2",
        "A/HRC/RES/32/6",
        "A/HRC/RES/35/8",
        "A/HRC/RES/38/3",
    ]
    html = client.get("/resolutions/A/HRC/RES/32/6/").content.decode()
    timeline = html.split('id="series-heading"')[1].split("</table>")[0]
    row = next(r for r in timeline.split("<tr") if "A/HRC/RES/35/8" in r)
    assert [cell for cell in text_of(row).split() if cell.isdigit()][-3:] == ["32", "3", "12"]


def test_op27_gets_a_proposed_fulfilment_that_staff_accept(recorder_client, recorder, seeded):
    load_sample()
    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    proposal = FulfilmentProposal.objects.get(follow_up=op27)
    assert proposal.document.symbol == "A/HRC/RES/35/8"
    assert op27.status == "pending"  # nothing changes without a person's decision
    page = text_of(Client().get(seeded.get_absolute_url()))
    assert "Proposed fulfilment: A/HRC/RES/35/8" in page
    detail = text_of(recorder_client.get(op27.get_absolute_url()))
    assert "Accept: mark fulfilled" in detail
    response = recorder_client.post(
        f"/follow-ups/{op27.pk}/proposals/{proposal.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 302
    op27.refresh_from_db()
    proposal.refresh_from_db()
    assert op27.status == "fulfilled" and op27.fulfilled_by.symbol == "A/HRC/RES/35/8"
    assert proposal.status == "accepted" and proposal.decided_by == recorder
    event = op27.events.get()
    assert event.user_name == "Amina Diallo" and "A/HRC/RES/35/8" in event.note
    assert "Amina Diallo" in text_of(recorder_client.get(op27.get_absolute_url()))
    assert "Amina Diallo" not in text_of(Client().get(op27.get_absolute_url()))


def test_a_rejected_proposal_is_recorded_and_changes_no_status(recorder_client, seeded):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")
    recorder_client.post(
        f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/", {"decision": "reject"}
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    event = FollowUpEvent.objects.get(follow_up=proposal.follow_up)
    assert event.old_status == event.new_status == "pending"
    assert event.note.startswith("Rejected the proposed fulfilment by A/HRC/RES/35/8")


def test_a_proposal_decided_already_says_so_and_records_nothing_more(recorder_client, seeded):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")
    url = f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/"
    recorder_client.post(url, {"decision": "reject"})
    response = recorder_client.post(url, {"decision": "accept"}, follow=True)
    assert "This proposal was already rejected." in text_of(response)
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert FollowUpEvent.objects.filter(follow_up=proposal.follow_up).count() == 1


def test_a_programming_error_while_deciding_is_not_shown_as_a_message(
    recorder_client, seeded, monkeypatch
):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")

    def broken(*args, **kwargs):
        raise ValueError("a bug, not a verdict on the proposal")

    monkeypatch.setattr(recording, "record_follow_up_event", broken)
    # The test client raises what the view let through: a 500 for a person, with the
    # traceback in the log, instead of the bug's words as a message.
    with pytest.raises(ValueError, match="a bug"):
        recorder_client.post(
            f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/", {"decision": "accept"}
        )
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_a_proposal_on_a_request_superseded_meanwhile_is_refused_with_a_reason(
    recorder_client, seeded
):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")
    # What a re-import does to a request its new text no longer asks for, while the
    # editor still has the request's page open with the proposal's buttons.
    FollowUp.all_objects.filter(pk=proposal.follow_up_id).update(superseded_at=timezone.now())
    response = recorder_client.post(
        f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/",
        {"decision": "accept"},
        follow=True,
    )
    assert response.status_code == 200
    assert "superseded by a new text of its resolution" in text_of(response)
    proposal.refresh_from_db()
    assert proposal.status == "open" and not FollowUpEvent.objects.exists()


def test_visitors_and_staff_without_permission_cannot_decide(
    client, staff_without_permission, seeded
):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")
    url = f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/"
    assert client.post(url, {"decision": "accept"}).status_code == 302
    client.force_login(staff_without_permission)
    assert client.post(url, {"decision": "accept"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "open" and not FollowUpEvent.objects.exists()


def test_a_proposal_is_made_once(seeded):
    load_sample()
    load_sample()
    assert FulfilmentProposal.objects.count() == 1


def test_a_text_stored_after_the_catalogue_gets_its_proposal_too(db, seed_text):
    load_sample()
    call_command("load_demo", stdout=io.StringIO())
    op27 = FollowUp.objects.get(resolution__symbol="A/HRC/RES/32/6", paragraph__label="OP27")
    assert op27.proposals.get().document.symbol == "A/HRC/RES/35/8"


def test_staff_assign_a_request_and_find_it_under_my_follow_ups(recorder_client, recorder, seeded):
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    response = recorder_client.post(f"/follow-ups/{op16.pk}/assign/", {"assignee": recorder.pk})
    assert response.status_code == 302
    op16.refresh_from_db()
    assert op16.assigned_to == recorder
    assert op16.events.get().note == "Assigned to Amina Diallo."
    mine = text_of(recorder_client.get("/follow-ups/", {"assigned": "me"}))
    assert "A/HRC/RES/32/6 OP16" in mine and "OP17" not in mine
    assert "No follow-up request matches" in text_of(
        Client().get("/follow-ups/", {"assigned": "me"})
    )


def test_several_requests_change_status_at_once_with_one_note(recorder_client, seeded):
    chosen = list(FollowUp.objects.filter(resolution=seeded, paragraph__label__in=["OP16", "OP17"]))
    response = recorder_client.post(
        "/follow-ups/bulk/",
        {
            "follow_ups": [f.pk for f in chosen],
            "new_status": "in_progress",
            "note": "Both funds reviewed.",
            "visibility": "public",
            "next": "?status=open",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/follow-ups/?status=open"
    for follow_up in chosen:
        follow_up.refresh_from_db()
        assert follow_up.status == "in_progress"
        assert follow_up.events.get().note == "Both funds reviewed."
    assert FollowUpEvent.objects.count() == 2


def test_bulk_change_needs_the_permission(client, staff_without_permission, seeded):
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    client.force_login(staff_without_permission)
    data = {"follow_ups": [op16.pk], "new_status": "fulfilled", "visibility": "public"}
    assert client.post("/follow-ups/bulk/", data).status_code == 403
    assert not FollowUpEvent.objects.exists()


# "Next" is judged from today: on a frozen day between session 61 (March 2026) and 64 (2027).
@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_follow_ups_due_at_the_next_session(client, seeded, settings):
    hrc_session = Session.objects.get(body__short_name="HRC", kind="regular", number=61)
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    op16.due_session = hrc_session
    op16.save()
    page = text_of(client.get("/follow-ups/", {"next_session": "true"}))
    # Session 61 ended in March 2026: on 1 December 2026 it is not the next one.
    assert "OP16" not in page
    future = Session.objects.create(body=hrc_session.body, kind="regular", number=64, year=2027)
    op16.due_session = future
    op16.save()
    assert "A/HRC/RES/32/6 OP16" in text_of(client.get("/follow-ups/", {"next_session": "true"}))


def test_a_malformed_catalogue_is_refused_and_nothing_is_stored(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,symbol\n1,A/HRC/RES/1/1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("import_catalogue", str(bad), stdout=io.StringIO())
    text = SAMPLE.read_text(encoding="utf-8").replace("2017-06-22", "22 June 2017")
    with pytest.raises(CatalogueError, match="row 6: date '22 June 2017'"):
        read_catalogue_text(text)
    assert not Resolution.objects.exists()


def test_the_whole_file_is_one_transaction(db, monkeypatch):
    records = read_catalogue_file(SAMPLE)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("resolutions.importing.catalogue.propose_fulfilments", fail)
    with pytest.raises(RuntimeError):
        import_catalogue(records)
    assert not Resolution.objects.exists()


OP16 = (
    "Requests the Office of the High Commissioner to seek to enhance dialogue with "
    "representatives from non-traditional donor countries with a view to broaden the donor "
    "base and to replenish the resources available to both funds;"
)
REPORT_REQUEST = (
    "Requests the Office of the High Commissioner to prepare a report on the operations of "
    "both funds and to present it to the Human Rights Council at its thirty-fifth session;"
)


def test_a_report_cited_as_submitted_pursuant_to_a_resolution_is_proposed(seeded, seed_text):
    earlier = (
        seed_text.replace("A/HRC/RES/32/6", "A/HRC/RES/28/2")
        .replace("32/6. ", "28/2. ")
        .replace("Thirty-second session", "Twenty-eighth session")
        .replace(OP16, REPORT_REQUEST)
    )
    import_text(earlier)
    later = seed_text.replace(
        "Also takes note of the report of the Office of the High Commissioner on the",
        "Also takes note of the report of the Office of the High Commissioner submitted "
        "pursuant to Council resolution 28/2 on the",
    )
    import_text(later)
    request = FollowUp.objects.get(resolution__symbol="A/HRC/RES/28/2", paragraph__label="OP16")
    proposal = request.proposals.get()
    assert proposal.document.symbol == "A/HRC/31/81"
    assert "submitted pursuant to A/HRC/RES/28/2" in proposal.reason
    assert request.status == "pending"


def test_a_report_recorded_as_evidence_is_proposed_for_the_same_request_elsewhere(
    recorder, seeded, seed_text
):
    second = REPORT_REQUEST.replace("Requests", "Also requests").replace("operations", "reach")
    text = seed_text.replace(OP16, REPORT_REQUEST).replace(
        "Also requests the Office of the High Commissioner to make clear the process by which "
        "States request assistance from both funds, and to process such requests in a timely "
        "and transparent manner that adequately responds to the requesting States;",
        second,
    )
    import_text(text)
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    assert "report" in op17.deliverable
    record_follow_up_event(
        op16, user=recorder, new_status="fulfilled", evidence_symbol="A/HRC/35/21"
    )
    proposal = op17.proposals.get()
    assert proposal.document.symbol == "A/HRC/35/21" and proposal.status == "open"
    assert op16.proposals.count() == 0


def test_catalogue_values_longer_than_their_columns_are_cut_and_the_import_says_so(db, tmp_path):
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["symbol"] == "A/HRC/RES/35/8")
    subject = "INTERNATIONAL COOPERATION - HUMAN RIGHTS ADVANCEMENT - " * 7
    sponsor = "Group of States " * 20
    row.update(agenda_subject=subject, main_sponsors=f"Egypt (on behalf of the {sponsor})")
    given = tmp_path / "catalogue.csv"
    with given.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    call_command("import_catalogue", str(given), stdout=out)

    stored = Resolution.objects.get(symbol="A/HRC/RES/35/8")
    limit = Resolution._meta.get_field("subject").max_length
    assert stored.subject == " ".join(subject.split())[:limit]
    on_behalf_of = Sponsorship.objects.get(resolution=stored).on_behalf_of
    assert len(on_behalf_of) == Sponsorship._meta.get_field("on_behalf_of").max_length
    report = out.getvalue()
    where = f"record {row['record_id']} (A/HRC/RES/35/8)"
    assert (
        f"warning: {where}: “subject” is {len(' '.join(subject.split()))} characters long, "
        f"more than the {limit} its field holds; the rest was left out." in report
    )
    assert f"warning: {where}: “on behalf of” is" in report
    assert report.count("warning:") == 2


def test_a_document_page_says_which_requests_the_document_answers(
    recorder_client, recorder, seeded
):
    client = Client()  # a visitor
    load_sample()
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    record_follow_up_event(
        op17, user=recorder, new_status="fulfilled", evidence_symbol="A/HRC/35/19"
    )
    op6 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP6")
    record_follow_up_event(
        op6,
        user=recorder,
        new_status="in_progress",
        note="Draft seen.",
        is_public=False,
        evidence_symbol="A/HRC/35/19",
    )

    page = text_of(client.get("/documents/A/HRC/35/19/"))
    assert "A/HRC/35/19 fulfils A/HRC/RES/32/6 OP17" in page
    assert "Evidence for A/HRC/RES/32/6 OP17" in page
    assert "Evidence for A/HRC/RES/32/6 OP6" not in page  # internal: for staff who record
    staff_page = text_of(recorder_client.get("/documents/A/HRC/35/19/"))
    assert "Evidence for A/HRC/RES/32/6 OP6" in staff_page and "Internal" in staff_page

    proposed = text_of(client.get("/documents/A/HRC/RES/35/8/"))
    assert "Proposed as the fulfilment of A/HRC/RES/32/6 OP27" in proposed
