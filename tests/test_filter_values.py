"""Filters read what a person types (web/filter_values.py), and say so when they cannot:
an unreadable value is an error beside the filter, never a silent empty list; an empty
result names its filters and offers to remove each; the API answers 400 to a parameter that
is no filter of its list."""

import pytest
from django.utils import translation

from resolutions.importing.texts import import_text
from resolutions.models import Body, FollowUp, Resolution, Session
from tests.conftest import variant
from tests.test_views import text_of, total

SEED = "A/HRC/RES/32/6"


@pytest.mark.parametrize("typed", ["HRC-32", "hrc-32", "HRC/32", "hrc 32", "32"])
def test_a_session_is_read_as_typed(client, seeded, typed):
    response = client.get("/resolutions/", {"session": typed})

    assert response.status_code == 200
    assert [r.symbol for r in response.context["page"].object_list] == [SEED]
    # The list says which session it read, in the filter's own form.
    assert '<option value="HRC-32" selected>' in response.content.decode()


@pytest.mark.parametrize("typed", ["HRC", "hrc", "Human Rights Council", "human rights  council"])
def test_a_body_is_read_by_its_short_name_or_its_name(client, seeded, typed):
    response = client.get("/resolutions/", {"body": typed})
    assert response.status_code == 200
    assert SEED in [r.symbol for r in response.context["page"].object_list]


def test_a_body_is_read_by_its_name_in_the_interface_s_language(client, seeded):
    with translation.override("fr"):
        name = str(translation.gettext("Human Rights Council"))
    assert name != "Human Rights Council"
    response = client.get("/resolutions/", {"body": name}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200 and total(response) >= 1


@pytest.mark.parametrize("typed", ["3", "HRC-3", "hrc/3"])
def test_an_agenda_item_is_read_as_typed(client, seeded, typed):
    response = client.get("/resolutions/", {"agenda_item": typed})
    assert response.status_code == 200
    assert [r.symbol for r in response.context["page"].object_list] == [SEED]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"body": "GA", "session": "32"},
            "No session 32 in the chosen body (GA): did you mean HRC-32?",
        ),
        ({"session": "999"}, "No session 999 is known here."),
        ({"session": "thirty-two"}, "“thirty-two” is not a session: write it as HRC-32"),
        (
            {"body": "Council"},
            "No body “Council”. The bodies are: CHR (Commission on Human Rights)",
        ),
        ({"agenda_item": "item three"}, "“item three” is not an agenda item"),
        ({"year": "2016x"}, "Enter a whole number."),
        ({"adoption_mode": "by acclamation"}, "Select a valid choice."),
    ],
)
def test_a_value_that_cannot_be_read_is_an_error_not_an_empty_list(client, seeded, params, message):
    response = client.get("/resolutions/", params)

    assert response.status_code == 400
    page = text_of(response)
    assert "A filter could not be read, and the list is shown without it" in page
    assert message in page
    # The other filters apply; the one that could not be read is left out, not read as "none".
    unreadable = next(iter(response.context["filterset"].form.errors))
    others = {name: value for name, value in params.items() if name != unreadable}
    assert total(response) == total(client.get("/resolutions/", others))


def test_a_session_number_two_bodies_have_asks_which(client, seeded):
    # The Assembly's 32nd session (1977), as its texts in the catalogue bring it.
    Session.objects.create(body=Body.objects.get(short_name="GA"), kind="regular", number=32)

    response = client.get("/resolutions/", {"session": "32"})

    assert response.status_code == 400
    assert "Session 32 of which body? Choose one of GA-32 or HRC-32." in text_of(response)
    chosen = client.get("/resolutions/", {"session": "32", "body": "HRC"})
    assert chosen.status_code == 200 and total(chosen) == 1


def test_an_empty_result_names_its_filters_and_offers_to_remove_each(client, seeded):
    response = client.get("/resolutions/", {"q": "zzunheardofzz", "body": "HRC"})

    assert response.status_code == 200 and total(response) == 0
    html = response.content.decode()
    assert "Nothing matches all of these filters. Remove one:" in html
    assert 'href="?body=HRC"' in html  # the list without the words
    assert 'href="?q=zzunheardofzz"' in html  # the list without the body
    assert total(client.get("/resolutions/", {"body": "HRC"})) >= 1


def test_the_follow_up_list_reads_sessions_and_resolutions_too(client, seeded):
    response = client.get("/follow-ups/", {"session": "32", "status": "all"})
    assert response.status_code == 200
    assert total(response) == FollowUp.objects.filter(resolution=seeded).count()
    bad = client.get("/follow-ups/", {"due_session": "HRC-thirty"})
    assert bad.status_code == 400
    assert "is not a session" in text_of(bad)


# --- The API -----------------------------------------------------------------------------------


def test_the_api_filters_follow_ups_by_resolution(client, seeded, seed_text):
    import_text(variant(seed_text, 7))
    everything = client.get("/api/follow-ups/", {"status": "all"}).json()["count"]
    response = client.get("/api/follow-ups/", {"resolution": "a/hrc/res/32/6", "status": "all"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == FollowUp.objects.filter(resolution=seeded).count() < everything
    assert {row["resolution"] for row in body["results"]} == {SEED}


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/api/follow-ups/", {"resolutoin": SEED}, "resolutoin"),
        ("/api/resolutions/", {"sesion": "HRC-32"}, "sesion"),
        ("/api/follow-ups/", {"resolution": "not a symbol"}, "resolution"),
        ("/api/resolutions/", {"session": "thirty-two"}, "session"),
        ("/api/resolutions/", {"year": "twenty"}, "year"),
    ],
)
def test_the_api_answers_400_naming_a_parameter_it_cannot_read(client, seeded, url, params, named):
    response = client.get(url, params)

    assert response.status_code == 400
    assert named in response.json()


