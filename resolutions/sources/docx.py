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

No Django here.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from resolutions.sources.documents import READERS, SourceText, Unreadable

__all__ = ["Block", "WordDocument", "read_blocks", "read_docx"]

FORMAT = "Word (.docx)"

# The budget section A/80/6 (Sect. 24), 100 pages with charts and images, is 126 members and
# 8 MB unpacked, 6.5 MB of them its main part: the bounds leave room for far larger documents.
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # the whole archive, as its directory declares it
MAX_PART = 128 * 1024 * 1024  # one XML part read

# Deeper nesting (tables in tables, content controls in content controls) is left out: no
# real document comes near it, and the walk below recurses once per level.
MAX_DEPTH = 40

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

# What a damaged or hostile zip raises in zipfile and zlib while it is opened or read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    NotImplementedError,  # a compression method zipfile lacks
    RuntimeError,  # an encrypted member
    ValueError,
    struct.error,
    zlib.error,
)

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Control characters no text holds (XML 1.0 allows C1 and DEL in a part).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bullets in Symbol and Wingdings fonts are private-use characters that mean nothing as text.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_LEVEL_REFERENCE = re.compile("%([1-9])")
# Word's own limit for a list number and a start value.
_MAX_NUMBER = 32767


@dataclass(frozen=True)
class Block:
    """One paragraph or table row of the document, as printed."""

    text: str  # a paragraph with its number, or a row's cells joined by tabs
    style: str = ""  # the paragraph's style id ("Heading1", "H1"); "" for a row
    cells: tuple[str, ...] = ()  # a row's cells, each its paragraphs joined by newlines


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
    package = _Package(data, name)
    main = package.main_part()
    root = package.xml(main)
    if root is None:
        raise package.damaged("it has no main document part (word/document.xml)")
    namespace = etree.QName(root).namespace
    if namespace not in (W_TRANSITIONAL, W_STRICT) or etree.QName(root).localname != "document":
        raise package.damaged("its main part is not a WordprocessingML document")
    w = _Tags(namespace)
    body = root.find(w.body)
    if body is None:
        raise package.damaged("its main part has no body")
    related = package.related(main)
    styles = _Styles(package.xml(related.get("styles")), w)
    numbering = _Numbering(package.xml(related.get("numbering")), w, styles)
    settings = package.xml(related.get("settings"))
    reader = _Reader(
        w,
        styles,
        numbering,
        footnotes=_notes(package.xml(related.get("footnotes")), w, w.footnote),
        endnotes=_notes(package.xml(related.get("endnotes")), w, w.endnote),
        first_footnote=_first_footnote_number(body, settings, w),
        body=body,
    )
    blocks = list(reader.blocks(body))
    notes = reader.note_lines()
    warnings = [*reader.warnings, *_left_out(body, w)]
    return WordDocument(
        blocks, notes, warnings, package.pages(), reader.too_deep, package.headers(main, w)
    )


# The package: the zip, its relationships, its parts ------------------------------------------


