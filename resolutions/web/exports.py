"""CSV exports of the lists, streamed row by row."""

import csv
import logging
from collections.abc import Iterable, Iterator

from django.db import DatabaseError
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from resolutions.domain import session_name
from resolutions.models import (
    FollowUp,
    Resolution,
    overdue_on,
)
from resolutions.web import throttling
from resolutions.web.filters import FollowUpFilter, ResolutionFilter
from resolutions.web.rows import ADOPTION

logger = logging.getLogger(__name__)

# Rows fetched per round trip while streaming: large enough to keep round trips few,
# small enough to keep memory flat.
CHUNK_SIZE = 2000
ROWS_PER_WRITE = 200


class ExportInterrupted(Exception):
    """A streamed export whose database failed after its response had started: raised
    inside the stream, so that the server aborts the connection instead of ending the
    file as if it were whole."""


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); tab and carriage return can smuggle one past a leading-character check.
FORMULA_STARTS = frozenset("=+-@\t\r")

RESOLUTION_COLUMNS = [
    "symbol",
    "number",
    "kind",
    "title",
    "body",
    "session",
    "agenda items",
    "adopted on",
    "adoption mode",
    "in favour",
    "against",
    "abstaining",
    "draft symbol",
    "outcome",
    "open follow-ups",
    "url",
]

FOLLOW_UP_COLUMNS = [
    "resolution symbol",
    "paragraph label",
    "action",
    "verb",
    "addressee",
    "addressee kind",
    "summary",
    "due session",
    "due year",
    "due on",
    "status",
    "overdue",
    "url",
]


def safe_cell(value):
    """A cell a spreadsheet shows as text, never runs: formula-like text gets a leading
    apostrophe. Numbers pass as they are (a vote count is never negative)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value):
        return value


# The language of machine-readable exports (CSV, JSON, Akoma Ntoso): they do not change
# with the reader's choice of interface language.
NEUTRAL_LANGUAGE = "en"


# The last line of a file whose database failed midway. In English, like the column
# names, and in the first column, where a person or a program reading the file meets it.
INCOMPLETE = "EXPORT INCOMPLETE: the database failed after {rows} rows; this file is not complete."


def csv_response(filename: str, header: list[str], rows: Iterable[list]):
    """A streamed CSV download; UTF-8 with a byte order mark so that spreadsheets read
    accented names ("Côte d'Ivoire") correctly."""
    slot = throttling.take_export_slot()
    if slot is None:
        return throttling.server_busy_response()
    writer = csv.writer(_Echo())
    rows = iter(rows)
    # The same file for every reader, whatever the language of the interface: labels
    # (statuses, adoption modes, sessions) in English, like the column names.
    try:
        with translation.override(NEUTRAL_LANGUAGE):
            # Before the response starts: a database that does not answer gives the 503 of
            # DatabaseUnavailableMiddleware, not a 200 with an empty file.
            first = next(rows, None)
    except BaseException:
        slot.close()
        raise

    def lines() -> Iterator[str]:
        with translation.override(NEUTRAL_LANGUAGE):
            yield "\ufeff" + writer.writerow(header)
            if first is None:
                return
            # Lines go out ROWS_PER_WRITE at a time: one write to the socket per row
            # cost more than writing the row.
            lines = [writer.writerow([safe_cell(value) for value in first])]
            written = 1
            try:
                for row in rows:
                    lines.append(writer.writerow([safe_cell(value) for value in row]))
                    written += 1
                    if len(lines) == ROWS_PER_WRITE:
                        yield "".join(lines)
                        lines = []
            except DatabaseError as error:
                logger.warning("Export %s broken after %d rows: %s", filename, written, error)
                lines.append(writer.writerow([INCOMPLETE.format(rows=written)]))
                yield "".join(lines)
                raise ExportInterrupted(f"{filename}: {written} rows sent") from error
            yield "".join(lines)

    response = StreamingHttpResponse(
        throttling.HeldWhileStreaming(lines(), slot), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _dated(name: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.csv"


RESOLUTION_CSV_FIELDS = [
    "symbol",
    "number",
    "kind",
    "title",
    "body__short_name",
    "session__kind",
    "session__number",
    *ADOPTION,
    "draft_symbol",
    "outcome",
]


def resolution_rows(request, filterset) -> Iterator[list]:
    """One row per resolution the filters select, in the list page's order."""
    resolutions = (
        filterset.qs.for_list(text_stored=False)
        .prefetch_related(None)
        .select_related(None)
        .select_related("body", "session")
        .only(*RESOLUTION_CSV_FIELDS)
    )
    shown = {name: labels(Resolution, name) for name in ("kind", "adoption_mode", "outcome")}
    absolute = _absolute(request)
    page: list[Resolution] = []
    for resolution in resolutions.iterator(chunk_size=CHUNK_SIZE):
        page.append(resolution)
        if len(page) == CHUNK_SIZE:
            yield from _resolution_page_rows(page, shown, absolute)
            page = []
    if page:
        yield from _resolution_page_rows(page, shown, absolute)


