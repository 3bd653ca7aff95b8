"""Notes staff write on a paragraph: internal unless made public, with every earlier text
kept as a revision, and kept on the resolution when a re-import drops their paragraph."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models.texts import Paragraph, Resolution


class NoteVisibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class NoteChange(models.TextChoices):
    CREATED = "created", _("Written")
    EDITED = "edited", _("Edited")
    DELETED = "deleted", _("Deleted")


class ParagraphNoteQuerySet(models.QuerySet):
    def current(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to_public(self):
        return self.current().filter(visibility=NoteVisibility.PUBLIC)


class ParagraphNote(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="notes")
    # Empty when a re-import dropped the paragraph: `recorded_label` and `recorded_text`
    # keep the paragraph it was written on (importing/notes.py re-attaches it by text).
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    recorded_label = models.CharField(max_length=30, blank=True)
    recorded_text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    author_name = models.CharField(max_length=150, blank=True)
    text = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=NoteVisibility, default=NoteVisibility.INTERNAL
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # A deleted note is kept with its history, left out of every page.
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ParagraphNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("paragraph note")
        verbose_name_plural = _("paragraph notes")

    def __str__(self):
        return f"{self.resolution_id} {self.label}: {self.text[:40]}"

    @property
    def label(self) -> str:
        return self.paragraph.label if self.paragraph_id else self.recorded_label

    @property
    def is_public(self) -> bool:
        return self.visibility == NoteVisibility.PUBLIC


class ParagraphNoteRevision(models.Model):
    """One change of a note: what it said after the change, who made it and when."""

    note = models.ForeignKey(ParagraphNote, on_delete=models.CASCADE, related_name="revisions")
    change = models.CharField(max_length=10, choices=NoteChange)
    text = models.TextField()
    visibility = models.CharField(max_length=10, choices=NoteVisibility)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    user_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("paragraph note revision")
        verbose_name_plural = _("paragraph note revisions")

    def __str__(self):
        return f"{self.note_id} {self.change} {self.created_at:%Y-%m-%d %H:%M}"
