"""Reports and budget sections -> documents: what the tracker stores of a document that is
no resolution.

A report (parsing/reports.py read its cover) is stored as a Document with its symbol,
title, date and author, and the resolutions it says it answers; their open requests for a
report are proposed as answered by it (followups/proposals.py). A budget section
(sources/mandates.py read it) is stored as a Document with a LegislativeMandate for every
text its "Legislative mandates" list names.

Each import is one transaction, idempotent (a second import of the same file changes
nothing and says so), and recorded like a text's (records.py).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from resolutions.domain import DocumentKind, document_kind
from resolutions.followups.proposals import propose_for_reports, requests_a_report_would_answer
from resolutions.importing import records, rows
from resolutions.importing.records import ImportOrigin
from resolutions.importing.texts import ImportRefused, Outcome
from resolutions.models import Document, FollowUp, LegislativeMandate, Resolution, TextImport
from resolutions.parsing.reports import ParsedReport, cover_symbol, read_report
from resolutions.sources.documents import SourceText
from resolutions.sources.mandates import BudgetSection, Mandate, read_budget_section

REPORT = "report"
BUDGET_SECTION = "budget section"


@dataclass
class DocumentImportResult:
    document: Document
    outcome: Outcome
    what: str  # REPORT or BUDGET_SECTION: what the file was taken for
    record: TextImport
    added: int = 0  # the answered resolutions or the mandates this import added
    warnings: list[str] = field(default_factory=list)


def _stored(symbol: str) -> tuple[Document, bool]:
    """The document of `symbol`, locked, and whether it is new."""
    document = Document.objects.select_for_update().filter(symbol=symbol).first()
    if document is None:
        return Document(symbol=symbol), True
    return document, False


@transaction.atomic
def import_report(
    parsed: ParsedReport, source_text: str, *, origin: ImportOrigin | None = None
) -> DocumentImportResult:
    """Store the report `parsed` and the record of its import; ImportRefused when its
    symbol is no report's."""
    origin = origin or ImportOrigin()
    if document_kind(parsed.symbol) != DocumentKind.REPORT:
        raise ImportRefused(f"{parsed.symbol}: the symbol is not a report's.")
    document, is_new = _stored(parsed.symbol)
    facts = {"title": parsed.title, "date": parsed.date, "author": parsed.author}
    changed = is_new or any(getattr(document, name) != value for name, value in facts.items())
    if changed:
        for name, value in facts.items():
            setattr(document, name, value)
        document.save()
    known = set() if is_new else set(document.answers.values_list("symbol", flat=True))
    new_answers = set(parsed.answers) - known
    if set(parsed.answers) != known:
        document.answers.set(rows.documents_for(parsed.answers).values())
        changed = True
    propose_for_reports([document.pk])
    outcome = Outcome.IMPORTED if is_new else Outcome.UPDATED if changed else Outcome.UNCHANGED
    record = records.record_document_import(
        document, origin, source_text=source_text, outcome=outcome
    )
    return DocumentImportResult(document, outcome, REPORT, record, added=len(new_answers))


@transaction.atomic
def import_budget_section(
    section: BudgetSection, source_text: str, *, origin: ImportOrigin | None = None
) -> DocumentImportResult:
    """Store the budget section and a LegislativeMandate for every text its list names,
    and the record of its import. A mandate the list no longer names is removed."""
    origin = origin or ImportOrigin()
    document, is_new = _stored(section.symbol)
    title = section.title
    if is_new or document.title != title:
        document.title = title
        document.save()
    named = rows.documents_for(section.mandates.symbols())
    wanted = {}
    for mandate in section.mandates.mandates:
        # The first entry of a text under one part holds; the list may name it twice.
        wanted.setdefault(
            (mandate.symbol, mandate.part[:300]),
            LegislativeMandate(
                budget_section=document,
                document=named[mandate.symbol],
                section_number=section.number,
                section_title=title[:300],
                heading=mandate.heading[:300],
                subprogramme=mandate.part[:300],
                written=mandate.written[:100],
            ),
        )
    stored = {
        (row.document.symbol, row.subprogramme): row
        for row in LegislativeMandate.objects.filter(budget_section=document).select_related(
            "document"
        )
    }
    gone = [row.pk for key, row in stored.items() if key not in wanted]
    LegislativeMandate.objects.filter(pk__in=gone).delete()
    added = [row for key, row in wanted.items() if key not in stored]
    LegislativeMandate.objects.bulk_create(added, batch_size=1000)
    changed = is_new or bool(gone or added) or document.title != title
    outcome = Outcome.IMPORTED if is_new else Outcome.UPDATED if changed else Outcome.UNCHANGED
    record = records.record_document_import(
        document, origin, source_text=source_text, outcome=outcome
    )
    warnings = [
        gettext("a mandate not read as a symbol: %(entry)s") % {"entry": entry}
        for entry in section.mandates.unread
    ]
    return DocumentImportResult(
        document, outcome, BUDGET_SECTION, record, added=len(added), warnings=warnings
    )


