"""Reading Word documents (.docx): the text as a reader of the document sees it, in the plain
form the parser reads.

A .docx is a zip of XML parts (ECMA-376 WordprocessingML). What a reader sees is more than
the text the parts hold:

- Word prints list numbers ("24.11", "1.", "(a)") that are not in the text at all: they are
  computed from numbering.xml (abstract definitions and their levels, each level's format
  and text, start values, restarts, and the overrides of each list instance). Here they are
  computed as Word does and printed before a tab, sub-levels indented by a tab each, the form
  of Word's "Save as plain text" that the parser reads (`1.<TAB>Requests`, `<TAB>(a)<TAB>To`).
- Footnotes and endnotes live in parts of their own. Each reference is printed where it
  stands as a superscript number glued to the text ("session;¹"), and each note's text at
  the end of the text on a line of its own ("¹ A/HRC/24/56."), the form in which the parser
  already reads footnotes of Word's plain text. Endnotes are numbered after the footnotes,
  so that each marker names one note.
- Headers and footers (the symbol, the page number, the job number) are other parts and are
  left out; so are comments, deleted text (tracked changes read as if accepted), hidden text,
  field codes (their results are kept), drawings and text boxes.

Tables come out one row a line, the cells separated by tabs; `read_blocks` also gives each
row's cells, for readers of structure such as a budget's list of mandates (mandates.py).

A .docx is a zip, so its size and number of members are bounded before anything is
decompressed (a small file can unpack to gigabytes), and each part read is bounded again as
it is decompressed. The XML is parsed without entities, DTDs or network access.

The reader goes in stages, a module each: package.py opens the zip within its bounds and
finds the parts; tags.py names the WordprocessingML tags and reads their values;
numbering.py computes Word's list numbers from the styles and numbering.xml; notes.py
finds the footnotes and endnotes; text.py walks the body in reading order into paragraphs
and table rows. This module puts them together and registers the reader in
documents.READERS.

No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from resolutions.sources.documents import READERS, SourceText, Unreadable
from resolutions.sources.docx.notes import first_footnote_number, read_notes
from resolutions.sources.docx.numbering import Numbering, Styles
from resolutions.sources.docx.package import FORMAT, Package
from resolutions.sources.docx.tags import W_STRICT, W_TRANSITIONAL, Tags
from resolutions.sources.docx.text import MAX_DEPTH, Block, Reader, left_out

__all__ = ["Block", "WordDocument", "read_blocks", "read_docx"]


@dataclass
class WordDocument:
    """What read_blocks finds: the blocks, the notes and what could not be read."""

    blocks: list[Block]
    notes: list[str]  # one definition line per note, in number order: "¹ A/HRC/24/56."
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None  # as Word counted them when it last saved the file
    too_deep: bool = False  # content nested past MAX_DEPTH was left out
    # The text of each page header, left out of the text but where a budget section prints
    # its symbol ("A/80/6 (Sect. 24)"), one string each in the package's order.
    headers: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [line for block in self.blocks for line in block.text.split("\n")]
        lines = [line for line in lines if line.strip()] + self.notes
        return "\n".join(lines) + "\n" if lines else ""


def read_docx(data: bytes, name: str) -> SourceText:
    """The text of the Word document `data` (named `name` in messages); Unreadable when it
    is damaged, too large, or holds no text."""
    document = read_blocks(data, name)
    text = document.text()
    if not text.strip() and document.too_deep:
        raise Unreadable(
            name,
            f"the Word document's text is nested more than {MAX_DEPTH} levels deep (tables in "
            "tables), deeper than the tracker reads; save its text as plain text and import that",
            format=FORMAT,
        )
    if not text.strip():
        raise Unreadable(
            name,
            "the Word document holds no text (a scan pasted as images?); open it, and if the "
            "text shows, copy it into a new document and save that",
            format=FORMAT,
        )
    return SourceText(
        text=text,
        format="docx",
        reader=f"Word (.docx) reader, lxml {etree.__version__}",
        pages=document.pages,
        warnings=document.warnings,
    )


def read_blocks(data: bytes, name: str) -> WordDocument:
    """The paragraphs and table rows of the Word document `data`, in order; Unreadable."""
    package = Package(data, name)
    main = package.main_part()
    root = package.xml(main)
    if root is None:
        raise package.damaged("it has no main document part (word/document.xml)")
    namespace = etree.QName(root).namespace
    if namespace not in (W_TRANSITIONAL, W_STRICT) or etree.QName(root).localname != "document":
        raise package.damaged("its main part is not a WordprocessingML document")
    w = Tags(namespace)
    body = root.find(w.body)
    if body is None:
        raise package.damaged("its main part has no body")
    related = package.related(main)
    styles = Styles(package.xml(related.get("styles")), w)
    numbering = Numbering(package.xml(related.get("numbering")), w, styles)
    settings = package.xml(related.get("settings"))
    reader = Reader(
        w,
        styles,
        numbering,
        footnotes=read_notes(package.xml(related.get("footnotes")), w, w.footnote),
        endnotes=read_notes(package.xml(related.get("endnotes")), w, w.endnote),
        first_footnote=first_footnote_number(body, settings, w),
        body=body,
    )
    blocks = list(reader.blocks(body))
    notes = reader.note_lines()
    warnings = [*reader.warnings, *left_out(body, w)]
    return WordDocument(
        blocks, notes, warnings, package.pages(), reader.too_deep, package.headers(main, w)
    )


READERS["docx"] = read_docx
