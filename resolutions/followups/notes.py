"""Notes on paragraphs: written, edited and deleted here and nowhere else, so that each
change leaves a revision with who and when."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.access import can_record
from resolutions.models import (
    NoteChange,
    NoteVisibility,
    Paragraph,
    ParagraphNote,
    ParagraphNoteRevision,
)


def _checked(user, text: str, visibility: str) -> str:
    if not can_record(user):
        raise PermissionDenied(_("You may not write notes."))
    if visibility not in NoteVisibility.values:
        raise ValueError(_("Choose whether the note is internal or public."))
    text = text.strip()
    if not text:
        raise ValueError(_("A note needs a text."))
    return text


def _revise(note, user, change, now) -> ParagraphNoteRevision:
    return ParagraphNoteRevision.objects.create(
        note=note,
        change=change,
        text=note.text,
        visibility=note.visibility,
        user=user,
        user_name=user.get_full_name() or user.get_username(),
        created_at=now,
    )


@transaction.atomic
def add_note(
    paragraph: Paragraph, *, user, text: str, visibility: str = NoteVisibility.INTERNAL
) -> ParagraphNote:
    text = _checked(user, text, visibility)
    now = timezone.now()
    note = ParagraphNote.objects.create(
        resolution_id=paragraph.resolution_id,
        paragraph=paragraph,
        recorded_label=paragraph.label,
        recorded_text=paragraph.text,
        author=user,
        author_name=user.get_full_name() or user.get_username(),
        text=text,
        visibility=visibility,
        created_at=now,
        updated_at=now,
    )
    _revise(note, user, NoteChange.CREATED, now)
    return note


def _locked(note: ParagraphNote) -> ParagraphNote:
    locked = ParagraphNote.objects.current().select_for_update().filter(pk=note.pk).first()
    if locked is None:
        raise ValueError(_("This note was deleted meanwhile; nothing was changed."))
    return locked


@transaction.atomic
def edit_note(note: ParagraphNote, *, user, text: str, visibility: str) -> ParagraphNote:
    text = _checked(user, text, visibility)
    note = _locked(note)
    now = timezone.now()
    note.text, note.visibility, note.updated_at = text, visibility, now
    note.save(update_fields=["text", "visibility", "updated_at"])
    _revise(note, user, NoteChange.EDITED, now)
    return note


@transaction.atomic
def delete_note(note: ParagraphNote, *, user) -> ParagraphNote:
    if not can_record(user):
        raise PermissionDenied(_("You may not write notes."))
    note = _locked(note)
    now = timezone.now()
    note.deleted_at = note.updated_at = now
    note.save(update_fields=["deleted_at", "updated_at"])
    _revise(note, user, NoteChange.DELETED, now)
    return note
