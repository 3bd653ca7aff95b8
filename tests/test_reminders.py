"""Reminders by e-mail, sent through a real SMTP server on 127.0.0.1 (aiosmtpd) and read
back: who hears of what, in which language, once, with a working unsubscribe link."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from resolutions.followups.recording import assign_follow_up, record_follow_up_event
from resolutions.followups.reminders import send_reminders
from resolutions.importing.texts import import_text
from resolutions.models import (
    CarriedForward,
    FollowUp,
    FollowUpStatus,
    FulfilmentProposal,
    ReminderDigest,
    ReminderFrequency,
    ReminderNotice,
    ReminderSettings,
)
from tests.conftest import free_port, mailer_at
from tests.test_carried import next_year
from tests.test_views import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(seeded, recorder, administrator):
    """OP27 (due 2017) assigned to Amina, who reads French and has an address."""
    recorder.email = "amina.diallo@example.org"
    recorder.save()
    ReminderSettings.objects.create(user=recorder, language="fr")
    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    assign_follow_up(op27, user=administrator, assignee=recorder)
    op27.refresh_from_db()
    assert op27.due_on is not None
    return op27


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False)


def parts(message) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def test_a_request_due_in_ten_days_gives_its_assignee_one_email_in_their_language(smtp, assigned):
    with at(assigned.due_on - datetime.timedelta(days=10)):
        listed = StringIO()
        call_command("send_reminders", "--dry-run", stdout=listed)
        day = (assigned.due_on - datetime.timedelta(days=10)).isoformat()
        assert listed.getvalue() == f"amina.diallo@example.org ({day}): A/HRC/RES/32/6 OP27\n"
        assert smtp.messages == [] and not ReminderDigest.objects.exists()
        assert len(send_reminders()) == 1
        assert send_reminders() == []  # the same day again: nothing more
    with at(assigned.due_on - datetime.timedelta(days=9)):
        assert send_reminders() == []  # told once for this due date

    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["amina.diallo@example.org"]
    assert message["Subject"] == "Suivi : 1 demande attend votre attention"
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert "Bonjour Amina Diallo," in text
    assert "- A/HRC/RES/32/6 OP27: Décision, échéance : 2017 (En attente)" in text
    assert f"https://tracker.example.org{assigned.get_absolute_url()}" in text
    assert f'href="https://tracker.example.org{assigned.get_absolute_url()}"' in html
    assert '<html lang="fr">' in html
    unsubscribe = re.search(
        r"<(https://tracker\.example\.org/reminders/unsubscribe/[^>]+)>",
        message["List-Unsubscribe"],
    )[1]
    assert unsubscribe in text and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest = ReminderDigest.objects.get()
    assert (digest.user, digest.recipient, digest.notice_count) == (
        assigned.assigned_to,
        "amina.diallo@example.org",
        1,
    )


def test_after_unsubscribing_by_the_link_no_reminder_is_sent(smtp, assigned, seeded):
    with at(assigned.due_on - datetime.timedelta(days=10)):
        send_reminders()
    _, message = smtp.messages[0]
    link = re.search(
        r"https://tracker\.example\.org(/reminders/unsubscribe/\S+/)", parts(message)[0]
    )[1]
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(link)
    assert page.status_code == 200 and "amina.diallo@example.org" in text_of(page)
    assert ReminderSettings.objects.get(user=assigned.assigned_to).frequency == "daily"
    # A mail program's one-click unsubscribe posts without a CSRF token.
    done = visitor.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert (
        ReminderSettings.objects.get(user=assigned.assigned_to).frequency == ReminderFrequency.NEVER
    )

    # Another request comes due: nothing is sent.
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    FollowUp.objects.filter(pk=op16.pk).update(
        due_on=assigned.due_on, assigned_to=assigned.assigned_to
    )
    with at(assigned.due_on - datetime.timedelta(days=3)):
        assert send_reminders() == []
    assert len(smtp.messages) == 1
    assert Client().get("/reminders/unsubscribe/not-a-signed-link/").status_code == 404


def test_an_overdue_request_is_told_of_once_more_and_a_weekly_digest_waits_for_monday(
    smtp, assigned
):
    ReminderSettings.objects.filter(user=assigned.assigned_to).update(
        frequency=ReminderFrequency.WEEKLY, language="en"
    )
    overdue_day = assigned.due_on + datetime.timedelta(days=1)
    while overdue_day.weekday() != 0:  # the next Monday after the due date
        overdue_day += datetime.timedelta(days=1)
    with at(overdue_day - datetime.timedelta(days=1)):  # a Sunday
        assert send_reminders() == []
    with at(overdue_day):
        assert len(send_reminders()) == 1
    _, message = smtp.messages[0]
    assert message["Subject"] == "Follow-up: 1 request needs your attention"
    assert "Overdue, assigned to you:" in parts(message)[0]
    assert ReminderNotice.objects.get().kind == "overdue"
    assert (
        ReminderDigest.objects.get().period
        == f"{overdue_day.isocalendar()[0]}-W{overdue_day.isocalendar()[1]:02d}"
    )


def test_a_mail_server_that_refuses_leaves_nothing_recorded_and_the_next_run_sends(
    smtp, assigned, settings
):
    day = assigned.due_on - datetime.timedelta(days=5)
    settings.MAILERS = mailer_at(free_port())  # nothing listens there
    with at(day):
        with pytest.raises(CommandError, match="nothing was recorded"):
            call_command("send_reminders", stdout=StringIO())
    assert not ReminderDigest.objects.exists() and not ReminderNotice.objects.exists()
    settings.MAILERS = mailer_at(smtp.port)
    out = StringIO()
    with at(day):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder digest."
    assert len(smtp.messages) == 1


def test_staff_choose_their_reminders_and_see_what_was_sent(client, recorder, assigned, smtp):
    client.force_login(recorder)
    page = client.get("/account/reminders/")
    assert page.status_code == 200
    assert "amina.diallo@example.org" in text_of(page)
    response = client.post(
        "/account/reminders/", {"frequency": "weekly", "days_before": "30", "language": "en"}
    )
    assert response.status_code == 302
    chosen = ReminderSettings.objects.get(user=recorder)
    assert (chosen.frequency, chosen.days_before, chosen.language) == ("weekly", 30, "en")
    refused = client.post(
        "/account/reminders/", {"frequency": "hourly", "days_before": "0", "language": "en"}
    )
    assert refused.status_code == 400
    assert ReminderSettings.objects.get(user=recorder).frequency == "weekly"
    assert Client().get("/account/reminders/").status_code == 302  # to the login


def later_text(seed_text: str, session: int, adopted: str) -> str:
    """The seed's series a few sessions on: A/HRC/RES/<session>/6, adopted on `adopted`."""
    return next_year(seed_text).replace("35/6", f"{session}/6").replace("22 June 2017", adopted)


