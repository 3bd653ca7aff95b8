"""The walk of a Word document's body in reading order: paragraphs with their list
numbers, runs, fields, symbols, note references and tables, into the blocks of text a reader
sees; and warnings for what a reader sees that is not in the text's flow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from resolutions.sources.docx.numbering import level_index
from resolutions.sources.docx.tags import PRIVATE_USE, Tags, is_on, value_of

# Deeper nesting (tables in tables, content controls in content controls) is left out: no
# real document comes near it, and the walk below recurses once per level.
MAX_DEPTH = 40

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Control characters no text holds (XML 1.0 allows C1 and DEL in a part).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Block:
    """One paragraph or table row of the document, as printed."""

    text: str  # a paragraph with its number, or a row's cells joined by tabs
    style: str = ""  # the paragraph's style id ("Heading1", "H1"); "" for a row
    cells: tuple[str, ...] = ()  # a row's cells, each its paragraphs joined by newlines


def _on_attribute(raw: str | None) -> bool:
    """Whether an on/off attribute (w:customMarkFollows="1") is set."""
    return raw is not None and raw.lower() in ("1", "true", "on")


# The walk ------------------------------------------------------------------------------------


class Reader:
    """Walks the body in reading order; numbering, notes and fields keep state across it."""

    def __init__(self, w, styles, numbering, footnotes, endnotes, first_footnote, body):
        self.w = w
        self.styles = styles
        self.numbering = numbering
        self.notes = {"footnote": footnotes, "endnote": endnotes}
        # Endnotes are numbered after the footnotes, which are counted first.
        footnotes_numbered = {
            reference.get(w.id)
            for reference in body.iter(w.footnoteReference)
            if reference.get(w.id) in footnotes
            and not _on_attribute(reference.get(w.customMarkFollows))
        }
        self.next_number = {
            "footnote": first_footnote,
            "endnote": first_footnote + len(footnotes_numbered),
        }
        self.numbers: dict[tuple[str, str], int] = {}  # (kind, id) -> number printed
        self.custom: list[tuple[str, str]] = []  # (kind, id) of notes with a mark of their own
        self.custom_marks: dict[tuple[str, str], str] = {}
        self.pending_mark: tuple[str, str] | None = None
        # Complex fields (fldChar begin / separate / end) span runs and even paragraphs: only
        # the result between separate and end shows, the instruction before it does not.
        self.fields: list[bool] = []  # per open field: whether its result has begun
        self.in_note = False
        self.too_deep = False
        self.warnings: list[str] = []

    # Blocks

    def blocks(self, container, depth: int = 0) -> Iterator[Block]:
        w = self.w
        if depth > MAX_DEPTH:
            self._too_deep()
            return
        for element in container:
            tag = element.tag
            if tag == w.p:
                block = self.paragraph(element)
                if block is not None:
                    yield block
            elif tag == w.tbl:
                yield from self.table(element, depth + 1)
            elif tag == w.sdt:
                content = element.find(w.sdtContent)
                if content is not None:
                    yield from self.blocks(content, depth + 1)
            elif tag == w.customXml:
                yield from self.blocks(element, depth + 1)

    def table(self, table, depth: int) -> Iterator[Block]:
        for row in self._children(table, self.w.tr, depth):
            cells = []
            for cell in self._children(row, self.w.tc, depth):
                lines = [block.text for block in self.blocks(cell, depth + 1)]
                cells.append("\n".join(lines))
            text = "\t".join(cell.replace("\n", " ") for cell in cells).rstrip()
            if text.strip():
                yield Block(text, "", tuple(cells))

    def _children(self, element, tag: str, depth: int) -> Iterator:
        # Rows and cells may sit in content controls or custom XML of their own.
        if depth > MAX_DEPTH:
            self._too_deep()
            return
        w = self.w
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    yield from self._children(content, tag, depth + 1)
            elif child.tag == w.customXml:
                yield from self._children(child, tag, depth + 1)

    def _too_deep(self) -> None:
        if not self.too_deep:
            self.too_deep = True
            self.warnings.append(
                f"content nested more than {MAX_DEPTH} levels deep (tables in tables) was left out"
            )

    # Paragraphs

    def paragraph(self, paragraph) -> Block | None:
        w = self.w
        properties = paragraph.find(w.pPr)
        style = value_of(properties.find(w.pStyle), w, "") if properties is not None else ""
        style = style or self.styles.default_paragraph
        parts: list[str] = []
        self._inline(paragraph, parts, 0)
        text = _CONTROL.sub("", "".join(parts))
        prefix = ""
        numbered = self._numbering(properties, style)
        if numbered is not None:
            num_id, ilvl = numbered
            # Word counts a numbered paragraph even when it is empty.
            label, suffix = self.numbering.label(num_id, ilvl)
            if label:
                prefix = "\t" * ilvl + label + suffix
        if not text.strip():
            return None
        return Block(prefix + text, style)

    def _numbering(self, properties, style: str) -> tuple[str, int] | None:
        w = self.w
        num_id = ilvl = None
        num_pr = properties.find(w.numPr) if properties is not None else None
        if num_pr is not None:
            num_id = value_of(num_pr.find(w.numId), w)
            ilvl = level_index(value_of(num_pr.find(w.ilvl), w))
        if num_id is None or ilvl is None:
            for linked in self.styles.chain(style):
                num_id = num_id if num_id is not None else linked.num_id
                ilvl = ilvl if ilvl is not None else linked.ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style) or 0
        return num_id, max(0, min(8, ilvl))

    def _inline(self, element, parts: list[str], depth: int) -> None:
        w = self.w
        if depth > MAX_DEPTH:
            self._too_deep()
            return
        for child in element:
            tag = child.tag
            if tag == w.r:
                self._run(child, parts)
            elif tag in w.inline_containers:
                self._inline(child, parts, depth + 1)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    self._inline(content, parts, depth + 1)
            elif tag == w.alternate:
                # Markup for newer versions of Word with a fallback for older ones: one of
                # them, not both.
                chosen = child.find(w.fallback)
                if chosen is None and len(child):
                    chosen = child[0]
                if chosen is not None:
                    self._inline(chosen, parts, depth + 1)
            elif isinstance(tag, str) and tag.startswith(w.math):
                if all(self.fields):
                    parts.extend(node.text or "" for node in child.iter(f"{w.math}t"))
            # Anything else (deleted text, bookmarks, proofing marks, properties) shows nothing.

    def _run(self, run, parts: list[str]) -> None:
        w = self.w
        properties = run.find(w.rPr)
        hidden = superscript = False
        if properties is not None:
            hidden = is_on(properties.find(w.vanish), w)
            superscript = value_of(properties.find(w.vertAlign), w) == "superscript"
        for child in run:
            tag = child.tag
            if tag == w.fldChar:
                kind = child.get(w.fldCharType)
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if hidden or (self.fields and not all(self.fields)):
                continue
            if tag == w.t:
                text = child.text or ""
                if "\r" in text or "\n" in text:
                    text = text.replace("\r", " ").replace("\n", " ")
                if self.pending_mark is not None and text.strip():
                    self.custom_marks[self.pending_mark] = text.strip()
                    self.pending_mark = None
                parts.append(text.translate(SUPERSCRIPT_DIGITS) if superscript else text)
            elif tag == w.tab or tag == w.ptab:
                parts.append("\t")
            elif tag == w.br or tag == w.cr:
                parts.append("\n")
            elif tag == w.noBreakHyphen:
                parts.append("-")
            elif tag == w.sym:
                parts.append(_symbol(child.get(w.char) or ""))
            elif tag == w.footnoteReference or tag == w.endnoteReference:
                parts.append(self._marker(child, tag == w.footnoteReference))
            # softHyphen (an optional hyphen), footnoteRef (a note's own number, printed with
            # its definition), drawings and objects show nothing here.

    def _marker(self, reference, footnote: bool) -> str:
        w = self.w
        if self.in_note:
            return ""
        kind = "footnote" if footnote else "endnote"
        key = (kind, reference.get(w.id) or "")
        if key[1] not in self.notes[kind]:
            return ""
        if _on_attribute(reference.get(w.customMarkFollows)):
            # The mark ("*") is the text of the next run, printed as it stands.
            if key not in self.custom:
                self.custom.append(key)
            self.pending_mark = key
            return ""
        if key not in self.numbers:
            self.numbers[key] = self.next_number[kind]
            self.next_number[kind] += 1
        return str(self.numbers[key]).translate(SUPERSCRIPT_DIGITS)

    def note_lines(self) -> list[str]:
        lines = []
        numbered = sorted(self.numbers.items(), key=lambda item: item[1])
        for key, number in numbered:
            text = self._note_text(key)
            if text:
                lines.append(f"{str(number).translate(SUPERSCRIPT_DIGITS)} {text}")
        for key in self.custom:
            text = self._note_text(key)
            if text:
                lines.append(f"{self.custom_marks.get(key, '*')} {text}")
        if any(kind == "endnote" for kind, _ in self.numbers):
            first = min(number for (kind, _), number in self.numbers.items() if kind == "endnote")
            self.warnings.append(
                f"endnotes are numbered after the footnotes, from {first}, so that each marker "
                "names one note"
            )
        return lines

    def _note_text(self, key: tuple[str, str]) -> str:
        self.in_note = True
        self.fields = []
        try:
            texts = [block.text for block in self.blocks(self.notes[key[0]][key[1]])]
        finally:
            self.in_note = False
        return " ".join(" ".join(texts).split())


def _symbol(code: str) -> str:
    """The character of a <w:sym w:char="2014"/>; "" for a symbol font's private-use one,
    and for a code that is no character."""
    if not 0 < len(code) <= 5 or any(digit not in "0123456789abcdefABCDEF" for digit in code):
        return ""
    value = int(code, 16)
    if 0xD800 <= value <= 0xDFFF:
        return ""  # half a UTF-16 pair is no character
    character = chr(value)
    if PRIVATE_USE.match(character) or _CONTROL.match(character):
        return ""
    return character


def left_out(body, w: Tags) -> list[str]:
    """Warnings for text a reader sees that is not in the text's flow: text boxes."""
    boxes = 0
    for box in body.iter(w.txbxContent):
        # A text box is written twice, for new and old versions of Word: count one.
        if any(ancestor.tag == w.fallback for ancestor in box.iterancestors()):
            continue
        if any((node.text or "").strip() for node in box.iter(w.t)):
            boxes += 1
    warnings = []
    if boxes:
        warnings.append(
            f"{boxes} text box{'es' if boxes > 1 else ''} left out: Word keeps them outside the "
            "text's flow; copy any text they hold that belongs to the resolution"
        )
    if next(body.iter(w.ins, w.delText), None) is not None:
        warnings.append("the document has tracked changes: it was read with all of them accepted")
    return warnings
