"""The staff page that imports a text: upload, preview, confirm."""

import logging
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions import parsing
from resolutions.access import IMPORT_PERMISSION
from resolutions.importing import records
from resolutions.importing.reports import import_recognised, preview
from resolutions.importing.texts import (
    ImportRefused,
    ImportResult,
    ReplacementRefused,
    check_importable,
    describe_error,
    import_parsed,
)
from resolutions.importing.texts import Outcome as ImportOutcome
from resolutions.models import (
    Document,
    FollowUpEvent,
    ImportChannel,
    Resolution,
)
from resolutions.web.forms import ImportForm
from resolutions.web.import_documents import carry, stored_message, warnings_of

logger = logging.getLogger(__name__)

IMPORT_OUTCOMES = {
    ImportOutcome.IMPORTED: gettext_lazy("%s: imported."),
    ImportOutcome.UPDATED: gettext_lazy("%s: updated."),
    ImportOutcome.UNCHANGED: gettext_lazy("%s: unchanged."),
}


REPLACEMENT_REFUSED = gettext_lazy(
    "This text reads as another resolution than the one stored under its symbol. "
    "Nothing was changed. Check the symbol; to replace the stored text all the same, "
    "tick “Replace the stored text” and confirm again."
)


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_resolution(request):
    """Upload or paste a text, see how it parses beside the original, then confirm; a
    report or a budget section is shown as the document it would be stored as."""
    if request.method != "POST":
        # "Upload the text" on the page of a resolution without one names its symbol.
        form = ImportForm(initial={"symbol": request.GET.get("symbol", "")[:100]})
        return render(request, "resolutions/import.html", {"form": form})
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(request, "resolutions/import.html", {"form": form}, status=400)
    attempt = preview_or_import(form, request.user, confirm=request.POST.get("action") == "confirm")
    if attempt.stored is not None:
        messages.success(request, attempt.message)
        for warning in attempt.warnings:
            messages.warning(request, warning)
        return redirect(attempt.stored)
    return render(request, "resolutions/import.html", attempt.context, status=attempt.status)


@dataclass
class ImportAttempt:
    """What became of a valid form: the resolution or document stored and what the import
    did, else the page to show again (the preview, or the form with why it was refused)."""

    stored: Resolution | Document | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    context: dict = field(default_factory=dict)
    status: int = 200


def preview_or_import(form: ImportForm, user, *, confirm: bool) -> ImportAttempt:
    """Parse the form's text; store it when `confirm` is given and it may be stored."""
    if form.cleaned_data["found"] is not None:
        return _document_attempt(form, user, confirm=confirm)
    text, symbol = form.cleaned_data["text"], form.cleaned_data["symbol"] or None
    status = 200
    try:
        parsed = parsing.parse(text, symbol=symbol)
        check_importable(parsed)
        if confirm:
            origin = records.ImportOrigin(
                channel=ImportChannel.WEB, user=user, file_name=form.cleaned_data["file_name"]
            )
            result = import_parsed(
                parsed, text, replace=form.cleaned_data["replace"], origin=origin
            )
            return ImportAttempt(result.resolution, imported_message(result))
    except ReplacementRefused:
        # The preview again, which says what replacing would do and offers to confirm it.
        form.add_error(None, REPLACEMENT_REFUSED)
        status = 400
    except parsing.ParserBug as error:
        form.add_error(None, _parser_bug_message(form, error))
        # The person sees a message to report; the operators get the traceback in the log.
        logger.exception("parser bug while importing %s", form.source_name())
        return ImportAttempt(context={"form": form}, status=400)
    except (parsing.ParseError, ImportRefused) as error:
        form.add_error(None, _refusal_message(error))
        return ImportAttempt(context={"form": form}, status=400)
    return ImportAttempt(context=_preview(form, parsed, text), status=status)


def _document_attempt(form: ImportForm, user, *, confirm: bool) -> ImportAttempt:
    """A report or a budget section: what it would be stored as, or, confirmed, stored as
    the command stores it (importing/reports.py, one transaction, recorded)."""
    found, cleaned = form.cleaned_data["found"], form.cleaned_data
    if not confirm:
        carried = carry(
            found, user, file_name=cleaned["file_name"], file_checksum=cleaned["file_checksum"]
        )
        context = {"form": form, "document_preview": preview(found), "carried": carried}
        return ImportAttempt(context=context)
    origin = records.ImportOrigin(
        channel=ImportChannel.WEB,
        user=user,
        file_name=cleaned["file_name"],
        checksum=cleaned["file_checksum"],
    )
    try:
        result = import_recognised(found, cleaned["text"], origin=origin)
    except ImportRefused as error:
        form.add_error(None, _refusal_message(error))
        return ImportAttempt(context={"form": form}, status=400)
    return ImportAttempt(result.document, stored_message(result), warnings_of(result))


def imported_message(result: ImportResult) -> str:
    """What the import did, then what a person must know of it."""
    return " ".join(
        [str(IMPORT_OUTCOMES[result.outcome] % result.resolution.symbol)] + result.warnings
    )


def _parser_bug_message(form: ImportForm, error: parsing.ParserBug) -> str:
    return _(
        "%(name)s: internal error of the parser, please report it, with the file (%(error)s)."
    ) % {"name": form.source_name(), "error": error}


def _refusal_message(error: Exception) -> str:
    failure = (
        _("The text could not be read: %(reason)s")
        if isinstance(error, parsing.ParseError)
        else _("The text could not be stored: %(reason)s")
    )
    return failure % {"reason": describe_error(error)}


def _preview(form: ImportForm, parsed, text: str) -> dict:
    """The page that shows how the text parses, and what storing it would replace."""
    existing = Resolution.objects.filter(symbol=parsed.symbol).first()
    return {
        "form": form,
        "parsed": parsed,
        "text": text,
        "existing": existing,
        "events_kept": FollowUpEvent.objects.filter(follow_up__resolution=existing).count()
        if existing
        else 0,
        "replacement": records.replacement(existing, parsed) if existing else None,
    }
