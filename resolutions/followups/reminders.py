"""Reminders by e-mail: each staff member who may record follow-up hears of the requests
assigned to them that come due (a number of days before the due date, their choice) or
fall overdue, and anyone with an account hears of the news in what they watch
(followups/watching.py): at once, or in a daily or weekly digest, in their language.

`send_reminders(now)` is what `manage.py send_reminders` runs, from cron or by hand. It is
idempotent: one digest per person and period at most (ReminderDigest; news sent at once
is a period of its own), each request told of once for each due date (ReminderNotice),
and each piece of news once (WatchNotice). A digest is recorded in the transaction that
sends it: if the SMTP server refuses or the process stops, nothing is recorded and the
next run sends it. For those who hear at once, whatever records news calls `after_news`,
which queues `send_news_at_once` for the worker (`manage.py db_worker`) when the
transaction commits. Nothing internal goes out: a digest names the request, its due date
and its status, never an internal note, and an internal event is news to staff only.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolutions.access import recorders
from resolutions.followups import watching
from resolutions.models import (
    FollowUp,
    NoticeKind,
    ReminderDigest,
    ReminderFrequency,
    ReminderNotice,
    ReminderSettings,
    Watch,
    WatchNotice,
)

UNSUBSCRIBE_SALT = "resolutions.reminders.unsubscribe"

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: object
    settings: ReminderSettings
    period: str
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    news: watching.News = field(default_factory=watching.News)

    @property
    def notices(self) -> list[tuple[FollowUp, str]]:
        return [(f, NoticeKind.DUE_SOON) for f in self.due_soon] + [
            (f, NoticeKind.OVERDUE) for f in self.overdue
        ]


def settings_of(user) -> ReminderSettings:
    """The person's choice, or the defaults (not saved) when they made none."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


def period_of(frequency: str, now: datetime.datetime) -> str | None:
    """The period a digest sent now belongs to; None when none is due now (a weekly
    digest goes out on Mondays). News sent at once is a period of its own, to the
    microsecond: what was told is kept by WatchNotice."""
    today = timezone.localdate(now)
    if frequency == ReminderFrequency.IMMEDIATE:
        return timezone.localtime(now).replace(tzinfo=None).isoformat(timespec="microseconds")
    if frequency == ReminderFrequency.DAILY:
        return today.isoformat()
    if frequency == ReminderFrequency.WEEKLY and today.weekday() == 0:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def _told(user, follow_ups) -> set[tuple[int, str, datetime.date]]:
    """What `user` was told of these requests already: (request, kind, due date)."""
    notices = ReminderNotice.objects.filter(digest__user=user, follow_up__in=follow_ups)
    return set(notices.values_list("follow_up", "kind", "due_on"))


def digest_for(user, now: datetime.datetime) -> Digest | None:
    """What `user`, one of `recipients()`, should hear now, or None: nothing new, no
    period due, or no reminders."""
    chosen = settings_of(user)
    period = period_of(chosen.frequency, now)
    if period is None:
        return None
    today = timezone.localdate(now)
    assigned = (
        FollowUp.objects.open()
        .filter(assigned_to=user, due_on__isnull=False)
        .select_related("resolution", "paragraph", "due_session__body")
        .defer("resolution__source_text", "resolution__annex")
        .order_by("due_on", "id")
    )
    horizon = today + datetime.timedelta(days=chosen.days_before)
    coming = list(assigned.filter(due_on__lte=horizon)) if chosen.about_due else []
    told = _told(user, coming)
    digest = Digest(user, chosen, period)
    for follow_up in coming:
        kind = NoticeKind.OVERDUE if follow_up.due_on < today else NoticeKind.DUE_SOON
        if (follow_up.pk, kind, follow_up.due_on) in told:
            continue
        (digest.overdue if kind == NoticeKind.OVERDUE else digest.due_soon).append(follow_up)
    digest.news = watching.news_for(
        user, watched=chosen.about_watched, assigned=chosen.about_assigned
    )
    return digest if digest.notices or digest.news else None


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_of_token(token: str):
    """The person an unsubscribe link was made for, or None for a link that was not."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def message_for(digest: Digest) -> EmailMultiAlternatives:
    """The e-mail, plain text and HTML, in the recipient's language."""
    unsubscribe = settings.SITE_URL + reverse(
        "unsubscribe_reminders", args=[unsubscribe_token(digest.user)]
    )
    with translation.override(digest.settings.language):
        parts = []
        if digest.notices:
            parts.append(
                ngettext(
                    "%(count)d request needs your attention",
                    "%(count)d requests need your attention",
                    len(digest.notices),
                )
                % {"count": len(digest.notices)}
            )
        if digest.news.texts:
            parts.append(
                ngettext(
                    "%(count)d new text in what you watch",
                    "%(count)d new texts in what you watch",
                    len(digest.news.texts),
                )
                % {"count": len(digest.news.texts)}
            )
        assigned = digest.news.assigned_count
        if watched := len(digest.news) - len(digest.news.texts) - assigned:
            parts.append(
                ngettext(
                    "%(count)d change or proposal in what you watch",
                    "%(count)d changes and proposals in what you watch",
                    watched,
                )
                % {"count": watched}
            )
        if assigned:
            parts.append(
                ngettext(
                    "%(count)d change or proposal on requests assigned to you",
                    "%(count)d changes and proposals on requests assigned to you",
                    assigned,
                )
                % {"count": assigned}
            )
        subject = _("Follow-up: %(what)s") % {"what": "; ".join(parts)}
        context = {
            "digest": digest,
            "name": digest.user.get_full_name() or digest.user.get_username(),
            "site": settings.SITE_URL,
            "unsubscribe": unsubscribe,
            "preferences": settings.SITE_URL + reverse("reminder_settings"),
            "organisation": settings.TRACKER_ORGANISATION,
        }
        text = render_to_string("email/reminders.txt", context)
        html = render_to_string("email/reminders.html", context)
    message = EmailMultiAlternatives(subject, text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    # One click, as mail programs offer it (RFC 8058): they POST to the link.
    message.extra_headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": digest.settings.language,
    }
    return message


