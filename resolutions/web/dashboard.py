"""The dashboard: figures aggregated in the database, drawn as SVG charts with their tables.

Each figure is one grouped query, so the page costs the same number of queries however
many resolutions and follow-up requests the tracker holds.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from resolutions.domain import session_code, session_label
from resolutions.models import (
    AddresseeKind,
    AdoptionMode,
    Body,
    Document,
    FollowUp,
    FollowUpStatus,
    Resolution,
    SessionKind,
)
from resolutions.web import charts

DEFAULT_BODY = "HRC"
SESSIONS_SHOWN = 30
DOCUMENTS_SHOWN = 15


def percent(value: float, decimals: int) -> str:
    """A share in the reader's language: "12.5%", "12,5 %"."""
    return _("%(value)s%%") % {"value": number_format(value, decimals)}


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""


@dataclass
class Table:
    caption: str
    # The first column heads each row.
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Chart:
    heading: str
    empty_text: str
    table: Table
    svg: SafeString = field(default_factory=SafeString)

    @property
    def is_empty(self) -> bool:
        return not self.table.rows


def _resolutions():
    """The texts the default lists show: withdrawn drafts and amendments stay out."""
    return Resolution.objects.listed()


def _follow_ups():
    return FollowUp.objects.filter(resolution__in=_resolutions())


def _count_chart(*, chart_id, heading, caption, column, axis_label, counts, choices, empty_text):
    rows = [(label, counts.get(value, 0)) for value, label in choices]
    chart = Chart(
        heading=heading,
        empty_text=empty_text,
        table=Table(caption, [column, _("Follow-up requests")]),
    )
    if not any(n for _label, n in rows):
        return chart
    chart.table.rows = [
        [Cell(label), Cell(number_format(n, force_grouping=True))] for label, n in rows
    ]
    total = sum(n for _label, n in rows)
    chart.svg = charts.horizontal_bars(
        chart_id=chart_id,
        title=heading,
        description=ngettext(
            "%(total)s follow-up request: %(counts)s.",
            "%(total)s follow-up requests: %(counts)s.",
            total,
        )
        % {"total": total, "counts": ", ".join(f"{label} {n}" for label, n in rows)},
        bars=[charts.Bar(label, n) for label, n in rows],
        axis_label=axis_label,
    )
    return chart


def _follow_ups_by(field, choices, **labels) -> Chart:
    counts = {
        row[field]: row["n"]
        for row in _follow_ups().order_by().values(field).annotate(n=Count("pk"))
    }
    return _count_chart(
        axis_label=_("Follow-up requests"),
        counts=counts,
        choices=choices,
        empty_text=_("No follow-up request has been found in the resolutions yet."),
        **labels,
    )


def follow_ups_by_status() -> Chart:
    return _follow_ups_by(
        "status",
        FollowUpStatus.choices,
        chart_id="chart-status",
        heading=_("Follow-up requests by status"),
        caption=_("Follow-up requests by status"),
        column=_("Status"),
    )


def follow_ups_by_addressee() -> Chart:
    return _follow_ups_by(
        "addressee_kind",
        AddresseeKind.choices,
        chart_id="chart-addressee",
        heading=_("Follow-up requests by addressee"),
        caption=_("Follow-up requests by the kind of addressee"),
        column=_("Addressed to"),
    )


def _session_sort_key(row) -> tuple:
    # Special sessions fall between regular ones: their dates, not their numbers, say when.
    when = row["session__start_date"] or (
        datetime.date(row["session__year"], 1, 1) if row["session__year"] else datetime.date.min
    )
    return (when, row["session__kind"] != SessionKind.REGULAR, row["session__number"])


def resolutions_by_session(body_short_name: str, body_name: str) -> Chart:
    """How the latest sessions of one body adopted their texts."""
    resolutions = _resolutions()
    rows = (
        resolutions.filter(body__short_name__iexact=body_short_name, session__isnull=False)
        .order_by()
        .values(
            "session__body__short_name",
            "session__kind",
            "session__number",
            "session__start_date",
            "session__year",
            "adoption_mode",
        )
        .annotate(n=Count("pk"))
    )
    sessions: dict[tuple, dict] = {}
    for row in sorted(rows, key=_session_sort_key):
        key = (row["session__kind"], row["session__number"])
        session = sessions.setdefault(key, {"body": row["session__body__short_name"]})
        session[row["adoption_mode"]] = session.get(row["adoption_mode"], 0) + row["n"]
    latest = list(sessions.items())[-SESSIONS_SHOWN:]
    modes = [(value, label) for value, label in AdoptionMode.choices] + [("", _("Not stated"))]
    present = [(v, label) for v, label in modes if any(s.get(v) for _key, s in latest)]
    heading = _("Resolutions per session of the %(body)s, by adoption") % {"body": body_name}
    chart = Chart(
        heading=heading,
        empty_text=_("No resolution of the %(body)s with a known session is held yet.")
        % {"body": body_name},
        table=Table(
            _("%(heading)s (latest %(count)s sessions)")
            % {"heading": heading, "count": SESSIONS_SHOWN},
            [_("Session")] + [label for _v, label in present] + [_("Total")],
        ),
    )
    if not latest:
        return chart
    for (kind, number), session in latest:
        code = session_code(kind, number)
        counts = [session.get(v, 0) for v, _ in present]
        chart.table.rows.append(
            [
                Cell(
                    session_label(kind, number),
                    reverse("session_detail", args=[session["body"], code]),
                )
            ]
            + [Cell(number_format(n, force_grouping=True)) for n in counts]
            + [Cell(number_format(sum(counts), force_grouping=True))]
        )
    categories = [session_code(kind, number) for (kind, number), _ in latest]
    span = (
        categories[0]
        if len(categories) == 1
        else _("%(first)s to %(last)s") % {"first": categories[0], "last": categories[-1]}
    )
    chart.svg = charts.columns(
        chart_id="chart-sessions",
        title=heading,
        description=_(
            "Stacked columns, one per session (%(span)s), each split by how its texts were "
            "adopted: %(modes)s. The table that follows gives the numbers."
        )
        % {"span": span, "modes": ", ".join(str(label) for _v, label in present)},
        categories=categories,
        series=[
            charts.Series(label, tuple(s.get(v, 0) for _k, s in latest)) for v, label in present
        ],
        x_label=_("Session (S- special, ES- emergency special)"),
        y_label=_("Resolutions"),
    )
    return chart


