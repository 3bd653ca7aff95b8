"""The public pages and the staff actions of the resolutions app."""

from django.urls import path, re_path
from django.views.decorators.http import require_safe

from resolutions.web import (
    audit,
    compare,
    countries,
    dashboard,
    entities,
    exports,
    feeds,
    fetches,
    followups,
    formats,
    history,
    imports,
    notes,
    reminders,
    resolutions,
    saved,
    search,
    sessions,
)
from resolutions.web.throttling import rate_limited
from resolutions.web.visitor_cache import for_visitors as public

# The heavy public endpoints, limited per client (RATE_LIMITS in settings; staff are not).
exports_limited = rate_limited("exports")
feeds_limited = rate_limited("feeds")
# public(view): the pages everyone may read, kept for visitors until the data changes
# (web/visitor_cache.py); inside the limits, which still count every request.

urlpatterns = [
    path("", public(resolutions.home), name="home"),
    path("resolutions/", public(resolutions.resolution_list), name="resolution_list"),
    path("search/", rate_limited("search")(public(search.search_paragraphs)), name="search"),
    path(
        "resolutions/export.csv",
        exports_limited(exports.resolution_csv),
        name="resolution_export_csv",
    ),
    path(
        "follow-ups/export.csv", exports_limited(exports.follow_up_csv), name="follow_up_export_csv"
    ),
    path("resolutions/<path:symbol>/json", public(formats.resolution_json), name="resolution_json"),
    path(
        "resolutions/<path:symbol>/akn.xml", public(formats.resolution_akn), name="resolution_akn"
    ),
    # Before resolution_detail, whose <path:symbol> would take "…/history/" as a symbol.
    path(
        "resolutions/<path:symbol>/history/restore/",
        history.restore,
        name="restore_resolution_version",
    ),
    path(
        "resolutions/<path:symbol>/compare.json",
        public(compare.compare_texts_json),
        name="compare_texts_json",
    ),
    path("resolutions/<path:symbol>/compare/", public(compare.compare_texts), name="compare_texts"),
    path("resolutions/<path:symbol>/notes/add/", notes.add_note, name="add_paragraph_note"),
    path("notes/<int:note_pk>/", notes.note_detail, name="paragraph_note"),
    path("notes/<int:note_pk>/delete/", notes.delete_note, name="delete_paragraph_note"),
    path(
        "resolutions/<path:symbol>/history/",
        history.resolution_history,
        name="resolution_history",
    ),
    path(
        "resolutions/<path:symbol>/",
        public(resolutions.resolution_detail),
        name="resolution_detail",
    ),
    path("documents/<path:symbol>/", public(resolutions.document_detail), name="document_detail"),
    path("sessions/", public(sessions.session_list), name="session_list"),
    path("sessions/<str:body>/<str:code>/", public(sessions.session_detail), name="session_detail"),
    path("agenda-items/", public(sessions.agenda_item_list), name="agenda_item_list"),
    path(
        "agenda-items/<str:body>/<int:number>/",
        public(sessions.agenda_item_detail),
        name="agenda_item_detail",
    ),
    path("follow-ups/", public(followups.follow_up_list), name="follow_up_list"),
    path("follow-ups/<int:pk>/", public(followups.follow_up_detail), name="follow_up_detail"),
    path("follow-ups/<int:pk>/events/", followups.record_event, name="record_follow_up_event"),
    path(
        "follow-ups/<int:pk>/proposals/<int:proposal_pk>/",
        followups.decide_proposal,
        name="decide_proposal",
    ),
    path(
        "follow-ups/<int:pk>/carried/<int:carried_pk>/",
        followups.decide_carried_forward,
        name="decide_carried_forward",
    ),
    path("follow-ups/<int:pk>/assign/", followups.assign, name="assign_follow_up"),
    path("follow-ups/bulk/", followups.record_bulk, name="record_bulk"),
    path("countries/", public(countries.country_list), name="country_list"),
    path("countries/<str:code>/", public(countries.country_detail), name="country_detail"),
    path(
        "countries/<str:code>/compare/", public(countries.country_compare), name="country_compare"
    ),
    path("entities/", public(entities.entity_list), name="entity_list"),
    path("entities/<slug:slug>/", public(entities.entity_detail), name="entity_detail"),
    path("dashboard/", public(dashboard.dashboard), name="dashboard"),
    path(
        "feeds/resolutions.atom",
        feeds_limited(public(require_safe(feeds.ResolutionFeed()))),
        name="resolution_feed",
    ),
    path(
        "feeds/search.atom",
        feeds_limited(rate_limited("search")(public(require_safe(feeds.SearchFeed())))),
        name="search_feed",
    ),
    path("search/export.csv", exports_limited(search.search_csv), name="search_export_csv"),
    path(
        "feeds/follow-ups.atom",
        feeds_limited(public(require_safe(feeds.FollowUpEventFeed()))),
        name="follow_up_feed",
    ),
    path(
        "follow-ups/calendar.ics",
        exports_limited(public(feeds.follow_up_calendar)),
        name="follow_up_calendar",
    ),
    path("audit/", audit.audit, name="audit"),
    path("account/reminders/", reminders.reminder_settings, name="reminder_settings"),
    path("account/watches/", reminders.watch, name="watch"),
    path("account/searches/", saved.saved_searches, name="saved_searches"),
    path(
        "account/searches/<int:pk>/delete/",
        saved.delete_saved_search,
        name="delete_saved_search",
    ),
    # The signed address is the credential: a feed reader or a calendar polls it.
    path(
        "saved/<str:token>/feed.atom",
        feeds_limited(saved.saved_search_feed),
        name="saved_search_feed",
    ),
    path(
        "saved/<str:token>/calendar.ics",
        exports_limited(saved.saved_search_calendar),
        name="saved_search_calendar",
    ),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.unsubscribe_reminders,
        name="unsubscribe_reminders",
    ),
    path("import/", imports.import_resolution, name="import_resolution"),
    path("import/fetch/", fetches.fetch_from_un, name="fetch_from_un"),
    # Last, so that it shadows nothing: a short permalink, "/A/HRC/RES/32/6". It starts
    # with an upper-case series letter and a slash ("A/", "E/", "S/", "E/CN.4/"), which
    # no other URL of the site does.
    re_path(r"^(?P<symbol>[A-Z][A-Z0-9.]*/.+)$", resolutions.permalink, name="permalink"),
]
