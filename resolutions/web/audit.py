"""The staff audit page: who changed what and when, in one timeline.

Four records exist and are kept as they are: the admin's log (Django writes a
LogEntry for every add, change and delete made in the admin), the follow-up events
(services.record_follow_up_event writes one for every status change), the text
imports (importing.import_parsed writes one for every import, history.py) and the
revisions of staff notes on paragraphs (followups/notes.py writes one for every change).
This page reads them, newest first, and adds no record of its own. Its filters (who,
what, when, which resolution) narrow each of them before they are joined.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, Value
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions.access import can_record, masked_key
from resolutions.models import FollowUpEvent, ParagraphNoteRevision, Resolution, TextImport
from resolutions.web.forms import SymbolField

AUDIT_PAGE_SIZE = 50

ADMIN = "admin"
FOLLOW_UP = "follow_up"
TEXT_IMPORT = "text_import"
NOTE = "note"
TOKEN_APP = "authtoken"


@dataclass
class AuditEntry:
    """One line of the timeline, whichever record it comes from."""

    source: str
    at: datetime
    record: LogEntry | FollowUpEvent | TextImport | ParagraphNoteRevision


class AuditFilterForm(forms.Form):
    """Who, what, when and which resolution: each optional, each read or refused with a
    reason shown beside it."""

    who = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("A user name or part of a name."),
    )
    what = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[
            ("", gettext_lazy("Every change")),
            (TEXT_IMPORT, gettext_lazy("Imports of texts")),
            (FOLLOW_UP, gettext_lazy("Follow-up events")),
            (NOTE, gettext_lazy("Notes on paragraphs")),
            (ADMIN, gettext_lazy("Changes in the admin")),
        ],
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    resolution = SymbolField(
        label=gettext_lazy("Resolution"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Its symbol, e.g. A/HRC/RES/32/6."),
    )

    def clean_resolution(self):
        symbol = self.cleaned_data["resolution"]
        if symbol and not Resolution.objects.filter(symbol=symbol).exists():
            raise forms.ValidationError(
                _("No resolution %(symbol)s is stored."), params={"symbol": symbol}
            )
        return symbol

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return self.cleaned_data

    def chosen(self) -> dict:
        """The values that could be read; a value refused is left out, as the lists do."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }


def _bounds(chosen):
    """The filters as (start, end) datetimes of the days chosen, in the site's time zone."""
    start = end = None
    if chosen.get("since"):
        start = timezone.make_aware(datetime.combine(chosen["since"], time.min))
    if chosen.get("until"):
        end = timezone.make_aware(datetime.combine(chosen["until"], time.max))
    return start, end


def _narrowed(queryset, chosen, *, at, who, resolution):
    start, end = _bounds(chosen)
    if start:
        queryset = queryset.filter(**{f"{at}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{at}__lte": end})
    if chosen.get("who"):
        queryset = queryset.filter(
            Q(*[Q(**{f"{field}__icontains": chosen["who"]}) for field in who], _connector=Q.OR)
        )
    if chosen.get("resolution"):
        queryset = queryset.filter(resolution(chosen["resolution"]))
    return queryset


def _admin_entries_of(symbol):
    return Q(
        content_type=ContentType.objects.get_for_model(Resolution),
        object_id__in=[
            str(pk) for pk in Resolution.objects.filter(symbol=symbol).values_list("pk", flat=True)
        ],
    )