def recorded_vote_share() -> Chart:
    """Per year, the share of texts whose adoption is known that went to a recorded vote."""
    resolutions = _resolutions()
    rows = list(
        resolutions.filter(adopted_on__isnull=False)
        .exclude(adoption_mode="")
        .order_by()
        .values("adopted_on__year")
        .annotate(
            total=Count("pk"),
            recorded=Count("pk", filter=Q(adoption_mode=AdoptionMode.RECORDED_VOTE)),
        )
        .order_by("adopted_on__year")
    )
    heading = _("Texts adopted by a recorded vote, per year")
    chart = Chart(
        heading=heading,
        empty_text=_("No text with a known date and way of adoption is held yet."),
        table=Table(
            _("Texts adopted by a recorded vote, per year (texts whose adoption is known)"),
            [_("Year"), _("Texts"), _("By recorded vote"), _("Share")],
        ),
    )
    if not rows:
        return chart
    shares = [100 * r["recorded"] / r["total"] for r in rows]
    chart.table.rows = [
        [
            Cell(str(r["adopted_on__year"])),
            Cell(number_format(r["total"], force_grouping=True)),
            Cell(number_format(r["recorded"], force_grouping=True)),
            Cell(percent(share, 1)),
        ]
        for r, share in zip(rows, shares, strict=True)
    ]
    chart.svg = charts.columns(
        chart_id="chart-votes",
        title=heading,
        description=_("Share of the year's texts adopted by a recorded vote: %(shares)s.")
        % {
            "shares": ", ".join(
                f"{r['adopted_on__year']} {percent(s, 0)}"
                for r, s in zip(rows, shares, strict=True)
            )
        },
        categories=[str(r["adopted_on__year"]) for r in rows],
        series=[charts.Series(_("Share by recorded vote"), tuple(shares))],
        x_label=_("Year of adoption"),
        y_label=_("Share of texts"),
        y_max=100,
        value_format=lambda v: percent(v, 0),
    )
    return chart


def most_cited_documents() -> Chart:
    """The documents that the most resolutions cite."""
    within = Q(citations__paragraph__resolution__in=_resolutions())
    rows = list(
        Document.objects.annotate(
            citing=Count("citations__paragraph__resolution", distinct=True, filter=within),
            citations_count=Count("citations", distinct=True, filter=within),
        )
        .filter(citing__gt=0)
        .order_by("-citing", "-citations_count", "symbol")
        .values("symbol", "citing", "citations_count")[:DOCUMENTS_SHOWN]
    )
    heading = _("The %(count)s most cited documents") % {"count": DOCUMENTS_SHOWN}
    chart = Chart(
        heading=heading,
        empty_text=_("No resolution held cites a document yet."),
        table=Table(
            heading, [_("Document"), _("Resolutions citing it"), _("Paragraphs citing it")]
        ),
    )
    if not rows:
        return chart
    chart.table.rows = [
        [
            Cell(r["symbol"], reverse("document_detail", args=[r["symbol"]])),
            Cell(number_format(r["citing"], force_grouping=True)),
            Cell(number_format(r["citations_count"], force_grouping=True)),
        ]
        for r in rows
    ]
    chart.svg = charts.horizontal_bars(
        chart_id="chart-cited",
        title=heading,
        description=_("How many resolutions cite each document: %(counts)s.")
        % {"counts": ", ".join(f"{r['symbol']} {r['citing']}" for r in rows)},
        bars=[charts.Bar(r["symbol"], r["citing"]) for r in rows],
        axis_label=_("Resolutions citing the document"),
    )
    return chart


@require_safe
def dashboard(request):
    bodies = list(Body.objects.order_by("name"))
    chosen = (request.GET.get("body") or DEFAULT_BODY).strip()
    body = next((b for b in bodies if b.short_name.lower() == chosen.lower()), None)
    if body is None:
        sessions_chart = Chart(
            heading=_("Resolutions per session, by adoption"),
            empty_text=_("There is no body called “%(body)s”: choose one from the list.")
            % {"body": chosen}
            if bodies
            else _("No body has been loaded yet."),
            table=Table("", []),
        )
    else:
        sessions_chart = resolutions_by_session(body.short_name, body.display_name)
    context = {
        "bodies": bodies,
        "chosen_body": body.short_name if body else chosen,
        "status_chart": follow_ups_by_status(),
        "addressee_chart": follow_ups_by_addressee(),
        "sessions_chart": sessions_chart,
        "votes_chart": recorded_vote_share(),
        "cited_chart": most_cited_documents(),
    }
    return render(request, "resolutions/dashboard.html", context)
