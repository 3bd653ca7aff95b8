"""Secrets and private data stay private: API token keys, who is assigned and who
recorded what, the evidence of internal events, and the visibility of notes sent to the API.

The actors are those of the other modules: an anonymous visitor, a staff member who may
record follow-up (`recorder`, Amina Diallo, user name "amina"), a staff member who may
not, and an administrator.
"""

import importlib
import json

import feedparser
import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.test import APIClient

from resolutions import access
from resolutions.followups.recording import assign_follow_up, record_follow_up_event
from resolutions.models import (
    Document,
    FollowUp,
    FollowUpEvent,
    FulfilmentProposal,
    ProposalStatus,
)
from tests.test_catalogue import load_sample
from tests.test_settings import run_manage
from tests.test_views import text_of
from tracker.settings import envstr

pytestmark = pytest.mark.django_db

ORGANISATION = "Office of the Secretariat (test)"
INTERNAL_EVIDENCE = "A/HRC/35/99"
PRIVACY_MIGRATION = importlib.import_module("resolutions.migrations.0013_privacy")


@pytest.fixture(autouse=True)
def organisation(settings):
    settings.TRACKER_ORGANISATION = ORGANISATION


@pytest.fixture
def op17(seeded):
    return FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def names_of(user) -> list[str]:
    return [user.username, user.get_full_name(), user.first_name, user.last_name]


def assert_no_name(content: str, user) -> None:
    for name in names_of(user):
        assert name not in content, name


# 4. API token keys


def add_token_in_the_admin(client, administrator, owner) -> tuple[str, str]:
    """Create `owner`'s token through the admin form: the key and the page shown next."""
    client.force_login(administrator)
    response = client.post(
        "/admin/authtoken/tokenproxy/add/", {"user": owner.pk, "_save": "Save"}, follow=True
    )
    assert response.status_code == 200
    return Token.objects.get(user=owner).key, response.content.decode()


