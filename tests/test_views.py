"""The public pages, as an anonymous visitor sees them."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.followups.recording import assign_follow_up
from resolutions.importing.texts import import_text
from resolutions.models import Body, FollowUp, Paragraph, Resolution, Session
from tests.conftest import variant

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CATALOGUE_SAMPLE = Path(__file__).resolve().parent / "data" / "catalogue" / "sample.csv"


def text_of(response) -> str:
    """The page's (or an HTML fragment's) visible words, tags removed, white space folded."""
    html = response if isinstance(response, str) else response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_shows_holdings_latest_and_pending(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "1 resolution" in page
    assert "48 paragraphs" in page
    assert "A/HRC/RES/32/6" in page
    assert "A/HRC/RES/32/6 OP27" in page
    assert "Overdue" in page


def test_resolution_list_filters_combine_and_show_counts(client, seeded, seed_text):
    import_text(
        variant(
            seed_text,
            50,
            {
                "Agenda item 3": "Agenda item 5",
                "[Adopted without a vote.]": (
                    "[Adopted by a recorded vote of 30 to 12, with 5 abstentions.]"
                ),
            },
        )
    )
    response = client.get("/resolutions/", {"session": "HRC-32", "agenda_item": "HRC-3"})
    assert response.status_code == 200
    page = text_of(response)
    assert "A/HRC/RES/32/6" in page
    assert "A/HRC/RES/32/50" not in page
    assert "1 resolution matches these filters" in page
    # Each choice shows how many rows it would give with the other filters in force.
    html = response.content.decode()
    assert re.search(r'<option value="HRC-32" selected>HRC 32nd \(1\)</option>', html)
    assert re.search(r'<option value="HRC-5">HRC item 5: [^<]+ \(1\)</option>', html)
    assert re.search(r'<option value="recorded_vote">Recorded vote \(0\)', html) is None

    both = text_of(client.get("/resolutions/", {"body": "HRC", "year": "2016"}))
    assert "2 resolutions match these filters" in both
    voted = text_of(client.get("/resolutions/", {"adoption_mode": "recorded_vote"}))
    assert "A/HRC/RES/32/50" in voted and "A/HRC/RES/32/6 " not in voted
    assert "30–12–5" in voted
    none = text_of(client.get("/resolutions/", {"year": "2015"}))
    assert "No resolution matches" in none


def test_resolution_list_text_query_searches_paragraphs(client, seeded):
    found = text_of(client.get("/resolutions/", {"q": "universal periodic review"}))
    assert "A/HRC/RES/32/6" in found
    missing = text_of(client.get("/resolutions/", {"q": "outer space debris"}))
    assert "No resolution matches" in missing


def test_resolution_list_paginates_and_keeps_filters(client, many_resolutions, settings):
    settings.PAGE_SIZE = 4
    response = client.get("/resolutions/", {"body": "HRC"})
    html = response.content.decode()
    assert "Page 1 of 3" in text_of(response)
    assert 'href="?body=HRC&amp;page=2"' in html
    assert len(response.context["page"].object_list) == 4


def test_resolution_page_reads_paragraph_by_paragraph(client, seeded):
    response = client.get("/resolutions/A/HRC/RES/32/6/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="paragraph preambular') == 21
    assert html.count('class="paragraph operative') == 27
    assert 'id="pp6"' in html and 'id="op17"' in html
    page = text_of(response)
    assert "Human Rights Council" in page and "32nd session" in page
    assert "30 June 2016" in page and "Without a vote" in page
    # Citations in the text link to their documents; footnotes are listed with a way back.
    link = '<a class="cite" href="/documents/A/RES/70/1/" title="A/RES/70/1">'
    assert f"{link}General Assembly resolution 70/1</a>" in html
    assert 'href="/documents/A/HRC/24/56/"' in html
    assert 'id="fn4"' in html and 'href="#op26"' in html
    # Follow-ups sit beside their paragraph.
    op27 = html.split('id="op27"')[1]
    assert "Decision" in op27 and "due 2017" in op27 and "Overdue" in op27
    assert "GE.16-12199" not in html
    assert "[Adopted without a vote.]" in page


def test_resolution_page_shows_a_recorded_vote(client, seeded, seed_text):
    import_text(
        variant(
            seed_text,
            51,
            {
                "[Adopted without a vote.]": (
                    "[Adopted by a recorded vote of 32 to 3, with 12 abstentions.]"
                )
            },
        )
    )
    page = text_of(client.get("/resolutions/A/HRC/RES/32/51/"))
    assert "Recorded vote: 32 in favour, 3 against, 12 abstaining" in page
    assert "[Adopted by a recorded vote of 32 to 3, with 12 abstentions.]" in page


def test_resolution_page_lists_the_resolutions_that_cite_it(client, seeded, seed_text):
    assert "No stored resolution cites this one yet." in text_of(
        client.get("/resolutions/A/HRC/RES/32/6/")
    )
    import_text(variant(seed_text, 41, {"Council resolution 28/2": "Council resolution 32/6"}))
    page = text_of(client.get("/resolutions/A/HRC/RES/32/6/"))
    assert "Cited by" in page
    assert "A/HRC/RES/32/41" in page


def test_unknown_resolution_is_404(client, seeded):
    assert client.get("/resolutions/A/HRC/RES/99/99/").status_code == 404


def test_document_page_lists_the_paragraphs_citing_it(client, seeded):
    response = client.get("/documents/A/HRC/31/81/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Report" in page
    assert "A/HRC/RES/32/6, OP26" in page
    assert "cited in footnote 4" in page
    assert 'href="https://undocs.org/A/HRC/31/81"' in response.content.decode()


def test_session_and_agenda_item_pages_list_their_resolutions(client, seeded):
    sessions = client.get("/sessions/")
    assert sessions.status_code == 200
    assert 'href="/sessions/HRC/32/"' in sessions.content.decode()
    assert 'href="/sessions/HRC/S-1/"' in sessions.content.decode()
    session = text_of(client.get("/sessions/HRC/32/"))
    assert "32nd session" in session and "A/HRC/RES/32/6" in session
    assert "Text stored for 1 of 1 resolution of this session." in session
    assert client.get("/sessions/HRC/S-1/").status_code == 200
    assert client.get("/sessions/HRC/999/").status_code == 404
    items = text_of(client.get("/agenda-items/"))
    assert "Universal periodic review" in items
    item = text_of(client.get("/agenda-items/HRC/3/"))
    assert "A/HRC/RES/32/6" in item
    assert "Text stored for 1 of 1 resolution under this item." in item
    assert "A/HRC/RES/32/6" not in text_of(client.get("/agenda-items/HRC/4/"))


def test_follow_ups_page_shows_op27_pending_due_2017_and_overdue(client, seeded):
    response = client.get("/follow-ups/")
    assert response.status_code == 200
    html = response.content.decode()
    row = next(r for r in html.split("<tr") if "A/HRC/RES/32/6 OP27" in r)
    assert 'class="overdue"' in row
    assert "Pending" in row and "2017" in row and "Overdue" in row


def test_follow_ups_page_filters(client, seeded):
    requests = text_of(
        client.get("/follow-ups/", {"action": "request", "addressee_kind": "secretariat"})
    )
    assert "A/HRC/RES/32/6 OP16" in requests and "A/HRC/RES/32/6 OP17" in requests
    assert "OP27" not in requests
    due = text_of(client.get("/follow-ups/", {"due_year": "2017"}))
    assert "OP27" in due and "OP16" not in due
    overdue = text_of(client.get("/follow-ups/", {"overdue": "true"}))
    assert "OP27" in overdue and "OP16" not in overdue
    fulfilled = text_of(client.get("/follow-ups/", {"status": "fulfilled"}))
    assert "No follow-up request matches" in fulfilled
    by_session = text_of(client.get("/follow-ups/", {"session": "HRC-32", "body": "HRC"}))
    assert "OP27" in by_session
    assert "No follow-up request matches" in text_of(
        client.get("/follow-ups/", {"session": "HRC-33"})
    )


def test_follow_up_page_shows_no_staff_control_to_a_visitor(client, seeded):
    follow_up = FollowUp.objects.get(paragraph__label="OP17")
    response = client.get(follow_up.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Record what happened" not in html
    assert '<form method="post" action="/follow-ups/' not in html
    assert "Nothing has been recorded yet" in text_of(response)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


PAGES = [
    ("/", None),
    ("/resolutions/", None),
    ("/resolutions/", {"body": "HRC", "session": "HRC-32", "q": "cooperation"}),
    ("/resolutions/A/HRC/RES/32/6/", None),
    ("/follow-ups/", None),
    ("/follow-ups/", {"status": "all", "action": "request"}),
    ("/documents/A/HRC/RES/28/2/", None),
    ("/sessions/", None),
    ("/sessions/HRC/32/", None),
    ("/agenda-items/", None),
    ("/agenda-items/HRC/3/", None),
    ("/dashboard/", None),
    ("/feeds/resolutions.atom", None),
    ("/feeds/follow-ups.atom", None),
    ("/follow-ups/calendar.ics", None),
]


@pytest.mark.parametrize(("url", "params"), PAGES)
def test_query_count_does_not_grow_with_rows(client, seeded, seed_text, url, params):
    # Two texts of one title make a series, so that its timeline is on the page from the start.
    import_text(variant(seed_text, 19))
    # Each page twice: with its counts computed, then read from the cache.
    few = [count_queries(client, url, params) for _ in range(2)]
    for number in range(20, 26):
        import_text(variant(seed_text, number))
    # The catalogue adds texts of every kind and outcome, sponsors, series and a proposal.
    call_command("import_catalogue", str(CATALOGUE_SAMPLE), stdout=io.StringIO())
    assert [count_queries(client, url, params) for _ in range(2)] == few


def facet_count(response, facet_name, value):
    facet = next(f for f in response.context["facets"] if f.name == facet_name)
    return next((o.count for o in facet.options if o.value == value), 0)


@pytest.mark.parametrize("url", ["/sessions/HRC/32/", "/agenda-items/HRC/3/"])
def test_cached_session_and_item_counts_change_as_soon_as_a_text_is_imported(
    client, seeded, seed_text, url
):
    before = client.get(url).context["coverage"]
    assert client.get(url).context["coverage"] == before  # read from the cache
    import_text(variant(seed_text, 41))
    after = client.get(url)
    assert after.context["coverage"].total == before.total + 1
    assert after.context["coverage"].stored == before.stored + 1
    assert "A/HRC/RES/32/41" in after.content.decode()


def test_cached_home_counts_change_as_soon_as_a_text_is_imported(client, seeded, seed_text):
    before = client.get("/").context
    assert client.get("/").context["resolution_count"] == before["resolution_count"]  # cached
    import_text(variant(seed_text, 40))
    after = client.get("/").context
    assert after["resolution_count"] == before["resolution_count"] + 1
    assert after["paragraph_count"] == Paragraph.objects.count() > before["paragraph_count"]
    assert after["open_count"] == FollowUp.objects.open().count() > before["open_count"]


def test_cached_filter_counts_change_as_soon_as_the_catalogue_is_imported(client, seeded):
    before = facet_count(client.get("/resolutions/"), "body", "HRC")
    assert facet_count(client.get("/resolutions/"), "body", "HRC") == before  # cached
    call_command("import_catalogue", str(CATALOGUE_SAMPLE), stdout=io.StringIO())
    after = facet_count(client.get("/resolutions/"), "body", "HRC")
    assert after == Resolution.objects.listed().filter(body__short_name="HRC").count() > before


def test_cached_follow_up_counts_change_as_soon_as_an_event_is_recorded(
    client, recorder_client, seeded
):
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    open_before = client.get("/").context["open_count"]
    list_before = client.get("/follow-ups/")
    assert facet_count(client.get("/follow-ups/"), "status", "fulfilled") == 0  # cached
    response = recorder_client.post(
        f"/follow-ups/{op17.pk}/events/",
        {"new_status": "fulfilled", "note": "", "visibility": "public", "evidence_symbol": ""},
    )
    assert response.status_code == 302
    assert client.get("/").context["open_count"] == open_before - 1
    after = client.get("/follow-ups/")
    assert facet_count(after, "status", "open") == facet_count(list_before, "status", "open") - 1
    assert facet_count(after, "status", "fulfilled") == 1


def total(response) -> int:
    return response.context["page"].paginator.count


def test_cached_counts_change_when_the_admin_edits_or_deletes_a_paragraph(
    client, seeded, administrator
):
    admin = Client()
    admin.force_login(administrator)
    before = client.get("/").context["paragraph_count"]
    assert total(client.get("/resolutions/", {"q": "zzunusualzz"})) == 0
    paragraph = Paragraph.objects.get(resolution=seeded, label="PP3")
    paragraph.text += " zzunusualzz"
    paragraph.save()  # what the paragraph admin's form does
    assert total(client.get("/resolutions/", {"q": "zzunusualzz"})) == 1
    response = admin.post(f"/admin/resolutions/paragraph/{paragraph.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert client.get("/").context["paragraph_count"] == before - 1 == Paragraph.objects.count()


def test_cached_assignee_counts_change_when_a_user_is_deleted_but_not_at_each_log_in(
    client, recorder, seeded, django_user_model
):
    from resolutions import counts

    colleague = django_user_model.objects.create_user("colleague", password="x" * 20)
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    assign_follow_up(op17, assignee=colleague, user=recorder)
    # Assignments are for staff: the public's "assigned" filter matches nothing.
    staff = Client()
    staff.force_login(recorder)
    assert total(staff.get("/follow-ups/", {"assigned": "nobody"})) == 10
    version = counts.version()
    client.force_login(recorder)  # saves last_login only
    assert counts.version() == version
    colleague.delete()  # unassigns OP17 with one UPDATE
    assert total(staff.get("/follow-ups/", {"assigned": "nobody"})) == 11


@pytest.mark.parametrize(
    ("url", "params", "cold", "warm"),
    [
        # Cold: the counts are computed and cached; warm: read from the cache, keyed by
        # the versions (one query, read once for the page). Cold, two for the overdue
        # requests: those due in an earlier year from the requests' tally, this year's
        # counted. The latest texts, one query; the requests due soonest with the totals
        # owed, one query, kept as a check's answer (web/visitor_cache.py) until a write.
        ("/", None, 8, 2),
        # Cold, one of them for the facet of the budget sections citing the texts, one for
        # the texts stored and not. Warm: the versions, the rows and their agenda items;
        # their open requests are kept as a check's answer until a write.
        ("/resolutions/", None, 12, 3),
        # One of them for the requests a re-import superseded (issue 11), one for the
        # budget sections citing the text as a legislative mandate, one for the draft's main
        # sponsors (issue 15), one for the staff notes on its paragraphs, one for how each
        # State voted on the texts of its series (issue 16). Warm: the versions alone: the
        # text is kept under the texts' version, its requests, their proposals, the
        # superseded ones and the notes as a check's answer under the data version.
        ("/resolutions/A/HRC/RES/32/6/", None, 17, 1),
        # Cold: the versions, the requests' tally read once for the total and five facets,
        # the facet of entities, the rows and their entities; warm: the versions, the rows
        # and their entities.
        ("/follow-ups/", None, 5, 3),
        # Two of them for the requests it carries forward and is carried into (issue 16).
        ("/follow-ups/1/", None, 6, 6),
    ],
)
def test_query_counts_are_pinned(client, many_resolutions, url, params, cold, warm):
    if url == "/follow-ups/1/":
        url = FollowUp.objects.get(
            resolution__symbol="A/HRC/RES/32/6", paragraph__label="OP27"
        ).get_absolute_url()
    assert (count_queries(client, url, params), count_queries(client, url, params)) == (
        cold,
        warm,
    )


def test_sub_paragraphs_are_stored_under_their_paragraph_and_shown_nested(client, seeded):
    import_text((CORPUS / "A_RES_79_325.txt").read_text(encoding="utf-8"))
    op1 = Paragraph.objects.get(resolution__symbol="A/RES/79/325", label="OP1")
    assert [p.label for p in op1.subparagraphs.order_by("position")] == [
        f"OP1({letter})" for letter in "abcde"
    ]
    html = client.get("/resolutions/A/RES/79/325/").content.decode()
    op1_html = html.split('id="op1"')[1].split('id="op2"')[0]
    assert 'id="op1(a)"' in op1_html and 'id="op1(e)"' in op1_html
    assert "To elect two Co-Chairs" in op1_html
    assert "General Assembly" in text_of(client.get("/resolutions/A/RES/79/325/"))


def test_an_annex_is_shown_whole_after_the_paragraphs(client, seeded):
    import_text((CORPUS / "A_RES_80_3.txt").read_text(encoding="utf-8"))
    resolution = Resolution.objects.get(symbol="A/RES/80/3")
    assert resolution.annex
    page = text_of(client.get(resolution.get_absolute_url()))
    assert "Annex" in page
    assert resolution.annex.split()[-1] in page


def test_a_recorded_vote_shows_how_each_member_voted(client, seeded, seed_text):
    voting = (
        "[Adopted by a recorded vote of 3 to 1, with 1 abstention. The voting was as follows:\n"
        "In favour:\nBrazil, China, South Africa\n\nAgainst:\nJapan\n\nAbstaining:\nMexico]"
    )
    import_text(variant(seed_text, 61, {"[Adopted without a vote.]": voting}))
    response = client.get("/resolutions/A/HRC/RES/32/61/")
    page = text_of(response).replace(" ,", ",")  # each name is a link to its country
    assert "How the members voted" in page
    assert "In favour (3) Brazil, China, South Africa" in page
    assert 'href="/countries/BRA/"' in response.content.decode()
    assert "Against (1) Japan" in page and "Abstaining (1) Mexico" in page


def test_the_series_named_in_the_text_is_listed(client, seeded):
    page = text_of(client.get("/resolutions/A/HRC/RES/32/6/"))
    assert "Earlier texts of this series" in page
    assert "A/HRC/RES/28/2" in page and "A/RES/70/153" in page


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/resolutions/", {"year": "0"}),
        ("/resolutions/", {"year": "99999999999999999999"}),
        ("/resolutions/", {"year": "2016.5"}),
        ("/follow-ups/", {"due_year": "0"}),
        ("/resolutions/", {"session": "HRC-"}),
        ("/follow-ups/", {"due_session": "nonsense"}),
    ],
)
def test_malformed_filter_values_are_errors_beside_the_filter_not_a_server_error(
    client, seeded, url, params
):
    # Issue 15: a value a filter cannot read is said to be so (tests/test_filter_values.py).
    response = client.get(url, params)
    assert response.status_code == 400
    assert list(response.context["filterset"].form.errors) == list(params)


def test_sessions_open_with_the_council_newest_first_and_mark_those_without_texts(client, seeded):
    response = client.get("/sessions/")

    assert response.status_code == 200
    assert response.context["body"].short_name == "HRC"
    sessions = list(response.context["sessions"])
    dated = [s.start_date for s in sessions if s.start_date]
    assert dated == sorted(dated, reverse=True)
    session_32 = next(s for s in sessions if s.number == 32 and s.kind == "regular")
    assert (session_32.resolution_count, session_32.stored_count) == (1, 1)
    html = response.content.decode()
    assert "none held yet" in html  # the Council's other sessions, known from its calendar
    assert "General Assembly" not in html  # a body with no session is not offered


def test_the_sessions_page_switches_to_another_body(client, seeded):
    assembly = Body.objects.get(short_name="GA")
    Session.objects.create(body=assembly, kind="regular", number=73, year=2018)

    page = client.get("/sessions/").content.decode()
    assert 'href="?body=GA"' in page
    switched = client.get("/sessions/", {"body": "ga"})
    assert switched.context["body"] == assembly
    assert [s.number for s in switched.context["sessions"]] == [73]


def _latest_symbols(response) -> list[str]:
    html = response.content.decode()
    section = html.split('id="latest"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<strong>(A/HRC/RES/32/\d+)</strong>", section)


def test_home_latest_are_the_latest_adopted_not_the_latest_imported(client, seed_text):
    # Imported in the order 32/6, 32/50, 32/51; adopted 32/50 first, then 32/6; 32/51 has
    # no adoption date and is left out.
    import_text(seed_text)
    import_text(variant(seed_text, 50, {"on 30 June 2016": "on 1 June 2016"}))
    import_text(variant(seed_text, 51))
    Resolution.objects.filter(symbol="A/HRC/RES/32/51").update(adopted_on=None)
    assert list(Resolution.objects.order_by("id").values_list("symbol", flat=True)) == [
        "A/HRC/RES/32/6",
        "A/HRC/RES/32/50",
        "A/HRC/RES/32/51",
    ]
    assert Resolution.objects.get(symbol="A/HRC/RES/32/50").adopted_on.isoformat() == ("2016-06-01")
    response = client.get("/")
    assert _latest_symbols(response) == ["A/HRC/RES/32/6", "A/HRC/RES/32/50"]
    # No translation of a title is stored: each shows as imported, marked with its language.
    title = Resolution.objects.get(symbol="A/HRC/RES/32/6").title
    assert f'<span lang="en">{title}</span>' in response.content.decode()


def test_home_latest_in_french_keeps_the_english_title_marked(client, seed_text):
    import_text(seed_text)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "Dernières résolutions" in html
    assert _latest_symbols(response) == ["A/HRC/RES/32/6"]
    title = Resolution.objects.get(symbol="A/HRC/RES/32/6").title
    assert f'<span lang="en">{title}</span>' in html


def test_footer_links_the_api_and_its_documentation(client, seeded):
    for url in ("/", "/resolutions/"):
        html = client.get(url).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert '<a href="/api/">API</a>' in footer
        assert '<a href="/api/docs/">API documentation</a>' in footer
    assert client.get("/api/docs/").status_code == 200
