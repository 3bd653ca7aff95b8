"""Feeds to subscribe to: new resolutions and public follow-up news as Atom, and the
deadlines of open follow-up requests as an iCalendar (RFC 5545) file.

The feeds take the filters of the lists they mirror, so a reader can subscribe to
`/feeds/resolutions.atom?session=HRC-32` as readily as open the page it comes from.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from resolutions import access
from resolutions.models import FollowUp, FollowUpEvent, FollowUpStatus, Resolution
from resolutions.web import exports, throttling
from resolutions.web.filters import FollowUpFilter, ResolutionFilter
from resolutions.web.search import searched

FEED_LENGTH = 50


def only_params(params: QueryDict, names) -> QueryDict:
    """The request's parameters that a feed understands; a stray `page` must not filter."""
    kept = QueryDict(mutable=True)
    for name in names:
        value = params.get(name, "").strip()
        if value:
            kept[name] = value
    return kept


@dataclass
class FeedQuery:
    """One request's view of a feed: Feed instances are shared between requests, so what
    belongs to a request travels in the object the framework hands to each method."""

    request: HttpRequest
    params: QueryDict
    saved: object = None  # the SavedSearch of a saved search's feed (web/saved.py)

    @property
    def query_string(self) -> str:
        return f"?{self.params.urlencode()}" if self.params else ""


RESOLUTION_PARAMS = ["body", "session", "agenda_item", "year", "adoption_mode", "q"]


class ResolutionFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Resolutions · Resolution tracker")
    subtitle = gettext_lazy("The latest resolutions held by the tracker.")

    def get_object(self, request):
        return FeedQuery(request, only_params(request.GET, RESOLUTION_PARAMS))

    def link(self, query):
        return reverse("resolution_list") + query.query_string

    def feed_url(self, query):
        return reverse("resolution_feed") + query.query_string

    def items(self, query):
        filterset = ResolutionFilter(query.params, queryset=Resolution.objects.all())
        return filterset.qs.select_related("body", "session__body").order_by("-adopted_on", "-id")[
            :FEED_LENGTH
        ]

    def item_title(self, resolution):
        return f"{resolution.symbol}: {resolution.title}"

    def item_description(self, resolution):
        # Atom readers take the summary as HTML: the text goes in escaped.
        facts = [resolution.body.display_name]
        if resolution.session_id:
            facts.append(resolution.session.label)
        if resolution.adoption_statement:
            facts.append(resolution.adoption_statement)
        if resolution.adopted_on:
            facts.append(
                _("Adopted on %(date)s") % {"date": date_format(resolution.adopted_on, "j F Y")}
            )
        return format_html("<p>{}</p>", " · ".join(facts))

    def item_updateddate(self, resolution):
        return resolution.updated_at

    def item_pubdate(self, resolution):
        return resolution.created_at


SEARCH_PARAMS = ["q", "paragraph_kind", "follow_up_status", *RESOLUTION_PARAMS[:-1]]


class SearchFeed(ResolutionFeed):
    """The newest resolutions with paragraphs that a search matches: subscribed to, it
    says when a new text speaks of what the reader searched for."""

    subtitle = gettext_lazy("The newest resolutions with paragraphs matching a search.")

    def get_object(self, request):
        return FeedQuery(request, only_params(request.GET, SEARCH_PARAMS))

    def title(self, query):
        return _("Search “%(words)s” · Resolution tracker") % {"words": query.params.get("q", "")}

    def link(self, query):
        return reverse("search") + query.query_string

    def feed_url(self, query):
        return reverse("search_feed") + query.query_string

    def items(self, query):
        matching = Counter(hit.resolution_id for hit in searched(query.params).hits)
        resolutions = list(
            Resolution.objects.for_list()
            .filter(id__in=matching)
            .order_by("-adopted_on", "-id")[:FEED_LENGTH]
        )
        for resolution in resolutions:
            resolution.matching_count = matching[resolution.pk]
        return resolutions

    def item_description(self, resolution):
        count = ngettext(
            "%(count)d paragraph matches.", "%(count)d paragraphs match.", resolution.matching_count
        ) % {"count": resolution.matching_count}
        return format_html("{}<p>{}</p>", super().item_description(resolution), count)


FOLLOW_UP_EVENT_PARAMS = ["body", "session", "agenda_item", "entity"]


class FollowUpEventFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Follow-up news · Resolution tracker")
    subtitle = gettext_lazy(
        "What became of the requests resolutions make, as the tracker's staff record it."
    )

    def get_object(self, request):
        return FeedQuery(request, only_params(request.GET, FOLLOW_UP_EVENT_PARAMS))

    def link(self, query):
        return reverse("follow_up_list")

    def feed_url(self, query):
        return reverse("follow_up_feed") + query.query_string

    def events(self, query):
        """The public events the feed chooses from."""
        # Internal notes are for staff: a public feed has no user, so it never shows them.
        events = FollowUpEvent.objects.filter(is_public=True)
        params = query.params.copy()
        entity = params.pop("entity", [""])[0]
        if entity:  # an entity's page: the news of the requests made to it
            events = events.filter(follow_up__entities__slug=entity)
        if params:
            resolutions = ResolutionFilter(params, queryset=Resolution.objects.all()).qs
            events = events.filter(follow_up__resolution__in=resolutions)
        return events

    def items(self, query):
        events = (
            self.events(query)
            .select_related("follow_up__paragraph", "follow_up__resolution", "evidence")
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )
        events = list(events)
        # The follow-up page is every event's link; the id must differ from event to event.
        for event in events:
            event.feed_id = query.request.build_absolute_uri(
                f"{event.follow_up.get_absolute_url()}#event-{event.pk}"
            )
        return events

    def item_title(self, event):
        follow_up = event.follow_up
        old = FollowUpStatus(event.old_status).label if event.old_status else "—"
        new = FollowUpStatus(event.new_status).label
        return f"{follow_up.resolution.symbol} {follow_up.label}: {old} → {new}"

    def item_description(self, event):
        parts = [linebreaks(event.note, autoescape=True)] if event.note else []
        if event.evidence:
            parts.append(format_html("<p>{} {}</p>", _("Evidence:"), event.evidence.symbol))
        return "".join(parts)

    def item_link(self, event):
        return event.follow_up.get_absolute_url()

    def item_guid(self, event):
        return event.feed_id

    item_guid_is_permalink = False

    def item_author_name(self, event):
        # A public feed: the organisation speaks, not the staff member who recorded it.
        return access.organisation()

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.created_at


# iCalendar, written by hand: the format is small and a dependency would only ever be
# used for this one response.

CALENDAR_PARAMS = ["body", "session", "action", "addressee_kind", "entity"]
CALENDAR_FIELDS = [
    "action",
    "verb",
    "addressee",
    "summary",
    "due_on",
    "updated_at",
    "resolution__symbol",
    "paragraph__label",
]
CRLF = "\r\n"


def ics_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 requires."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str, limit: int = 75) -> str:
    """A content line folded so that no physical line passes `limit` octets, never
    splitting a UTF-8 character (RFC 5545 section 3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # The space that opens a continuation line counts toward its length.
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def _ics_date(value) -> str:
    return value.strftime("%Y%m%d")


def _ics_utc(value) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def follow_up_event_lines(follow_up: FollowUp, *, host: str, url: str) -> list[str]:
    verb = follow_up.verb or follow_up.get_action_display()
    asked = f"{verb} {follow_up.summary}" if follow_up.summary else f"{verb} {follow_up.addressee}"
    if len(asked) > 120:
        asked = asked[:119].rstrip() + "…"
    summary = f"{follow_up.resolution.symbol} {follow_up.label}: {asked}"
    description = f"{follow_up.summary}\n\n{url}" if follow_up.summary else url
    return [
        "BEGIN:VEVENT",
        f"UID:follow-up-{follow_up.pk}@{host}",
        # The row's last change, not the time of the request, so that an unchanged
        # deadline reads the same to a calendar that polls the feed.
        f"DTSTAMP:{_ics_utc(follow_up.updated_at)}",
        f"DTSTART;VALUE=DATE:{_ics_date(follow_up.due_on)}",
        f"DTEND;VALUE=DATE:{_ics_date(follow_up.due_on + datetime.timedelta(days=1))}",
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"URL:{url}",
        # A deadline does not take up the day.
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


@require_safe
def follow_up_calendar(request):
    params = only_params(request.GET, CALENDAR_PARAMS)
    params["status"] = "open"
    filterset = FollowUpFilter(params, queryset=FollowUp.objects.all())
    # Only the columns the events write, a chunk at a time: never a resolution's source text.
    follow_ups = (
        filterset.qs.filter(due_on__isnull=False)
        .select_related("paragraph", "resolution")
        .only(*CALENDAR_FIELDS)
        .order_by("due_on", "id")
    )
    return calendar_response(request, follow_ups, _("Follow-up deadlines"))


def calendar_response(request, follow_ups, name: str) -> HttpResponse:
    """The deadlines of `follow_ups` (with due dates, CALENDAR_FIELDS only) as a calendar
    called `name`; written a chunk at a time, in one of the export slots."""
    slot = throttling.take_export_slot()
    if slot is None:
        return throttling.server_busy_response()
    try:
        body = _calendar_body(request, follow_ups, name)
    finally:
        slot.close()
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _calendar_body(request, follow_ups, name: str) -> str:
    host, _port = split_domain_port(request.get_host())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Resolution tracker//Follow-up deadlines//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_text(name)}",
    ]
    for follow_up in follow_ups.iterator(chunk_size=exports.CHUNK_SIZE):
        url = request.build_absolute_uri(follow_up.get_absolute_url())
        lines.extend(follow_up_event_lines(follow_up, host=host, url=url))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)
