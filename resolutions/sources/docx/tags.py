"""WordprocessingML's vocabulary, shared by the reader's stages: the namespaces, the tags
in the namespace a document uses, how a property's value is read, and the characters that
are no text."""

from __future__ import annotations

import re

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"

# Bullets in Symbol and Wingdings fonts are private-use characters that mean nothing as text.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Word's own limit for a list number and a start value.
MAX_NUMBER = 32767


class Tags:
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


def value_of(element, w: Tags, default: str | None = None) -> str | None:
    """The w:val of `element`; `default` when there is no element or no value."""
    if element is None:
        return default
    return element.get(w.val, default)


def parse_number(raw: str | None, default: int | None) -> int | None:
    """`raw` as a whole number, held within Word's limits; `default` when it is none."""
    try:
        return max(-MAX_NUMBER, min(MAX_NUMBER, int((raw or "").strip())))
    except ValueError:
        return default


def is_on(element, w: Tags) -> bool:
    """Whether a toggle property (<w:vanish/>, <w:isLgl w:val="0"/>) is set."""
    return element is not None and element.get(w.val, "true").lower() not in ("0", "false", "off")