class _Package:
    def __init__(self, data: bytes, name: str):
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except _ZIP_ERRORS as error:
            raise self.damaged(f"it is not a readable zip archive ({_reason(error)})") from None
        if len(members) > MAX_MEMBERS:
            raise Unreadable(
                name,
                f"the Word document holds {len(members):,} parts, more than the {MAX_MEMBERS:,} "
                "the tracker reads; save it again from Word, or save its text as plain text",
                format=FORMAT,
            )
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNCOMPRESSED:
            raise Unreadable(
                name,
                f"the Word document unpacks to {declared / 2**20:,.0f} MB, more than the "
                f"{MAX_UNCOMPRESSED // 2**20:,} MB the tracker reads; remove its images, or save "
                "its text as plain text, and import that",
                format=FORMAT,
            )
        # Part names are case-insensitive (ECMA-376 Part 2); zip member names are not.
        self.members = {member.filename.lower(): member for member in members}

    def damaged(self, why: str) -> Unreadable:
        return Unreadable(
            self.name,
            f"the Word document cannot be read: {why}; open it in Word and save it again as "
            ".docx, or save its text as plain text, and import that",
            format=FORMAT,
        )

    def bytes(self, part: str | None) -> bytes | None:
        if not part:
            return None
        member = self.members.get(part.lower())
        if member is None:
            return None
        if member.file_size > MAX_PART:
            raise Unreadable(
                self.name,
                f"the Word document's part {member.filename} unpacks to "
                f"{member.file_size / 2**20:,.0f} MB, more than the {MAX_PART // 2**20} MB the "
                "tracker reads; save its text as plain text and import that",
                format=FORMAT,
            )
        try:
            with self.zip.open(member) as stream:
                # zipfile stops at the size the directory declares, so this read is bounded
                # whatever the compressed stream would unpack to.
                return stream.read(MAX_PART + 1)
        except _ZIP_ERRORS as error:
            raise self.damaged(
                f"its part {member.filename} is damaged ({_reason(error)})"
            ) from None

    def xml(self, part: str | None):
        data = self.bytes(part)
        if data is None:
            return None
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            return etree.fromstring(data, parser)
        except (etree.LxmlError, ValueError) as error:
            raise self.damaged(
                f"its part {part} is not well-formed XML ({_reason(error)})"
            ) from None

    def main_part(self) -> str:
        for kind, target in self._relationships("", "_rels/.rels"):
            if kind == "officeDocument":
                return target
        return "word/document.xml"

    def related(self, part: str) -> dict[str, str]:
        """The parts `part` refers to, by relationship kind ("styles", "numbering", ...)."""
        folder, file = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{file}.rels")
        found: dict[str, str] = {}
        for kind, target in self._relationships(folder, rels):
            found.setdefault(kind, target)
        return found

    def _relationships(self, folder: str, rels: str) -> Iterator[tuple[str, str]]:
        root = self.xml(rels)
        if root is None:
            return
        for relationship in root.iter(f"{{{_RELATIONSHIPS}}}Relationship"):
            if relationship.get("TargetMode") == "External":
                continue
            kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
            target = relationship.get("Target") or ""
            if target.startswith("/"):
                path = target[1:]
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            yield kind, path

    def headers(self, part: str, w: _Tags) -> list[str]:
        """The text of each page header of `part`, its runs joined."""
        folder, file = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{file}.rels")
        texts = []
        for kind, target in self._relationships(folder, rels):
            if kind == "header":
                root = self.xml(target)
                if root is not None:
                    texts.append("".join(node.text or "" for node in root.iter(w.t)))
        return texts

    def pages(self) -> int | None:
        for kind, target in self._relationships("", "_rels/.rels"):
            if kind == "extended-properties":
                try:
                    root = self.xml(target)
                except Unreadable:
                    return None  # the page count is worth no refusal
                if root is None:
                    return None
                for element in root:
                    if etree.QName(element).localname == "Pages":
                        return _number(element.text, None)
        return None


def _reason(error: Exception) -> str:
    return str(error).split("\n")[0][:200] or type(error).__name__


# Tags ----------------------------------------------------------------------------------------


class _Tags:
    """Clark-notation tags ("{namespace}p") of the WordprocessingML namespace in use."""

    _LOCAL = (
        "abstractNum abstractNumId b basedOn body br cr customXml default del delText dir bdo "
        "endnote endnoteRef endnoteReference fldChar fldCharType fldSimple footnote footnotePr "
        "footnoteRef footnoteReference hyperlink id ilvl ins instrText isLgl lvl lvlOverride "
        "lvlRestart lvlText moveFrom moveTo noBreakHyphen num numFmt numId numPr numStart "
        "numStyleLink p pPr pStyle ptab r rPr sdt sdtContent sectPr smartTag softHyphen "
        "start startOverride style styleId styleLink suff sym t tab tbl tc tr txbxContent "
        "type val vanish vertAlign customMarkFollows char"
    ).split()

    def __init__(self, namespace: str):
        for local in self._LOCAL:
            setattr(self, local, f"{{{namespace}}}{local}")
        self.inline_containers = frozenset(
            getattr(self, local)
            for local in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple",
                          "dir", "bdo")
        )  # fmt: skip
        self.math = f"{{{_MATH}}}"
        self.alternate = f"{{{_MC}}}AlternateContent"
        self.fallback = f"{{{_MC}}}Fallback"


def _value(element, w: _Tags, default: str | None = None) -> str | None:
    if element is None:
        return default
    return element.get(w.val, default)


def _number(raw: str | None, default: int | None) -> int | None:
    try:
        return max(-_MAX_NUMBER, min(_MAX_NUMBER, int((raw or "").strip())))
    except ValueError:
        return default


def _on(element, w: _Tags) -> bool:
    """Whether a toggle property (<w:vanish/>, <w:isLgl w:val="0"/>) is set."""
    return element is not None and element.get(w.val, "true").lower() not in ("0", "false", "off")


