"""Word's list numbers ("24.11", "1.", "(a)"), which are not in the text: computed as
Word computes them from numbering.xml (abstract definitions and their levels, each level's
format and text, start values, restarts, the overrides of each list instance) and from the
paragraph styles that carry a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from resolutions.parsing.ordinals import roman_numeral
from resolutions.sources.docx.tags import (
    MAX_NUMBER,
    PRIVATE_USE,
    Tags,
    is_on,
    parse_number,
    value_of,
)

_LEVEL_REFERENCE = re.compile("%([1-9])")


# Styles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class Styles:
    """The paragraph styles: which is the default, and the list each carries."""

    def __init__(self, root, w: Tags):
        self.styles: dict[str, _Style] = {}
        self.default_paragraph = ""
        if root is None:
            return
        for style in root.iter(w.style):
            style_id = style.get(w.styleId)
            if not style_id:
                continue
            if style.get(w.type) == "paragraph" and is_on(style.find(w.default), w):
                self.default_paragraph = self.default_paragraph or style_id
            num_pr = style.find(f"{w.pPr}/{w.numPr}")
            num_id = ilvl = None
            if num_pr is not None:
                num_id = value_of(num_pr.find(w.numId), w)
                ilvl = parse_number(value_of(num_pr.find(w.ilvl), w), None)
            based_on = value_of(style.find(w.basedOn), w)
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


class Numbering:
    """Word's list numbers, as Word counts them.

    The count runs on the abstract definition, not on each list instance (w:num): instances
    of one abstract definition continue one another, and an instance that overrides a
    level's start restarts that level where it is first used (ECMA-376 17.9; Word does the
    same). A level restarts when a higher level is used, unless its lvlRestart says later
    or never.
    """

    def __init__(self, root, w: Tags, styles: Styles):
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
            link = value_of(abstract.find(w.numStyleLink), w)
            if link:
                self.style_links[key] = link
            owner = value_of(abstract.find(w.styleLink), w)
            if owner:
                self.style_owners.setdefault(owner, key)
        for num in root.iter(w.num):
            key = num.get(w.numId)
            abstract = value_of(num.find(w.abstractNumId), w)
            if key is None or abstract is None:
                continue
            levels, starts = {}, {}
            for override in num.iter(w.lvlOverride):
                ilvl = level_index(override.get(w.ilvl))
                if ilvl is None:
                    continue
                level = override.find(w.lvl)
                if level is not None:
                    levels[ilvl] = self._level(level)
                    if level.find(w.start) is not None:
                        starts[ilvl] = levels[ilvl].start
                start = override.find(w.startOverride)
                if start is not None:
                    starts[ilvl] = parse_number(value_of(start, w), 0)
            self.instances[key] = _Instance(abstract, levels, starts)

    def _levels(self, abstract) -> dict[int, _Level]:
        levels = {}
        for level in abstract.iter(self.w.lvl):
            ilvl = level_index(level.get(self.w.ilvl))
            if ilvl is not None:
                levels.setdefault(ilvl, self._level(level))
        return levels

    def _level(self, level) -> _Level:
        w = self.w
        restart = level.find(w.lvlRestart)
        run = level.find(w.rPr)
        return _Level(
            start=parse_number(value_of(level.find(w.start), w), 0),
            format=value_of(level.find(w.numFmt), w, "decimal"),
            text=value_of(level.find(w.lvlText), w, ""),
            restart=None if restart is None else parse_number(value_of(restart, w), None),
            legal=is_on(level.find(w.isLgl), w),
            suffix={"space": " ", "nothing": ""}.get(value_of(level.find(w.suff), w, ""), "\t"),
            hidden=run is not None and is_on(run.find(w.vanish), w),
            style=value_of(level.find(w.pStyle), w, ""),
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
            counts[ilvl] = min(counts.get(ilvl, level.start - 1) + 1, MAX_NUMBER)
        self.started.add((num_id, ilvl))
        for deeper in [key for key in counts if key > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counts[deeper]
        if level.hidden:
            return "", ""
        if level.format == "bullet":
            # Symbol-font bullets are private-use characters, and "o" is Courier's hollow one.
            text = "\u2022" if PRIVATE_USE.search(level.text) or level.text == "o" else level.text
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


def level_index(raw: str | None) -> int | None:
    """A list level (w:ilvl, 0 to 8); None for anything else."""
    number = parse_number(raw, None)
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
        roman = roman_numeral(value)
        return roman.lower() if number_format == "lowerRoman" else roman
    if number_format == "ordinal" and value >= 0:
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    # decimal, and the formats that differ from it only in their glyphs (full-width,
    # enclosed in circles) or in languages the tracker does not read.
    return str(value)
