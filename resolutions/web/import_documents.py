"""The import page's reports and budget sections (importing/reports.py): the document the
preview read, carried signed to the confirmation, and what the page says once it is stored.

A resolution's preview carries its text to the confirmation; a budget section cannot be
read again from its text (its mandates are read from the Word file's tables), so the
preview carries what it read instead, signed, so that the confirmation stores exactly what
the preview showed and nothing a person could have edited in the page."""

import datetime

from django.core import signing
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy, ngettext

from resolutions.importing.reports import BUDGET_SECTION, REPORT, DocumentImportResult
from resolutions.importing.texts import Outcome
from resolutions.models import FulfilmentProposal
from resolutions.parsing.reports import ParsedReport
from resolutions.sources.mandates import BudgetSection, Mandate, Mandates

# A preview confirmed later than this is refused: the file is read again, with what the
# database holds by then.
MAX_AGE = datetime.timedelta(hours=6)

STALE = gettext_lazy(
    "This preview has expired or was changed in the page: nothing was stored. Upload the "
    "file again."
)

OUTCOMES = {
    (REPORT, Outcome.IMPORTED): gettext_lazy("Report %(symbol)s: imported."),
    (REPORT, Outcome.UPDATED): gettext_lazy("Report %(symbol)s: updated."),
    (REPORT, Outcome.UNCHANGED): gettext_lazy(
        "Report %(symbol)s: unchanged, it was already stored as this file reads."
    ),
    (BUDGET_SECTION, Outcome.IMPORTED): gettext_lazy("Budget section %(symbol)s: imported."),
    (BUDGET_SECTION, Outcome.UPDATED): gettext_lazy("Budget section %(symbol)s: updated."),
    (BUDGET_SECTION, Outcome.UNCHANGED): gettext_lazy(
        "Budget section %(symbol)s: unchanged, it was already stored as this file reads."
    ),
}


class StalePreview(Exception):
    """The carried document is not one this site signed for this person, or is too old."""


def _salt(user) -> str:
    # One person's preview cannot be confirmed by another.
    return f"resolutions.import-document:{user.pk}"


def carry(found: ParsedReport | BudgetSection, user, *, file_name: str, file_checksum: str) -> str:
    """`found`, signed for `user`, for the confirmation's hidden field."""
    if isinstance(found, BudgetSection):
        document = {
            "symbol": found.symbol,
            "number": found.number,
            "title": found.title,
            "mandates": [
                [m.symbol, m.written, m.title, m.heading, m.part] for m in found.mandates.mandates
            ],
            "unread": found.mandates.unread,
        }
    else:
        document = {
            "symbol": found.symbol,
            "title": found.title,
            "date": found.date.isoformat() if found.date else None,
            "author": found.author,
            "answers": found.answers,
        }
    payload = {
        "what": BUDGET_SECTION if isinstance(found, BudgetSection) else REPORT,
        "document": document,
        "file_name": file_name,
        "checksum": file_checksum,
    }
    return signing.dumps(payload, salt=_salt(user), compress=True)


def carried(token: str, user) -> tuple[ParsedReport | BudgetSection, str, str]:
    """The document `token` carries, with the file's name and checksum; StalePreview when
    it was not signed for `user` or is older than MAX_AGE."""
    try:
        payload = signing.loads(token, salt=_salt(user), max_age=MAX_AGE)
    except signing.BadSignature:
        raise StalePreview from None
    document = payload["document"]
    if payload["what"] == BUDGET_SECTION:
        found = BudgetSection(
            document["symbol"],
            document["number"],
            document["title"],
            Mandates([Mandate(*row) for row in document["mandates"]], list(document["unread"])),
        )
    else:
        date = document["date"]
        found = ParsedReport(
            document["symbol"],
            document["title"],
            datetime.date.fromisoformat(date) if date else None,
            document["author"],
            list(document["answers"]),
        )
    return found, payload["file_name"], payload["checksum"]


def stored_message(result: DocumentImportResult) -> str:
    """What the import stored, in a sentence or two."""
    said = [str(OUTCOMES[result.what, result.outcome] % {"symbol": result.document.symbol})]
    if result.outcome == Outcome.UNCHANGED:
        return said[0]
    if result.what == REPORT:
        proposed = FulfilmentProposal.objects.filter(document=result.document).count()
        said.append(
            ngettext(
                "It is proposed as the answer to %(count)s request for a report.",
                "It is proposed as the answer to %(count)s requests for a report.",
                proposed,
            )
            % {"count": proposed}
        )
    else:
        said.append(
            ngettext(
                "%(count)s legislative mandate recorded.",
                "%(count)s legislative mandates recorded.",
                result.added,
            )
            % {"count": result.added}
        )
    return " ".join(said)


def warnings_of(result: DocumentImportResult) -> list[str]:
    """The import's warnings (a mandate the list writes as no symbol), as sentences."""
    return [f"{capfirst(warning)}." for warning in result.warnings]
