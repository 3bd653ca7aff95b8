"""The resolution lists' rows read as values (resolutions/web/rows.py): each shows what
the resolution's model says, in two queries for a page, and a write renders again the
rows it changed and no other."""

import datetime

import pytest
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext

from resolutions.followups.recording import record_follow_up_event
from resolutions.models import (
    AdoptionMode,
    AgendaItem,
    Body,
    FollowUp,
    FollowUpStatus,
    Resolution,
    Session,
)
from resolutions.web import rows

from .test_fragments import rendered, table_of  # noqa: F401 (a fixture)


@pytest.fixture
def varied(many_resolutions):
    """Beside the stored texts: one only a catalogue names, adopted by a recorded vote,
    under two agenda items of its body and one of another; one with no session or date."""
    hrc, ga = Body.objects.get(short_name="HRC"), Body.objects.get(short_name="GA")
    catalogued = Resolution.objects.create(
        symbol="A/HRC/RES/33/1",
        body=hrc,
        session=Session.objects.filter(body=hrc).order_by("number").first(),
        title="Catalogued only",
        adopted_on=datetime.date(2016, 9, 29),
        adoption_mode=AdoptionMode.RECORDED_VOTE,
        votes_in_favour=31,
        votes_against=2,
        votes_abstaining=14,
    )
    items = [*AgendaItem.objects.filter(body=hrc, number__in=[4, 3])]
    items.append(AgendaItem.objects.get_or_create(body=ga, number=68)[0])
    catalogued.agenda_items.set(items)
    Resolution.objects.create(symbol="A/RES/71/1", body=ga, title="Undated")
    return Resolution.objects.listed()


def page_of(request_path="/resolutions/", queryset=None, count=None):
    queryset = queryset if queryset is not None else Resolution.objects.listed()
    request = RequestFactory().get(request_path)
    return rows.paginated(request, queryset, queryset.count() if count is None else count)


def test_each_row_shows_what_the_model_says(varied):
    page = page_of()
    assert {row.symbol for row in page.object_list} == {r.symbol for r in varied}
    for row in page.object_list:
        model = Resolution.objects.get(symbol=row.symbol)
        assert row.title == model.title
        assert row.body == model.body.short_name
        assert row.get_absolute_url() == model.get_absolute_url()
        assert row.adopted_on == model.adopted_on
        assert row.get_adoption_mode_display() == model.get_adoption_mode_display()
        assert row.is_recorded_vote == model.is_recorded_vote
        assert (row.votes_in_favour, row.votes_against, row.votes_abstaining) == (
            model.votes_in_favour,
            model.votes_against,
            model.votes_abstaining,
        )
        assert row.text_stored == model.text_stored
        assert row.open_follow_up_count == FollowUp.objects.open().filter(resolution=model).count()
        if model.session is None:
            assert row.session is None
        else:
            assert row.session.label == model.session.label
            assert row.session.get_absolute_url() == model.session.get_absolute_url()
        assert [item.get_absolute_url() for item in row.agenda_items] == [
            item.get_absolute_url() for item in model.agenda_items.all()
        ]
    catalogued = next(row for row in page.object_list if row.symbol == "A/HRC/RES/33/1")
    assert len(catalogued.agenda_items) == 3 and not catalogued.text_stored


def test_a_page_of_rows_is_read_in_three_queries_in_the_order_asked(varied):
    ordered = Resolution.objects.listed().order_by("symbol")
    count = ordered.count()
    with CaptureQueriesContext(connection) as queries:
        page = page_of(queryset=ordered, count=count)
    # The rows, their agenda items, then their open requests: the check a kept list is
    # served with, kept under the data version (read first) for the next page that asks.
    assert len(queries) == 4
    assert "resolutions_followup" not in queries[0]["sql"]
    assert "resolutions_dataversion" in queries[2]["sql"]
    assert "resolutions_followup" in queries[3]["sql"]
    assert [row.symbol for row in page.object_list] == [r.symbol for r in ordered]
    newest = page_of().object_list  # without an order: the newest first, undated last
    dates = [row.adopted_on for row in newest if row.adopted_on]
    assert dates == sorted(dates, reverse=True)


