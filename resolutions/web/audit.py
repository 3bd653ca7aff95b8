"""The staff audit page: who changed what and when, in one timeline.

Three records exist and are kept as they are: the admin's log (Django writes a
LogEntry for every add, change and delete made in the admin), the follow-up events
(services.record_follow_up_event writes one for every status change) and the text
imports (importing.import_parsed writes one for every import, history.py). This page
reads them, newest first, and adds no record of its own.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Value
from django.shortcuts import render
from django.utils.translation import gettext as _

from resolutions.access import can_record, masked_key
from resolutions.models import FollowUpEvent, TextImport

AUDIT_PAGE_SIZE = 50

ADMIN = "admin"
FOLLOW_UP = "follow_up"
TEXT_IMPORT = "text_import"
TOKEN_APP = "authtoken"


@dataclass
class AuditEntry:
    """One line of the timeline, whichever record it comes from."""

    source: str
    at: datetime
    record: LogEntry | FollowUpEvent | TextImport


def _timeline():
    """(source, pk, at) of every entry, newest first, as one query that a paginator can
    count and slice: the rows themselves are fetched for one page only."""
    admin_log = (
        LogEntry.objects.order_by()
        .annotate(source=Value(ADMIN, output_field=CharField()), ref=F("pk"), at=F("action_time"))
        .values_list("source", "ref", "at")
    )
    events = (
        FollowUpEvent.objects.order_by()
        .annotate(
            source=Value(FOLLOW_UP, output_field=CharField()), ref=F("pk"), at=F("created_at")
        )
        .values_list("source", "ref", "at")
    )
    imports = (
        TextImport.objects.order_by()
        .annotate(
            source=Value(TEXT_IMPORT, output_field=CharField()), ref=F("pk"), at=F("created_at")
        )
        .values_list("source", "ref", "at")
    )
    # The source breaks ties between the records; the id between rows of one.
    return admin_log.union(events, imports, all=True).order_by("-at", "-source", "-ref")


def entries_for(page_rows) -> list[AuditEntry]:
    """The rows of one page, in three queries however long the page is."""
    wanted = {ADMIN: [], FOLLOW_UP: [], TEXT_IMPORT: []}
    for source, pk, _at in page_rows:
        wanted[source].append(pk)
    found = {
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
    page = Paginator(_timeline(), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/audit.html",
        {
            "page": page,
            "entries": entries_for(page.object_list),
            # Internal notes follow the rule of the follow-up page: only staff who may
            # record follow-up read them.
            "show_internal": can_record(request.user),
            "query": "",
        },
    )