# Styles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class _Styles:
    def __init__(self, root, w: _Tags):
        self.styles: dict[str, _Style] = {}
        self.default_paragraph = ""
        if root is None:
            return
        for style in root.iter(w.style):
            style_id = style.get(w.styleId)
            if not style_id:
                continue
            if style.get(w.type) == "paragraph" and _on(style.find(w.default), w):
                self.default_paragraph = self.default_paragraph or style_id
            num_pr = style.find(f"{w.pPr}/{w.numPr}")
            num_id = ilvl = None
            if num_pr is not None:
                num_id = _value(num_pr.find(w.numId), w)
                ilvl = _number(_value(num_pr.find(w.ilvl), w), None)
            based_on = _value(style.find(w.basedOn), w)
            self.styles[style_id] = _Style(based_on, num_id, ilvl)

    def chain(self, style_id: str) -> Iterator[_Style]:
        """The style and those it is based on, nearest first (a cycle is cut)."""
        seen = set()
        while style_id and style_id not in seen and len(seen) < 30:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return
            yield style
            style_id = style.based_on or ""


# Numbering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int = 0
    format: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: None restarts after any higher level, 0 never
    legal: bool = False  # isLgl: the other levels' numbers shown as decimals ("1.01")
    suffix: str = "\t"
    hidden: bool = False
    style: str = ""  # the paragraph style linked to this level


@dataclass(frozen=True)
class _Instance:
    abstract: str
    levels: dict[int, _Level]  # lvlOverride with a level of its own
    starts: dict[int, int]  # lvlOverride/startOverride