def labels(model, field_name: str) -> dict:
    """A field's choices as {value: label} in the active language, for a whole export:
    `get_FOO_display()` hashes every choice again on every call, most of the time an
    export of thousands of rows took."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _absolute(request):
    """`request.build_absolute_uri` for the site's own paths, the host checked once."""
    base = request.build_absolute_uri("/")[:-1]
    return lambda path: base + path


def _resolution_page_rows(page: list[Resolution], shown, absolute) -> Iterator[list]:
    # The agenda items of the page's resolutions in one query.
    items: dict[int, list[str]] = {}
    links = (
        Resolution.agenda_items.through.objects.filter(
            resolution_id__in=[resolution.pk for resolution in page]
        )
        .order_by("agendaitem__number")
        .values_list("resolution_id", "agendaitem__number")
    )
    for resolution_id, number in links:
        items.setdefault(resolution_id, []).append(str(number))
    for resolution in page:
        yield [
            resolution.symbol,
            resolution.number,
            shown["kind"].get(resolution.kind, resolution.kind),
            resolution.title,
            resolution.body.short_name,
            resolution.session.label if resolution.session_id else "",
            "; ".join(items.get(resolution.pk, [])),
            resolution.adopted_on.isoformat() if resolution.adopted_on else "",
            shown["adoption_mode"].get(resolution.adoption_mode, resolution.adoption_mode),
            resolution.votes_in_favour,
            resolution.votes_against,
            resolution.votes_abstaining,
            resolution.draft_symbol,
            shown["outcome"].get(resolution.outcome, resolution.outcome),
            resolution.open_follow_up_count,
            absolute(resolution.get_absolute_url()),
        ]


@require_safe
def resolution_csv(request):
    filterset = ResolutionFilter(request.GET, queryset=Resolution.objects.all())
    return csv_response(
        _dated("resolutions"), RESOLUTION_COLUMNS, resolution_rows(request, filterset)
    )


# The columns the follow-up CSV reads, as plain values: a row of models (the request, its
# paragraph, resolution and session) cost more to build than the line it gives.
FOLLOW_UP_CSV_FIELDS = [
    "id",
    "resolution__symbol",
    "paragraph__label",
    "action",
    "verb",
    "addressee",
    "addressee_kind",
    "summary",
    "due_session__body__short_name",
    "due_session__kind",
    "due_session__number",
    "due_year",
    "due_on",
    "status",
]


def _path_of(view_name: str):
    """`reverse(view_name, args=[pk])` for every row at the cost of one call: the path
    is reversed once with a marker number where the key goes."""
    marker = 987654321987654321
    template = reverse(view_name, args=[marker]).replace(str(marker), "{}")
    return template.format


def follow_up_rows(request, filterset, today) -> Iterator[list]:
    """One row per follow-up request the filters select, in the list page's order
    (FollowUp.objects.by_due_date: soonest due first, undated last)."""
    follow_ups = filterset.qs.by_due_date().values_list(*FOLLOW_UP_CSV_FIELDS, named=True)
    shown = {name: labels(FollowUp, name) for name in ("action", "addressee_kind", "status")}
    absolute = _absolute(request)
    path = _path_of("follow_up_detail")
    for row in follow_ups.iterator(chunk_size=CHUNK_SIZE):
        due_session = (
            session_name(
                row.due_session__body__short_name, row.due_session__kind, row.due_session__number
            )
            if row.due_session__kind is not None
            else ""
        )
        # The list holds current requests only: FollowUp.is_overdue, on the row's values.
        overdue = overdue_on(row.status, row.due_on, today)
        yield [
            row.resolution__symbol,
            row.paragraph__label,
            shown["action"].get(row.action, row.action),
            row.verb,
            row.addressee,
            shown["addressee_kind"].get(row.addressee_kind, row.addressee_kind),
            row.summary,
            due_session,
            row.due_year,
            row.due_on.isoformat() if row.due_on else "",
            shown["status"].get(row.status, row.status),
            "yes" if overdue else "no",
            absolute(path(row.id)),
        ]


@require_safe
def follow_up_csv(request):
    today = timezone.localdate()
    filterset = FollowUpFilter(
        request.GET, queryset=FollowUp.objects.all(), today=today, user=request.user
    )
    return csv_response(
        _dated("follow-ups"), FOLLOW_UP_COLUMNS, follow_up_rows(request, filterset, today)
    )