def test_the_creator_of_a_token_reads_its_key_once_and_never_again(client, recorder, administrator):
    key, first_page = add_token_in_the_admin(client, administrator, recorder)
    assert key in first_page
    for url in (
        "/admin/authtoken/tokenproxy/",
        f"/admin/authtoken/tokenproxy/{recorder.pk}/change/",
        f"/admin/authtoken/tokenproxy/{recorder.pk}/history/",
        f"/admin/authtoken/tokenproxy/{recorder.pk}/delete/",
        f"/admin/auth/user/{recorder.pk}/delete/",
        "/admin/",
        "/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert key not in response.content.decode(), url
    # A short prefix is enough to tell tokens apart.
    assert key[:4] in text_of(client.get("/admin/authtoken/tokenproxy/"))


def test_staff_reading_the_history_never_see_a_token_key_even_a_deleted_one(
    client, recorder, administrator, staff_without_permission
):
    key, _page = add_token_in_the_admin(client, administrator, recorder)
    response = client.post(f"/admin/authtoken/tokenproxy/{recorder.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Token.objects.exists()
    assert LogEntry.objects.filter(content_type__app_label="authtoken").count() == 2
    assert not LogEntry.objects.filter(object_repr__contains=key).exists()
    for reader in (staff_without_permission, recorder, administrator):
        client.force_login(reader)
        page = client.get("/audit/").content.decode()
        assert key not in page
        assert "deleted token (admin)" in text_of(page).lower()


def test_the_history_masks_a_key_written_in_the_log_before_the_fix(
    client, recorder, staff_without_permission
):
    key = Token.objects.create(user=recorder).key
    LogEntry.objects.create(
        user=recorder,
        content_type=ContentType.objects.get_for_model(TokenProxy, for_concrete_model=False),
        object_id=str(recorder.pk),
        object_repr=key,
        action_flag=ADDITION,
        change_message="[]",
    )
    client.force_login(staff_without_permission)
    page = client.get("/audit/").content.decode()
    assert key not in page and f"{key[:4]}…" in page


def test_the_migration_masks_every_token_key_already_in_the_log(recorder):
    key = Token.objects.create(user=recorder).key
    kept = "A/HRC/RES/32/6"
    for model, repr_ in ((Token, key), (TokenProxy, key), (Document, kept)):
        LogEntry.objects.create(
            user=recorder,
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id="1",
            object_repr=repr_,
            action_flag=CHANGE,
            change_message="[]",
        )
    PRIVACY_MIGRATION.mask_token_log_entries(apps, None)
    assert sorted(LogEntry.objects.values_list("object_repr", flat=True)) == sorted(
        [f"{key[:4]}…", f"{key[:4]}…", kept]
    )
    # Run twice, it changes nothing more.
    PRIVACY_MIGRATION.mask_token_log_entries(apps, None)
    assert LogEntry.objects.filter(object_repr=f"{key[:4]}…").count() == 2


def test_a_token_names_itself_by_a_masked_prefix(recorder):
    token = Token.objects.create(user=recorder)
    assert str(token) == f"{token.key[:4]}…" == access.masked_key(token.key)
    assert token.key not in str(TokenProxy.objects.get(user=recorder))


# 5. Assignments and staff names


@pytest.fixture
def assigned_op17(op17, recorder):
    assign_follow_up(op17, user=recorder, assignee=recorder)
    record_follow_up_event(
        op17, user=recorder, new_status="in_progress", note="Work has begun.", is_public=True
    )
    return op17


def test_the_public_sees_the_organisation_not_who_is_assigned_or_who_recorded(
    client, assigned_op17, recorder
):
    page = client.get(f"/follow-ups/{assigned_op17.pk}/").content.decode()
    assert "Work has begun." in page
    assert_no_name(page, recorder)
    assert ORGANISATION in page


def test_staff_see_who_is_assigned_and_who_recorded(
    client, assigned_op17, recorder, staff_without_permission
):
    for reader in (recorder, staff_without_permission):
        client.force_login(reader)
        page = text_of(client.get(f"/follow-ups/{assigned_op17.pk}/"))
        assert "Assigned to Amina Diallo" in page
        assert "Amina Diallo :" in page or "Amina Diallo:" in page


def test_a_decided_proposal_names_the_organisation_to_the_public(client, seeded, recorder):
    load_sample()
    proposal = FulfilmentProposal.objects.get(follow_up__paragraph__label="OP27")
    client.force_login(recorder)
    client.post(
        f"/follow-ups/{proposal.follow_up_id}/proposals/{proposal.pk}/", {"decision": "reject"}
    )
    client.logout()
    page = client.get(f"/follow-ups/{proposal.follow_up_id}/").content.decode()
    assert_no_name(page, recorder)
    assert f"by {ORGANISATION}" in page


def list_answer(client, url, value):
    response = client.get(url, {"assigned": value, "status": "all"})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("reader", ["anonymous", "staff_without_permission"])
def test_the_assigned_filter_tells_outsiders_nothing_about_user_names(
    request, client, assigned_op17, recorder, reader
):
    # Staff filter first, so that a count they leave in the cache would show below.
    staff = Client()
    staff.force_login(recorder)
    for value in ("amina", "no-such-user", "nobody", "me"):
        list_answer(staff, "/follow-ups/", value)
    if reader != "anonymous":
        # Signed in but not staff: a visitor with an account is still the public.
        user = request.getfixturevalue(reader)
        user.is_staff = False
        user.save()
        client.force_login(user)
    answers = []
    for value in ("amina", "no-such-user", "nobody", "me"):
        page = list_answer(client, "/follow-ups/", value)
        api = list_answer(client, "/api/follow-ups/", value).json()
        csv = list_answer(client, "/follow-ups/export.csv", value)
        answers.append(
            (
                page.context["page"].paginator.count,
                api["count"],
                [row["id"] for row in api["results"]],
                b"".join(csv.streaming_content).count(b"\n"),
            )
        )
    # The same answer for every value: nothing matches, and only the CSV's header is sent.
    assert answers == [(0, 0, [], 1)] * 4


def test_staff_still_filter_by_assignee(client, assigned_op17, recorder):
    client.force_login(recorder)
    assert list_answer(client, "/follow-ups/", "amina").context["page"].paginator.count == 1
    assert list_answer(client, "/follow-ups/", "me").context["page"].paginator.count == 1
    assert list_answer(client, "/follow-ups/", "no-such-user").context["page"].paginator.count == 0
    api = token_client(recorder).get("/api/follow-ups/", {"assigned": "amina", "status": "all"})
    assert [row["id"] for row in api.json()["results"]] == [assigned_op17.pk]


def test_the_follow_up_feed_names_the_organisation_as_author(client, assigned_op17, recorder):
    response = client.get("/feeds/follow-ups.atom")
    assert_no_name(response.content.decode(), recorder)
    feed = feedparser.parse(response.content)
    assert [entry.author for entry in feed.entries] == [ORGANISATION]


def test_api_events_name_the_organisation_to_the_public_and_the_person_to_staff(
    client, assigned_op17, recorder
):
    detail = f"/api/follow-ups/{assigned_op17.pk}/"
    for url in (detail, detail + "events/", "/api/resolutions/A/HRC/RES/32/6/"):
        body = client.get(url).content.decode()
        assert_no_name(body, recorder)
        assert ORGANISATION in body
    staff = token_client(recorder)
    events = staff.get(detail + "events/").json()
    assert {event["recorded_by"] for event in events} == {"Amina Diallo"}


def test_the_exports_name_the_organisation_not_the_person(client, assigned_op17, recorder):
    data = client.get("/resolutions/A/HRC/RES/32/6/json").json()
    (op17,) = [f for f in data["follow_ups"] if f["paragraph"] == "OP17"]
    assert [event["who"] for event in op17["events"]] == [ORGANISATION]
    for url in (
        "/resolutions/A/HRC/RES/32/6/json",
        "/resolutions/A/HRC/RES/32/6/akn.xml",
        "/follow-ups/calendar.ics",
    ):
        assert_no_name(client.get(url).content.decode(), recorder)
    for url in ("/follow-ups/export.csv", "/resolutions/export.csv"):
        body = b"".join(client.get(url, {"status": "all"}).streaming_content).decode()
        assert_no_name(body, recorder)


def test_the_follow_up_list_and_dashboard_name_no_staff(client, assigned_op17, recorder):
    for url in ("/follow-ups/", "/", "/dashboard/", f"/resolutions/{assigned_op17.resolution}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_name(response.content.decode(), recorder)


def test_the_organisation_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRACKER_ORGANISATION", "  ")
    assert envstr("TRACKER_ORGANISATION", "OHCHR secretariat") == "OHCHR secretariat"
    show = "from django.conf import settings; print(settings.TRACKER_ORGANISATION)"
    given = run_manage("shell", "-c", show, TRACKER_ORGANISATION=" UNICEF desk ")
    assert given.returncode == 0, given.stderr
    assert given.stdout.strip().splitlines()[-1] == "UNICEF desk"


# 6. The evidence of internal events


@pytest.fixture
def fulfilled_internally(op17, recorder):
    record_follow_up_event(
        op17,
        user=recorder,
        new_status="fulfilled",
        note="Internal: the draft report, not yet public.",
        is_public=False,
        evidence_symbol=INTERNAL_EVIDENCE,
    )
    op17.refresh_from_db()
    return op17


def test_an_internal_events_evidence_is_not_shown_as_fulfilled_by(client, fulfilled_internally):
    follow_up = fulfilled_internally
    for url in (
        f"/follow-ups/{follow_up.pk}/",
        "/resolutions/A/HRC/RES/32/6/",
        "/resolutions/A/HRC/RES/32/6/json",
        "/resolutions/A/HRC/RES/32/6/akn.xml",
        f"/api/follow-ups/{follow_up.pk}/",
        f"/api/follow-ups/{follow_up.pk}/events/",
        "/api/resolutions/A/HRC/RES/32/6/",
        "/feeds/follow-ups.atom",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert INTERNAL_EVIDENCE not in response.content.decode(), url
    assert client.get(f"/api/follow-ups/{follow_up.pk}/").json()["fulfilled_by"] is None
    for url in ("/follow-ups/export.csv", "/resolutions/export.csv"):
        body = b"".join(client.get(url, {"status": "all"}).streaming_content).decode()
        assert INTERNAL_EVIDENCE not in body


def test_an_internal_events_evidence_has_no_public_document_page(client, fulfilled_internally):
    for url in (
        f"/documents/{INTERNAL_EVIDENCE}/",
        f"/{INTERNAL_EVIDENCE}",
        f"/api/documents/{INTERNAL_EVIDENCE}/",
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get("/api/documents/", {"page_size": 200}).json()
    assert INTERNAL_EVIDENCE not in json.dumps(listed)


def test_staff_who_record_still_read_the_internal_evidence(client, fulfilled_internally, recorder):
    client.force_login(recorder)
    page = text_of(client.get(f"/follow-ups/{fulfilled_internally.pk}/"))
    assert f"Evidence: {INTERNAL_EVIDENCE}" in page


def test_the_same_evidence_recorded_in_public_makes_it_public(
    client, fulfilled_internally, recorder
):
    record_follow_up_event(
        fulfilled_internally,
        user=recorder,
        new_status="fulfilled",
        note="The report is out.",
        is_public=True,
        evidence_symbol=INTERNAL_EVIDENCE,
    )
    assert client.get(f"/documents/{INTERNAL_EVIDENCE}/").status_code == 200
    assert "Fulfilled by " + INTERNAL_EVIDENCE in text_of(
        client.get(f"/follow-ups/{fulfilled_internally.pk}/")
    )
    api = client.get(f"/api/follow-ups/{fulfilled_internally.pk}/").json()
    assert api["fulfilled_by"] == INTERNAL_EVIDENCE


def test_an_internal_events_evidence_is_proposed_for_no_other_request(client, seeded, recorder):
    # OP16 and OP17 both ask the Office for something: make both ask for a report.
    FollowUp.objects.filter(paragraph__label__in=["OP16", "OP17"]).update(deliverable="report")
    op16, op17 = FollowUp.objects.filter(paragraph__label__in=["OP16", "OP17"]).order_by(
        "paragraph__position"
    )
    record_follow_up_event(
        op17,
        user=recorder,
        new_status="in_progress",
        is_public=False,
        evidence_symbol=INTERNAL_EVIDENCE,
    )
    assert not FulfilmentProposal.objects.filter(follow_up=op16).exists()
    assert INTERNAL_EVIDENCE not in client.get(f"/follow-ups/{op16.pk}/").content.decode()
    # Recorded in public, the same report is proposed as before.
    record_follow_up_event(
        op17, user=recorder, new_status="in_progress", evidence_symbol=INTERNAL_EVIDENCE
    )
    assert op16.proposals.get().document.symbol == INTERNAL_EVIDENCE


def test_the_migration_withdraws_what_internal_events_made_public(seeded, recorder):
    op16, op17, op18 = FollowUp.objects.filter(
        paragraph__label__in=["OP16", "OP17", "OP18"]
    ).order_by("paragraph__position")
    internal = Document.objects.create(symbol=INTERNAL_EVIDENCE)
    public = Document.objects.create(symbol="A/HRC/35/20")
    typed_in_the_admin = Document.objects.create(symbol="A/HRC/35/21")
    # What the earlier code wrote for an internal event with evidence.
    FollowUpEvent.objects.create(
        follow_up=op17, new_status="fulfilled", is_public=False, evidence=internal
    )
    FollowUpEvent.objects.create(
        follow_up=op18, new_status="fulfilled", is_public=True, evidence=public
    )
    FollowUp.objects.filter(pk=op17.pk).update(fulfilled_by=internal)
    FollowUp.objects.filter(pk=op18.pk).update(fulfilled_by=public)
    FollowUp.objects.filter(pk=op16.pk).update(fulfilled_by=typed_in_the_admin)
    FulfilmentProposal.objects.create(
        follow_up=op16,
        document=internal,
        reason="Recorded as evidence for OP17 of the same resolution, also asked of the Office.",
    )
    accepted = FulfilmentProposal.objects.create(
        follow_up=op18,
        document=internal,
        reason="Recorded as evidence for OP17 of the same resolution, also asked of States.",
        status=ProposalStatus.ACCEPTED,
    )
    PRIVACY_MIGRATION.keep_internal_evidence_internal(apps, None)
    fulfilled_by = dict(FollowUp.objects.values_list("paragraph__label", "fulfilled_by"))
    assert fulfilled_by["OP17"] is None
    assert fulfilled_by["OP18"] == public.pk
    assert fulfilled_by["OP16"] == typed_in_the_admin.pk
    assert list(FulfilmentProposal.objects.filter(document=internal)) == [accepted]


# 7. The visibility of a note sent to the API


@pytest.mark.parametrize("given", [{}, {"is_public": ""}])
@pytest.mark.parametrize("encoding", ["json", "multipart"])
def test_the_api_refuses_an_event_whose_visibility_is_not_given(
    seeded, recorder, op17, given, encoding
):
    response = token_client(recorder).post(
        f"/api/follow-ups/{op17.pk}/events/",
        {"new_status": "in_progress", "note": "Who may read this?", **given},
        format=encoding,
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["is_public"]
    assert "true" in response.json()["is_public"][0]
    assert not FollowUpEvent.objects.exists()


@pytest.mark.parametrize("value, public", [("false", False), ("true", True), (False, False)])
def test_the_api_records_the_visibility_given(seeded, recorder, op17, value, public):
    response = token_client(recorder).post(
        f"/api/follow-ups/{op17.pk}/events/",
        {"new_status": "in_progress", "note": "Said once.", "is_public": value},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert FollowUpEvent.objects.get().is_public is public


def test_the_schema_says_visibility_is_required(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    event = schema["components"]["schemas"]["FollowUpEventInput"]
    assert "is_public" in event["required"]
