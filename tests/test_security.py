"""Security: login throttling, what a visitor and a staff member without permission can do
at every URL of the project, internal notes kept internal, and the staff history page.

The walks are data-driven: they read the URL patterns from the resolver, so a URL added
later is walked too, and fails the walk until it is classified below.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from resolutions.followups.notes import add_note
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import (
    AgendaItem,
    CarriedForward,
    Citation,
    Document,
    FollowUp,
    FulfilmentProposal,
    Paragraph,
    ParagraphNote,
    Resolution,
    ResolutionVersion,
    Series,
)
from tests.conftest import SEED, close_unread, variant
from tests.test_carried import next_year
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

CATALOGUE_SAMPLE = Path(__file__).resolve().parent / "data" / "catalogue" / "sample.csv"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The login tests check dozens of passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Login throttling


def log_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, recorder):
    for _ in range(4):
        assert log_in(client, "amina", "not-the-password").status_code == 200
    # The fifth failure is the one that locks.
    assert log_in(client, "amina", "not-the-password").status_code in (403, 429)
    response = log_in(client, "amina", PASSWORD)
    assert response.status_code in (403, 429)
    assert not is_logged_in(client)
    attempt = AccessAttempt.objects.get(username="amina")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "127.0.0.1"


def test_a_lockout_leaves_other_accounts_alone(client, recorder, staff_without_permission):
    for _ in range(5):
        log_in(client, "amina", "not-the-password")
    response = log_in(client, "pierre", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_fewer_than_five_failures_then_success_resets_the_count(client, recorder):
    for _ in range(4):
        log_in(client, "amina", "not-the-password")
    assert log_in(client, "amina", PASSWORD).status_code == 302
    client.logout()
    # Counted afresh: four more failures are not a lockout.
    for _ in range(4):
        log_in(client, "amina", "not-the-password")
    assert log_in(client, "amina", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, administrator):
    for _ in range(5):
        log_in(client, "root-admin", "wrong", url="/admin/login/")
    response = log_in(client, "root-admin", PASSWORD, url="/admin/login/")
    assert response.status_code in (403, 429)
    assert not is_logged_in(client)
    # The lockout is the account's at this address, whichever form it comes through.
    assert log_in(client, "root-admin", PASSWORD).status_code in (403, 429)


def test_force_login_still_works_for_tests(client, recorder):
    client.force_login(recorder)
    assert client.get("/follow-ups/").status_code == 200
    assert is_logged_in(client)


# The URL walk


@dataclass(frozen=True)
class Route:
    """One URL pattern of the project, with the name it is classified by."""

    key: str  # "namespace:name", or the pattern as written when it has no name
    route: str
    pattern: URLPattern

    @property
    def model_admin(self):
        return getattr(self.pattern.callback, "model_admin", None)


def all_routes(patterns=None, prefix="", namespace=None) -> list[Route]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            routes += all_routes(pattern.url_patterns, prefix + str(pattern.pattern), name)
        else:
            route = prefix + str(pattern.pattern)
            key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            routes.append(Route(key or route, route, pattern))
    return routes


# Pages anyone may read, on any method; they change nothing.
PUBLIC = {
    "healthz",
    "home",
    "resolution_list",
    "search",
    "search_export_csv",
    "search_feed",
    "resolution_export_csv",
    "follow_up_export_csv",
    "resolution_json",
    "compare_texts",
    "compare_texts_json",
    "resolution_akn",
    "resolution_detail",
    "document_detail",
    "session_list",
    "session_detail",
    "entity_list",
    "entity_detail",
    "country_list",
    "country_detail",
    "country_compare",
    "agenda_item_list",
    "agenda_item_detail",
    "follow_up_list",
    "follow_up_detail",
    "dashboard",
    "resolution_feed",
    "follow_up_feed",
    "follow_up_calendar",
    # A saved search's feed and calendar: their signed address is the credential, and they
    # show what the public pages would with the same filters (walked with an unsigned one).
    "saved_search_feed",
    "saved_search_calendar",
    "permalink",
    "api:root",
    "api:resolution-list",
    "api:resolution-detail",
    "api:paragraph-list",
    "api:paragraph-detail",
    "api:document-list",
    "api:document-detail",
    "api:citation-list",
    "api:citation-detail",
    "api:follow-up-list",
    "api:follow-up-detail",
    "api:session-list",
    "api:session-detail",
    "api:agenda-item-list",
    "api:agenda-item-detail",
    "api:series-list",
    "api:series-detail",
    "api:schema",
    "api:docs",
}

# Pages that answer a POST by rendering as for a GET: none any more (every public page
# answers 405 to a method that could change data). Kept so that an exception is explicit.
ANSWERS_ANY_METHOD: set[str] = set()

# Staff-only pages that change nothing.
STAFF_READ = {
    "audit",
    "resolution_history",
    "admin:index",
    "admin:app_list",
    "admin:password_change_done",
    "admin:jsi18n",
}

# Logging in and out: a visitor may post to them; they change no tracker data.
ACCOUNT = {"login", "logout", "admin:login", "admin:logout"}

# Choosing the interface's language (django.views.i18n.set_language): a visitor may post,
# with a CSRF token, and changes only their own language cookie, never tracker data.
# A person's own reminder settings, watches and saved searches (login required, their own
# rows only), and turning
# reminders off by the signed link of an e-mail, which is the credential: walked here with
# a link that was not signed, which names nobody.
PREFERENCE = {
    "set_language",
    "reminder_settings",
    "unsubscribe_reminders",
    "watch",
    "saved_searches",
    "delete_saved_search",
}

# Skipped, with the reason.
SKIPPED = {
    # A staff member changing their own password is allowed to every staff member.
    "admin:password_change": "every staff member may change their own password",
}


def admin_kind(route: Route) -> str | None:
    """The admin's per-model URLs, classified by what they do, so that a model registered
    later is walked without a change here."""
    if route.key in ("admin:autocomplete", "admin:view_on_site"):
        return "staff_read"
    if route.key == "admin:auth_user_password_change":
        return "write"
    if route.route.startswith("admin/(?P<url>"):
        return "staff_read"  # the catch-all: a redirect to the login or a 404
    if route.model_admin is None:
        return None
    if route.key.endswith(("_add", "_change", "_delete")):
        return "write"
    return "staff_read"  # the list, the history, the bare object URL that redirects


@dataclass
class Fixtures:
    """Real rows to fill the URLs with."""

    resolution: Resolution
    document: Document
    follow_up: FollowUp
    proposal: FulfilmentProposal
    paragraph: Paragraph
    citation: Citation
    series: Series
    agenda_item: AgendaItem
    recorder: object
    seed_text: str
    note: ParagraphNote
    carried: CarriedForward


@pytest.fixture
def rows(seeded, recorder, seed_text) -> Fixtures:
    call_command("import_catalogue", str(CATALOGUE_SAMPLE), stdout=open("/dev/null", "w"))
    proposal = FulfilmentProposal.objects.select_related("follow_up").first()
    assert proposal is not None, "the catalogue sample should propose a fulfilment"
    citation = Citation.objects.select_related("document", "paragraph").first()
    return Fixtures(
        resolution=seeded,
        document=citation.document,
        follow_up=proposal.follow_up,
        proposal=proposal,
        paragraph=citation.paragraph,
        citation=citation,
        series=Series.objects.first(),
        agenda_item=AgendaItem.objects.get(body__short_name="HRC", number=3),
        recorder=recorder,
        seed_text=seed_text,
        note=add_note(citation.paragraph, user=recorder, text="A staff note on the paragraph."),
        carried=carried_forward_from(seeded, seed_text),
    )


def carried_forward_from(seeded, seed_text) -> CarriedForward:
    """The seed's OP27 asked again by the next text of its series."""
    import_text(next_year(seed_text))
    return CarriedForward.objects.get(earlier__resolution=seeded, earlier__paragraph__label="OP27")


