"""What an import changes, whether it replaces a resolution with another, and its record.

Every text import leaves a TextImport (who, when, which file, its checksum, the outcome,
the paragraphs added, removed and changed); one that replaces a stored text keeps that
text and its paragraphs as a ResolutionVersion, so that the replacement can be undone.
The writes happen inside importing.import_parsed's transaction: a refused or failed import
leaves no record.

A replacement is "material", and refused unless confirmed, when the new text is not the
stored resolution any more (material_difference): a wrong symbol given to the right file.
"""

import difflib
import enum
import getpass
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from resolutions import parsing
from resolutions.importing.limits import fitted
from resolutions.importing.matching import plan_follow_ups, stored_follow_ups
from resolutions.models import (
    Document,
    FollowUp,
    ImportChannel,
    ImportKind,
    Resolution,
    ResolutionVersion,
    TextImport,
)

# Below this similarity of the stored and the new title (difflib's ratio, 0 to 1, over the
# titles in lower case with spaces collapsed), the new text is another resolution. A
# corrected typo or a dropped article stays well above it (0.95). Of 5,000 pairs of
# distinct Council titles drawn from the corpus, 1.6% reach it: formulaic titles
# ("Situation of human rights in Eritrea" and "... in Belarus", 0.86), which the
# paragraph rule below tells apart.
TITLE_SIMILARITY_THRESHOLD = 0.6
# Below this share of the stored paragraphs found word for word in the new text (whatever
# their labels), the new text is another resolution: a corrected text, even with inserted
# or renumbered paragraphs, keeps most of its paragraphs as they were.
KEPT_PARAGRAPHS_THRESHOLD = 0.5


def checksum(data: bytes | str) -> str:
    """SHA-256 of the bytes of a file, or of a text as UTF-8 (what is stored)."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(data).hexdigest()


def system_user() -> str:
    """The operating-system user running a command, as the record of an import names it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid, as in some containers
        return ""


@dataclass
class ImportOrigin:
    """Who imports a text, from where: what the record of the import says."""

    channel: str = ImportChannel.CODE
    user: object = None  # the account, when one is known
    actor: str = ""  # how a person names who ran it, when no account says it
    file_name: str = ""
    checksum: str = ""  # of the file's bytes; the text's own when empty
    kind: str = ImportKind.IMPORT
    restored: ResolutionVersion | None = None

    @property
    def actor_label(self) -> str:
        if self.user is not None:
            name = self.user.get_full_name() or self.user.get_username()
            return f"{name} ({self.actor})" if self.actor else name
        return self.actor


@dataclass
class TextChanges:
    """The paragraphs a new text adds, removes and changes, by label, in text order."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # The share of the stored paragraphs found word for word in the new text, 0 to 1.
    kept_share: float = 1.0

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def title_similarity(stored: str, new: str) -> float:
    return difflib.SequenceMatcher(None, _normalised(stored), _normalised(new)).ratio()


def stored_paragraphs(resolution: Resolution) -> list[dict]:
    """The resolution's paragraphs as a version keeps them: label, kind and text."""
    return list(resolution.paragraphs.order_by("position").values("label", "kind", "text"))


def text_changes(stored: list[dict], parsed: parsing.ParsedResolution) -> TextChanges:
    """What storing `parsed` would change in the paragraphs `stored` (stored_paragraphs)."""
    old = {p["label"]: p["text"] for p in stored}
    new = {p.label: p.text for p in parsed.all_paragraphs()}
    new_texts = {_normalised(text) for text in new.values()}
    kept = sum(1 for text in old.values() if _normalised(text) in new_texts)
    return TextChanges(
        added=[label for label in new if label not in old],
        removed=[label for label in old if label not in new],
        changed=[label for label, text in new.items() if label in old and old[label] != text],
        kept_share=kept / len(old) if old else 1.0,
    )


def material_difference(
    resolution: Resolution, parsed: parsing.ParsedResolution, changes: TextChanges
) -> str:
    """Why storing `parsed` over the stored text would replace one resolution with another,
    or "" when it reads as the same resolution.

    Only a resolution whose text was imported can be replaced: a record from the voting
    catalogue has a title written another way and no paragraphs to lose."""
    if not resolution.source_text:
        return ""
    similarity = title_similarity(resolution.title, parsed.title)
    if similarity < TITLE_SIMILARITY_THRESHOLD:
        return _("the titles differ (%(share)s alike)") % {"share": f"{similarity:.0%}"}
    if changes.kept_share < KEPT_PARAGRAPHS_THRESHOLD:
        return _("only %(share)s of the stored paragraphs are in the new text") % {
            "share": f"{changes.kept_share:.0%}"
        }
    return ""