def _timeline(chosen=None):
    """(source, pk, at) of every entry the filters keep, newest first, as one query that a
    paginator can count and slice: the rows themselves are fetched for one page only."""
    chosen = chosen or {}
    admin_log = _narrowed(
        LogEntry.objects.all(),
        chosen,
        at="action_time",
        who=["user__username", "user__first_name", "user__last_name"],
        resolution=_admin_entries_of,
    )
    events = _narrowed(
        FollowUpEvent.objects.all(),
        chosen,
        at="created_at",
        who=["user_name", "user__username"],
        resolution=lambda symbol: Q(follow_up__resolution__symbol=symbol),
    )
    imports = _narrowed(
        TextImport.objects.all(),
        chosen,
        at="created_at",
        who=["actor", "user__username"],
        resolution=lambda symbol: Q(symbol=symbol),
    )
    notes = _narrowed(
        ParagraphNoteRevision.objects.all(),
        chosen,
        at="created_at",
        who=["user_name", "user__username"],
        resolution=lambda symbol: Q(note__resolution__symbol=symbol),
    )
    kept = {ADMIN: admin_log, FOLLOW_UP: events, TEXT_IMPORT: imports, NOTE: notes}
    if chosen.get("what"):
        kept = {chosen["what"]: kept[chosen["what"]]}
    rows = [_rows(source, queryset) for source, queryset in kept.items()]
    if len(rows) == 1:
        return rows[0].order_by("-at", "-ref")
    # The source breaks ties between the records; the id between rows of one.
    return rows[0].union(*rows[1:], all=True).order_by("-at", "-source", "-ref")


_AT = {ADMIN: "action_time", FOLLOW_UP: "created_at", TEXT_IMPORT: "created_at", NOTE: "created_at"}


def _rows(source, queryset):
    return (
        queryset.order_by()
        .annotate(source=Value(source, output_field=CharField()), ref=F("pk"), at=F(_AT[source]))
        .values_list("source", "ref", "at")
    )


def entries_for(page_rows) -> list[AuditEntry]:
    """The rows of one page, in a query per record shown however long the page is."""
    wanted = {ADMIN: [], FOLLOW_UP: [], TEXT_IMPORT: [], NOTE: []}
    for source, pk, _at in page_rows:
        wanted[source].append(pk)
    found = {
        NOTE: ParagraphNoteRevision.objects.select_related("note__resolution", "note__paragraph")
        .defer(*(f"note__resolution__{name}" for name in ("source_text", "annex")))
        .in_bulk(wanted[NOTE]),
        ADMIN: LogEntry.objects.select_related("user", "content_type").in_bulk(wanted[ADMIN]),
        FOLLOW_UP: FollowUpEvent.objects.select_related(
            "follow_up__resolution", "follow_up__paragraph"
        ).in_bulk(wanted[FOLLOW_UP]),
        TEXT_IMPORT: TextImport.objects.select_related("resolution", "document")
        .only("resolution__symbol", "document", "document__symbol", *TEXT_IMPORT_FIELDS)
        .in_bulk(wanted[TEXT_IMPORT]),
    }
    for entry in found[ADMIN].values():
        # A token's log entry was named by its key before migration 0011 masked them;
        # masked again here so that no entry, however it was written, shows a key.
        if entry.content_type and entry.content_type.app_label == TOKEN_APP:
            entry.object_repr = masked_key(entry.object_repr)
    # A row deleted between the two queries is left out rather than shown half.
    return [
        AuditEntry(source, at, found[source][pk])
        for source, pk, at in page_rows
        if pk in found[source]
    ]


# What the timeline shows of an import (not the resolution's text, which it never reads).
TEXT_IMPORT_FIELDS = [
    "resolution",
    "symbol",
    "kind",
    "channel",
    "actor",
    "file_name",
    "checksum",
    "outcome",
    "changes",
    "created_at",
]


@login_required
def audit(request):
    # Staff only, and refused outright: a non-staff account sent back to the login page
    # would only be asked for a password it already gave.
    if not request.user.is_staff:
        raise PermissionDenied(_("The history of changes is for staff."))
    form = AuditFilterForm(request.GET)
    chosen = form.chosen()
    page = Paginator(_timeline(chosen), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resolutions/audit.html",
        {
            "form": form,
            "filtered": bool(chosen),
            "page": page,
            "entries": entries_for(page.object_list),
            # Internal notes follow the rule of the follow-up page: only staff who may
            # record follow-up read them.
            "show_internal": can_record(request.user),
            "query": query.urlencode(),
        },
        # A filter that could not be read is an error, not a silently wider list.
        status=400 if form.errors else 200,
    )