def classify(route: Route) -> str:
    kinds = {
        "skipped": SKIPPED,
        "write": WRITES,
        "public": PUBLIC,
        "staff_read": STAFF_READ,
        "account": ACCOUNT,
        "preference": PREFERENCE,
    }
    for kind, keys in kinds.items():
        if route.key in keys:
            return kind
    kind = admin_kind(route)
    assert kind, (
        f"The URL pattern {route.route!r} ({route.key}) is not classified: add it to "
        "PUBLIC, WRITES, STAFF_READ, ACCOUNT, PREFERENCE or SKIPPED in tests/test_security.py."
    )
    return kind


def path_parameters(route: Route) -> list[str]:
    """The names of the route's parameters, whether written <converter:name> or (?P<name>)."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route.route)


def url_for(route: Route, rows: Fixtures, spoil: tuple[str, str] | None = None) -> str:
    """The route with its parameters filled with rows that exist. With `spoil`, a parameter
    name and some percent-encoded text: that parameter gets the text added to its value."""

    def value_of(name: str, value: str) -> str:
        return value + spoil[1] if spoil and spoil[0] == name else value

    examples = {
        "permalink": lambda: f"/{value_of('symbol', rows.resolution.symbol)}",
        "admin:app_list": lambda: f"/admin/{value_of('app_label', 'resolutions')}/",
    }
    if route.key in examples:
        return examples[route.key]()
    if route.route.startswith("admin/(?P<url>"):
        return f"/admin/{value_of('url', 'no-such-page')}/"
    values = {
        "body": "HRC",
        "code": "32",
        "number": str(rows.agenda_item.number),
        "proposal_pk": str(rows.proposal.pk),
        "note_pk": str(rows.note.pk),
        "carried_pk": str(rows.carried.pk),
        "id": str(rows.recorder.pk),
        "slug": "ohchr",  # the seed's OP16 and OP17 ask the Office
        "token": "not-a-signed-link",
    }
    if route.key.startswith("country_"):
        values["code"] = "CHN"
    if route.key in ("document_detail", "api:document-detail"):
        values["symbol"] = rows.document.symbol
    else:
        values["symbol"] = rows.resolution.symbol
    values["pk"] = str(
        {
            "api:paragraph-detail": rows.paragraph.pk,
            "api:citation-detail": rows.citation.pk,
            "api:series-detail": rows.series.pk,
            "decide_carried_forward": rows.carried.earlier_id,
        }.get(route.key, rows.follow_up.pk)
    )
    if route.model_admin is not None:
        first = route.model_admin.model._base_manager.order_by("pk").first()
        values["object_id"] = str(first.pk if first else 1)
    if route.key == "admin:view_on_site":
        values["content_type_id"] = str(ContentType.objects.get_for_model(Resolution).pk)
        values["object_id"] = str(rows.resolution.pk)
    assert "(?P" not in route.route, f"Give {route.key} an example URL in url_for."

    def fill(match):
        assert match["name"] in values, f"No value for <{match['name']}> in {route.route}"
        return value_of(match["name"], values[match["name"]])

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, route.route)


# What a permitted user would post to each URL that changes data, so that a missing
# permission check would show as a change.
WRITES = {
    "record_follow_up_event": lambda rows: {
        "new_status": "fulfilled",
        "note": "Should not be recorded.",
        "visibility": "public",
        "evidence_symbol": "",
    },
    "record_bulk": lambda rows: {
        "follow_ups": [rows.follow_up.pk],
        "new_status": "fulfilled",
        "note": "Should not be recorded.",
        "visibility": "public",
    },
    "assign_follow_up": lambda rows: {"assignee": rows.recorder.pk},
    "decide_proposal": lambda rows: {"decision": "accept"},
    "decide_carried_forward": lambda rows: {"decision": "accept"},
    "import_resolution": lambda rows: {
        "text": variant(rows.seed_text, 77),
        "symbol": "",
        "action": "confirm",
    },
    "api:follow-up-events": lambda rows: {"new_status": "fulfilled", "note": "Not recorded."},
    "restore_resolution_version": lambda rows: {"version": a_stored_version(rows), "confirm": "on"},
    "fetch_from_un": lambda rows: {"symbol": "A/RES/73/8"},
    "add_paragraph_note": lambda rows: {"text": "Should not be written.", "visibility": "public"},
    "paragraph_note": lambda rows: {"text": "Should not be changed.", "visibility": "public"},
    "delete_paragraph_note": lambda rows: {},
}


def a_stored_version(rows) -> int:
    """The id of a previous text of the seed, kept when a corrected text replaced it."""
    corrected = rows.seed_text.replace("non-traditional donor countries", "non-traditional donors")
    import_text(corrected)
    return ResolutionVersion.objects.filter(resolution=rows.resolution).latest("id").pk


# The columns that a change would touch, besides the number of rows.
WATCHED_COLUMNS = {
    "updated_at",
    "status",
    "title",
    "note",
    "assigned_to",
    "fulfilled_by",
    "decided_by",
    "decided_at",
    "password",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
}


def snapshot() -> dict:
    state = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if f.name in WATCHED_COLUMNS]
        rows = model._base_manager.order_by("pk").values_list("pk", *columns)
        state[model._meta.label] = list(rows)
    return state


def changes(before: dict, after: dict) -> list[str]:
    return [
        f"{label}: {len(before[label])} -> {len(after[label])} rows"
        if len(before[label]) != len(after[label])
        else f"{label}: a watched column changed"
        for label in before
        if before[label] != after[label]
    ]


def refused_anonymously(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(
        ("/accounts/login/", "/admin/login/")
    )


def send(client, method: str, url: str, data: dict, *, api: bool, csrf_token: str = ""):
    headers = {"HTTP_X_CSRFTOKEN": csrf_token} if csrf_token else {}
    if api:
        return client.generic(
            method, url, json.dumps(data), content_type="application/json", **headers
        )
    if method == "POST":
        return client.post(url, data, **headers)
    return client.generic(
        method,
        url,
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def csrf_client() -> tuple[Client, str]:
    """A visitor whose client checks CSRF as a browser's requests are checked, and the
    token a page would have given them."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    return client, client.cookies["csrftoken"].value


UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def test_an_anonymous_visitor_changes_nothing_at_any_url(rows):
    routes = [r for r in all_routes() if classify(r) != "skipped"]
    client, token = csrf_client()
    problems = []
    for route in routes:
        kind = classify(route)
        url = url_for(route, rows)
        data = WRITES[route.key](rows) if route.key in WRITES else {}
        before = snapshot()
        for method in UNSAFE_METHODS:
            for with_token in (False, True):
                response = send(
                    client,
                    method,
                    url,
                    data,
                    api=route.key.startswith("api:"),
                    csrf_token=token if with_token else "",
                )
                status = response.status_code
                what = f"{method} {url} ({route.key}{', with token' if with_token else ''})"
                if status >= 500:
                    problems.append(f"{what}: {status}")
                elif refused_anonymously(response):
                    continue
                elif kind == "account" and status in (200, 302):
                    continue  # a login form shown again, or a logout with no one to log out
                elif kind == "preference" and with_token and status in (200, 204, 302):
                    continue  # the visitor's own language cookie, set; the snapshot checks
                elif route.key == "admin:view_on_site" and status == 302:
                    continue  # a redirect to the public page of the object
                elif route.key in ANSWERS_ANY_METHOD and 200 <= status < 300:
                    continue  # rendered as for a GET; the snapshot below proves no change
                else:
                    problems.append(f"{what}: {status}, not refused")
        after = snapshot()
        if before != after:
            problems.append(f"{route.key} changed data: {changes(before, after)}")
    assert not problems, "\n".join(problems)
    assert len(routes) > 100  # the admin's and the API's patterns were walked too


