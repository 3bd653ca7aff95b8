"""What each staff member chooses to hear by e-mail, and what was sent: a digest per period
and a notice per request, so that a run repeated or resumed sends nothing twice
(followups/reminders.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models.followups import FollowUp


class ReminderFrequency(models.TextChoices):
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
    period = models.CharField(max_length=10)
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


class Watch(models.Model):
    """What a person follows: a series, an agenda item or an addressee entity. They hear of
    each new text of it in their digest (followups/reminders.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    series = models.ForeignKey(
        "resolutions.Series", on_delete=models.CASCADE, null=True, blank=True
    )
    agenda_item = models.ForeignKey(
        "resolutions.AgendaItem", on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(series__isnull=False, agenda_item__isnull=True)
                | models.Q(series__isnull=True, agenda_item__isnull=False),
                name="watch_one_target",
            ),
            models.UniqueConstraint(fields=["user", "series"], name="watch_unique_series"),
            models.UniqueConstraint(
                fields=["user", "agenda_item"], name="watch_unique_agenda_item"
            ),
        ]

    def __str__(self):
        return f"{self.user} watches {self.series or self.agenda_item}"

    @property
    def target(self):
        return self.series or self.agenda_item


class WatchNotice(models.Model):
    """A new text told of once to one watcher."""

    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.CASCADE, related_name="watch_notices"
    )
    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="notices")
    resolution = models.ForeignKey(
        "resolutions.Resolution", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("watch notice")
        verbose_name_plural = _("watch notices")
        constraints = [
            models.UniqueConstraint(fields=["watch", "resolution"], name="watch_notice_unique")
        ]

    def __str__(self):
        return f"{self.watch}: {self.resolution}"
