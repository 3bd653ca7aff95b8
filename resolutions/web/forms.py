"""Forms of the staff pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolutions.access import recorders
from resolutions.followups.recording import NOT_CHECKED
from resolutions.importing.records import checksum
from resolutions.importing.reports import recognise
from resolutions.importing.texts import describe_error
from resolutions.models import FollowUp, FollowUpStatus
from resolutions.parsing import ParseError
from resolutions.parsing.symbols import symbol_from_input
from resolutions.sources.documents import SourceText, Unreadable, read_document
from resolutions.sources.textfiles import NotPlainText, check_text
from resolutions.web.import_documents import STALE, StalePreview, carried


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = recorders()
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class SymbolField(forms.CharField):
    """A UN document symbol as a person types it ("a/hrc/res/32/6."), cleaned to its
    canonical form; blank stays blank. Its "invalid" message says what a symbol is."""

    default_error_messages = {"invalid": _("This is not a UN document symbol.")}

    def clean(self, value):
        raw = super().clean(value)
        if not raw:
            return ""
        symbol = symbol_from_input(raw)
        if symbol is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return symbol


# Internal first: what a note is unless chosen otherwise (EventForm.visibility).
VISIBILITY = [("internal", _("Staff only (internal)")), ("public", _("Everyone (public)"))]


class EventForm(forms.Form):
    """What every recorded event says: a status, a note, and who may read the note."""

    new_status = forms.ChoiceField(label=_("New status"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)
    # Internal unless chosen otherwise: a note published by mistake cannot be unsaid.
    visibility = forms.ChoiceField(
        label=_("Who may read the note"),
        choices=VISIBILITY,
        initial="internal",
        help_text=_(
            "Staff only unless you choose “Everyone”: the public then reads the note in the "
            "request's history."
        ),
    )

    @property
    def is_public(self) -> bool:
        return self.cleaned_data["visibility"] == "public"


# The largest id a row can have: ids are 64-bit signed integers on SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


class IdsField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, where an id no row can have (past 64 bits) is an invalid choice:
    handed to the database, SQLite cannot even hold it as a parameter (OverflowError)."""

    def clean(self, value):
        for pk in value or []:
            try:
                if not 1 <= int(str(pk)) <= MAX_ID:
                    raise ValueError(pk)
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                ) from None
        return super().clean(value)


class BulkEventForm(EventForm):
    follow_ups = IdsField(queryset=FollowUp.objects.all())


class FollowUpEventForm(EventForm):
    new_status = forms.ChoiceField(label=_("New status"), choices=FollowUpStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened: a report issued, a session that took the matter up..."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read the note"),
        choices=VISIBILITY,
        initial="internal",
        widget=forms.RadioSelect,
        help_text=EventForm.base_fields["visibility"].help_text,
    )
    evidence_symbol = SymbolField(
        label=_("Evidence (document symbol)"),
        required=False,
        max_length=100,
        help_text=_("For example A/HRC/35/8 or A/HRC/RES/35/8."),
        error_messages={
            "invalid": _(
                "This is not a UN document symbol (for example A/HRC/31/81 or A/RES/70/1)."
            )
        },
    )
    # The latest event the editor saw, so that a save over someone else's is refused.
    seen_event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @property
    def seen_event_id(self):
        """What the editor saw; NOT_CHECKED from a form rendered before the field existed."""
        return self.cleaned_data["seen_event"] if "seen_event" in self.data else NOT_CHECKED


# An official resolution's PDF is well under a megabyte; a long report, a few.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def unreadable_message(error: Unreadable) -> str:
    """The reason a file or text was refused, in the reader's language where the tracker
    says it, naming it. A reader's own reason (a PDF with a password, a damaged Word file)
    comes from sources/, which has no translations."""
    if isinstance(error, NotPlainText) and error.format:
        return _(
            "%(name)s: this is a %(format)s file, which the tracker does not read. It reads "
            "PDF, Word (.docx), web pages (.html) and plain text: save the document in one of "
            "those forms, or copy its text, and upload or paste that."
        ) % {"name": error.name, "format": error.format}
    if error.line:
        return _(
            "%(name)s: line %(line)s holds a control character that no plain text contains: "
            "this is not a plain text, or it was saved in another encoding; save it again as "
            "plain text (UTF-8) and upload that."
        ) % {"name": error.name, "line": error.line}
    return _("%(name)s: %(reason)s") % {"name": error.name, "reason": error.reason}


class ImportForm(forms.Form):
    """A resolution text to import: an uploaded file or pasted text."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "The official PDF, the Word file (.docx), a saved web page (.html) or a plain text."
        ),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    symbol = SymbolField(
        label=_("Symbol (only if the text does not state it)"),
        required=False,
        max_length=100,
        help_text=_("For example A/HRC/RES/35/8."),
    )
    # The uploaded file's name, carried from the preview to the confirmation for the record
    # of the import (the confirmation posts the text, not the file).
    file_name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    replace = forms.BooleanField(label=_("Replace the stored text"), required=False)
    # A report or a budget section the preview read (import_documents.carry), carried to
    # the confirmation in place of a text.
    document = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user  # whom a carried document was signed for

    def clean(self):
        cleaned = super().clean()
        cleaned["found"], cleaned["file_checksum"] = None, ""
        if cleaned.get("document"):
            return self._carried(cleaned)
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError(_("Give a file or pasted text, not both."))
        data = b""
        if upload:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError(_("The file is larger than 20 MB: is it a resolution?"))
            data = upload.read()
            source = self._readable(lambda: read_document(data, upload.name))
            cleaned["source"], cleaned["text"] = source, source.text
            cleaned["file_name"], cleaned["file_checksum"] = upload.name, checksum(data)
        elif not text.strip():
            raise forms.ValidationError(_("Choose a file or paste a text."))
        else:
            text = self._readable(lambda: check_text(text, str(_("the pasted text"))))
            cleaned["source"] = SourceText(text=text, format="text", reader="pasted")
            cleaned["text"], cleaned["file_checksum"] = text, checksum(text)
        # A report or a budget section is stored as a document, not parsed as a resolution.
        cleaned["found"] = self._readable(
            lambda: recognise(cleaned["source"], data, self.source_name())
        )
        return cleaned

    def _carried(self, cleaned):
        """The report or budget section the preview read, as it carried it."""
        try:
            found, file_name, file_checksum = carried(cleaned["document"], self.user)
        except StalePreview:
            raise forms.ValidationError(STALE) from None
        cleaned.update(found=found, file_name=file_name, file_checksum=file_checksum)
        cleaned.update(source=None, text="")
        return cleaned

    def source_name(self) -> str:
        """What the text came from, for messages: the file's name or "the pasted text"."""
        upload = self.cleaned_data.get("file") if hasattr(self, "cleaned_data") else None
        return upload.name if upload else str(_("the pasted text"))

    @staticmethod
    def _readable(read):
        try:
            return read()
        except Unreadable as error:
            raise forms.ValidationError(unreadable_message(error)) from None
        except ParseError as error:
            raise forms.ValidationError(
                _("The text could not be read: %(reason)s") % {"reason": describe_error(error)}
            ) from None


class FetchForm(forms.Form):
    """A symbol to fetch from the UN's document services."""

    symbol = SymbolField(
        label=_("Symbol"), max_length=100, help_text=_("For example A/HRC/RES/59/1.")
    )