class _Numbering:
    """Word's list numbers, as Word counts them.

    The count runs on the abstract definition, not on each list instance (w:num): instances
    of one abstract definition continue one another, and an instance that overrides a
    level's start restarts that level where it is first used (ECMA-376 17.9; Word does the
    same). A level restarts when a higher level is used, unless its lvlRestart says later
    or never.
    """

    def __init__(self, root, w: _Tags, styles: _Styles):
        self.w = w
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstract -> the numbering style it follows
        self.style_owners: dict[str, str] = {}  # numbering style -> the abstract defining it
        self.instances: dict[str, _Instance] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is None:
            return
        for abstract in root.iter(w.abstractNum):
            key = abstract.get(w.abstractNumId)
            if key is None:
                continue
            self.abstracts[key] = self._levels(abstract)
            link = _value(abstract.find(w.numStyleLink), w)
            if link:
                self.style_links[key] = link
            owner = _value(abstract.find(w.styleLink), w)
            if owner:
                self.style_owners.setdefault(owner, key)
        for num in root.iter(w.num):
            key = num.get(w.numId)
            abstract = _value(num.find(w.abstractNumId), w)
            if key is None or abstract is None:
                continue
            levels, starts = {}, {}
            for override in num.iter(w.lvlOverride):
                ilvl = _level_index(override.get(w.ilvl))
                if ilvl is None:
                    continue
                level = override.find(w.lvl)
                if level is not None:
                    levels[ilvl] = self._level(level)
                    if level.find(w.start) is not None:
                        starts[ilvl] = levels[ilvl].start
                start = override.find(w.startOverride)
                if start is not None:
                    starts[ilvl] = _number(_value(start, w), 0)
            self.instances[key] = _Instance(abstract, levels, starts)

    def _levels(self, abstract) -> dict[int, _Level]:
        levels = {}
        for level in abstract.iter(self.w.lvl):
            ilvl = _level_index(level.get(self.w.ilvl))
            if ilvl is not None:
                levels.setdefault(ilvl, self._level(level))
        return levels

    def _level(self, level) -> _Level:
        w = self.w
        restart = level.find(w.lvlRestart)
        run = level.find(w.rPr)
        return _Level(
            start=_number(_value(level.find(w.start), w), 0),
            format=_value(level.find(w.numFmt), w, "decimal"),
            text=_value(level.find(w.lvlText), w, ""),
            restart=None if restart is None else _number(_value(restart, w), None),
            legal=_on(level.find(w.isLgl), w),
            suffix={"space": " ", "nothing": ""}.get(_value(level.find(w.suff), w, ""), "\t"),
            hidden=run is not None and _on(run.find(w.vanish), w),
            style=_value(level.find(w.pStyle), w, ""),
        )

    def _definition(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        """The abstract definition that counts for instance `num_id`, and its levels."""
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        abstract = instance.abstract
        link = self.style_links.get(abstract)
        if link:
            # A numbering style: its levels live in the abstract definition that owns it,
            # found through the style itself when no abstract says it owns it.
            owner = self.style_owners.get(link)
            if owner is None:
                style_num = next(
                    (style.num_id for style in self.styles.chain(link) if style.num_id), None
                )
                linked = self.instances.get(style_num or "")
                owner = linked.abstract if linked else None
            if owner is not None and owner in self.abstracts:
                abstract = owner
        levels = self.abstracts.get(abstract)
        if levels is None:
            return None
        return abstract, {**levels, **instance.levels}

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        definition = self._definition(num_id)
        if definition is None or not style_id:
            return None
        return next((ilvl for ilvl, level in definition[1].items() if level.style == style_id),
                    None)  # fmt: skip

    def label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """The number Word prints for the next paragraph of list `num_id` at level `ilvl`,
        and what follows it (a tab, a space or nothing); ("", "") for none."""
        definition = self._definition(num_id)
        if definition is None:
            return "", ""
        abstract, levels = definition
        level = levels.get(ilvl)
        if level is None:
            return "", ""
        counts = self.counts.setdefault(abstract, {})
        starts = self.instances[num_id].starts
        if (num_id, ilvl) not in self.started and ilvl in starts:
            counts[ilvl] = starts[ilvl]
        else:
            counts[ilvl] = min(counts.get(ilvl, level.start - 1) + 1, _MAX_NUMBER)
        self.started.add((num_id, ilvl))
        for deeper in [key for key in counts if key > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counts[deeper]
        if level.hidden:
            return "", ""
        if level.format == "bullet":
            # Symbol-font bullets are private-use characters, and "o" is Courier's hollow one.
            text = "\u2022" if _PRIVATE_USE.search(level.text) or level.text == "o" else level.text
        else:
            text = _LEVEL_REFERENCE.sub(
                lambda match: self._shown(levels, counts, int(match.group(1)) - 1, ilvl), level.text
            )
        if not text.strip():
            return "", ""
        return text, level.suffix

    def _shown(self, levels: dict[int, _Level], counts: dict[int, int], ilvl: int, current: int):
        level = levels.get(ilvl, _Level())
        value = counts.get(ilvl, level.start)
        number_format = level.format
        if levels.get(current, _Level()).legal and ilvl != current and number_format != "none":
            number_format = "decimal"
        return format_number(value, number_format)


def _level_index(raw: str | None) -> int | None:
    number = _number(raw, None)
    return number if number is not None and 0 <= number <= 8 else None


def format_number(value: int, number_format: str) -> str:
    """`value` as a list number in Word's format `number_format` ("lowerLetter": 27 -> "aa")."""
    if number_format == "none":
        return ""
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter") and value > 0:
        # Word's letters repeat past z: y, z, aa, bb ... (not Excel's aa, ab).
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters if number_format == "lowerLetter" else letters.upper()
    if number_format in ("lowerRoman", "upperRoman") and value > 0:
        roman = _roman(value)
        return roman.lower() if number_format == "lowerRoman" else roman
    if number_format == "ordinal" and value >= 0:
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    # decimal, and the formats that differ from it only in their glyphs (full-width,
    # enclosed in circles) or in languages the tracker does not read.
    return str(value)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


def _roman(value: int) -> str:
    digits = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        digits.append(letters * count)
    return "".join(digits)


# Notes ---------------------------------------------------------------------------------------


def _notes(root, w: _Tags, tag: str) -> dict[str, list]:
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


def _first_footnote_number(body, settings, w: _Tags) -> int:
    # The first section's footnote properties override the document's, in settings.xml. A
    # General Assembly text taken from a volume numbers its footnotes on from the volume's.
    for properties in (next(body.iter(w.sectPr), None), settings):
        if properties is None:
            continue
        start = properties.find(f"{w.footnotePr}/{w.numStart}")
        if start is not None:
            return max(1, _number(_value(start, w), 1))
    return 1


def _on_attribute(raw: str | None) -> bool:
    return raw is not None and raw.lower() in ("1", "true", "on")


# The walk ------------------------------------------------------------------------------------


class _Reader:
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
        style = _value(properties.find(w.pStyle), w, "") if properties is not None else ""
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
            num_id = _value(num_pr.find(w.numId), w)
            ilvl = _level_index(_value(num_pr.find(w.ilvl), w))
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
            hidden = _on(properties.find(w.vanish), w)
            superscript = _value(properties.find(w.vertAlign), w) == "superscript"
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
    if _PRIVATE_USE.match(character) or _CONTROL.match(character):
        return ""
    return character


def _left_out(body, w: _Tags) -> list[str]:
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


READERS["docx"] = read_docx