def recognise(source: SourceText, data: bytes, name: str) -> ParsedReport | BudgetSection | None:
    """What the document read as `source` is when it is no resolution: a budget section (a
    Word file whose header prints "A/80/6 (Sect. 24)") or a report (its masthead symbol is
    a report's, domain.document_kind); None for a resolution, which the parser reads."""
    if source.format == "docx":
        section = read_budget_section(data, name)
        if section is not None:
            return section
    symbol = cover_symbol(source.text)
    if symbol is not None and document_kind(symbol) == DocumentKind.REPORT:
        return read_report(source.text)
    return None


def import_recognised(
    found: ParsedReport | BudgetSection, source_text: str, *, origin: ImportOrigin | None = None
) -> DocumentImportResult:
    if isinstance(found, BudgetSection):
        return import_budget_section(found, source_text, origin=origin)
    return import_report(found, source_text, origin=origin)


# How many of a budget section's mandates the preview shows.
SAMPLE_SIZE = 10


@dataclass
class DocumentPreview:
    """What importing a report or a budget section would store, beside what is stored."""

    found: ParsedReport | BudgetSection
    what: str  # REPORT or BUDGET_SECTION
    stored: Document | None  # the document already stored under the symbol
    # A report: the resolutions it answers, each with its stored text or None, and their
    # open requests for a report, which would be proposed as answered by it.
    answered: list[tuple[str, Resolution | None]] = field(default_factory=list)
    requests: list[FollowUp] = field(default_factory=list)
    # A budget section: the texts its list names that are stored as resolutions, and a
    # sample of its mandates (those naming a stored text first).
    texts_stored: int = 0
    sample: list[tuple[Mandate, Resolution | None]] = field(default_factory=list)


def preview(found: ParsedReport | BudgetSection) -> DocumentPreview:
    """What import_recognised(found) would store, without storing anything."""
    stored = Document.objects.filter(symbol=found.symbol).first()
    if isinstance(found, BudgetSection):
        symbols = found.mandates.symbols()
        texts = {r.symbol: r for r in Resolution.objects.filter(symbol__in=symbols).only("symbol")}
        mandates = found.mandates.mandates
        sample = [m for m in mandates if m.symbol in texts][:SAMPLE_SIZE]
        sample += [m for m in mandates if m.symbol not in texts][: SAMPLE_SIZE - len(sample)]
        return DocumentPreview(
            found,
            BUDGET_SECTION,
            stored,
            texts_stored=len(texts),
            sample=[(m, texts.get(m.symbol)) for m in sample],
        )
    texts = Resolution.objects.filter(symbol__in=found.answers).only("symbol")
    texts = {r.symbol: r for r in texts}
    return DocumentPreview(
        found,
        REPORT,
        stored,
        answered=[(symbol, texts.get(symbol)) for symbol in found.answers],
        requests=requests_a_report_would_answer(found.answers),
    )


def describe_document(found: ParsedReport | BudgetSection) -> str:
    """What was read, in one line, for the import's report."""
    if isinstance(found, BudgetSection):
        return gettext(
            "budget section %(symbol)s (section %(number)s, %(title)s): %(count)s legislative "
            "mandates naming %(texts)s texts"
        ) % {
            "symbol": found.symbol,
            "number": found.number,
            "title": found.title,
            "count": len(found.mandates.mandates),
            "texts": len(found.mandates.symbols()),
        }
    return gettext("report %(symbol)s (%(title)s; %(date)s; %(author)s; answers %(answers)s)") % {
        "symbol": found.symbol,
        "title": found.title,
        "date": found.date.isoformat() if found.date else "-",
        "author": found.author or "-",
        "answers": ", ".join(found.answers) or "-",
    }
