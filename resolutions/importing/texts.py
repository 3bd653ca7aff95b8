"""Parsed resolutions -> database rows.

Each resolution is imported in one transaction: a failure leaves the database as it was.
Re-importing a symbol updates its text, paragraphs, footnotes, citations and votes in place.
Its follow-ups are matched to the requests of the new text by what they ask (action,
addressee, words; matching.py), not by label: each keeps its history only on the request it
was recorded for. A follow-up with history that the new text no longer asks for is kept as
superseded, with the label and text it was recorded on, and the ImportResult names it.
A text that reads as another resolution is refused unless the replacement is
confirmed (ReplacementRefused), and every import is recorded with the text it replaced
(records.py), in the same transaction.
"""

import enum
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, ngettext

from resolutions import parsing
from resolutions.followups.proposals import propose_fulfilments
from resolutions.importing import notes, records, rows
from resolutions.importing.records import ImportOrigin, TextChanges
from resolutions.importing.series import assign_series
from resolutions.models import (
    Body,
    FollowUp,
    ImportChannel,
    ImportKind,
    Resolution,
    ResolutionVersion,
    TextImport,
)
from resolutions.parsing.cleanup import xml_safe


class ImportRefused(Exception):
    """The text parsed, but storing it would be wrong or would lose staff work."""


class ReplacementRefused(ImportRefused):
    """The text reads as another resolution than the one stored under its symbol: storing
    it needs the replacement confirmed (import_parsed's `replace`)."""

    def __init__(self, symbol: str, stored_title: str, new_title: str, reason: str):
        self.symbol = symbol
        self.stored_title = stored_title
        self.new_title = new_title
        self.reason = reason
        super().__init__(
            f"{symbol} is stored as “{stored_title}”; this text is "
            f"“{new_title}” ({reason}). Nothing was changed: replacing the "
            "stored text needs an explicit confirmation."
        )


def describe_error(error: Exception) -> str:
    """What went wrong with a text, for a person: where, and what."""
    if isinstance(error, parsing.ParseError):
        return f"line {error.line}: {error.message}" if error.line else error.message
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    resolution: Resolution
    outcome: Outcome
    parsed: parsing.ParsedResolution
    # Follow-ups with history that the new text no longer asks for, kept as superseded.
    superseded: list[FollowUp] = field(default_factory=list)
    changes: TextChanges | None = None
    record: TextImport | None = None
    # Values stored cut to fit their columns, one sentence each (limits.fitted).
    cuts: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """What a person must know of the import, one sentence each."""
        return [describe_superseded(follow_up) for follow_up in self.superseded] + self.cuts


def describe_superseded(follow_up: FollowUp) -> str:
    count = follow_up.events.count()
    return ngettext(
        "%(label)s: the new text no longer asks %(addressee)s for what this %(action)s "
        "asked; it is kept as superseded with its %(count)d recorded event (%(url)s).",
        "%(label)s: the new text no longer asks %(addressee)s for what this %(action)s "
        "asked; it is kept as superseded with its %(count)d recorded events (%(url)s).",
        count,
    ) % {
        "label": follow_up.label,
        "addressee": follow_up.addressee or gettext("anyone"),
        "action": follow_up.get_action_display().lower(),
        "count": count,
        "url": follow_up.get_absolute_url(),
    }


def import_text(
    text: str,
    *,
    symbol: str | None = None,
    replace: bool = False,
    origin: ImportOrigin | None = None,
) -> ImportResult:
    """Parse and store one resolution; raises parsing.ParseError or ImportRefused."""
    return import_parsed(parsing.parse(text, symbol=symbol), text, replace=replace, origin=origin)


def check_importable(parsed: parsing.ParsedResolution) -> Body:
    """The body that adopted the text, or ImportRefused saying why it cannot be stored."""
    if not parsed.symbol:
        raise ImportRefused("the text names no document symbol; give one with --symbol.")
    try:
        return Body.objects.get(name=parsed.body)
    except Body.DoesNotExist:
        raise ImportRefused(
            f"{parsed.symbol}: the adopting body {parsed.body!r} is not one the tracker knows."
        ) from None


