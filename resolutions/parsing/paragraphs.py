"""Preambular and operative paragraphs, their sub-paragraphs, and the verb phrase each opens with.

Preambular paragraphs (PP) are unnumbered and open with a participle or adjective
("Recalling also", "Guided by", "Deeply concerned"); operative paragraphs (OP) are numbered
and open with a verb in the present tense ("Also requests", "Takes note", "Calls upon").
Sub-paragraphs "(a)", "(b)" and their "(i)", "(ii)" become children labelled "OP7(a)",
"OP7(a)(ii)"; the parent keeps its chapeau.

A text whose operative part is a single paragraph may leave it unnumbered: the first
paragraph that opens with a present-tense verb then becomes OP1 (number 1), and so do the
ones after it, numbered on.
"""

from __future__ import annotations

import re

from .cleanup import Unit
from .footnotes import strip_markers
from .types import Paragraph
from .units import is_complete
from .vocabulary import ADVERBS, OPERATIVE, PREAMBULAR

_NUMBERED = re.compile(r"^(?P<number>[0-9]{1,6})\.\s+(?P<text>.*)$", re.DOTALL)
_SUB_PARAGRAPH = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,6})\)\s+(?P<text>.*)$", re.DOTALL)
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")

# Words that complete a lead: "Takes note", "Calls upon", "Bearing in mind", "Guided by".
_PARTICLES = {
    "take": ("note", "into account", "into consideration"),
    "takes": ("note", "into account", "into consideration"),
    "taking": ("note", "into account", "into consideration"),
    "call": ("upon", "on", "for"),
    "calls": ("upon", "on", "for"),
    "calling": ("upon", "on", "for"),
    "bear": ("in mind",),
    "bears": ("in mind",),
    "bearing": ("in mind",),
    "keeping": ("in mind",),
    "guided": ("by",),
    "pays": ("tribute",),
    "paying": ("tribute",),
    "draws": ("attention",),
    "drawing": ("attention",),
    "looks": ("forward",),
    "looking": ("forward",),
}
_PARTICLE_PATTERNS = {
    word: tuple(
        re.compile(rf"\s+{particle.replace(' ', r'\s+')}\b", re.IGNORECASE)
        for particle in particles
    )
    for word, particles in _PARTICLES.items()
}
_WITH_FEELING = re.compile(
    r"\s+with\s+(?:(?:deep|grave|great|serious|particular|profound|utmost)\s+)?"
    r"(?:concern|appreciation|satisfaction|interest|regret|alarm|gratitude)\b",
    re.IGNORECASE,
)
_TRAILING_ADVERB = re.compile(r"\s+(?:also|further|again)\b")
_PREAMBULAR_ADJECTIVES = PREAMBULAR


def build(units: list[Unit]) -> tuple[list[Paragraph], list[str]]:
    """Paragraphs labelled PP1.. and OP1.., in order, and warnings. Markers stay in the text."""
    paragraphs: list[Paragraph] = []
    warnings: list[str] = []
    preambular = 0
    seen_numbers: set[int] = set()
    for unit in units:
        text = unit.text.replace("*", "") if "*" in unit.text else unit.text
        numbered = _NUMBERED.match(text)
        if (
            numbered
            and len(numbered.group("number")) > 3
            and (int(numbered.group("number")) != max(seen_numbers, default=0) + 1)
        ):
            # "2015. It ..." opening a wrapped line is a year ending a sentence; a paragraph
            # number of four digits or more is believed only where it continues the numbering.
            numbered = None
        if numbered:
            number = int(numbered.group("number"))
            body = numbered.group("text").strip()
            label = f"OP{number}"
            if number in seen_numbers:
                warnings.append(f"line {unit.line}: operative paragraph {number} appears twice")
                label = f"OP{number}-{sum(1 for p in paragraphs if p.number == number) + 1}"
            elif seen_numbers and number != max(seen_numbers) + 1:
                warnings.append(
                    f"line {unit.line}: operative paragraph {number} follows {max(seen_numbers)}"
                )
            seen_numbers.add(number)
            paragraphs.append(Paragraph(label, "operative", number, lead_of(body), body))
            continue
        sub = _SUB_PARAGRAPH.match(text)
        if sub and paragraphs:
            _add_sub(paragraphs[-1], sub.group("label"), sub.group("text").strip())
            continue
        if paragraphs and (
            paragraphs[-1].kind == "operative"
            and not looks_operative(lead_of(text))
            or not is_complete(_deepest(paragraphs[-1]).text)
        ):
            # Unnumbered text after an operative paragraph, or after an unfinished one, is
            # the rest of the paragraph before it: the closing words after its sub-paragraphs.
            target = _deepest(paragraphs[-1])
            if target is not paragraphs[-1] and text[:1].isupper():
                target = paragraphs[-1]
            target.text = f"{target.text} {text}"
            continue
        if paragraphs and paragraphs[-1].kind == "operative":
            # A present-tense paragraph after a numbered one lost its number: number it on.
            number = max(seen_numbers) + 1 if seen_numbers else 1
            seen_numbers.add(number)
            warnings.append(f"line {unit.line}: unnumbered operative paragraph read as OP{number}")
            paragraphs.append(Paragraph(f"OP{number}", "operative", number, lead_of(text), text))
            continue
        preambular += 1
        paragraphs.append(Paragraph(f"PP{preambular}", "preambular", None, lead_of(text), text))
    if not any(paragraph.kind == "operative" for paragraph in paragraphs):
        return _number_unnumbered_operatives(paragraphs), warnings
    return paragraphs, warnings


