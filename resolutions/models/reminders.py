"""What each staff member chooses to hear by e-mail, and what was sent: a digest per period
and a notice per request, so that a run repeated or resumed sends nothing twice
(followups/reminders.py)."""

import functools
import operator

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models.followups import FollowUp


class ReminderFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, each time there is news")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest (Mondays)")
    NEVER = "never", _("No reminders")


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Coming due")
    OVERDUE = "overdue", _("Overdue")


def default_days_before() -> int:
    # A callable, so that the site's setting is read when a row is made, not written into
    # a migration.
    return settings.REMINDER_DAYS_BEFORE


class ReminderSettings(models.Model):
    """One person's choice; without a row, the defaults (a daily digest, the site's number
    of days, the site's language) apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=ReminderFrequency, default=ReminderFrequency.DAILY
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before the due date"),
        default=default_days_before,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # What to hear about: each kind of news can be turned off on its own.
    about_due = models.BooleanField(
        _("requests assigned to me coming due, and falling overdue"), default=True
    )
    about_assigned = models.BooleanField(
        _("status changes and proposals on the requests assigned to me"), default=True
    )
    about_watched = models.BooleanField(
        _("new texts, status changes and proposals in what I watch"), default=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return f"{self.user} {self.frequency}"


class ReminderDigest(models.Model):
    """The e-mail of one period ("2026-12-02", or "2026-W49" for a weekly digest) to one
    person: at most one, whatever runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    # A day ("2026-12-02"), a week ("2026-W49"), or for news sent at once the moment it
    # was sent ("2026-12-02T09:15:04.123456").
    period = models.CharField(max_length=32)
    sent_at = models.DateTimeField()
    recipient = models.EmailField()
    notice_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="reminder_digest_unique_period")
        ]

    def __str__(self):
        return f"{self.user} {self.period}"


class ReminderNotice(models.Model):
    """A request told of once: coming due, or overdue, for the due date it had then (a
    request whose date moves is told of again)."""

    digest = models.ForeignKey(ReminderDigest, on_delete=models.CASCADE, related_name="notices")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind)
    due_on = models.DateField()

    class Meta:
        verbose_name = _("reminder notice")
        verbose_name_plural = _("reminder notices")
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "follow_up", "kind"], name="reminder_notice_unique"
            )
        ]

    def __str__(self):
        return f"{self.follow_up} {self.kind} {self.due_on}"


# What a notice tells of, one per row.
NEWS_FIELDS = ["resolution", "event", "fulfilment", "carried"]
WATCH_TARGETS = ["series", "agenda_item", "resolution", "entity", "saved_search"]


def _one_target() -> models.Q:
    """Exactly one of the targets is set."""
    return functools.reduce(
        operator.or_,
        (
            models.Q(**{f"{name}__isnull": name != chosen for name in WATCH_TARGETS})
            for chosen in WATCH_TARGETS
        ),
    )


class Watch(models.Model):
    """What a person follows: a series, an agenda item, a resolution, an addressee entity
    or one of their saved searches. They hear of its new texts, the status changes of its
    requests and the proposals made for them (followups/watching.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    series = models.ForeignKey(
        "resolutions.Series", on_delete=models.CASCADE, null=True, blank=True
    )
    agenda_item = models.ForeignKey(
        "resolutions.AgendaItem", on_delete=models.CASCADE, null=True, blank=True
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution", on_delete=models.CASCADE, null=True, blank=True
    )
    entity = models.ForeignKey(
        "resolutions.AddresseeEntity", on_delete=models.CASCADE, null=True, blank=True
    )
    saved_search = models.ForeignKey(
        "resolutions.SavedSearch", on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Status changes and proposals are news from this moment: the watch's creation, or for
    # a watch made when only new texts were told, the moment changes began to be.
    changes_since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="watch_one_target"),
            *(
                models.UniqueConstraint(fields=["user", name], name=f"watch_unique_{name}")
                for name in WATCH_TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.user} watches {self.target}"

    @property
    def kind(self) -> str:
        return next(name for name in WATCH_TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)


class WatchNotice(models.Model):
    """One piece of news told once to one person: a new text, a status change (an event)
    or a proposal (of a fulfilment, or that a request was carried forward), in what they
    watch or on a request assigned to them."""

    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.CASCADE, related_name="watch_notices"
    )
    # None for news of a request assigned to the person, which no watch holds, and once the
    # watch is gone: what was told stays told (by the digest's person), through any watch.
    watch = models.ForeignKey(
        Watch, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution", on_delete=models.CASCADE, null=True, related_name="+"
    )
    event = models.ForeignKey(
        "resolutions.FollowUpEvent", on_delete=models.CASCADE, null=True, related_name="+"
    )
    fulfilment = models.ForeignKey(
        "resolutions.FulfilmentProposal", on_delete=models.CASCADE, null=True, related_name="+"
    )
    carried = models.ForeignKey(
        "resolutions.CarriedForward", on_delete=models.CASCADE, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("watch notice")
        verbose_name_plural = _("watch notices")
        constraints = [
            models.UniqueConstraint(fields=["watch", name], name=f"watch_notice_unique_{name}")
            for name in NEWS_FIELDS
        ]

    def __str__(self):
        news = self.resolution or self.event or self.fulfilment or self.carried
        return f"{self.watch or self.digest.user}: {news}"