@transaction.atomic
def import_parsed(
    parsed: parsing.ParsedResolution,
    source_text: str,
    *,
    replace: bool = False,
    origin: ImportOrigin | None = None,
) -> ImportResult:
    """Store one parsed resolution and the record of its import, or nothing.

    A text that differs materially from the one stored under its symbol (records.py says
    what "materially" means) raises ReplacementRefused unless `replace` is given."""
    origin = origin or ImportOrigin()
    # The text as given, less the characters no database text or XML may hold (NUL above all:
    # PostgreSQL refuses it); the parser has already dropped them from what it read.
    source_text = xml_safe(source_text)
    body = check_importable(parsed)
    cuts: list[str] = []
    resolution = Resolution.objects.select_for_update().filter(symbol=parsed.symbol).first()
    if resolution is not None and resolution.source_text == source_text:
        # Recorded too: the audit shows that the text was given again and changed nothing.
        record = records.record_import(
            resolution,
            origin,
            source_text=source_text,
            outcome=Outcome.UNCHANGED,
            changes=TextChanges(),
            previous=None,
            cuts=cuts,
        )
        return ImportResult(
            resolution, Outcome.UNCHANGED, parsed, changes=TextChanges(), record=record, cuts=cuts
        )
    outcome = Outcome.IMPORTED if resolution is None else Outcome.UPDATED
    changes, previous = _replacement(resolution, parsed, replace)
    resolution = resolution or Resolution(symbol=parsed.symbol)
    sessions = rows.SessionCache(body)

    # What the text does not say (a General Assembly text prints no vote) is kept from what
    # was stored before, such as the catalogue's record of the same resolution.
    stated = {
        "kind": parsed.kind,
        "number": parsed.number,
        "title": parsed.title,
        "session": sessions.get(parsed.session),
        "adopted_on": parsed.adopted_on,
        "distributed_on": parsed.distributed_on,
        "meeting": parsed.meeting,
        "adoption_mode": parsed.adoption.mode,
        "votes_in_favour": parsed.adoption.in_favour,
        "votes_against": parsed.adoption.against,
        "votes_abstaining": parsed.adoption.abstaining,
        "draft_symbol": parsed.draft_symbol,
        "committee": parsed.committee,
        "committee_report": parsed.committee_report,
    }
    for name, value in stated.items():
        if value not in (None, ""):
            setattr(resolution, name, value)
    resolution.body = body
    resolution.annex = parsed.annex
    resolution.source_text = source_text
    resolution.save()

    is_new = outcome == Outcome.IMPORTED
    rows.store_agenda_items(resolution, body, parsed.agenda_items, is_new)
    rows.store_own_document(resolution)
    # One lookup (and at most one insert) for every document the text names, predecessors
    # and citations alike, instead of one round of queries each.
    documents = rows.documents_for([*parsed.predecessors, *(c.symbol for c in parsed.citations)])
    rows.store_predecessors(resolution, [documents[s] for s in parsed.predecessors], is_new)

    plan = rows.detach_follow_ups(resolution, parsed, is_new)
    stored_notes = notes.detach_notes(resolution, is_new)
    paragraphs = rows.store_paragraphs(
        resolution, [*parsed.paragraphs, *parsed.annex_paragraphs], is_new, cuts
    )
    notes.attach_notes(stored_notes, parsed, paragraphs)
    rows.store_footnotes(resolution, parsed.footnotes, paragraphs, is_new)
    rows.store_citations(paragraphs, parsed.citations, documents, is_new, cuts)
    rows.store_follow_ups(resolution, paragraphs, plan, sessions, cuts)
    rows.store_votes(resolution, parsed.adoption, is_new)
    assign_series([resolution.id])
    # Only the series id changed (assign_series wrote it): read that one value, not the row.
    series_id = Resolution.objects.filter(pk=resolution.pk).values_list("series_id", flat=True)[0]
    resolution.series_id = series_id
    propose_fulfilments([series_id] if series_id else [], resolution_ids=[resolution.id])
    record = records.record_import(
        resolution,
        origin,
        source_text=source_text,
        outcome=outcome,
        changes=changes,
        previous=previous,
        cuts=cuts,
    )
    return ImportResult(
        resolution,
        outcome,
        parsed,
        superseded=plan.superseded,
        changes=changes,
        record=record,
        cuts=cuts,
    )


def _replacement(resolution, parsed, replace) -> tuple[TextChanges, dict | None]:
    """What the new text changes, and the stored text to keep as a version (None when
    there is none); ReplacementRefused when it reads as another resolution."""
    if resolution is None:
        return TextChanges(added=[p.label for p in parsed.all_paragraphs()]), None
    stored = records.stored_paragraphs(resolution)
    changes = records.text_changes(stored, parsed)
    reason = records.material_difference(resolution, parsed, changes)
    if reason and not replace:
        raise ReplacementRefused(resolution.symbol, resolution.title, parsed.title, reason)
    if not resolution.source_text:
        return changes, None  # a catalogue record: no text to restore
    previous = {"title": resolution.title, "source_text": resolution.source_text}
    return changes, {**previous, "paragraphs": stored}


def restore_version(version: ResolutionVersion, *, user) -> ImportResult:
    """Bring back a previous text through the normal import, so that follow-ups are carried
    by the import's own matching rules; the text it replaces is kept as a version in turn,
    so that a restore can be undone. Raises ImportRefused or parsing.ParseError."""
    resolution = version.resolution
    parsed = parsing.parse(version.source_text, symbol=resolution.symbol)
    origin = ImportOrigin(
        channel=ImportChannel.WEB,
        user=user,
        file_name=records.file_name_of(version),
        kind=ImportKind.RESTORE,
        restored=version,
    )
    # The version was this resolution's own text: restoring it is a confirmed replacement.
    return import_parsed(parsed, version.source_text, replace=True, origin=origin)
