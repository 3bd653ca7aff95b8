"""Staff recording follow-up: who may, what is kept, and what the public sees."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions import access
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import FollowUp, FollowUpEvent, FollowUpStatus
from tests.conftest import variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def op17(seeded):
    return FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")


def post_event(client, follow_up, **fields):
    data = {"new_status": "in_progress", "note": "", "visibility": "public", "evidence_symbol": ""}
    data.update(fields)
    return client.post(f"/follow-ups/{follow_up.pk}/events/", data)


def test_anonymous_user_cannot_record_follow_up(client, op17):
    response = post_event(client, op17, new_status="fulfilled")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    op17.refresh_from_db()
    assert op17.status == FollowUpStatus.PENDING
    assert not FollowUpEvent.objects.exists()


def test_staff_without_the_permission_cannot_record_follow_up(
    client, op17, staff_without_permission
):
    client.force_login(staff_without_permission)
    response = post_event(client, op17, new_status="fulfilled")
    assert response.status_code == 403
    assert not FollowUpEvent.objects.exists()
    page = client.get(op17.get_absolute_url())
    assert "Record what happened" not in page.content.decode()


def test_get_on_the_record_url_is_refused(recorder_client, op17):
    assert recorder_client.get(f"/follow-ups/{op17.pk}/events/").status_code == 405


def test_recorder_records_an_event_that_appears_in_the_history_with_their_name(
    recorder_client, op17
):
    form_page = recorder_client.get(op17.get_absolute_url())
    assert "Record what happened" in form_page.content.decode()
    response = post_event(
        recorder_client,
        op17,
        new_status="fulfilled",
        note="The Office published its guidance on requesting assistance.",
        evidence_symbol="a/hrc/35/8",
    )
    assert response.status_code == 302
    op17.refresh_from_db()
    assert op17.status == FollowUpStatus.FULFILLED
    assert op17.fulfilled_by.symbol == "A/HRC/35/8"
    event = op17.events.get()
    assert (event.old_status, event.new_status, event.user_name) == (
        "pending",
        "fulfilled",
        "Amina Diallo",
    )
    assert event.user.username == "amina"
    history = text_of(recorder_client.get(op17.get_absolute_url()))
    assert "Amina Diallo" in history
    assert "Pending → Fulfilled" in history
    assert "The Office published its guidance" in history
    assert "A/HRC/35/8" in history
    # The public sees the same public history, recorded by the organisation.
    public = text_of(Client().get(op17.get_absolute_url()))
    assert "The Office published its guidance" in public
    assert "Amina Diallo" not in public and "OHCHR secretariat" in public


def test_internal_notes_are_never_shown_to_the_public(recorder_client, op17, seeded):
    post_event(
        recorder_client, op17, note="Donor list shared in confidence.", visibility="internal"
    )
    assert FollowUpEvent.objects.get().is_public is False
    visitor = Client()
    for url in [op17.get_absolute_url(), seeded.get_absolute_url(), "/follow-ups/", "/"]:
        response = visitor.get(url)
        assert response.status_code == 200
        assert "Donor list shared in confidence" not in response.content.decode()
    staff_view = text_of(recorder_client.get(op17.get_absolute_url()))
    assert "Donor list shared in confidence" in staff_view and "Internal" in staff_view


def test_a_bad_evidence_symbol_is_refused_with_a_message(recorder_client, op17):
    response = post_event(
        recorder_client, op17, new_status="fulfilled", evidence_symbol="see the report"
    )
    assert response.status_code == 400
    assert "not a UN document symbol" in response.content.decode()
    assert not FollowUpEvent.objects.exists()
    op17.refresh_from_db()
    assert op17.status == FollowUpStatus.PENDING


def test_an_unknown_status_is_refused(recorder_client, op17):
    response = post_event(recorder_client, op17, new_status="forgotten")
    assert response.status_code == 400
    assert not FollowUpEvent.objects.exists()


def test_status_changes_only_through_events_and_each_change_is_kept(op17, recorder):
    record_follow_up_event(op17, user=recorder, new_status="in_progress", note="Started.")
    record_follow_up_event(op17, user=recorder, new_status="fulfilled", note="Done.")
    history = list(op17.events.order_by("created_at", "id").values_list("old_status", "new_status"))
    assert history == [("pending", "in_progress"), ("in_progress", "fulfilled")]


def test_service_refuses_a_user_without_the_permission(op17, staff_without_permission):
    with pytest.raises(PermissionDenied):
        record_follow_up_event(op17, user=staff_without_permission, new_status="fulfilled")
    assert not FollowUpEvent.objects.exists()


def test_csrf_is_enforced_on_the_staff_form(recorder, op17):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recorder)
    response = post_event(strict, op17, new_status="fulfilled")
    assert response.status_code == 403
    assert not FollowUpEvent.objects.exists()


def test_login_and_logout(client, recorder, seeded):
    response = client.post(
        "/accounts/login/", {"username": "amina", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert "Amina Diallo" in text_of(client.get("/"))
    client.post("/accounts/logout/")
    assert "Staff log in" in text_of(client.get("/"))


def test_administrator_manages_resolutions_with_inline_paragraphs_and_follow_ups(
    client, administrator, seeded
):
    client.force_login(administrator)
    listing = client.get("/admin/resolutions/resolution/", {"q": "32/6"})
    assert listing.status_code == 200 and "A/HRC/RES/32/6" in listing.content.decode()
    change = client.get(f"/admin/resolutions/resolution/{seeded.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert "paragraphs-TOTAL_FORMS" in html and 'value="48"' in html
    assert "follow_ups-TOTAL_FORMS" in html
    assert client.get("/admin/resolutions/followup/").status_code == 200
    assert client.get("/admin/resolutions/followupevent/add/").status_code == 403


def test_the_admin_list_of_resolutions_takes_the_same_queries_for_one_text_or_many(
    client, administrator, seeded, seed_text
):
    client.force_login(administrator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/resolutions/resolution/").status_code == 200
        return captured

    few = len(queries())
    for number in range(40, 46):
        import_text(variant(seed_text, number))
    many = queries()
    assert len(many) == few
    listed = [query["sql"] for query in many if '"resolutions_resolution"."symbol"' in query["sql"]]
    assert listed and not any('"source_text"' in sql for sql in listed)


def test_visitors_cannot_reach_the_admin(client, staff_without_permission, seeded):
    assert client.get("/admin/resolutions/resolution/").status_code == 302


def test_who_may_record_is_one_rule_for_the_checks_and_the_assignee_list(
    django_user_model, recorder, staff_without_permission, administrator
):
    may = {user.username: access.can_record(user) for user in django_user_model.objects.all()}
    assert may == {"amina": True, "pierre": False, "root-admin": True}
    assert not access.can_record(AnonymousUser()) and not access.can_record(None)
    # The people a request can be assigned to are those the check lets record.
    assert {u.username for u in access.recorders()} == {u for u, yes in may.items() if yes}
    recorder.is_active = False
    recorder.save()
    recorder = django_user_model.objects.get(pk=recorder.pk)  # no permissions cached
    assert not access.can_record(recorder)
    assert recorder not in access.recorders()


def test_a_new_event_s_note_is_internal_unless_chosen_and_the_form_says_so(recorder_client, seeded):
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    html = recorder_client.get(op17.get_absolute_url()).content.decode()

    form = (
        html.split('name="visibility"', 1)[0].rsplit("<fieldset", 1)[1]
        + html.split('name="visibility"', 1)[1].split("</fieldset>", 1)[0]
    )
    assert re.search(r'value="internal"[^>]*checked', form) or re.search(
        r'value="internal"[^>]*selected', form
    )
    assert "Staff only unless you choose “Everyone”" in html
    listing = recorder_client.get("/follow-ups/").content.decode()
    assert '<option value="internal" selected>' in listing


def test_my_follow_ups_explain_how_requests_are_assigned_and_start_from_open_ones(
    recorder_client, recorder, op17
):
    from resolutions.followups.recording import assign_follow_up

    empty = text_of(recorder_client.get("/follow-ups/", {"assigned": "me"}))
    assert "A request is assigned to one staff member on its own page" in empty
    assert "No request matching these filters is assigned to you." in empty
    assign_follow_up(op17, user=recorder, assignee=recorder)
    response = recorder_client.get("/follow-ups/", {"assigned": "me"})
    assert [request.pk for request in response.context["page"]] == [op17.pk]
    mine = text_of(response)
    assert "Open requests are shown first, soonest due first" in mine
    assert "No request matching these filters is assigned to you." not in mine
    # Once fulfilled it leaves the list as it opens, and the status filter brings it back.
    record_follow_up_event(op17, user=recorder, new_status="fulfilled")
    assert not recorder_client.get("/follow-ups/", {"assigned": "me"}).context["page"]
    fulfilled = recorder_client.get("/follow-ups/", {"assigned": "me", "status": "fulfilled"})
    assert [request.pk for request in fulfilled.context["page"]] == [op17.pk]
    # The list without "assigned to me" does not carry the explanation.
    assert "assigned to one staff member" not in text_of(recorder_client.get("/follow-ups/"))
