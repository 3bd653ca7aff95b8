"""Fetches from the UN asked for on a page: who asked for which symbol, and how the
background work (importing/tasks.py) ended."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models.imports import TextImport


class FetchStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being fetched")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class FetchOutcome(models.TextChoices):
    # The values of importing.Outcome, then what a fetch adds.
    IMPORTED = "imported", _("imported")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")
    SKIPPED = "skipped", _("stored already from the same file")
    NOT_FOUND = "not found", _("not found")
    FAILED = "failed", _("failed")


UNFINISHED = (FetchStatus.QUEUED, FetchStatus.RUNNING)


class FetchRequestQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=UNFINISHED)


class FetchRequest(models.Model):
    """One "Fetch from the UN" of a symbol: the ODS's file and the Digital Library's
    record, imported as `manage.py fetch_documents` imports them, by the worker."""

    symbol = models.CharField(max_length=100, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="fetch_requests",
    )
    # Kept apart from the account, so that the record outlives it (as TextImport.actor).
    requested_by_name = models.CharField(max_length=150)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=FetchStatus, default=FetchStatus.QUEUED)
    # The id of the background task (Django's tasks framework) that runs it.
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=FetchOutcome, blank=True)
    # The warnings of the import, or why nothing was stored (in English, as the parser's).
    message = models.TextField(blank=True)
    text_import = models.ForeignKey(
        TextImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FetchRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("fetch from the UN")
        verbose_name_plural = _("fetches from the UN")
        constraints = [
            # One fetch of a symbol at a time: a second click joins the first.
            models.UniqueConstraint(
                fields=["symbol"],
                condition=models.Q(status__in=UNFINISHED),
                name="fetch_request_one_unfinished",
            )
        ]

    def __str__(self):
        return f"{self.symbol}: {self.status} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def waiting_too_long(self) -> bool:
        """Queued for longer than a worker takes to pick a task up: no worker is running."""
        limit = timedelta(seconds=settings.UN_FETCH_WAIT_WARNING)
        return self.status == FetchStatus.QUEUED and timezone.now() - self.requested_at > limit
