"""The comparison page and its JSON: two real consecutive texts of a series, imported, and
compared as the golden file of tests/test_comparison.py says; and every case where a
comparison cannot be made answered in words."""

import json

import pytest

from resolutions.importing.texts import import_text
from resolutions.models import Resolution
from tests.conftest import SERIES_PAIR
from tests.test_comparison import GOLDEN
from tests.test_views import text_of

pytestmark = pytest.mark.django_db

OLDER, NEWER = SERIES_PAIR


def test_a_text_is_compared_with_the_previous_text_of_its_series(client, series_pair):
    response = client.get(f"/resolutions/{NEWER}/compare/")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.older.symbol, comparison.newer.symbol) == (OLDER, NEWER)
    assert comparison.counts == json.loads(GOLDEN.read_text())["summary"]
    page = response.content.decode()
    assert "<ins>" in page and "<del>" in page
    summary = text_of(client.get(f"/resolutions/{NEWER}/compare/")).split("What changed", 1)[1]
    # Operative: 1 added, 4 changed, 0 removed, 0 moved, 1 kept.
    assert "Operative 1 4 0 0 1" in " ".join(summary.split())


def test_the_resolution_page_links_the_comparison(client, series_pair):
    page = client.get(f"/resolutions/{NEWER}/").content.decode()
    assert f'href="/resolutions/{NEWER}/compare/"' in page
    assert "Compare with the previous text" in page
    assert f"/resolutions/{NEWER}/compare/?with={OLDER}" in page
    # The first text of the series has no previous one to compare with.
    assert (
        "Compare with the previous text"
        not in client.get(f"/resolutions/{OLDER}/").content.decode()
    )


def test_either_text_may_be_named_and_the_earlier_is_always_first(client, series_pair):
    response = client.get(f"/resolutions/{OLDER}/compare/", {"with": NEWER.lower()})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.older.symbol, comparison.newer.symbol) == (OLDER, NEWER)


def test_the_comparison_as_json(client, series_pair):
    response = client.get(f"/resolutions/{NEWER}/compare.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert (data["older"], data["newer"]) == (OLDER, NEWER)
    assert data["summary"] == json.loads(GOLDEN.read_text())["summary"]
    changed = [pair for pair in data["parts"]["operative"] if pair["kind"] == "changed"]
    assert len(changed) == 4
    assert all(pair["old"]["label"].startswith("OP") for pair in changed)
    assert any(word["kind"] == "insert" for word in changed[0]["words"])


@pytest.mark.parametrize(
    "symbol, query, status, message",
    [
        (OLDER, {}, 404, "No earlier text of this series is stored here."),
        (NEWER, {"with": "not a symbol"}, 400, "is not a UN document symbol."),
        (NEWER, {"with": "A/HRC/RES/99/1"}, 404, "No resolution A/HRC/RES/99/1 is stored."),
        (NEWER, {"with": NEWER}, 400, "A text compared with itself has nothing to show."),
        (NEWER, {"with": "A/HRC/RES/32/6"}, 400, "is not a text of the series of"),
    ],
)
def test_a_comparison_that_cannot_be_made_says_why(
    client, series_pair, seeded, symbol, query, status, message
):
    response = client.get(f"/resolutions/{symbol}/compare/", query)
    assert response.status_code == status
    assert message in text_of(response)
    json_response = client.get(f"/resolutions/{symbol}/compare.json", query)
    assert json_response.status_code == status and message in json_response.json()["error"]


def test_a_text_not_stored_cannot_be_compared(client, series_pair):
    Resolution.objects.filter(symbol=OLDER).update(source_text="")
    response = client.get(f"/resolutions/{NEWER}/compare/")
    assert response.status_code == 400
    assert f"The text of {OLDER} is not stored here, so it cannot be compared." in text_of(response)


def test_the_comparison_page_takes_a_fixed_number_of_queries(
    client, series_pair, django_assert_num_queries
):
    # The two texts, their paragraphs (read once: the requests are matched through the
    # alignment shown), and their requests with their entities.
    with django_assert_num_queries(10):
        client.get(f"/resolutions/{NEWER}/compare/")


def test_two_texts_of_one_session_and_series_are_compared(client, seeded, seed_text):
    from tests.conftest import variant

    import_text(
        variant(seed_text, 7, {"Requests the Office": "Also requests the Office"}),
    )
    response = client.get("/resolutions/A/HRC/RES/32/7/compare/", {"with": "A/HRC/RES/32/6"})
    assert response.status_code == 200
    counts = response.context["comparison"].counts
    assert counts["operative"]["changed"] >= 1 and counts["operative"]["added"] == 0