def test_a_staff_member_without_the_permission_changes_nothing(rows, staff_without_permission):
    client = Client()
    client.force_login(staff_without_permission)
    writes = [r for r in all_routes() if classify(r) == "write"]
    problems = []
    for route in writes:
        url = url_for(route, rows)
        data = WRITES[route.key](rows) if route.key in WRITES else {}
        before = snapshot()
        response = send(client, "POST", url, data, api=route.key.startswith("api:"))
        admin = route.key.startswith("admin:")
        refused = response.status_code == 403 or (
            admin
            and response.status_code == 302
            and response["Location"].startswith("/admin/login/")
        )
        if not refused:
            problems.append(f"POST {url} ({route.key}): {response.status_code}")
        if snapshot() != before:
            problems.append(f"{route.key} changed data")
    assert not problems, "\n".join(problems)
    assert set(WRITES) <= {r.key for r in writes}
    assert any(r.key == "admin:resolutions_resolution_change" for r in writes)


# Malformed input at every URL


# Percent-encoded, as a client would send them: what PostgreSQL refuses in text (NUL),
# what is not UTF-8 at all, and a value longer than any name or filter of the tracker.
MALFORMED = {
    "a NUL byte": "%00",
    "a lone surrogate": "%ED%A0%80",
    "a byte that is not UTF-8": "%FF",
    "a broken UTF-8 sequence": "%C3%28",
    "10,000 characters": "a" * 10_000,
}


