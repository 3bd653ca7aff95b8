"""Which paragraph of a new text each note on a resolution is on.

A re-import may renumber, reword or drop paragraphs, and paragraph rows are reused by label
(rows.store_paragraphs), so notes are freed from their rows before the new text is stored
and re-attached by what their paragraph said: the same label with the same text first, then
the same text under another label, then the same label with a similar text, then the most
similar text elsewhere (matching.SAME_REQUEST, as for follow-ups). A note that nothing
matches stays on the resolution with the label and text it was written on; a later text
that has that paragraph again (an earlier text restored) takes it back.
"""

from resolutions import parsing
from resolutions.importing.matching import SAME_REQUEST, similarity, words
from resolutions.models import ParagraphNote


def place(label: str, text: str, texts: dict[str, str]) -> str | None:
    """The label in `texts` (label -> text of the new text) a note written on paragraph
    `label` reading `text` belongs to, or None when no paragraph is it."""
    if texts.get(label) == text:
        return label
    for other, other_text in texts.items():
        if other_text == text:
            return other
    mine = words(text)
    if label in texts and similarity(mine, words(texts[label])) >= SAME_REQUEST:
        return label
    best, best_score = None, SAME_REQUEST
    for other, other_text in texts.items():
        score = similarity(mine, words(other_text))
        if score >= best_score and (best is None or score > best_score):
            best, best_score = other, score
    return best


def detach_notes(resolution, is_new) -> list[ParagraphNote]:
    """The resolution's notes (deleted ones too), each with the label and text of its
    paragraph copied, freed from the paragraph rows the import is about to change."""
    if is_new:
        return []
    notes = list(
        ParagraphNote.objects.filter(resolution=resolution)
        .select_related("paragraph")
        .select_for_update(of=("self",))
    )
    for note in notes:
        if note.paragraph_id:
            note.recorded_label = note.paragraph.label
            note.recorded_text = note.paragraph.text
            note.paragraph = None
    if notes:
        ParagraphNote.objects.bulk_update(notes, ["paragraph", "recorded_label", "recorded_text"])
    return notes


def attach_notes(notes, parsed: parsing.ParsedResolution, paragraphs: dict) -> None:
    """Re-attach each note to the paragraph (rows by label) of the new text it is on."""
    texts = {p.label: p.text for p in parsed.all_paragraphs()}
    moved = []
    for note in notes:
        label = place(note.recorded_label, note.recorded_text, texts)
        if label is not None and label in paragraphs:
            note.paragraph = paragraphs[label]
            moved.append(note)
    if moved:
        ParagraphNote.objects.bulk_update(moved, ["paragraph"])