def send_digest(digest: Digest, now) -> ReminderDigest | None:
    """Send one digest and record it, or record nothing if it could not be sent. Another
    run that sent this period's digest meanwhile wins: this one sends nothing."""
    record, created = ReminderDigest.objects.select_for_update().get_or_create(
        user=digest.user,
        period=digest.period,
        defaults={
            "sent_at": now,
            "recipient": digest.user.email,
            "notice_count": len(digest.notices) + len(digest.news),
        },
    )
    if not created:
        return None
    ReminderNotice.objects.bulk_create(
        ReminderNotice(digest=record, follow_up=follow_up, kind=kind, due_on=follow_up.due_on)
        for follow_up, kind in digest.notices
    )
    WatchNotice.objects.bulk_create(digest.news.notices(record))
    # Last: an SMTP error rolls back the record, and the next run sends it again.
    message_for(digest).send(fail_silently=False)
    return record


def send_reminders(now=None, *, frequencies=None) -> list[ReminderDigest]:
    """Every digest due now (of those who chose one of `frequencies`, or of everyone),
    each sent at most once for its period."""
    now = now or timezone.now()
    people = recipients().select_related("reminder_settings")
    if frequencies is not None:
        people = people.filter(_chose(frequencies))
    sent = []
    for user in people:
        # Most people have nothing to hear: found without a lock. Those who have are taken
        # one at a time, what they were told read again and written under a lock on their
        # row, so that two runs at once (cron and the worker) tell nothing twice.
        if _digest_or_none(user, now) is None:
            continue
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            digest = digest_for(user, now)
            if digest is not None and (record := send_digest(digest, now)) is not None:
                sent.append(record)
    return sent


def _digest_or_none(user, now) -> Digest | None:
    """The person's digest, or None; a watch that cannot be read now (a saved search whose
    filters no longer read) is logged and leaves the others to be sent."""
    try:
        return digest_for(user, now)
    except (DatabaseError, ValueError, TypeError):
        logger.exception("The reminders of %s could not be read; the others are sent.", user)
        return None


def _chose(frequencies) -> Q:
    chosen = Q(reminder_settings__frequency__in=frequencies)
    if ReminderFrequency.DAILY in frequencies:  # without settings, the default
        chosen |= Q(reminder_settings__isnull=True)
    return chosen


@task()
def send_news_at_once() -> int:
    """The worker's run for those who hear of news at once; how many messages it sent."""
    return len(send_reminders(frequencies=[ReminderFrequency.IMMEDIATE]))


def after_news() -> None:
    """Something was recorded that watchers may hear of (an event, a text, a proposal):
    once the current transaction commits, the worker tells those who hear at once. One
    task for a transaction, however much it records (a bulk change, an import)."""
    connection = transaction.get_connection()
    if not any(func == _queue_news for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_queue_news)


def _queue_news() -> None:
    # Asked once the transaction commits, not at each thing it records.
    if ReminderSettings.objects.filter(frequency=ReminderFrequency.IMMEDIATE).exists():
        send_news_at_once.enqueue()


def recipients():
    """Who may hear anything: staff who may record follow-up (requests are assigned to
    them), and anyone with an account who watches something; each with an address."""
    watchers = Watch.objects.values("user")
    return (
        get_user_model()
        .objects.filter(is_active=True, email__gt="")
        .filter(Q(pk__in=recorders().order_by().values("pk")) | Q(pk__in=watchers))
        .order_by("pk")
    )


def describe(sent: list[ReminderDigest]) -> str:
    if not sent:
        return _("No reminder was due.")
    return ngettext(
        "Sent %(count)d reminder digest.", "Sent %(count)d reminder digests.", len(sent)
    ) % {"count": len(sent)}
