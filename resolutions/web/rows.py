"""The rows of the resolution lists (the list, a session's, an agenda item's), read as
values rather than as model instances: what a row shows, in three queries for a page (the
rows, their agenda items, their open requests), each row a small frozen value that
web/fragments.py digests in one piece. A row whose values
are as they were is not rendered again (`{% kept %}`), so on the first request after a
write what a list costs is mostly reading its rows: as values, a page of 25 is read and
digested in a third of the time the models took (docs/PERFORMANCE.md)."""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db.models import Count
from django.urls import reverse

from resolutions.domain import session_code, session_label
from resolutions.models import AdoptionMode, FollowUp, Resolution
from resolutions.web import visitor_cache
from resolutions.web.pages import paginate

# How a text was adopted, as its row and its line of the CSV export give it.
ADOPTION = ("adopted_on", "adoption_mode", "votes_in_favour", "votes_against", "votes_abstaining")
# What a row shows, in ResolutionRow's order after the agenda items, but its open requests.
FIELDS = (
    "symbol",
    "title",
    "body__short_name",
    "session__body__short_name",
    "session__kind",
    "session__number",
    *ADOPTION,
    "text_is_stored",
)


@dataclass(frozen=True, slots=True)
class AgendaItemLink:
    body: str
    number: int

    def get_absolute_url(self) -> str:
        return reverse("agenda_item_detail", args=[self.body, self.number])


@dataclass(frozen=True, slots=True)
class SessionLink:
    body: str
    kind: str
    number: int

    @property
    def label(self) -> str:
        return session_label(self.kind, self.number)

    def get_absolute_url(self) -> str:
        return reverse("session_detail", args=[self.body, session_code(self.kind, self.number)])


@dataclass(frozen=True, slots=True)
class ResolutionRow:
    """A resolution as a list's row shows it, with the names the model's templates use."""

    agenda_items: tuple[AgendaItemLink, ...]
    symbol: str
    title: str
    body: str  # its short name
    session: SessionLink | None
    adopted_on: date | None
    adoption_mode: str
    votes_in_favour: int | None
    votes_against: int | None
    votes_abstaining: int | None
    text_stored: bool
    open_follow_up_count: int

    def get_absolute_url(self) -> str:
        return reverse("resolution_detail", args=[self.symbol])

    def get_adoption_mode_display(self) -> str:
        return AdoptionMode(self.adoption_mode).label if self.adoption_mode else ""

    @property
    def is_recorded_vote(self) -> bool:
        return self.adoption_mode == AdoptionMode.RECORDED_VOTE


@visitor_cache.check("open requests")
def open_requests(ids: tuple[int, ...]) -> dict[int, int]:
    """How many open requests each of the resolutions `ids` makes (those with any)."""
    return dict(
        FollowUp.objects.open()
        .filter(resolution_id__in=ids)
        .order_by()
        .values_list("resolution_id")
        .annotate(Count("id"))
    )


def open_requests_checked(ids: tuple[int, ...]) -> dict[int, int]:
    """`open_requests(ids)` for the page being made, as a check."""
    return visitor_cache.checked("open requests", ids)


def read(values: list[tuple]) -> list[ResolutionRow]:
    """Rows from `values` (the id, then FIELDS), with their agenda items in one query and
    their open requests in another: a check (web/visitor_cache.py), the only thing a row
    shows of what staff record, so that a list kept for visitors outlives a request's
    progress recorded on a text it does not show."""
    through = Resolution.agenda_items.through.objects
    items = through.filter(resolution_id__in=[row[0] for row in values]).order_by(
        "resolution_id",
        "agendaitem__body__name",
        "agendaitem__number",  # AgendaItem's order
    )
    found = {
        pk: tuple(AgendaItemLink(body, number) for _, body, number in group)
        for pk, group in groupby(
            items.values_list(
                "resolution_id", "agendaitem__body__short_name", "agendaitem__number"
            ),
            key=lambda item: item[0],
        )
    }
    counted = open_requests_checked(tuple(row[0] for row in values))
    rows = []
    for pk, symbol, title, body, session_body, kind, number, *rest in values:
        session = SessionLink(session_body, kind, number) if kind else None
        rows.append(
            ResolutionRow(
                found.get(pk, ()), symbol, title, body, session, *rest, counted.get(pk, 0)
            )
        )
    return rows


def paginated(request, resolutions, count: int):
    """The page of `resolutions` a request asks for, as rows (`count` is known already)."""
    listed = resolutions.counted_for_list(open_requests=False)
    page = paginate(request, listed.values_list("pk", *FIELDS), count)
    page.object_list = read(list(page.object_list))
    return page
