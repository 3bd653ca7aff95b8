"""A text fetched from the UN, stored with what the Digital Library records of it.

The text is parsed and imported as any other (texts.import_parsed); the library's record
then fills what the text leaves blank, by the voting catalogue's rule
(catalogue.merge_metadata: the text's own reading wins, a catalogue fills the rest), in
the same transaction: the votes per country (967) where the text lists none, stored as a
text's are (rows.store_votes), the totals (996), the draft (993), the meeting, the date of
adoption and the agenda items. A failure anywhere leaves nothing of the symbol stored.
"""

import re

from django.db import transaction
from django.utils import translation

from resolutions import parsing
from resolutions.domain import ordinal
from resolutions.importing import rows
from resolutions.importing.catalogue import merge_metadata
from resolutions.importing.records import ImportOrigin
from resolutions.importing.texts import ImportResult, import_parsed
from resolutions.models import AdoptionMode, Country, Resolution, TextImport
from resolutions.parsing.symbols import normalise_symbol
from resolutions.sources.un import FetchedDocument, LibraryRecord, WrongDocument


def fetched_before(symbol: str, digest: str) -> bool:
    """Whether the text stored under `symbol` is the one of the file with this checksum:
    what an interrupted batch has stored already, and need not import again."""
    latest = (
        TextImport.objects.filter(resolution__symbol=symbol)
        .order_by("-created_at", "-id")
        .values_list("checksum", flat=True)
        .first()
    )
    return latest == digest


def parse_fetched(document: FetchedDocument) -> parsing.ParsedResolution:
    """The parse of a fetched text; WrongDocument when the text is of another symbol than
    the one asked (the ODS served another document)."""
    parsed = parsing.parse(document.source.text)
    if not parsed.symbol:
        # A text that states no symbol is taken for the one asked: the masthead may not
        # have read, and nothing says it is another.
        return parsing.parse(document.source.text, symbol=document.symbol)
    if normalise_symbol(parsed.symbol) != normalise_symbol(document.symbol):
        raise WrongDocument(
            document.symbol,
            f"the file served is the text of {parsed.symbol}, not of {document.symbol}",
        )
    return parsed


@transaction.atomic
def import_fetched(
    document: FetchedDocument,
    parsed: parsing.ParsedResolution,
    record: LibraryRecord | None,
    *,
    replace: bool = False,
    origin: ImportOrigin,
) -> ImportResult:
    """Store a fetched text and what its library record adds, or nothing. Raises what
    import_parsed raises."""
    result = import_parsed(parsed, document.source.text, replace=replace, origin=origin)
    if record is not None:
        merge_library_record(result.resolution, parsed, record)
    return result


def merge_library_record(
    resolution: Resolution, parsed: parsing.ParsedResolution, record: LibraryRecord
):
    """Fill what the text of `resolution` (parsed as `parsed`) leaves blank from `record`."""
    # A vote the record tells of belongs to a text adopted by a vote: a text that says it
    # was adopted without one keeps its word, and no vote counts beside it.
    votes_apply = resolution.adoption_mode in ("", AdoptionMode.RECORDED_VOTE)
    values = {
        "title": record.title,
        "adopted_on": record.adopted_on,
        "meeting": meeting_of(record.meetings[0]) if record.meetings else "",
        "draft_symbol": record.drafts[0] if record.drafts else "",
        "adoption_mode": adoption_mode_of(record),
    }
    if votes_apply:
        values |= {
            "votes_in_favour": record.in_favour,
            "votes_against": record.against,
            "votes_abstaining": record.abstaining,
            "votes_not_voting": record.not_voting,
        }
    # What the record does not give is no reading: it must not blank what was stored.
    values = {name: value for name, value in values.items() if value not in (None, "")}
    if merge_metadata(resolution, values):
        resolution.save(update_fields=[*values, "updated_at"])

    countries = record.countries()
    if votes_apply and countries and not parsed.adoption.countries:
        adoption = parsing.Adoption(mode=AdoptionMode.RECORDED_VOTE, countries=as_stored(countries))
        rows.store_votes(resolution, adoption, is_new=False)
    numbers = [item.number for item in record.agenda_items if item.number is not None]
    if numbers and not parsed.agenda_items:
        rows.store_agenda_items(resolution, resolution.body, numbers, is_new=False)


def adoption_mode_of(record: LibraryRecord) -> str:
    if record.has_vote:
        return AdoptionMode.RECORDED_VOTE
    if "without vote" in record.vote_note.casefold():
        return AdoptionMode.WITHOUT_VOTE
    return ""


_MEETING_RECORD = re.compile(r"/(?P<kind>PV|SR)\.(?P<number>[0-9]{1,4})$")


def meeting_of(symbol: str) -> str:
    """The meeting as a text names it, from its record's symbol: "30th plenary meeting"
    from A/73/PV.30 (verbatim records are of plenary meetings), "40th meeting" from a
    summary record's "…/SR.40"; "" for another symbol."""
    match = _MEETING_RECORD.search(symbol)
    if not match:
        return ""
    # Stored as the texts' English, whatever language the person fetching reads.
    with translation.override(None):
        number = ordinal(int(match["number"]))
    return f"{number} plenary meeting" if match["kind"] == "PV" else f"{number} meeting"


def as_stored(countries: dict[str, list[str]]) -> dict[str, list[str]]:
    """The same lists with each country named as a stored country of the same name in
    other capitals is ("Côte d'Ivoire" for the library's "CÔTE D'IVOIRE"), so that one
    country is not stored twice under two spellings."""
    stored: dict[str, str] = {}
    for name in Country.objects.values_list("name", flat=True):
        stored.setdefault(name.casefold(), name)
    return {
        position: [stored.get(name.casefold(), name) for name in names]
        for position, names in countries.items()
    }
