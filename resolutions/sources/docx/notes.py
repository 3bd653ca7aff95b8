"""Footnotes and endnotes: the notes' own parts, and the number the footnotes start from.

Each note's paragraphs are read by the walk (text.py) when its reference is met, so that
notes are numbered in reading order.
"""

from __future__ import annotations

from resolutions.sources.docx.tags import Tags, parse_number, value_of


def read_notes(root, w: Tags, tag: str) -> dict[str, list]:
    """Each note's paragraphs by id; separators and continuation notices left out."""
    if root is None:
        return {}
    notes = {}
    for note in root.iter(tag):
        if note.get(w.type) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        key = note.get(w.id)
        if key is not None:
            notes.setdefault(key, list(note))
    return notes


def first_footnote_number(body, settings, w: Tags) -> int:
    # The first section's footnote properties override the document's, in settings.xml. A
    # General Assembly text taken from a volume numbers its footnotes on from the volume's.
    for properties in (next(body.iter(w.sectPr), None), settings):
        if properties is None:
            continue
        start = properties.find(f"{w.footnotePr}/{w.numStart}")
        if start is not None:
            return max(1, parse_number(value_of(start, w), 1))
    return 1