def test_a_watched_series_gets_a_message_when_its_next_text_is_imported(
    smtp, seeded, seed_text, django_user_model
):
    import_text(next_year(seed_text))  # 35/6: the seed now has a series
    seeded.refresh_from_db()
    assert seeded.series_id is not None
    reader = django_user_model.objects.create_user(
        "lena", email="lena@example.org", password="a-long-test-password", first_name="Lena"
    )
    client = Client()
    client.force_login(reader)
    page = client.get(seeded.get_absolute_url()).content.decode()
    assert "Watch this series" in page
    response = client.post(
        "/account/watches/", {"series": seeded.series_id, "next": seeded.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == seeded.get_absolute_url()
    assert "Stop watching" in client.get(seeded.get_absolute_url()).content.decode()
    assert send_reminders() == []  # nothing new since the watch began

    import_text(later_text(seed_text, 38, "6 July 2018"))
    listed = StringIO()
    call_command("send_reminders", "--dry-run", stdout=listed)
    assert "new: A/HRC/RES/38/6" in listed.getvalue()
    assert "carried forward: " in listed.getvalue()
    assert len(send_reminders()) == 1
    assert send_reminders() == []
    recipients, message = smtp.messages[0]
    assert recipients == ["lena@example.org"]
    # The new text, and the requests it makes again proposed as carried forward.
    carried = CarriedForward.objects.filter(later__resolution__symbol="A/HRC/RES/38/6")
    fulfilled = FulfilmentProposal.objects.filter(document__symbol="A/HRC/RES/38/6")
    proposals = carried.count() + fulfilled.count()
    assert carried.exists() and fulfilled.exists()
    assert message["Subject"] == (
        "Follow-up: 1 new text in what you watch; "
        f"{proposals} changes and proposals in what you watch"
    )
    text, html = parts(message)
    assert "Proposals, for staff to decide:" in text
    assert (
        "A/HRC/RES/35/6 OP27: made again by A/HRC/RES/38/6 OP27, so proposed as superseded" in text
    )
    assert "A/HRC/RES/35/6 OP27: fulfilled by A/HRC/RES/38/6?" in text
    assert "New texts in what you watch:" in text
    assert (
        "- A/HRC/RES/38/6: Enhancement of international cooperation in the field of human rights"
        in text
    )
    assert "https://tracker.example.org/resolutions/A/HRC/RES/38/6/" in html

    # Watching no more: the next text of the series is not told of.
    client.post("/account/watches/", {"series": seeded.series_id, "action": "unwatch"})
    import_text(later_text(seed_text, 41, "7 July 2019"))
    with at(timezone.localdate() + datetime.timedelta(days=1)):
        assert send_reminders() == []
    assert len(smtp.messages) == 1
    anonymous = Client().post("/account/watches/", {"series": seeded.series_id})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_staff_hear_of_what_others_record_on_their_requests_and_choose_what_to_hear(
    smtp, assigned, administrator, recorder, seeded
):
    ReminderSettings.objects.filter(user=recorder).update(language="en")
    record_follow_up_event(
        assigned, user=administrator, new_status=FollowUpStatus.IN_PROGRESS, note="Draft sent"
    )
    record_follow_up_event(assigned, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    assert len(send_reminders()) == 1
    _, message = smtp.messages[0]
    # Overdue (due 2017), and what the administrator recorded: the assignment, the change.
    assert message["Subject"] == (
        "Follow-up: 1 request needs your attention; "
        "2 changes and proposals on requests assigned to you"
    )
    text, _html = parts(message)
    assert "A/HRC/RES/32/6 OP27: Pending → In progress (assigned to you)" in text
    assert "Draft sent" in text
    assert "Assigned to Amina Diallo." in text  # internal, and she may read it

    client = Client()
    client.force_login(recorder)
    form = client.get("/account/reminders/").content.decode()
    assert "status changes and proposals on the requests assigned to me" in form.lower()
    response = client.post(
        "/account/reminders/",
        {"frequency": "immediate", "days_before": 14, "language": "en", "about_watched": "on"},
    )
    assert response.status_code == 302
    chosen = ReminderSettings.objects.get(user=recorder)
    assert (chosen.about_due, chosen.about_assigned, chosen.about_watched) == (False, False, True)
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    FollowUp.objects.filter(pk=op16.pk).update(assigned_to=recorder, due_on=assigned.due_on)
    record_follow_up_event(assigned, user=administrator, new_status=FollowUpStatus.FULFILLED)
    assert send_reminders() == []  # neither due dates nor news of her requests
    assert len(smtp.messages) == 1