def _deepest(paragraph: Paragraph) -> Paragraph:
    while paragraph.subparagraphs:
        paragraph = paragraph.subparagraphs[-1]
    return paragraph


def _add_sub(parent: Paragraph, label: str, text: str) -> None:
    children = parent.subparagraphs
    last = children[-1] if children else None
    if last is not None and _is_roman_child(label, last):
        grandchildren = last.subparagraphs
        grandchildren.append(Paragraph(f"{last.label}({label})", last.kind, None, "", text))
        return
    children.append(Paragraph(f"{parent.label}({label})", parent.kind, None, "", text))


def _is_roman_child(label: str, last: Paragraph) -> bool:
    # "(i)" after "(h)" is the ninth letter; after any other letter it opens a list of
    # romans. "(v)" and "(x)" likewise, after "(u)" and "(w)".
    if not _ROMAN.match(label):
        return False
    previous = last.label.rsplit("(", 1)[-1].rstrip(")")
    if len(label) == 1 and len(previous) == 1 and ord(label) == ord(previous) + 1:
        return False
    if last.subparagraphs:
        return True
    return label == "i"


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
        label = f"OP{number}"
        result.append(
            Paragraph(
                label,
                "operative",
                number,
                paragraph.lead,
                paragraph.text,
                _relabel(paragraph.subparagraphs, paragraph.label, label, "operative"),
            )
        )
    return result


def _relabel(children: list[Paragraph], old: str, new: str, kind: str) -> list[Paragraph]:
    return [
        Paragraph(
            new + child.label[len(old) :],
            kind,
            None,
            "",
            child.text,
            _relabel(child.subparagraphs, old, new, kind),
        )
        for child in children
    ]


def lead_of(text: str) -> str:
    """The opening verb phrase as written: "Recalling also", "Guided by", "Also requests"."""
    fast = _plain_lead(text)
    if fast:
        return fast
    text, _ = strip_markers(text[:200])
    words = []
    for match in _WORDS.finditer(text):
        words.append(match)
        if len(words) == 12:
            break
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
    if index < len(words) and adjacent(index) and words[index].group(0).lower() in ADVERBS:
        end = words[index].end()
        index += 1
    for pattern in _PARTICLE_PATTERNS.get(main, ()):
        match = pattern.match(text, end)
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


def _plain_lead(text: str) -> str:
    # Most leads are one plain word followed by an ordinary one ("Recognizing that"): found
    # without the general machinery below, which this parser otherwise runs for every paragraph.
    space = text.find(" ")
    if space <= 0:
        return ""
    word = text[:space]
    lowered = word.lower()
    if (
        not word.isalpha()
        or lowered in ADVERBS
        or lowered in _PARTICLES
        or lowered == "having"
        or lowered.endswith("ly")
    ):
        return ""
    following = text[space + 1 : space + 12].split(" ", 1)[0].lower()
    if not following.isalpha() or following in ADVERBS or following == "with":
        return ""
    return word


def is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in ADVERBS or (len(lowered) > 4 and lowered.endswith("ly"))


def _core_word(lead: str) -> str:
    words = lead.split()
    while len(words) > 1 and is_adverb(words[0]):
        words.pop(0)
    return words[0].lower() if words else ""


def looks_operative(lead: str) -> bool:
    """Whether a lead is a present-tense verb ("Requests", "Also takes note")."""
    word = _core_word(lead)
    if word in OPERATIVE:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ous", "ss", "ings"))
        and word not in _PREAMBULAR_ADJECTIVES
    )


def looks_preambular(lead: str) -> bool:
    """Whether a lead is a participle or adjective of the preamble, known or -ing/-ed."""
    word = _core_word(lead)
    return word in PREAMBULAR or word.endswith(("ing", "ed"))


def looks_like_paragraph_start(text: str) -> bool:
    """Whether a line could open a preambular or operative paragraph, judged by its lead."""
    lead = lead_of(text)
    if not lead or not lead[:1].isupper():
        return False
    return looks_preambular(lead) or looks_operative(lead)