def test_the_api_reads_a_session_as_the_site_does(client, seeded):
    response = client.get("/api/resolutions/", {"session": "hrc/32"})
    assert response.status_code == 200
    assert [row["symbol"] for row in response.json()["results"]] == [SEED]


# --- Order ---------------------------------------------------------------------------------------


def symbols(response) -> list[str]:
    return [r.symbol for r in response.context["page"].object_list]


def test_words_rank_an_exact_symbol_first_then_symbols_then_titles(client, seeded, seed_text):
    for number in (2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29):
        import_text(variant(seed_text, number))
    # "32/2" is in many symbols and texts; the text of that symbol comes first, then the
    # symbols that end or begin with the words, then the others.
    listing = symbols(client.get("/resolutions/", {"q": "A/HRC/RES/32/2"}))
    assert listing[0] == "A/HRC/RES/32/2"
    assert symbols(client.get("/resolutions/", {"q": "32/2"}))[0] == "A/HRC/RES/32/2"
    titles = symbols(client.get("/resolutions/", {"q": "international cooperation"}))
    assert len(titles) == 12


def test_the_list_sorts_by_symbol_date_and_open_requests(client, seeded, seed_text):
    import_text(variant(seed_text, 7))
    FollowUp.objects.filter(resolution__symbol="A/HRC/RES/32/7").update(status="fulfilled")

    by_symbol = symbols(client.get("/resolutions/", {"sort": "symbol"}))
    assert by_symbol == sorted(by_symbol)
    by_open = client.get("/resolutions/", {"sort": "open"}).context["page"].object_list
    counts = [r.open_follow_up_count for r in by_open]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    html = client.get("/resolutions/", {"sort": "open"}).content.decode()
    assert '<option value="open" selected>' in html
    oldest = client.get("/resolutions/", {"sort": "oldest"}).context["page"].object_list
    dates = [r.adopted_on for r in oldest if r.adopted_on]
    assert dates == sorted(dates)
    api = client.get("/api/resolutions/", {"sort": "symbol"}).json()["results"]
    assert [row["symbol"] for row in api] == sorted(row["symbol"] for row in api)
    assert client.get("/resolutions/", {"sort": "sideways"}).status_code == 400


def test_words_rank_within_an_agenda_item_too(client, seeded, seed_text):
    # The agenda item's join asks DISTINCT, which PostgreSQL orders only by what it selects.
    import_text(variant(seed_text, 2))
    response = client.get("/resolutions/", {"q": "32/2", "agenda_item": "HRC-3", "sort": ""})
    assert response.status_code == 200
    assert symbols(response)[0] == "A/HRC/RES/32/2"
    by_open = client.get("/resolutions/", {"agenda_item": "HRC-3", "sort": "open"})
    assert by_open.status_code == 200 and len(symbols(by_open)) == 2


# --- One search box -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [SEED, "a/hrc/res/32/6.", "32/6", "HRC/32/6"])
def test_a_symbol_or_a_part_of_one_goes_to_its_text(client, seeded, typed):
    response = client.get("/search/", {"q": typed})
    assert (response.status_code, response["Location"]) == (302, f"/resolutions/{SEED}/")


def test_a_document_symbol_goes_to_the_document(client, seeded):
    response = client.get("/search/", {"q": "A/HRC/31/81"})
    assert (response.status_code, response["Location"]) == (302, "/documents/A/HRC/31/81/")


def test_a_part_that_several_symbols_end_with_lists_them_and_the_paragraphs(
    client, seeded, seed_text
):
    # The Council's 32/6 and the Assembly's 32/6 (1977), which the catalogue knows.
    general_assembly = Body.objects.get(short_name="GA")
    Resolution.objects.create(
        symbol="A/RES/32/6",
        number="32/6",
        title="Question of Western Sahara",
        body=general_assembly,
    )
    response = client.get("/search/", {"q": "32/6"})

    assert response.status_code == 200
    found = response.context["found"]
    assert found.symbol_count == 2
    assert {r.symbol for r in found.by_symbol} == {SEED, "A/RES/32/6"}
    page = text_of(response)
    assert "2 resolutions whose symbols end so" in page
    assert "text not stored" in page  # the Assembly's, known from a catalogue alone


def test_words_find_titles_before_paragraphs(client, seeded):
    Resolution.objects.create(
        symbol="A/HRC/RES/28/10",
        number="28/10",
        title="The right to food",
        body=Body.objects.get(short_name="HRC"),
    )
    response = client.get("/search/", {"q": "right to food"})

    assert response.status_code == 200
    assert [r.symbol for r in response.context["found"].by_title] == ["A/HRC/RES/28/10"]
    html = response.content.decode()
    assert html.index("with these words in its title") < html.index("Paragraphs</h2>")


def test_a_value_holding_a_percent_sign_is_refused_with_its_message(client, seeded):
    # The API turns the form's errors into its answer by formatting them with their
    # parameters: a value written into the message would be formatted too.
    response = client.get("/api/resolutions/", {"body": "%s: updated.", "session": "items"})
    assert response.status_code == 400
    assert response.json()["body"] == [
        "No body “%s: updated.”. The bodies are: "
        + ", ".join(f"{b.short_name} ({b.name})" for b in Body.objects.all())
        + "."
    ]
    page = client.get("/resolutions/", {"agenda_item": "%d%%"})
    assert page.status_code == 400 and "“%d%%” is not an agenda item" in text_of(page)
