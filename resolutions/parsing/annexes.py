"""The numbered paragraphs of a declaration a resolution adopts and annexes.

"Adopts the following political declaration:" (or "... as contained in the annex") is
followed by a text in the first person plural: "We, Heads of State and Government ...",
then numbered paragraphs that open with a verb ("1. Recognize that ...", "53. Request the
Secretary-General to provide ... a progress report"). Those asks are the resolution's
mandates as much as its own operative paragraphs, so they are read as paragraphs too,
labelled "Annex, para. 53" (sub-paragraphs "Annex, para. 59(c)"). The annex text stays
whole beside them; its headings ("VII. Follow-up") and its unnumbered opening are in it
alone. Annexes that are no declaration (a list of members, a programme of work, a Security
Council's numbered points) are not read this way.
"""

from __future__ import annotations

import re

from . import paragraphs
from .cleanup import Unit
from .types import Paragraph

ANNEX_KIND = "annex"
LABEL_PREFIX = "Annex, para. "

# "We, Heads of State ...", "1. We, the States Members ...", "We, the Ministers": at the
# start of a unit, or after the annex's heading and title when they were joined to it.
_WE = re.compile(r"(?:^|\s)We,\s")
# A heading of the declaration: "VII. Follow-up", "A. Prevention", "Annex", a title line.
_LETTERED = re.compile(r"^(?:[IVXL]{1,7}|[A-Z])\.\s+\S")
# A heading that a paragraph's unit took in at its end: "... by 2030; VII. Follow-up".
_TRAILING_HEADING = re.compile(r"(?<=[;.])\s+(?:[IVXL]{1,7}|[A-Z])\.\s+[A-Z][^.;:,]{0,120}$")
_NUMBERED = re.compile(r"^[0-9]{1,3}\.\s")
_SUB = re.compile(r"^\([a-z]{1,2}\)\s|^\([ivxl]{1,6}\)\s")
# How far into the annex the "We" opening is looked for, in units.
_OPENING_WITHIN = 8


def declaration_paragraphs(units: list[Unit]) -> list[Paragraph]:
    """The numbered paragraphs of the annexed declaration in `units`, or [] when the annex
    is not a declaration in the first person plural."""
    if not any(_WE.search(unit.text, 0, 600) for unit in units[:_OPENING_WITHIN]):
        return []
    body = [
        unit._replace(text=_TRAILING_HEADING.sub("", unit.text))
        for unit in units
        if not _is_heading(unit.text)
    ]
    found, _ = paragraphs.build(body)
    result = []
    for paragraph in found:
        if paragraph.kind != "operative" or paragraph.number is None:
            continue
        label = LABEL_PREFIX + paragraph.label.removeprefix("OP")
        result.append(
            Paragraph(
                label,
                ANNEX_KIND,
                paragraph.number,
                paragraph.lead,
                paragraph.text,
                _relabel(paragraph.subparagraphs, paragraph.label, label),
            )
        )
    return result


def _relabel(children: list[Paragraph], old: str, new: str) -> list[Paragraph]:
    return [
        Paragraph(
            new + child.label[len(old) :],
            ANNEX_KIND,
            None,
            child.lead,
            child.text,
            _relabel(child.subparagraphs, old, new),
        )
        for child in children
    ]


def _is_heading(text: str) -> bool:
    if _NUMBERED.match(text) or _SUB.match(text):
        return False
    if _LETTERED.match(text):
        return True
    # A title or a heading: short, and no sentence's end or clause's end closes it.
    return len(text) < 160 and not text.rstrip().endswith((".", ";", ",", ":"))
