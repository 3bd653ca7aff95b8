"""A text fetched from the UN, stored with what the Digital Library records of it.

The text is parsed and imported as any other (texts.import_parsed); the library's record
then fills what the text leaves blank, by the voting catalogue's rule
(catalogue.merge_metadata: the text's own reading wins, a catalogue fills the rest), in
the same transaction: the votes per country (967) where the text lists none, stored as a
text's are (rows.store_votes), the totals (996), the draft (993), the meeting, the date of
adoption and the agenda items. A failure anywhere leaves nothing of the symbol stored.

fetch_symbol does all of it for one symbol, for `manage.py fetch_documents` and for the
background task a page starts (importing/tasks.py): it fetches, parses and stores, or says
in a FetchRefused why nothing was stored.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation

from resolutions import parsing
from resolutions.domain import ordinal
from resolutions.importing import rows
from resolutions.importing.catalogue import merge_metadata
from resolutions.importing.records import ImportOrigin, checksum, system_user
from resolutions.importing.texts import (
    ImportRefused,
    ImportResult,
    ReplacementRefused,
    describe_error,
    import_parsed,
)
from resolutions.models import AdoptionMode, ImportChannel, Resolution, TextImport
from resolutions.parsing.symbols import normalise_symbol
from resolutions.sources import un
from resolutions.sources.un import FetchedDocument, LibraryRecord, WrongDocument

logger = logging.getLogger(__name__)

SKIPPED = "skipped"  # stored already from the same file
NO_RECORD = "the Digital Library has no record of it: no votes per country."
PARSER_BUG = "internal error of the parser, please report it with the symbol"


def service_config(**changes) -> un.ServiceConfig:
    """The client's configuration from the settings (UN_*)."""
    return un.ServiceConfig(
        ods_url=settings.UN_ODS_URL,
        library_url=settings.UN_LIBRARY_URL,
        requests_per_second=settings.UN_REQUESTS_PER_SECOND,
        timeout=settings.UN_TIMEOUT,
        retries=settings.UN_RETRIES,
        backoff=settings.UN_BACKOFF,
        cache_dir=settings.UN_CACHE_DIR,
        contact=settings.UN_CONTACT,
        **changes,
    )


@dataclass(frozen=True)
class FetchOptions:
    format: str = "pdf"  # what to ask the ODS for: un.ODS_FORMATS
    library: bool = True  # ask the Digital Library for the record too
    refresh: bool = False  # import even a text stored already from the same file
    replace: bool = False  # store even a text that reads as another resolution


@dataclass
class Fetched:
    """A symbol fetched and stored, or skipped (`result` None: stored already)."""

    outcome: str  # an importing Outcome, or SKIPPED
    parsed: parsing.ParsedResolution | None = None
    result: ImportResult | None = None
    warnings: list[str] = field(default_factory=list)


class FetchRefused(Exception):
    """Nothing of the symbol was stored, and why, in a sentence that names no symbol."""

    def __init__(self, symbol: str, reason: str, *, not_found=False, replacement=False):
        super().__init__(f"{symbol}: {reason}")
        self.symbol = symbol
        self.reason = reason
        self.not_found = not_found  # the ODS has no document of the symbol
        self.replacement = replacement  # refused as another resolution's text


def fetch_symbol(client: un.Client, symbol: str, options: FetchOptions, *, user=None) -> Fetched:
    """Fetch `symbol` from the UN and store it (one transaction), recorded as fetched by
    the system for `user`; FetchRefused when nothing was stored. Any other exception is a
    programming error, and leaves nothing stored either."""
    try:
        return _fetch_and_import(client, symbol, options, user)
    except un.NotFound as error:
        raise FetchRefused(symbol, error.reason, not_found=True) from error
    except un.FetchFailed as error:
        raise FetchRefused(symbol, error.reason) from error
    except (parsing.ParseError, ImportRefused) as error:
        replacement = isinstance(error, ReplacementRefused)
        raise FetchRefused(symbol, describe_error(error), replacement=replacement) from error
    except parsing.ParserBug as error:
        logger.exception("parser bug while fetching %s", symbol)
        raise FetchRefused(symbol, f"{PARSER_BUG}: {error}") from error
    except DatabaseError as error:
        # The symbol's transaction is rolled back; a batch goes on with the others.
        raise FetchRefused(symbol, f"the database refused it: {error}".strip()) from error


def _fetch_and_import(client, symbol: str, options: FetchOptions, user) -> Fetched:
    document = un.fetch_document(client, symbol, options.format)
    digest = checksum(document.data)
    if not options.refresh and fetched_before(symbol, digest):
        return Fetched(outcome=SKIPPED)
    parsed = parse_fetched(document)
    record = un.fetch_record(client, symbol) if options.library else None
    origin = ImportOrigin(
        channel=ImportChannel.FETCH,
        user=user,
        actor=system_user(),
        file_name=document.url,
        checksum=digest,
    )
    result = import_fetched(document, parsed, record, replace=options.replace, origin=origin)
    warnings = list(document.source.warnings)
    if record is None and options.library:
        warnings.append(NO_RECORD)
    warnings.extend(result.warnings)
    return Fetched(outcome=result.outcome, parsed=parsed, result=result, warnings=warnings)


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
        adoption = parsing.Adoption(mode=AdoptionMode.RECORDED_VOTE, countries=countries)
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