def test_a_second_page_holds_the_next_rows(varied, settings):
    settings.PAGE_SIZE = 5
    first = page_of(queryset=Resolution.objects.listed().order_by("symbol"))
    second = page_of("/resolutions/?page=2", Resolution.objects.listed().order_by("symbol"))
    assert len(first.object_list) == 5 and second.number == 2
    assert not {r.symbol for r in first.object_list} & {r.symbol for r in second.object_list}


def test_a_recorded_event_renders_that_row_alone_on_the_session_page(
    seeded,
    many_resolutions,
    client,
    recorder,
    rendered,  # noqa: F811
):
    path = seeded.session.get_absolute_url()
    before = table_of(client.get(path))
    rendered.clear()
    follow_up = FollowUp.objects.open().filter(resolution=seeded).order_by("id").first()
    open_before = FollowUp.objects.open().filter(resolution=seeded).count()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)

    after = table_of(client.get(path))
    assert rendered.count("partials/resolution_table.html:row") == 1
    assert after != before
    row = after[after.index(f">{seeded.symbol}<") :]
    row = row[: row.index("</tr>")]
    assert f">{open_before - 1}</td>" in row.replace("\n", "")


def test_a_row_of_requests_reads_four_tables_and_no_text(seeded, client):
    sql = str(FollowUp.objects.for_rows().query)
    assert sql.count(" JOIN ") == 3
    assert '"text"' not in sql and "source_text" not in sql and "annex" not in sql
    # What the rows show is all read: a row's deferred fields would cost a query each.
    listed = client.get("/follow-ups/?status=all")
    with CaptureQueriesContext(connection) as queries:
        shown = [
            (r.paragraph_url, r.due_label, r.resolution.language, r.label)
            for r in listed.context["page"].object_list
        ]
    assert len(queries) == 0
    assert shown and all(url.startswith("/resolutions/") for url, *_ in shown)


def test_the_home_page_renders_again_only_the_card_a_write_changed(
    many_resolutions,
    client,
    recorder,
    rendered,  # noqa: F811
):
    client.get("/")
    rendered.clear()
    client.get("/")
    assert rendered == []
    soonest = client.get("/").context["due_soonest"][0]
    record_follow_up_event(
        FollowUp.objects.get(pk=soonest.pk), user=recorder, new_status=FollowUpStatus.IN_PROGRESS
    )
    page = client.get("/").content.decode()
    assert rendered == ["resolutions/home.html:due"]
    assert page.count("status-in_progress") == 1


def test_the_api_serializes_again_only_the_rows_a_write_changed(
    seeded, many_resolutions, client, recorder, monkeypatch
):
    from resolutions.api.serializers import texts

    made = []
    serialize = texts.ResolutionSerializer.to_representation

    def counting(self, instance):
        made.append(instance.symbol)
        return serialize(self, instance)

    monkeypatch.setattr(texts.ResolutionSerializer, "to_representation", counting)
    first = client.get("/api/resolutions/").json()["results"]
    assert len(made) == len(first) > 1
    made.clear()
    assert client.get("/api/resolutions/").json()["results"] == first and made == []

    follow_up = FollowUp.objects.open().filter(resolution=seeded).order_by("id").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    after = client.get("/api/resolutions/").json()["results"]
    assert made == [seeded.symbol]
    row = next(r for r in after if r["symbol"] == seeded.symbol)
    before = next(r for r in first if r["symbol"] == seeded.symbol)
    assert row["open_follow_up_count"] == before["open_follow_up_count"] - 1


def test_a_facet_is_rendered_again_only_when_its_counts_change(
    many_resolutions,
    client,
    recorder,
    rendered,  # noqa: F811
):
    client.get("/resolutions/")
    client.get("/follow-ups/", {"status": "all"})
    rendered.clear()
    follow_up = FollowUp.objects.open().order_by("id").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    client.get("/resolutions/")
    assert "partials/facets.html:facet" not in rendered  # no resolution count changed
    listed = client.get("/follow-ups/", {"status": "all"})
    # Over every status, only the status facet's counts changed: the others are as kept.
    assert len(listed.context["facets"]) > 1
    assert rendered.count("partials/facets.html:facet") == 1
