"""Reminders by e-mail: each staff member who may record follow-up hears of the requests
assigned to them that come due (a number of days before the due date, their choice) or
fall overdue, in a daily or weekly digest, in their language.

`send_reminders(now)` is what `manage.py send_reminders` runs, from cron or by hand. It is
idempotent: one digest per person and period at most (ReminderDigest), and each request
told of once for each due date (ReminderNotice). A digest is recorded in the transaction
that sends it: if the SMTP server refuses or the process stops, nothing is recorded and
the next run sends it. Nothing internal goes out: a digest names the request, its due date
and its status, never an internal note.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolutions.access import recorders
from resolutions.models import (
    FollowUp,
    NoticeKind,
    ReminderDigest,
    ReminderFrequency,
    ReminderNotice,
    ReminderSettings,
    Resolution,
    Watch,
    WatchNotice,
)

UNSUBSCRIBE_SALT = "resolutions.reminders.unsubscribe"


@dataclass
class Digest:
    user: object
    settings: ReminderSettings
    period: str
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    new_texts: list = field(default_factory=list)  # (watch, resolution)

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


def period_of(frequency: str, today: datetime.date) -> str | None:
    """The period a digest sent today belongs to; None when none is due today (a weekly
    digest goes out on Mondays)."""
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


def digest_for(user, today: datetime.date) -> Digest | None:
    """What `user`, one of `recipients()`, should hear today, or None: nothing new, no
    period due, or no reminders."""
    chosen = settings_of(user)
    period = period_of(chosen.frequency, today)
    if period is None:
        return None
    assigned = (
        FollowUp.objects.open()
        .filter(assigned_to=user, due_on__isnull=False)
        .select_related("resolution", "paragraph", "due_session__body")
        .defer("resolution__source_text", "resolution__annex")
        .order_by("due_on", "id")
    )
    horizon = today + datetime.timedelta(days=chosen.days_before)
    coming = list(assigned.filter(due_on__lte=horizon))
    told = _told(user, coming)
    digest = Digest(user, chosen, period)
    for follow_up in coming:
        kind = NoticeKind.OVERDUE if follow_up.due_on < today else NoticeKind.DUE_SOON
        if (follow_up.pk, kind, follow_up.due_on) in told:
            continue
        (digest.overdue if kind == NoticeKind.OVERDUE else digest.due_soon).append(follow_up)
    digest.new_texts = _new_texts(user)
    return digest if digest.notices or digest.new_texts else None


def _new_texts(user) -> list[tuple[Watch, Resolution]]:
    """The texts stored since each of the person's watches began, in what it watches, not
    told of yet: a text in two watches is told of once."""
    found, seen = [], set()
    for watch in user.watches.select_related("series", "agenda_item__body"):
        texts = Resolution.objects.listed().filter(created_at__gte=watch.created_at)
        texts = (
            texts.filter(series=watch.series)
            if watch.series_id
            else texts.filter(agenda_items=watch.agenda_item)
        )
        told = watch.notices.values("resolution")
        for text in (
            texts.exclude(pk__in=told)
            .exclude(source_text="")
            .only("id", "symbol", "title", "adopted_on", "series")
            .order_by("adopted_on", "id")
        ):
            if text.pk not in seen:
                seen.add(text.pk)
                found.append((watch, text))
    return found


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
        if digest.new_texts:
            parts.append(
                ngettext(
                    "%(count)d new text in what you watch",
                    "%(count)d new texts in what you watch",
                    len(digest.new_texts),
                )
                % {"count": len(digest.new_texts)}
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
    with transaction.atomic():
        record, created = ReminderDigest.objects.select_for_update().get_or_create(
            user=digest.user,
            period=digest.period,
            defaults={
                "sent_at": now,
                "recipient": digest.user.email,
                "notice_count": len(digest.notices) + len(digest.new_texts),
            },
        )
        if not created:
            return None
        ReminderNotice.objects.bulk_create(
            ReminderNotice(digest=record, follow_up=follow_up, kind=kind, due_on=follow_up.due_on)
            for follow_up, kind in digest.notices
        )
        WatchNotice.objects.bulk_create(
            WatchNotice(digest=record, watch=watch, resolution=text)
            for watch, text in digest.new_texts
        )
        # Last: an SMTP error rolls back the record, and the next run sends it again.
        message_for(digest).send(fail_silently=False)
    return record


def send_reminders(now=None) -> list[ReminderDigest]:
    """Every digest due now, each sent at most once for its period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = []
    for user in recipients().select_related("reminder_settings"):
        digest = digest_for(user, today)
        if digest is not None and (record := send_digest(digest, now)) is not None:
            sent.append(record)
    return sent


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
