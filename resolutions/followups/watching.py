"""What a person hears of what they watch (a series, an agenda item, a resolution, an
addressee entity, a saved search): the texts stored in it since the watch began, the
status changes recorded on its requests, and the proposals made for them (a fulfilment,
a request carried forward), each told once to each person whatever watches it falls in.
Staff hear the same of the requests assigned to them, watched or not.

Nothing internal goes to someone who may not read it: an internal event is news only to
staff who may record follow-up. Nobody hears of what they recorded themselves.

A saved search matches what its list page's filters match. Those filters are the pages'
(web/filters.py), which this package does not import: web/saved.py registers how a saved
search is read when the app starts (apps.py), through `read_saved_search`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from resolutions.access import can_record
from resolutions.models import (
    CarriedForward,
    FollowUp,
    FollowUpEvent,
    FulfilmentProposal,
    ProposalStatus,
    Resolution,
    SavedSearch,
    Watch,
    WatchNotice,
)

# At most this many of each kind of news in one message; the rest, not yet told, comes in
# the next.
NEWS_LIMIT = 100
# How far back the news of the requests assigned to someone goes: a weekly digest's week.
ASSIGNED_DAYS = 8


@dataclass
class Matched:
    """What a saved search matches: texts, and the requests whose changes are news."""

    texts: QuerySet
    follow_ups: QuerySet


# reader(saved, since=None): what it matches; with `since`, its texts among those stored
# since then (a paragraph search ranks what it searches: a new text must not be outranked).
_saved_search_reader: Callable[..., Matched] | None = None


def read_saved_search(reader: Callable[..., Matched]) -> None:
    global _saved_search_reader
    _saved_search_reader = reader


def _matched(saved: SavedSearch, since=None) -> Matched:
    if _saved_search_reader is None:  # the app registers it in ready(): never seen unset
        raise RuntimeError("No reader of saved searches is registered (see apps.py).")
    return _saved_search_reader(saved, since=since)


def texts_in(watch: Watch) -> QuerySet:
    """The listed texts in what `watch` watches (a resolution watched holds none new)."""
    texts = Resolution.objects.listed()
    match watch.kind:
        case "series":
            return texts.filter(series=watch.series_id)
        case "agenda_item":
            return texts.filter(agenda_items=watch.agenda_item_id)
        case "entity":
            asked = FollowUp.objects.filter(entities=watch.entity_id).values("resolution")
            return texts.filter(pk__in=asked)
        case "saved_search":
            matched = _matched(watch.saved_search, since=watch.created_at)
            return texts.filter(pk__in=matched.texts.values("pk"))
    return texts.none()


def follow_ups_in(watch: Watch) -> QuerySet:
    """The current requests in what `watch` watches."""
    requests = FollowUp.objects.all()
    match watch.kind:
        case "series":
            return requests.filter(resolution__series=watch.series_id)
        case "agenda_item":
            return requests.filter(resolution__agenda_items=watch.agenda_item_id)
        case "resolution":
            return requests.filter(resolution=watch.resolution_id)
        case "entity":
            return requests.filter(entities=watch.entity_id)
    return requests.filter(pk__in=_matched(watch.saved_search).follow_ups.values("pk"))


@dataclass
class News:
    """One person's untold news, each item with the watch it came from."""

    texts: list = field(default_factory=list)  # (watch, Resolution)
    events: list = field(default_factory=list)  # (watch, FollowUpEvent)
    fulfilments: list = field(default_factory=list)  # (watch, FulfilmentProposal)
    carried: list = field(default_factory=list)  # (watch, CarriedForward)

    def __len__(self):
        return len(self.texts) + len(self.events) + len(self.fulfilments) + len(self.carried)

    @property
    def assigned_count(self) -> int:
        """How many items are news of requests assigned to the person (no watch)."""
        items = self.events + self.fulfilments + self.carried
        return sum(1 for watch, _item in items if watch is None)

    def notices(self, digest) -> list[WatchNotice]:
        kinds = {
            "resolution": self.texts,
            "event": self.events,
            "fulfilment": self.fulfilments,
            "carried": self.carried,
        }
        return [
            WatchNotice(digest=digest, watch=watch, **{name: item})
            for name, items in kinds.items()
            for watch, item in items
        ]


def _untold(user, name: str) -> Q:
    """Leaves out what `user` was told already, through any watch."""
    told = WatchNotice.objects.filter(digest__user=user, **{f"{name}__isnull": False})
    return ~Q(pk__in=told.values(name))


def _texts(watch, user) -> QuerySet:
    return (
        texts_in(watch)
        .filter(_untold(user, "resolution"), created_at__gte=watch.created_at)
        .exclude(source_text="")
        .only("id", "symbol", "title", "adopted_on", "series")
        .order_by("adopted_on", "id")
    )


def _events(since, user, requests) -> QuerySet:
    events = FollowUpEvent.objects.filter(
        _untold(user, "event"),
        follow_up__in=requests,
        created_at__gte=since,
        created_at__lte=timezone.now(),
    ).exclude(user=user)
    if not can_record(user):
        events = events.filter(is_public=True)
    return events.select_related("follow_up__resolution", "follow_up__paragraph").order_by(
        "created_at", "id"
    )


def _proposals(model, since, user, requests, name: str, request_field: str) -> QuerySet:
    related = [f"{request_field}__resolution", f"{request_field}__paragraph"]
    if model is FulfilmentProposal:
        related.append("document")
    else:
        related.extend(["later__resolution", "later__paragraph"])
    return (
        model.objects.filter(
            _untold(user, name),
            status=ProposalStatus.OPEN,
            created_at__gte=since,
            created_at__lte=timezone.now(),
            **{f"{request_field}__in": requests},
        )
        .select_related(*related)
        .order_by("created_at", "id")
    )


def news_for(user, *, watched: bool = True, assigned: bool = True) -> News:
    """What `user` has not heard of yet in everything they watch (`watched`), and on the
    requests assigned to them (`assigned`: what others recorded, what was proposed, in
    the last ASSIGNED_DAYS days)."""
    news, seen = News(), set()

    def add(bucket: list, kind: str, watch, items):
        for item in items[:NEWS_LIMIT]:
            if (kind, item.pk) not in seen and len(bucket) < NEWS_LIMIT:
                seen.add((kind, item.pk))
                bucket.append((watch, item))

    def changes(watch, since, requests):
        add(news.events, "event", watch, _events(since, user, requests))
        proposed = _proposals(FulfilmentProposal, since, user, requests, "fulfilment", "follow_up")
        add(news.fulfilments, "fulfilment", watch, proposed)
        carried = _proposals(CarriedForward, since, user, requests, "carried", "earlier")
        add(news.carried, "carried", watch, carried)

    if assigned and can_record(user):
        since = timezone.now() - datetime.timedelta(days=ASSIGNED_DAYS)
        changes(None, since, FollowUp.objects.filter(assigned_to=user).values("pk"))
    watches = user.watches.select_related(
        "series", "agenda_item__body", "resolution", "entity", "saved_search"
    )
    for watch in watches if watched else []:
        add(news.texts, "text", watch, _texts(watch, user))
        changes(watch, watch.changes_since, follow_ups_in(watch).values("pk"))
    return news
