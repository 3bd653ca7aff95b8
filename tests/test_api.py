"""The public JSON API: what it shows, how it pages, what it hides, who may write, and that
its OpenAPI schema describes endpoints that answer without a server error."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import (
    Citation,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Paragraph,
    Resolution,
    Series,
)
from tests.conftest import variant

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"
SEED_URL = "/api/resolutions/A/HRC/RES/32/6/"
INTERNAL_NOTE = "Internal: the desk officer thinks the report will be late"
PUBLIC_NOTE = "The Council took the matter up again at its 35th session"


def get_json(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def all_paragraphs(tree):
    for paragraph in tree:
        yield paragraph
        yield from all_paragraphs(paragraph["subparagraphs"])


def op27(resolution_symbol="A/HRC/RES/32/6") -> FollowUp:
    return FollowUp.objects.get(resolution__symbol=resolution_symbol, paragraph__label="OP27")


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# Reading


def test_resolution_list_shows_the_seed_with_its_page_and_api_links(client, seeded):
    data = get_json(client, "/api/resolutions/")
    assert data["count"] == 1
    [row] = data["results"]
    assert row["symbol"] == "A/HRC/RES/32/6"
    assert row["url"] == "/resolutions/A/HRC/RES/32/6/"
    assert row["api_url"] == SEED_URL
    assert row["session"]["code"] == "32" and row["body"] == "HRC"
    assert [item["number"] for item in row["agenda_items"]] == [3]
    assert row["adoption_mode"] == "without_vote" and row["adopted_on"] == "2016-06-30"
    assert row["open_follow_up_count"] == FollowUp.objects.open().count() > 0


def test_cached_resolution_count_changes_as_soon_as_a_text_is_imported(client, seeded, seed_text):
    before = get_json(client, "/api/resolutions/")["count"]
    assert get_json(client, "/api/resolutions/")["count"] == before  # from the cache
    # Keyed by the filters: another filter is counted apart.
    assert get_json(client, "/api/resolutions/", {"body": "GA"})["count"] == 0
    import_text(variant(seed_text, 40))
    after = get_json(client, "/api/resolutions/")["count"]
    assert after == before + 1 == Resolution.objects.listed().count()
    assert get_json(client, "/api/resolutions/", {"session": "HRC-32"})["count"] == 2


def test_resolution_list_takes_the_list_pages_filters(client, seeded, seed_text):
    import_text(variant(seed_text, 50, {"Agenda item 3": "Agenda item 5"}))

    def symbols(**params):
        return [r["symbol"] for r in get_json(client, "/api/resolutions/", params)["results"]]

    assert set(symbols(session="HRC-32")) == {"A/HRC/RES/32/6", "A/HRC/RES/32/50"}
    assert symbols(session="HRC-32", agenda_item="HRC-3") == ["A/HRC/RES/32/6"]
    assert symbols(session="HRC-31") == []
    assert symbols(year="2015") == []
    assert len(symbols(year="2016", body="HRC")) == 2
    assert symbols(q="universal periodic review") != []
    assert symbols(q="outer space debris") == []
    assert client.get("/api/resolutions/", {"adoption_mode": "by_lot"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/resolutions/", {"year": "0"}),
        ("/api/resolutions/", {"year": "99999999999999999999"}),
        ("/api/follow-ups/", {"due_year": "10000"}),
    ],
)
def test_a_year_no_date_can_hold_is_refused_by_the_site_filters_year(client, seeded, url, params):
    # The site's lists ignore it (test_views.py); the API says so with a 400.
    response = client.get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_resolution_detail_nests_paragraphs_and_carries_citations_and_follow_up(client, seeded):
    data = get_json(client, SEED_URL)
    assert data["symbol"] == "A/HRC/RES/32/6"
    assert data["url"] == "/resolutions/A/HRC/RES/32/6/" and data["api_url"] == SEED_URL
    assert data["body"] == {"short_name": "HRC", "name": "Human Rights Council"}
    paragraphs = list(all_paragraphs(data["paragraphs"]))
    assert len(paragraphs) == 48
    kinds = [p["kind"] for p in paragraphs]
    assert kinds.count("preambular") == 21 and kinds.count("operative") == 27
    assert paragraphs[-1]["label"] == "OP27" and paragraphs[-1]["url"].endswith("#op27")
    assert sorted(data["cited_documents"]) == sorted(
        [
            "A/RES/70/1",
            "A/HRC/RES/28/2",
            "A/RES/70/153",
            "A/RES/60/251",
            "A/HRC/RES/6/17",
            "A/HRC/24/56",
            "A/HRC/19/50",
            "A/HRC/26/41",
            "A/HRC/31/81",
        ]
    )
    op26 = next(p for p in paragraphs if p["label"] == "OP26")
    assert {"document": "A/HRC/31/81", "via": "footnote", "footnote_number": 4}.items() <= (
        op26["citations"][0].items()
    )
    assert {"number": 4, "paragraph": "OP26", "text": "A/HRC/31/81."} in data["footnotes"]
    assert data["predecessors"] == ["A/HRC/RES/28/2", "A/RES/70/153"]
    [due] = [f for f in data["follow_ups"] if f["paragraph"] == "OP27"]
    assert due["action"] == "decision" and due["due_year"] == 2017
    assert due["status"] == "pending" and due["api_url"] == f"/api/follow-ups/{due['id']}/"


def test_sub_paragraphs_are_nested_under_their_paragraph(client, seeded):
    import_text((DATA / "corpus" / "A_RES_79_325.txt").read_text(encoding="utf-8"))
    data = get_json(client, "/api/resolutions/A/RES/79/325/")
    op1 = next(p for p in data["paragraphs"] if p["label"] == "OP1")
    assert [p["label"] for p in op1["subparagraphs"]] == [f"OP1({x})" for x in "abcde"]
    top_labels = [p["label"] for p in data["paragraphs"]]
    assert "OP1(a)" not in top_labels
    assert (
        len(list(all_paragraphs(data["paragraphs"])))
        == Paragraph.objects.filter(resolution__symbol="A/RES/79/325").count()
    )


def test_recorded_vote_sponsors_and_series_are_in_the_detail(client, seeded, seed_text):
    voting = (
        "[Adopted by a recorded vote of 3 to 1, with 1 abstention. The voting was as follows:\n"
        "In favour:\nBrazil, China, South Africa\n\nAgainst:\nJapan\n\nAbstaining:\nMexico]"
    )
    import_text(variant(seed_text, 61, {"[Adopted without a vote.]": voting}))
    data = get_json(client, "/api/resolutions/A/HRC/RES/32/61/")
    assert data["votes"] == {"in_favour": 3, "against": 1, "abstaining": 1, "not_voting": None}
    assert {"country": "Japan", "position": "against"} in data["country_votes"]
    assert len(data["country_votes"]) == 5
    # Two texts of one title make a series: each names the other, in order of adoption.
    assert data["series"]["symbols"] == ["A/HRC/RES/32/6", "A/HRC/RES/32/61"]
    series = get_json(client, data["series"]["api_url"])
    assert [r["symbol"] for r in series["resolutions"]] == ["A/HRC/RES/32/6", "A/HRC/RES/32/61"]
    assert series["resolutions"][1]["votes"]["in_favour"] == 3
    call_command("import_catalogue", str(DATA / "catalogue" / "sample.csv"), stdout=io.StringIO())
    sponsored = Resolution.objects.filter(sponsors__isnull=False).distinct().first()
    detail = get_json(client, f"/api/resolutions/{sponsored.symbol}/")
    assert [s["name"] for s in detail["sponsors"]] == [s.name for s in sponsored.sponsors.all()]


def test_symbols_with_slashes_are_the_urls_and_unknown_ones_are_404(client, seeded):
    assert "results" in get_json(client, "/api/resolutions/")
    assert client.get("/api/resolutions/A/HRC/RES/99/99/").status_code == 404
    assert client.get("/api/resolutions/A/HRC/RES/32/6/extra/").status_code == 404
    assert client.get("/api/documents/A/HRC/99/1/").status_code == 404
    # PostgreSQL refuses a NUL in a query: a 404 all the same, not a server error.
    assert client.get("/api/resolutions/A/HRC%00/").status_code == 404
    document = get_json(client, "/api/documents/A/HRC/31/81/")
    assert document["kind"] == "report" and document["citing_paragraph_count"] == 1
    assert document["citing_paragraphs"] == [
        {
            "resolution": "A/HRC/RES/32/6",
            "paragraph": "OP26",
            "paragraph_url": "/resolutions/A/HRC/RES/32/6/#op26",
            "via": "footnote",
            "footnote_number": 4,
        }
    ]
    assert client.get("/api/sessions/HRC/999/").status_code == 404
    assert client.get("/api/sessions/HRC/thirty-two/").status_code == 404
    assert client.get("/api/agenda-items/HRC/99/").status_code == 404
    assert client.get("/api/follow-ups/999999/").status_code == 404
    assert client.get("/api/follow-ups/999999/events/").status_code == 404


def test_documents_list_counts_citing_paragraphs(client, seeded, seed_text):
    import_text(variant(seed_text, 41))
    rows = {
        d["symbol"]: d for d in get_json(client, "/api/documents/", {"page_size": 200})["results"]
    }
    assert rows["A/HRC/31/81"]["citing_paragraph_count"] == 2
    reports = get_json(client, "/api/documents/", {"kind": "report", "page_size": 200})
    assert {d["kind"] for d in reports["results"]} == {"report"}


def test_paragraphs_and_citations_filter_by_symbol(client, seeded, seed_text):
    import_text(variant(seed_text, 41))
    operative = get_json(
        client, "/api/paragraphs/", {"resolution": "A/HRC/RES/32/41", "kind": "operative"}
    )
    assert operative["count"] == 27
    assert {p["resolution"] for p in operative["results"]} == {"A/HRC/RES/32/41"}
    assert [p["label"] for p in operative["results"]][:2] == ["OP1", "OP2"]
    citing = get_json(client, "/api/citations/", {"document": "A/HRC/31/81"})
    # In the order they were stored.
    assert [(c["resolution"], c["paragraph"]) for c in citing["results"]] == [
        ("A/HRC/RES/32/6", "OP26"),
        ("A/HRC/RES/32/41", "OP26"),
    ]
    assert get_json(client, "/api/citations/", {"resolution": "A/HRC/RES/32/6"})["count"] == (
        Citation.objects.filter(paragraph__resolution__symbol="A/HRC/RES/32/6").count()
    )


def test_follow_up_list_takes_the_follow_up_pages_filters(client, seeded):
    def labels(**params):
        rows = get_json(client, "/api/follow-ups/", {"page_size": 200, **params})["results"]
        return [r["paragraph"] for r in rows]

    assert "OP27" in labels() and len(labels()) == FollowUp.objects.open().count()
    assert labels(due_year="2017") == ["OP27"]
    assert labels(overdue="true") == ["OP27"]
    requests = labels(action="request", addressee_kind="secretariat")
    assert "OP16" in requests and "OP17" in requests and "OP27" not in requests
    assert labels(status="fulfilled") == []
    assert "OP27" in labels(session="HRC-32", body="HRC")
    assert labels(session="HRC-33") == []
    assert client.get("/api/follow-ups/", {"status": "lost"}).status_code == 400


def test_a_fulfilled_request_is_still_found_by_its_id(client, seeded, recorder):
    follow_up = op27()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    data = get_json(client, f"/api/follow-ups/{follow_up.pk}/")
    assert data["status"] == "fulfilled" and data["paragraph"] == "OP27"
    # The public reads the organisation; the person's name is for staff (test_privacy.py).
    assert data["events"][0]["recorded_by"] == "OHCHR secretariat"


def test_sessions_and_agenda_items_use_the_pages_codes(client, seeded):
    session = get_json(client, "/api/sessions/HRC/32/")
    assert session["label"] == "32nd session" and session["resolution_count"] == 1
    assert session["url"] == "/sessions/HRC/32/"
    assert session["resolutions_api_url"] == "/api/resolutions/?session=HRC-32"
    assert get_json(client, "/api/sessions/HRC/S-1/")["kind"] == "special"
    item = get_json(client, "/api/agenda-items/HRC/3/")
    assert item["resolution_count"] == 1 and item["filter_code"] == "HRC-3"
    sessions = get_json(client, "/api/sessions/", {"page_size": 200})["results"]
    assert any(s["api_url"] == "/api/sessions/HRC/32/" for s in sessions)


# Pages and order


def test_lists_page_by_50_up_to_200_in_a_stable_order(client, many_resolutions):
    paragraphs = get_json(client, "/api/paragraphs/")
    assert paragraphs["count"] == 480 and len(paragraphs["results"]) == 50
    assert len(get_json(client, "/api/paragraphs/", {"page_size": 1000})["results"]) == 200
    assert len(get_json(client, "/api/paragraphs/", {"page_size": 7})["results"]) == 7

    seen, url = [], "/api/resolutions/?page_size=4"
    while url:
        page = get_json(client, url)
        seen += [r["symbol"] for r in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 10
    # All ten share a date: the id breaks the tie, newest first, as on the list page.
    expected = Resolution.objects.listed().order_by("-adopted_on", "-id")
    assert seen == [r.symbol for r in expected]
    assert client.get("/api/resolutions/", {"page": 99}).status_code == 404


ENDPOINTS = [
    "/api/resolutions/",
    SEED_URL,
    "/api/paragraphs/",
    "/api/documents/",
    "/api/documents/A/HRC/31/81/",
    "/api/citations/",
    "/api/follow-ups/?status=all",
    "/api/sessions/",
    "/api/sessions/HRC/32/",
    "/api/agenda-items/",
    "/api/agenda-items/HRC/3/",
    "/api/series/",
]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_query_count_does_not_grow_with_rows(client, seeded, seed_text, url):
    # Two texts of one title make a series, so that it is in the answer from the start.
    import_text(variant(seed_text, 19))
    record_events_on_every_request()
    few = count_queries(client, url)
    for number in range(20, 26):
        import_text(variant(seed_text, number))
    call_command("import_catalogue", str(DATA / "catalogue" / "sample.csv"), stdout=io.StringIO())
    record_events_on_every_request()
    assert count_queries(client, url) == few


def record_events_on_every_request():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user, created = get_user_model().objects.get_or_create(username="counter")
    if created:
        user.user_permissions.add(Permission.objects.get(codename="record_followup"))
    for follow_up in FollowUp.objects.filter(events__isnull=True):
        record_follow_up_event(
            follow_up, user=user, new_status=follow_up.status, evidence_symbol="A/HRC/35/8"
        )


@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        # Cold: the resolution list counts its rows and caches the count; warm: it reads
        # the versions (one query) instead of counting, then the rows and their agenda
        # items; their open requests are kept as a check's answer until a write.
        ("/api/resolutions/", 5, 3),
        # One of them for the budget sections citing the text as a legislative mandate, one
        # for its requests' entities.
        (SEED_URL, 13, 13),
        ("/api/paragraphs/", 3, 3),
        ("/api/documents/", 2, 2),
        ("/api/documents/A/HRC/31/81/", 2, 2),
        ("/api/citations/", 2, 2),
        # One of them for the requests' entities.
        ("/api/follow-ups/?status=all", 4, 4),
        ("/api/follow-ups/{op27}/", 3, 3),
        ("/api/series/", 3, 3),
    ],
)
def test_query_counts_are_pinned(client, many_resolutions, url, cold, warm):
    url = url.format(op27=op27().pk)
    assert (count_queries(client, url), count_queries(client, url)) == (cold, warm)


# What stays inside


def every_answer(client, follow_up) -> str:
    """The JSON of every read endpoint, lists at their largest page, as one string."""
    series = Series.objects.first()
    urls = [
        "/api/",
        *ENDPOINTS,
        f"/api/follow-ups/{follow_up.pk}/",
        f"/api/follow-ups/{follow_up.pk}/events/",
        f"/api/series/{series.pk}/",
        f"/api/paragraphs/{follow_up.paragraph_id}/",
        f"/api/citations/{Citation.objects.first().pk}/",
        "/api/schema/",
    ]
    answers = []
    for url in urls:
        response = client.get(url, {"page_size": 200}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, url
        answers.append(response.content.decode())
    return "\n".join(answers)


@pytest.fixture
def internal_note(seeded, seed_text, recorder):
    import_text(variant(seed_text, 19))  # a series, so that its endpoint answers too
    follow_up = op27()
    record_follow_up_event(
        follow_up, user=recorder, new_status=FollowUpStatus.IN_PROGRESS, note=PUBLIC_NOTE
    )
    record_follow_up_event(
        follow_up,
        user=recorder,
        new_status=FollowUpStatus.IN_PROGRESS,
        note=INTERNAL_NOTE,
        is_public=False,
    )
    return follow_up


def test_internal_notes_are_never_shown_to_an_anonymous_client(client, internal_note):
    answers = every_answer(client, internal_note)
    assert PUBLIC_NOTE in answers
    assert INTERNAL_NOTE not in answers


def test_internal_notes_are_never_shown_to_staff_without_the_permission(
    internal_note, staff_without_permission
):
    answers = every_answer(token_client(staff_without_permission), internal_note)
    assert PUBLIC_NOTE in answers
    assert INTERNAL_NOTE not in answers


def test_staff_who_record_read_internal_notes_only_on_the_events_endpoint(internal_note, recorder):
    client = token_client(recorder)
    events = get_json(client, f"/api/follow-ups/{internal_note.pk}/events/")
    assert [(e["note"], e["is_public"]) for e in events] == [
        (INTERNAL_NOTE, False),
        (PUBLIC_NOTE, True),
    ]
    events_answer = client.get(f"/api/follow-ups/{internal_note.pk}/events/").content.decode()
    elsewhere = every_answer(client, internal_note).replace(events_answer, "")
    assert INTERNAL_NOTE not in elsewhere
    assert PUBLIC_NOTE in elsewhere


# Writing


def test_a_token_of_staff_who_record_can_record_an_event(seeded, recorder):
    follow_up = op27()
    response = token_client(recorder).post(
        f"/api/follow-ups/{follow_up.pk}/events/",
        {
            "new_status": "fulfilled",
            "note": "Considered again at the 35th session.",
            "evidence_symbol": "a/hrc/res/35/8",
            "is_public": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["recorded_by"] == "Amina Diallo"
    assert data["old_status"] == "pending" and data["new_status"] == "fulfilled"
    assert data["evidence"] == "A/HRC/RES/35/8" and data["is_public"] is True
    event = FollowUpEvent.objects.get(pk=data["id"])
    assert event.user == recorder and event.user_name == "Amina Diallo"
    follow_up.refresh_from_db()
    assert follow_up.status == "fulfilled" and follow_up.fulfilled_by.symbol == "A/HRC/RES/35/8"


def test_an_invalid_event_is_refused_with_reasons_and_nothing_stored(seeded, recorder):
    client = token_client(recorder)
    url = f"/api/follow-ups/{op27().pk}/events/"
    response = client.post(
        url, {"new_status": "lost", "evidence_symbol": "not a symbol", "is_public": "true"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"new_status", "evidence_symbol"}
    assert FollowUpEvent.objects.count() == 0


UNSAFE = ["post", "put", "patch", "delete"]


@pytest.mark.parametrize("method", UNSAFE)
def test_an_anonymous_client_cannot_write_anywhere(client, internal_note, method):
    before = FollowUpEvent.objects.count()
    urls = [
        "/api/",
        *ENDPOINTS,
        f"/api/follow-ups/{internal_note.pk}/",
        f"/api/follow-ups/{internal_note.pk}/events/",
        "/api/schema/",
    ]
    for url in urls:
        response = getattr(client, method)(
            url.split("?")[0], {"new_status": "fulfilled"}, content_type="application/json"
        )
        assert response.status_code in (401, 403), (method, url, response.status_code)
    assert FollowUpEvent.objects.count() == before
    internal_note.refresh_from_db()
    assert internal_note.status == FollowUpStatus.IN_PROGRESS


def test_a_token_without_the_permission_gets_403_and_nothing_is_stored(
    seeded, staff_without_permission
):
    follow_up = op27()
    response = token_client(staff_without_permission).post(
        f"/api/follow-ups/{follow_up.pk}/events/", {"new_status": "fulfilled"}, format="json"
    )
    assert response.status_code == 403
    assert FollowUpEvent.objects.count() == 0
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PENDING


def test_an_unknown_token_is_refused(seeded):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.post(f"/api/follow-ups/{op27().pk}/events/", {"new_status": "fulfilled"})
    assert response.status_code == 401
    assert FollowUpEvent.objects.count() == 0


def test_a_session_write_needs_the_csrf_token(seeded, recorder):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(recorder)
    response = client.post(f"/api/follow-ups/{op27().pk}/events/", {"new_status": "fulfilled"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert FollowUpEvent.objects.count() == 0


# Schema and documentation


def test_the_browsable_api_renders_for_a_browser(client, seeded, recorder):
    assert client.get("/api/resolutions/", HTTP_ACCEPT="text/html").status_code == 200
    client.force_login(recorder)
    page = client.get(f"/api/follow-ups/{op27().pk}/events/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_schema_is_valid_openapi_3_and_describes_every_endpoint(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert {
        "/api/resolutions/",
        "/api/resolutions/{symbol}/",
        "/api/paragraphs/",
        "/api/documents/{symbol}/",
        "/api/citations/",
        "/api/follow-ups/",
        "/api/follow-ups/{id}/events/",
        "/api/sessions/{body}/{code}/",
        "/api/agenda-items/{body}/{number}/",
        "/api/series/{id}/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/follow-ups/{id}/events/"]) == {"get", "post"}
    assert "session" in {
        p["name"] for p in schema["paths"]["/api/resolutions/"]["get"]["parameters"]
    }
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_documentation_page_loads_every_script_from_our_own_static_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 3
    for attributes, body in scripts:
        assert body.strip() == "", "inline script"
        source = re.search(r'src="([^"]+)"', attributes)[1].replace("&amp;", "&")
        assert source.startswith("/"), source  # no CDN
    assert "<style" not in html and "cdn" not in html.lower()
    init = client.get(source)
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()
    assert '/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"' in html


def test_documentation_page_carries_the_sites_navigation_in_the_readers_language(client, db):
    html = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in html
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<nav aria-label="Principale">' in header
    for url in ("/", "/search/", "/resolutions/", "/follow-ups/", "/sessions/"):
        assert f'href="{url}"' in header, url
    assert '<a class="skip-link" href="#main">' in html
    assert "<h1>Documentation de l'API</h1>" in html.replace("&#x27;", "'")
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/api/">API</a>' in footer
    assert html.index('<div id="swagger-ui"') < html.index("</main>")


@pytest.mark.django_db(transaction=True)
def test_every_read_operation_of_the_schema_answers_without_a_server_error(seeded):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    from tracker.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
    failures = []

    def check(operation):
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call()
            if response.status_code >= 500:
                failures.append((operation.label, case.path, case.query, response.status_code))

        call()

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:
        check(operation)
    assert failures == [], "\n".join(map(repr, failures))


def test_options_on_the_documentation_page_lists_its_methods(client, db):
    response = client.options("/api/docs/")
    assert response.status_code == 200
    assert "GET" in response["Allow"] and "OPTIONS" in response["Allow"]


def test_an_event_whose_json_holds_a_lone_surrogate_is_refused_with_400(seeded, recorder):
    client = token_client(recorder)
    body = '{"new_status": "in_\\ud800progress", "note": "", "is_public": true}'
    response = client.post(
        f"/api/follow-ups/{op27().pk}/events/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]
    assert not op27().events.exists()
