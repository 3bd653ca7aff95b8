"""Staff notes on paragraphs: the form that writes one, and a note's page, where it is
edited or deleted and its history read. Only those who may record follow-up write or read
internal notes (followups/notes.py checks it again)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from resolutions.access import RECORD_PERMISSION
from resolutions.followups import notes
from resolutions.models import NoteVisibility, Paragraph, ParagraphNote, Resolution

MAX_NOTE_LENGTH = 5000


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_NOTE_LENGTH,
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=[
            (NoteVisibility.INTERNAL, gettext_lazy("Staff who record follow-up (internal)")),
            (NoteVisibility.PUBLIC, gettext_lazy("Everyone (public)")),
        ],
        initial=NoteVisibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Internal unless you choose otherwise."),
    )


def paragraph_url(resolution: Resolution, paragraph: Paragraph | None) -> str:
    anchor = f"#{paragraph.anchor}" if paragraph is not None else "#orphaned-notes"
    return resolution.get_absolute_url() + anchor


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(RECORD_PERMISSION, raise_exception=True)
def add_note(request, symbol):
    resolution = get_object_or_404(Resolution.objects.only("id", "symbol", "title"), symbol=symbol)
    label = request.GET.get("paragraph", "")[:30]
    paragraph = Paragraph.objects.filter(resolution=resolution, label=label).first()
    if paragraph is None:
        raise Http404(
            _("No paragraph %(label)s in %(symbol)s.") % {"label": label, "symbol": symbol}
        )
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notes.add_note(paragraph, user=request.user, **form.cleaned_data)
        messages.success(request, _("Note added to %(label)s.") % {"label": paragraph.label})
        return redirect(paragraph_url(resolution, paragraph))
    context = {"resolution": resolution, "paragraph": paragraph, "form": form}
    status = 400 if form.errors else 200
    return render(request, "resolutions/note_form.html", context, status=status)


def _note(pk) -> ParagraphNote:
    return get_object_or_404(
        ParagraphNote.objects.current().select_related("resolution", "paragraph"), pk=pk
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(RECORD_PERMISSION, raise_exception=True)
def note_detail(request, note_pk):
    note = _note(note_pk)
    initial = {"text": note.text, "visibility": note.visibility}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notes.edit_note(note, user=request.user, **form.cleaned_data)
        except ValueError as error:  # deleted meanwhile
            messages.error(request, str(error))
        else:
            messages.success(request, _("Note saved."))
        return redirect(paragraph_url(note.resolution, note.paragraph))
    context = {
        "note": note,
        "resolution": note.resolution,
        "form": form,
        "revisions": note.revisions.all(),
    }
    return render(
        request, "resolutions/note_detail.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
@permission_required(RECORD_PERMISSION, raise_exception=True)
def delete_note(request, note_pk):
    note = _note(note_pk)
    notes.delete_note(note, user=request.user)
    messages.success(
        request,
        _("Note on %(label)s deleted; its history is kept.") % {"label": note.label},
    )
    return redirect(paragraph_url(note.resolution, note.paragraph))
