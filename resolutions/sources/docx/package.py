"""The package a .docx is: a zip of XML parts, opened within bounds, its relationships
followed to the parts the reader needs.

A small file can unpack to gigabytes: the archive's size and number of members are
bounded from its directory before anything is decompressed, and each part is bounded again
as it is read. The XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from resolutions.sources.documents import Unreadable
from resolutions.sources.docx.tags import Tags, parse_number

FORMAT = "Word (.docx)"

# The budget section A/80/6 (Sect. 24), 100 pages with charts and images, is 126 members and
# 8 MB unpacked, 6.5 MB of them its main part: the bounds leave room for far larger documents.
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # the whole archive, as its directory declares it
MAX_PART = 128 * 1024 * 1024  # one XML part read

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


class Package:
    """A .docx opened as a zip, its bounds checked: its parts read as bytes or XML, its
    relationships followed, its page count and page headers read."""

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

    def headers(self, part: str, w: Tags) -> list[str]:
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
                        return parse_number(element.text, None)
        return None


def _reason(error: Exception) -> str:
    return str(error).split("\n")[0][:200] or type(error).__name__
