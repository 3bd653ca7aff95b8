"""Reading web pages: a resolution saved as .html or copied from a browser, in the plain form
the parser reads.

One line per block (p, div, li, h1-h6, tr, ...) as a browser lays the page out; a table row
on one line, its cells separated by tabs; the numbers a browser prints before the items of an
ordered list, and a bullet before the others; entities decoded. What is not the document is
dropped: scripts, styles, the head, navigation, the page's own header and footer (not an
article's), forms, and what the page hides. Footnote markers (a number in <sup>, or a link to
a footnote) become superscript digits glued to the text ("session;¹") and the footnotes they
link to become definitions ("¹ A/HRC/24/56."), the forms the parser reads.

No Django here.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from resolutions.parsing.ordinals import roman_numeral
from resolutions.sources.documents import READERS, SourceText, Unreadable

__all__ = ["looks_like_html", "read_html"]

FORMAT = "HTML"

# Elements that hold no text of the document.
_DROPPED = frozenset(
    "head script style noscript template nav form button select textarea input iframe object "
    "embed svg canvas audio video map dialog".split()
)
# A page's header and footer are furniture; an article's or a section's are its own.
_PAGE_FURNITURE = frozenset({"header", "footer"})
_SECTIONING = frozenset({"article", "section", "main", "aside"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hr html legend li main menu "
    "ol p pre section summary table tbody tfoot thead ul".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKER_TEXT = re.compile(r"\[?\(?([0-9]{1,3})\)?\]?")
# The links back from a footnote to its marker.
_BACK_LINKS = frozenset({"↑", "↩", "↩︎", "^", "⤴", "back"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]{1,40})", re.I)
# Browsers read the Latin-1 labels as Windows-1252 (WHATWG Encoding), and so do pages.
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
_START = re.compile(
    r"<(?:head|body|meta|title|style|link|p|div|h[1-6]|ul|ol|dl|table|section|article|main|"
    r"blockquote|header|nav|center)\b[^>]*>",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"</(?:p|div|h[1-6]|li|ul|ol|dl|dd|tr|td|table|section|article|blockquote|title|head|body)"
    r"\s*>",
    re.IGNORECASE,
)
_LEADING_MARKUP = re.compile(r"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)+", re.DOTALL)
# Web pages nest deeper than documents, but not this deep; what is deeper is left out.
MAX_DEPTH = 200


def looks_like_html(data: bytes) -> bool:
    """Whether the text `data` starts as a web page does: a doctype, <html>, or a block tag
    with closing tags after it. A plain text that mentions a tag stays a plain text."""
    head = _LEADING_MARKUP.sub("", _decode(data[:4096]).lstrip("\ufeff"))
    lowered = head[:2048].lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return True
    return bool(_START.match(head)) and bool(_CLOSING.search(head))


def read_html(data: bytes, name: str) -> SourceText:
    """The text of the web page `data` (named `name` in messages); Unreadable when it holds
    no text."""
    markup = _XML_DECLARATION.sub("", _CONTROL.sub("", _decode(data)), count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.LxmlError, ValueError):
        root = None  # empty, or nothing an HTML parser can make a document of
    page = _Page(root) if root is not None else None
    text = page.text() if page is not None else ""
    if not text.strip() and page is not None and page.too_deep:
        raise Unreadable(
            name,
            f"the web page's text is nested more than {MAX_DEPTH} elements deep, deeper than the "
            "tracker reads; copy the resolution's text into a plain text file and import that",
            format=FORMAT,
        )
    if not text.strip():
        raise Unreadable(
            name,
            "the web page holds no text; open it in a browser, copy the resolution's text into "
            "a plain text file and import that",
            format=FORMAT,
        )
    return SourceText(
        text=text,
        format="html",
        reader=f"HTML reader, lxml {etree.__version__}",
        warnings=page.warnings,
    )


def _decode(data: bytes) -> str:
    """The page's characters: by its byte order mark, else its own <meta charset>, else
    UTF-8, else Windows-1252 (what pages without a declaration mostly are)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        label = "cp1252" if label in _AS_WINDOWS_1252 else label
        # A page that declares UTF-16 or UTF-32 in ASCII bytes is neither: it was converted
        # since (browsers read it as UTF-8). Python also knows codecs that are no text
        # encodings ("rot13", "base64") or refuse every byte ("undefined"): the default then.
        if not label.startswith(("utf-16", "utf16", "utf-32", "utf32")):
            try:
                return data.decode(label, errors="replace")
            except (LookupError, UnicodeError, ValueError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Page:
    """The page's lines, as a browser lays them out."""

    def __init__(self, root):
        self.root = root
        self.warnings: list[str] = []
        self.too_deep = False
        # A list item's number or a footnote's, printed before the next line laid out: the
        # item's words may sit in a <p> of their own.
        self.pending = ""
        # Footnotes: the ids that markers link to, with the marker's number; and the links
        # back, which show only an arrow.
        self.footnotes: dict[str, int] = {}
        self.back_links: set = set()
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if not href.startswith("#") or len(href) < 2:
                continue
            label = _SPACE.sub("", link.text_content())
            if label.lower() in _BACK_LINKS:
                self.back_links.add(link)
                continue
            marker = _MARKER_TEXT.fullmatch(label)
            in_sup = link.getparent() is not None and link.getparent().tag == "sup"
            if marker and (in_sup or link.find("sup") is not None or label.startswith("[")):
                self.footnotes.setdefault(href[1:], int(marker.group(1)))

    def text(self) -> str:
        lines: list[str] = []
        self._block(self.root, lines, depth=0)
        lines = [line for line in lines if line.strip()]
        return "\n".join(lines) + "\n" if lines else ""

    # Each element renders into `line` (the words of the line being laid out) and flushes
    # finished lines into `lines`.

    def _block(self, element, lines: list[str], depth: int) -> None:
        line: list[str] = []
        self._children(element, lines, line, depth, lists=[])
        self._flush(lines, line)

    def _flush(self, lines: list[str], line: list[str]) -> None:
        """Lay out the words gathered in `line` as one line of `lines`, and start a new one."""
        text = _CONTROL.sub("", _SPACE.sub(" ", "".join(line))).strip()
        line.clear()
        self._emit(lines, text)

    def _emit(self, lines: list[str], text: str) -> None:
        if text.strip():
            lines.append(self.pending + text)
            self.pending = ""

    def _children(self, element, lines, line, depth, lists) -> None:
        if element.text:
            line.append(element.text)
        for child in element:
            self._element(child, lines, line, depth + 1, lists)
            if child.tail:
                line.append(child.tail)

    def _element(self, element, lines, line, depth, lists) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return  # a comment or processing instruction left by the parser
        tag = tag.lower()
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.warnings.append(
                    f"content nested more than {MAX_DEPTH} elements deep was left out"
                )
            return
        if self._dropped(element, tag) or element in self.back_links:
            return
        if tag == "br":
            self._flush(lines, line)
            return
        if tag == "sup" or tag == "a" and self._links_to_footnote(element):
            marker = _MARKER_TEXT.fullmatch(_SPACE.sub("", element.text_content()))
            if marker:
                line.append(marker.group(1).translate(_SUPERSCRIPT))
                return
        if tag == "tr":
            self._flush(lines, line)
            pending, self.pending = self.pending, ""
            cells = []
            for cell in element:
                if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                    if self._dropped(cell, cell.tag.lower()):
                        continue
                    cell_lines: list[str] = []
                    self._block(cell, cell_lines, depth + 1)
                    cells.append(" ".join(cell_lines))
            self.pending = pending
            self._emit(lines, "\t".join(cells).rstrip())
            return
        if tag == "pre":
            self._flush(lines, line)
            for text in _CONTROL.sub("", element.text_content()).splitlines():
                self._emit(lines, text.rstrip())
            return
        if tag in ("ol", "ul"):
            lists = [*lists, _List(element, tag)]
        block = tag in _BLOCKS
        if block:
            self._flush(lines, line)
        # A footnote is the element a marker links to, or the one holding the anchor it links
        # to; its number goes before its text, in place of a list item's.
        number = self.footnotes.get(element.get("id") or element.get("name") or "")
        if number is not None:
            if block:
                self.pending = str(number).translate(_SUPERSCRIPT) + " "
            else:
                line.append(str(number).translate(_SUPERSCRIPT) + " ")
        elif tag == "li" and lists:
            self.pending = "\t" * (len(lists) - 1) + lists[-1].label(element) + "\t"
        self._children(element, lines, line, depth, lists)
        if block:
            self._flush(lines, line)
            self.pending = ""  # an item with no text: its number is not carried on

    def _links_to_footnote(self, link) -> bool:
        href = (link.get("href") or "").strip()
        return href.startswith("#") and href[1:] in self.footnotes

    def _dropped(self, element, tag: str) -> bool:
        if tag in _DROPPED:
            return True
        if tag in _PAGE_FURNITURE and not any(
            isinstance(ancestor.tag, str) and ancestor.tag.lower() in _SECTIONING
            for ancestor in element.iterancestors()
        ):
            return True
        if (element.get("role") or "").strip().lower() in _FURNITURE_ROLES:
            return True
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            return True
        return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


class _List:
    """The numbers a browser prints before the items of one list."""

    def __init__(self, element, tag: str):
        self.ordered = tag == "ol"
        self.style = element.get("type") or "1"
        self.next = _integer(element.get("start"), 1)

    def label(self, item) -> str:
        if not self.ordered:
            return "\u2022"
        self.next = _integer(item.get("value"), self.next)
        number, self.next = self.next, self.next + 1
        return _list_number(number, self.style) + "."


def _integer(raw: str | None, default: int) -> int:
    try:
        return max(-99999, min(99999, int((raw or "").strip())))
    except ValueError:
        return default


def _list_number(number: int, style: str) -> str:
    if style in ("a", "A") and number > 0:
        # Browsers count a, ..., z, aa, ab (CSS lower-alpha), unlike Word.
        letters = ""
        while number > 0:
            number, remainder = divmod(number - 1, 26)
            letters = chr(ord("a") + remainder) + letters
        return letters if style == "a" else letters.upper()
    if style in ("i", "I") and 0 < number < 4000:
        roman = roman_numeral(number)
        return roman.lower() if style == "i" else roman
    return str(number)


READERS["html"] = read_html
