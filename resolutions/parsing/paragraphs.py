"""Preambular and operative paragraphs, and the verb phrase each one opens with.

Preambular paragraphs (PP) are unnumbered and open with a participle or adjective
("Recalling also", "Guided by", "Deeply concerned"); operative paragraphs (OP) are numbered
and open with a verb in the present tense ("Also requests", "Takes note", "Calls upon").
Sub-paragraphs ("(a) ...") stay inside the paragraph they belong to.
"""

from __future__ import annotations

import re

from .cleanup import Unit
from .footnotes import strip_markers
from .types import Paragraph

_NUMBERED = re.compile(r"^(?P<number>[0-9]{1,3})\.\s+(?P<text>.*)$", re.DOTALL)
_SUB_PARAGRAPH = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*")

_ADVERBS = {"also", "further", "again", "once", "moreover", "furthermore", "more"}
# Words that complete a lead: "Takes note", "Calls upon", "Bearing in mind", "Guided by".
_PARTICLES = {
    "take": ("note", "into account", "into consideration"),
    "takes": ("note", "into account", "into consideration"),
    "taking": ("note", "into account", "into consideration"),
    "call": ("upon", "on"),
    "calls": ("upon", "on"),
    "calling": ("upon", "on"),
    "bear": ("in mind",),
    "bears": ("in mind",),
    "bearing": ("in mind",),
    "keeping": ("in mind",),
    "guided": ("by",),
}
_WITH_FEELING = re.compile(
    r"\s+with\s+(?:(?:deep|grave|great|serious|particular)\s+)?"
    r"(?:concern|appreciation|satisfaction|interest|regret)\b",
    re.IGNORECASE,
)
_TRAILING_ADVERB = re.compile(r"\s+(?:also|further|again)\b")
_PREAMBULAR_ADJECTIVES = {
    "aware", "mindful", "convinced", "concerned", "conscious", "determined", "alarmed",
    "cognizant", "desirous", "guided", "having", "bearing", "taking", "keeping", "noting",
    "acknowledging", "appalled", "disturbed", "encouraged", "reaffirming", "recalling",
}  # fmt: skip


def build(units: list[Unit]) -> list[Paragraph]:
    """Paragraphs, labelled PP1.. and OP1.., in order. Footnote markers stay in the text."""
    paragraphs: list[Paragraph] = []
    preambular = 0
    for unit in units:
        text = unit.text.replace("*", "")
        numbered = _NUMBERED.match(text)
        if numbered:
            number = int(numbered.group("number"))
            body = numbered.group("text").strip()
            paragraphs.append(Paragraph(f"OP{number}", "operative", number, lead_of(body), body))
        elif paragraphs and (_SUB_PARAGRAPH.match(text) or paragraphs[-1].kind == "operative"):
            # Sub-paragraphs, and unnumbered text after the first operative paragraph, belong
            # to the paragraph before them.
            paragraphs[-1].text = f"{paragraphs[-1].text} {text}"
        else:
            preambular += 1
            paragraphs.append(Paragraph(f"PP{preambular}", "preambular", None, lead_of(text), text))
    if not any(paragraph.kind == "operative" for paragraph in paragraphs):
        return _number_unnumbered_operatives(paragraphs)
    return paragraphs


def _number_unnumbered_operatives(paragraphs: list[Paragraph]) -> list[Paragraph]:
    # A resolution with a single operative paragraph may leave it unnumbered, and web copies
    # sometimes lose the numbers: the operative part then starts at the first present-tense verb.
    first = next(
        (index for index, paragraph in enumerate(paragraphs) if looks_operative(paragraph.lead)),
        None,
    )
    if first is None:
        return paragraphs
    result = paragraphs[:first]
    for number, paragraph in enumerate(paragraphs[first:], start=1):
        result.append(Paragraph(f"OP{number}", "operative", number, paragraph.lead, paragraph.text))
    return result


def lead_of(text: str) -> str:
    """The opening verb phrase as written: "Recalling also", "Guided by", "Also requests"."""
    text, _ = strip_markers(text)
    words = [match for match in _WORDS.finditer(text)][:12]
    if not words:
        return ""

    def adjacent(index: int) -> bool:
        # Lead words follow each other with nothing but spaces between them: a comma ends it.
        return (
            index < len(words) and not text[words[index - 1].end() : words[index].start()].strip()
        )

    index = 0
    while index + 1 < len(words) and is_adverb(words[index].group(0)) and adjacent(index + 1):
        index += 1
    end = words[index].end()
    main = words[index].group(0).lower()
    index += 1

    if main == "having" and adjacent(index):
        end = words[index].end()
        index += 1
    if index < len(words) and adjacent(index) and words[index].group(0).lower() in _ADVERBS:
        end = words[index].end()
        index += 1
    for particle in _PARTICLES.get(main, ()):
        match = re.compile(rf"\s+{particle.replace(' ', r'\s+')}\b", re.IGNORECASE).match(text, end)
        if match:
            end = match.end()
            break
    feeling = _WITH_FEELING.match(text, end)
    if feeling:
        end = feeling.end()
    trailing = _TRAILING_ADVERB.match(text, end)
    if trailing and not text[:end].lower().endswith(("also", "further", "again")):
        end = trailing.end()
    return text[:end]


def is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in _ADVERBS or (len(lowered) > 4 and lowered.endswith("ly"))


def _core_word(lead: str) -> str:
    words = lead.split()
    while len(words) > 1 and is_adverb(words[0]):
        words.pop(0)
    return words[0].lower() if words else ""


def looks_operative(lead: str) -> bool:
    """Whether a lead is a present-tense verb ("Requests", "Also takes note")."""
    word = _core_word(lead)
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ous", "ss", "ings"))
        and word not in _PREAMBULAR_ADJECTIVES
    )


def looks_like_paragraph_start(text: str) -> bool:
    """Whether a line could open a preambular or operative paragraph, judged by its lead."""
    lead = lead_of(text)
    word = _core_word(lead)
    if not lead or not lead[:1].isupper():
        return False
    return word.endswith(("ing", "ed")) or word in _PREAMBULAR_ADJECTIVES or looks_operative(lead)
