"""Notes on paragraphs: the one write path, its permission and history, and notes carried
to their paragraph across re-imports and back when an import is undone."""

import pytest
from django.core.exceptions import PermissionDenied

from resolutions.followups.notes import add_note, delete_note, edit_note
from resolutions.importing.texts import import_text, restore_version
from resolutions.models import (
    NoteChange,
    NoteVisibility,
    Paragraph,
    ParagraphNote,
    ResolutionVersion,
)
from tests.test_reimport import operative_line, renumbered


def note_on(resolution, label, user, text="Check with the Office.", **kwargs):
    return add_note(resolution.paragraphs.get(label=label), user=user, text=text, **kwargs)


def test_a_note_is_internal_by_default_and_each_change_is_a_revision(seeded, recorder):
    note = note_on(seeded, "OP19", recorder)
    assert note.visibility == NoteVisibility.INTERNAL
    assert note.author_name == "Amina Diallo"
    edit_note(note, user=recorder, text="Checked: report due.", visibility=NoteVisibility.PUBLIC)
    delete_note(note, user=recorder)
    note.refresh_from_db()
    assert note.text == "Checked: report due." and note.deleted_at is not None
    assert not ParagraphNote.objects.current().filter(pk=note.pk).exists()
    changes = list(note.revisions.order_by("id").values_list("change", "text", "user_name"))
    assert changes == [
        (NoteChange.CREATED, "Check with the Office.", "Amina Diallo"),
        (NoteChange.EDITED, "Checked: report due.", "Amina Diallo"),
        (NoteChange.DELETED, "Checked: report due.", "Amina Diallo"),
    ]


def test_only_those_who_record_follow_up_write_notes(seeded, recorder, staff_without_permission):
    with pytest.raises(PermissionDenied):
        note_on(seeded, "OP19", staff_without_permission)
    note = note_on(seeded, "OP19", recorder)
    with pytest.raises(PermissionDenied):
        edit_note(note, user=staff_without_permission, text="x", visibility="public")
    with pytest.raises(PermissionDenied):
        delete_note(note, user=staff_without_permission)
    with pytest.raises(ValueError):
        note_on(seeded, "OP19", recorder, text="   ")
    with pytest.raises(ValueError):
        note_on(seeded, "OP19", recorder, visibility="secret")
    assert note.revisions.count() == 1


def test_a_note_follows_its_paragraph_when_the_paragraph_moves_number(seeded, seed_text, recorder):
    op17_text = seeded.paragraphs.get(label="OP17").text
    note = note_on(seeded, "OP17", recorder)
    new_op16 = "- 16. Requests the Office of the High Commissioner to report annually.\n"
    import_text(renumbered(seed_text, 16, 1).replace("- 17. Requests", new_op16 + "- 17. Requests"))
    note.refresh_from_db()
    assert note.paragraph.label == "OP18"
    assert note.paragraph.text == op17_text
    # The row labelled OP17 now holds another text, without the note.
    assert not Paragraph.objects.get(resolution=seeded, label="OP17").notes.exists()


def test_a_note_on_a_removed_paragraph_is_kept_and_an_undo_brings_it_back(
    seeded, seed_text, recorder
):
    op27 = seeded.paragraphs.get(label="OP27")
    note = note_on(seeded, "OP27", recorder)
    import_text(seed_text.replace(operative_line(seed_text, 27), ""))
    note.refresh_from_db()
    assert note.paragraph is None
    assert (note.recorded_label, note.recorded_text) == ("OP27", op27.text)
    assert note.label == "OP27" and ParagraphNote.objects.filter(resolution=seeded).count() == 1
    restore_version(ResolutionVersion.objects.filter(resolution=seeded).latest("pk"), user=recorder)
    note.refresh_from_db()
    assert note.paragraph is not None and note.paragraph.label == "OP27"
    assert note.paragraph.text == op27.text