class Fate(enum.StrEnum):
    """What a re-import does to a follow-up that has a recorded history."""

    SUPERSEDED = "superseded"  # the new text no longer asks for it: kept, with its history
    MOVED = "moved"  # the same request under another label
    REWORDED = "reworded"  # the same request, its paragraph's words changed


@dataclass
class AffectedFollowUp:
    follow_up: FollowUp
    fate: Fate
    new_label: str = ""  # where the request is in the new text ("" when superseded)


def affected_follow_ups(
    resolution: Resolution, parsed: parsing.ParsedResolution
) -> list[AffectedFollowUp]:
    """The follow-ups with a recorded history that storing `parsed` would move, reword or
    supersede, as the import itself would match them (matching.plan_follow_ups): the
    preview says what becomes of each history before anything is written."""
    stored = stored_follow_ups(resolution).select_related("fulfilled_by", "resolution")
    plan = plan_follow_ups(stored, parsed)
    texts = {p.label: p.text for p in parsed.all_paragraphs()}
    affected = [
        AffectedFollowUp(follow_up, Fate.SUPERSEDED)
        for follow_up in plan.superseded
        if not follow_up.is_superseded  # superseded already by an earlier import
    ]
    for match in plan.matched:
        follow_up, label = match.stored, match.parsed.paragraph
        if not follow_up.has_history:
            continue
        if follow_up.label != label:
            affected.append(AffectedFollowUp(follow_up, Fate.MOVED, label))
        elif follow_up.paragraph_text != texts.get(label):
            affected.append(AffectedFollowUp(follow_up, Fate.REWORDED, label))
    return affected


@dataclass
class Replacement:
    """What the import preview says of a text whose symbol is stored already."""

    resolution: Resolution
    changes: TextChanges
    reason: str  # why it reads as another resolution; "" when it does not
    affected: list[AffectedFollowUp]

    @property
    def is_material(self) -> bool:
        return bool(self.reason)


def replacement(resolution: Resolution, parsed: parsing.ParsedResolution) -> Replacement:
    changes = text_changes(stored_paragraphs(resolution), parsed)
    return Replacement(
        resolution=resolution,
        changes=changes,
        reason=material_difference(resolution, parsed, changes),
        affected=affected_follow_ups(resolution, parsed),
    )


def file_name_of(version: ResolutionVersion) -> str:
    """The name of the file a version's text came from: that of the last import before the
    one that replaced it ("" when that text came before imports were recorded)."""
    earlier = (
        TextImport.objects.filter(
            resolution_id=version.resolution_id, pk__lt=version.replaced_by_id
        )
        .order_by("-pk")
        .values_list("file_name", flat=True)
        .first()
    )
    return earlier or ""


def record_import(
    resolution: Resolution,
    origin: ImportOrigin,
    *,
    source_text: str,
    outcome: str,
    changes: TextChanges,
    previous: dict | None,
    cuts: list[str],
) -> TextImport:
    """The record of one import, and the version of the text it replaced (`previous`:
    title, source_text and paragraphs as they were), in the caller's transaction; a value
    cut to fit its column is named in `cuts`."""
    where = resolution.symbol
    record = TextImport.objects.create(
        resolution=resolution,
        symbol=resolution.symbol,
        kind=origin.kind,
        channel=origin.channel,
        user=origin.user,
        actor=fitted(origin.actor_label, TextImport, "actor", where, cuts),
        file_name=fitted(origin.file_name, TextImport, "file_name", where, cuts),
        checksum=origin.checksum or checksum(source_text),
        outcome=outcome,
        changes=changes.as_json(),
        restored=origin.restored,
    )
    if previous is not None:
        ResolutionVersion.objects.create(resolution=resolution, replaced_by=record, **previous)
    return record


def record_document_import(
    document: Document, origin: ImportOrigin, *, source_text: str, outcome: str
) -> TextImport:
    """The record of one import of a report or a budget section, stored as `document`, in
    the caller's transaction: who, when, which file and what came of it, as for a text."""
    return TextImport.objects.create(
        document=document,
        symbol=document.symbol,
        kind=origin.kind,
        channel=origin.channel,
        user=origin.user,
        actor=origin.actor_label[:150],
        file_name=origin.file_name[:255],
        checksum=origin.checksum or checksum(source_text),
        outcome=outcome,
    )