def api_query_parameters() -> dict[str, list[str]]:
    """The query parameters the OpenAPI schema documents, by API route."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    by_path = {}
    for path, operations in schema["paths"].items():
        names = {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        by_path[path] = sorted(names)
    parameters = {}
    for route in all_routes():
        if route.key.startswith("api:"):
            path = "/" + re.sub(
                r"<(?:\w+:)?(\w+)>",
                lambda m: "{id}" if m[1] == "pk" else "{" + m[1] + "}",
                route.route,
            )
            parameters[route.key] = by_path.get(path, [])
    return parameters


def documented_query_parameters() -> dict[str, list[str]]:
    """Every query parameter a page, feed, export or API list reads, by route: taken from the
    filter classes, the feeds' lists and the API schema, so that a filter added later is
    walked too."""
    from resolutions.web import feeds
    from resolutions.web.audit import AuditFilterForm
    from resolutions.web.filters import FollowUpFilter, ResolutionFilter

    resolution_filters = list(ResolutionFilter.base_filters)
    follow_up_filters = list(FollowUpFilter.base_filters)
    # The search reads three parameters itself and hands the rest to the resolution filters.
    search = dict.fromkeys(["q", "paragraph_kind", "follow_up_status", "page", *resolution_filters])
    parameters = {
        "resolution_list": [*resolution_filters, "page"],
        "resolution_export_csv": resolution_filters,
        "follow_up_list": [*follow_up_filters, "page"],
        "follow_up_export_csv": follow_up_filters,
        "search": list(search),
        "search_export_csv": list(search),
        "search_feed": feeds.SEARCH_PARAMS,
        "resolution_feed": feeds.RESOLUTION_PARAMS,
        "follow_up_feed": feeds.FOLLOW_UP_EVENT_PARAMS,
        "follow_up_calendar": feeds.CALENDAR_PARAMS,
        "dashboard": ["body"],
        "audit": ["page", *AuditFilterForm.base_fields],
        "compare_texts": ["with"],
        "compare_texts_json": ["with"],
        "login": ["next"],
        **api_query_parameters(),
    }
    for route in all_routes():
        if route.key.endswith("_changelist") and route.model_admin is not None:
            parameters[route.key] = ["q", "o", "p"]  # the admin's search, order and page
    return parameters


@pytest.mark.parametrize(
    "url",
    [
        "/resolutions/A%00/",
        "/resolutions/A%00/json",
        "/resolutions/A%00/akn.xml",
        "/documents/A%00/",
        "/A/HRC%00",
        "/sessions/HR%00C/32/",
        "/agenda-items/HR%00C/3/",
        "/api/sessions/HR%00C/32/",
        "/api/agenda-items/HR%00C/3/",
    ],
)
def test_a_path_with_a_nul_names_nothing(seeded, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query, reason",
    [
        ("q=%00", "a NUL character"),
        ("q=a%00b", "a NUL character"),
        ("q=%FF", "not UTF-8"),
        ("q=%ED%A0%80", "not UTF-8"),
        ("session=%C3%28", "not UTF-8"),
    ],
)
def test_a_query_string_that_cannot_be_read_gets_a_clear_400(seeded, query, reason):
    client = Client(raise_request_exception=False)
    page = client.get(f"/search/?{query}")
    assert page.status_code == 400
    assert "This address cannot be read" in page.content.decode()
    assert reason in page.content.decode()
    api = client.get(f"/api/resolutions/?{query}")
    assert api.status_code == 400 and reason in api.json()["detail"]


def test_a_long_or_accented_query_is_answered(seeded):
    client = Client(raise_request_exception=False)
    assert client.get("/search/", {"q": "rights " * 2000}).status_code == 200
    assert client.get("/search/?q=d%C3%A9veloppement+%E4%BA%BA%E6%9D%83").status_code == 200


def test_no_url_answers_malformed_input_with_a_server_error(rows, administrator):
    """Every URL pattern with each malformed value in each of its path parameters, and every
    documented query parameter with each malformed value, as a visitor and as staff."""
    routes = [r for r in all_routes() if classify(r) != "skipped"]
    query_parameters = documented_query_parameters()
    assert {"q", "session", "year"} <= set(query_parameters["api:resolution-list"])
    assert "due_year" in query_parameters["follow_up_list"]
    staff = Client(raise_request_exception=False)
    staff.force_login(administrator)
    visitors = [("a visitor", Client(raise_request_exception=False)), ("staff", staff)]
    problems, walked = [], 0
    for route in routes:
        urls = [
            (f"<{name}> with {what}", url_for(route, rows, spoil=(name, text)))
            for name in path_parameters(route)
            for what, text in MALFORMED.items()
        ]
        plain = url_for(route, rows)
        urls += [
            (f"?{name}= with {what}", f"{plain}?{name}=a{text}b")
            for name in query_parameters.get(route.key, [])
            for what, text in MALFORMED.items()
        ]
        for who, client in visitors:
            for what, url in urls:
                walked += 1
                response = client.get(url)
                status = response.status_code
                close_unread(response)  # an unread export holds a cursor: close it now
                if status >= 500:
                    problems.append(f"GET {route.key} {what} as {who}: {status}")
    assert not problems, "\n".join(problems)
    assert walked > 2000


# The same malformed values in what a JSON client sends: a NUL, a lone surrogate (JSON can
# escape one), and a long value. Bytes that are not UTF-8 cannot be JSON text at all.
MALFORMED_JSON = {
    "a NUL byte": "\x00",
    "a lone surrogate": "\ud800",
    "10,000 characters": "a" * 10_000,
}


def test_no_write_answers_malformed_fields_with_a_server_error(rows, administrator):
    """Every field of every write the site and the API take, each malformed in turn, posted
    by an administrator, who may write everywhere."""
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    problems, posted = [], 0
    for route in all_routes():
        if route.key not in WRITES:
            continue
        url = url_for(route, rows)
        data = WRITES[route.key](rows)
        for field in data:
            if route.key.startswith("api:"):
                for what, value in MALFORMED_JSON.items():
                    body = json.dumps({**data, field: f"a{value}b"})
                    response = client.post(url, body, content_type="application/json")
                    posted += 1
                    if response.status_code >= 500:
                        problems.append(f"POST {route.key} {field} with {what}: 5xx")
                continue
            for what, text in MALFORMED.items():
                others = urlencode({k: v for k, v in data.items() if k != field}, doseq=True)
                body = f"{others}&{field}=a{text}b"
                response = client.post(url, body, content_type="application/x-www-form-urlencoded")
                posted += 1
                if response.status_code >= 500:
                    problems.append(f"POST {route.key} {field} with {what}: 5xx")
    assert not problems, "\n".join(problems)
    assert posted > 50


def test_no_url_answers_options_or_head_with_a_server_error(rows, administrator):
    staff = Client(raise_request_exception=False)
    staff.force_login(administrator)
    problems = []
    for who, client in [("a visitor", Client(raise_request_exception=False)), ("staff", staff)]:
        for route in all_routes():
            if classify(route) == "skipped":
                continue
            url = url_for(route, rows)
            for method in ("OPTIONS", "HEAD"):
                response = client.generic(method, url)
                status = response.status_code
                close_unread(response)
                if status >= 500:
                    problems.append(f"{method} {url} ({route.key}) as {who}: {status}")
    assert not problems, "\n".join(problems)


def test_a_bulk_record_naming_an_id_no_row_can_have_is_refused(rows):
    client = Client(raise_request_exception=False)
    client.force_login(rows.recorder)
    before = snapshot()
    for ids in (["99999999999999999999"], [str(rows.follow_up.pk), "-99999999999999999999"]):
        response = client.post(
            "/follow-ups/bulk/",
            {"follow_ups": ids, "new_status": "fulfilled", "note": "", "visibility": "public"},
        )
        assert response.status_code == 302
        assert "Tick at least one request" in text_of(client.get(response["Location"]))
    assert snapshot() == before


# Internal notes


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


NOTE = "UNIQUE-INTERNAL-7f3a9c: the donor list, shared in confidence"


def test_an_internal_note_appears_at_no_url_for_a_visitor_or_staff_without_permission(
    rows, staff_without_permission, recorder
):
    record_follow_up_event(
        rows.follow_up, user=recorder, new_status="in_progress", note=NOTE, is_public=False
    )
    # An internal note on a paragraph, which the resolution page shows to recorders only.
    add_note(rows.paragraph, user=recorder, text=NOTE)
    routes = [r for r in all_routes() if classify(r) != "skipped"]
    staff = Client()
    staff.force_login(staff_without_permission)
    problems = []
    for who, client in [("a visitor", Client()), ("staff without permission", staff)]:
        for route in routes:
            url = url_for(route, rows)
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"GET {url} as {who}: {response.status_code}")
            elif "UNIQUE-INTERNAL-7f3a9c" in body_of(response):
                problems.append(f"GET {url} ({route.key}) shows the note to {who}")
    assert not problems, "\n".join(problems)
    # The note is there to be found: the test would see it if it leaked.
    recorder_client = Client()
    recorder_client.force_login(recorder)
    assert NOTE in text_of(recorder_client.get(rows.follow_up.get_absolute_url()))
    assert NOTE in text_of(recorder_client.get(rows.paragraph.resolution.get_absolute_url()))
    # The search finds it for them alone; the words searched are not the note's others.
    for who, client in [("a visitor", Client()), ("staff without permission", staff)]:
        found = body_of(client.get("/search/", {"q": "donor list"}))
        assert "shared in confidence" not in found, who
    assert "shared in confidence" in body_of(recorder_client.get("/search/", {"q": "donor list"}))
    assert "UNIQUE-INTERNAL-7f3a9c" in body_of(
        recorder_client.get(f"/api/follow-ups/{rows.follow_up.pk}/events/")
    )


# The history of changes


def test_the_history_page_is_for_staff_only(client, django_user_model, staff_without_permission):
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(django_user_model.objects.create_user("visitor", password=PASSWORD))
    assert client.get("/audit/").status_code == 403
    client.force_login(staff_without_permission)
    assert client.get("/audit/").status_code == 200


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: the main form, and every
    inline with its management form."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def test_an_admin_change_appears_in_the_history_with_who_made_it(client, seeded, administrator):
    client.force_login(administrator)
    url = f"/admin/resolutions/resolution/{seeded.pk}/change/"
    data = admin_form_data(client.get(url))
    data["title"] = "A retitled resolution for the history"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    seeded.refresh_from_db()
    assert seeded.title == "A retitled resolution for the history"
    page = text_of(client.get("/audit/"))
    assert "root-admin" in page
    assert "Changed resolution (admin) A/HRC/RES/32/6 Changed Title." in page


def test_a_follow_up_event_appears_in_the_history_with_its_internal_note(
    client, seeded, recorder, staff_without_permission
):
    follow_up = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    record_follow_up_event(
        follow_up,
        user=recorder,
        new_status="in_progress",
        note="Asked the Office.",
        is_public=False,
    )
    client.force_login(recorder)
    page = text_of(client.get("/audit/"))
    assert "Amina Diallo" in page
    assert "Pending → In progress" in page and "Asked the Office." in page
    # Staff who may not record follow-up see that there was a note, not what it says.
    client.force_login(staff_without_permission)
    page = text_of(client.get("/audit/"))
    assert "Pending → In progress" in page and "Asked the Office." not in page


def test_the_history_is_one_timeline_newest_first_in_pages_of_fifty(
    client, seeded, recorder, administrator
):
    follow_ups = list(FollowUp.objects.filter(resolution=seeded)[:3])
    for number in range(60):
        LogEntry.objects.create(
            user=administrator,
            content_type=ContentType.objects.get_for_model(Resolution),
            object_id=str(seeded.pk),
            object_repr=f"entry {number:02}",
            action_flag=CHANGE,
            change_message="[]",
        )
    for follow_up in follow_ups:
        record_follow_up_event(follow_up, user=recorder, new_status="in_progress")
    client.force_login(administrator)
    first = client.get("/audit/")
    entries = first.context["entries"]
    # 60 admin entries, 3 events and the seed's import (load_demo).
    assert len(entries) == 50 and first.context["page"].paginator.count == 64
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    # The events came last, so they are first.
    assert [e.source for e in entries[:3]] == ["follow_up"] * 3
    second = client.get("/audit/", {"page": 2}).context["entries"]
    assert len(second) == 14 and second[-2].record.object_repr == "entry 00"
    assert second[-1].source == "text_import" and second[-1].record.file_name == SEED.name


def test_the_history_page_takes_a_fixed_number_of_queries(
    client, seeded, recorder, administrator, django_assert_num_queries
):
    def add_rows(count):
        for number in range(count):
            LogEntry.objects.create(
                user=administrator,
                content_type=ContentType.objects.get_for_model(Resolution),
                object_id=str(seeded.pk),
                object_repr=f"entry {number}",
                action_flag=CHANGE,
                change_message=json.dumps([{"changed": {"fields": ["Title"]}}]),
            )
        for follow_up in FollowUp.objects.filter(resolution=seeded)[:count]:
            record_follow_up_event(follow_up, user=recorder, new_status="in_progress")

    client.force_login(recorder)
    add_rows(2)
    # The page holds the three records: admin entries, events and the seed's import.
    with django_assert_num_queries(9):
        client.get("/audit/")
    add_rows(20)
    with django_assert_num_queries(9):
        response = client.get("/audit/")
    assert len(response.context["entries"]) > 30


# The Content Security Policy allows scripts and styles from the site's own files only


INLINE_HANDLER = re.compile(r"^on[a-z]+$")


def test_no_page_carries_inline_script_style_or_event_handler(rows, administrator):
    """What the policy would refuse in a browser: a <script> or <style> element with content
    of its own, a style attribute, an onclick-like attribute. Every HTML page of the site,
    as a visitor and as an administrator, except the admin's, which ships its own."""
    import lxml.html

    routes = [
        r
        for r in all_routes()
        if classify(r) != "skipped" and not r.key.startswith(("admin:", "api:"))
    ]
    admin = Client()
    admin.force_login(administrator)
    problems, pages = [], 0
    for who, client in [("a visitor", Client()), ("an administrator", admin)]:
        for route in routes:
            url = url_for(route, rows)
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html") or not response.content:
                # An export left unread holds a server-side cursor; collected in the middle of
                # a later request's query, its generator waited for the connection that query
                # held, and the test hung on PostgreSQL.
                close_unread(response)
                continue
            pages += 1
            for element in lxml.html.fromstring(response.content).iter():
                if not isinstance(element.tag, str):
                    continue
                where = f"GET {url} as {who}: <{element.tag}>"
                if element.tag in ("script", "style") and (element.text or "").strip():
                    problems.append(f"{where} with inline content")
                if "style" in element.attrib:
                    problems.append(f"{where} with a style attribute")
                problems.extend(
                    f"{where} with {name}" for name in element.attrib if INLINE_HANDLER.match(name)
                )
    assert not problems, "\n".join(problems)
    assert pages > 20
