"""The resolutions' tally (resolutions/text_tally.py): kept by the database on every kind of
write to the resolutions, and read by the resolution list, the home page, a session's
page and the API for the same counts the resolutions themselves give."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions import text_tally
from resolutions.models import (
    AdoptionMode,
    AgendaItem,
    AgendaItemTally,
    Body,
    Outcome,
    Resolution,
    ResolutionKind,
    ResolutionTally,
    Session,
)
from resolutions.web.filters import ResolutionFilter

COMBINATION = ("body_id", "session_id", "adopted_on", "adoption_mode", "kind", "outcome")


def _combination(resolution) -> tuple:
    values = [getattr(resolution, name) for name in COMBINATION]
    values[2] = values[2].replace(month=1, day=1) if values[2] else None
    return (*values, resolution.source_text != "")


def counted_from_the_resolutions() -> Counter:
    return Counter(_combination(r) for r in Resolution.objects.all())


def counted_by_agenda_item() -> Counter:
    return Counter(
        (item.pk, *_combination(r))
        for r in Resolution.objects.prefetch_related("agenda_items")
        for item in r.agenda_items.all()
    )


def _held(tally, *leading: str) -> Counter:
    columns = (*leading, *COMBINATION, "stored")
    return Counter(
        {
            tuple(getattr(t, name) for name in columns): t.resolutions
            for t in tally.objects.all()
            if t.resolutions
        }
    )


def held_by_the_tally() -> Counter:
    return _held(ResolutionTally)


def held_by_agenda_item() -> Counter:
    return _held(AgendaItemTally, "agenda_items_id")


def raw(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def catalogue(seeded, series_pair):
    """The three texts stored, and texts only a catalogue names: without text, session,
    date or adoption mode, a decision, an amendment and a withdrawn draft."""
    hrc, ga = Body.objects.get(short_name="HRC"), Body.objects.get(short_name="GA")
    session = Session.objects.filter(body=hrc).order_by("number").first()
    made = [
        Resolution(symbol="A/HRC/RES/33/1", body=hrc, session=session, title="Catalogued"),
        Resolution(symbol="A/HRC/RES/33/2", body=hrc, adopted_on=datetime.date(2016, 9, 29)),
        Resolution(symbol="A/HRC/DEC/33/101", body=hrc, kind=ResolutionKind.DECISION),
        Resolution(symbol="A/HRC/PRST/33/1", body=hrc, kind=ResolutionKind.PRESIDENTIAL_STATEMENT),
        Resolution(symbol="A/RES/71/1", body=ga, adopted_on=datetime.date(2016, 9, 19)),
        Resolution(
            symbol="A/HRC/33/L.5/Amend.1",
            body=hrc,
            kind=ResolutionKind.AMENDMENT,
            adoption_mode=AdoptionMode.RECORDED_VOTE,
        ),
        Resolution(symbol="A/HRC/33/L.9", body=hrc, outcome=Outcome.WITHDRAWN),
    ]
    Resolution.objects.bulk_create(made)
    item_3, item_4 = AgendaItem.objects.filter(body=hrc, number__in=[3, 4]).order_by("number")
    Resolution.objects.get(symbol="A/HRC/RES/33/1").agenda_items.set([item_3, item_4])
    Resolution.objects.get(symbol="A/HRC/33/L.9").agenda_items.set([item_3])
    return Resolution.objects.all()


def test_the_tally_holds_every_resolution_whatever_wrote_it(catalogue):
    assert held_by_the_tally() == counted_from_the_resolutions()
    assert sum(held_by_the_tally().values()) == Resolution.objects.count() == 10
    seed = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    ga = Body.objects.get(short_name="GA")
    writes = [
        # save(): a text stored where only the catalogue's row was.
        lambda: _saved("A/HRC/RES/33/1", source_text="The Human Rights Council, ..."),
        # A queryset's update of each column the tally counts by.
        lambda: Resolution.objects.filter(symbol="A/HRC/RES/33/2").update(
            adopted_on=datetime.date(2017, 3, 24), adoption_mode=AdoptionMode.CONSENSUS
        ),
        lambda: Resolution.objects.filter(symbol="A/RES/71/1").update(session=seed.session),
        lambda: Resolution.objects.filter(symbol="A/HRC/33/L.9").update(outcome=Outcome.ADOPTED),
        lambda: Resolution.objects.filter(kind=ResolutionKind.DECISION).update(body=ga),
        # A text emptied, a date within the same year (no move), a date removed.
        lambda: Resolution.objects.filter(symbol="A/HRC/RES/33/1").update(source_text=""),
        lambda: Resolution.objects.filter(pk=seed.pk).update(
            adopted_on=seed.adopted_on.replace(month=12, day=31)
        ),
        lambda: Resolution.objects.filter(pk=seed.pk).update(adopted_on=None),
        # An update that changes nothing the tally counts, raw SQL, a delete.
        lambda: Resolution.objects.update(title="Retitled"),
        lambda: raw(
            "UPDATE resolutions_resolution SET kind = %s WHERE symbol = %s",
            ResolutionKind.RESOLUTION,
            "A/HRC/33/L.5/Amend.1",
        ),
        lambda: Resolution.objects.filter(symbol="A/RES/71/1").delete(),
        lambda: Resolution.objects.filter(session__isnull=True, source_text="").delete(),
    ]
    item_3 = AgendaItem.objects.get(body__short_name="HRC", number=3)
    item_4 = AgendaItem.objects.get(body__short_name="HRC", number=4)
    writes = [
        # The links to agenda items: added, removed, all set anew, cleared.
        lambda: Resolution.objects.get(symbol="A/HRC/RES/33/2").agenda_items.add(item_4),
        lambda: Resolution.objects.get(symbol="A/HRC/RES/33/2").agenda_items.remove(item_4),
        lambda: seed.agenda_items.set([item_4]),
        lambda: Resolution.objects.get(symbol="A/HRC/33/L.9").agenda_items.clear(),
        # A resolution with agenda items moved to another combination, then deleted.
        lambda: Resolution.objects.get(symbol="A/RES/71/1").agenda_items.set([item_3, item_4]),
        lambda: Resolution.objects.filter(symbol="A/RES/71/1").update(
            source_text="Stored", body=seed.body
        ),
        lambda: Resolution.objects.filter(symbol="A/RES/71/1").delete(),
        *writes,
    ]
    assert held_by_agenda_item() == counted_by_agenda_item() and held_by_agenda_item()
    for write in writes:
        write()
        assert held_by_the_tally() == counted_from_the_resolutions(), write
        assert held_by_agenda_item() == counted_by_agenda_item(), write
    assert sum(held_by_the_tally().values()) == Resolution.objects.count() < 10


def _saved(symbol, **values):
    resolution = Resolution.objects.get(symbol=symbol)
    for name, value in values.items():
        setattr(resolution, name, value)
    resolution.save()


FILTERS = [
    {},
    {"body": "hrc"},
    {"text": "missing"},
    {"text": "stored", "body": "HRC"},
    {"year": "2016", "adoption_mode": "without_vote"},
    {"session": "HRC-32"},
    {"kind": "amendment"},
    {"agenda_item": "HRC-3"},
    {"agenda_item": "hrc/3", "text": "missing"},
    {"outcome": "all", "sort": "symbol"},
    {"year": "1789"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_the_resolution_list_counts_from_the_tally_what_the_resolutions_give(
    catalogue, params, monkeypatch
):
    def counted():
        filterset = ResolutionFilter(params, queryset=Resolution.objects.all())
        filterset.form.is_valid()
        return filterset.total(), filterset.facets()

    with CaptureQueriesContext(connection) as queries:
        from_tally = counted()
    # Only the budget section facet, which the tallies do not hold, reads the resolutions.
    reading = [q["sql"] for q in queries if 'FROM "resolutions_resolution"' in q["sql"]]
    assert len(reading) == 1 and "legislativemandate" in reading[0]
    monkeypatch.setattr(text_tally, "narrowed", lambda filterset, excluded=None: None)
    from_resolutions = counted()
    assert from_tally == from_resolutions
    assert from_tally[0] > 0 or params.get("year") == "1789"


def test_words_or_a_budget_section_count_the_resolutions(catalogue):
    for params in ({"q": "cooperation"}, {"mandate": "A/80/6 (Sect. 24)", "body": "HRC"}):
        filterset = ResolutionFilter(params, queryset=Resolution.objects.all())
        filterset.form.is_valid()
        assert text_tally.narrowed(filterset) is None
        assert filterset.total() == filterset.qs.count()
    narrowed = ResolutionFilter({}, queryset=Resolution.objects.filter(body__short_name="GA"))
    narrowed.form.is_valid()
    assert text_tally.narrowed(narrowed) is None  # a base queryset the tally does not count
    nothing = ResolutionFilter({"body": "HRC"}, queryset=Resolution.objects.filter(pk__in=[]))
    nothing.form.is_valid()
    assert text_tally.narrowed(nothing) is None and nothing.total() == 0


def test_the_home_session_and_api_counts_come_from_the_tally(catalogue, client):
    listed = Resolution.objects.listed()
    home = client.get("/").context
    assert home["resolution_count"] == listed.count() == 8
    assert home["stored_count"] == listed.exclude(source_text="").count() == 3
    seed = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    session = client.get(seed.session.get_absolute_url())
    assert session.context["page"].paginator.count == listed.filter(session=seed.session).count()
    item = AgendaItem.objects.get(body__short_name="HRC", number=3)
    of_item = client.get(item.get_absolute_url()).context["page"].paginator.count
    assert of_item == listed.filter(agenda_items=item).count() == 2
    assert client.get("/api/resolutions/").json()["count"] == 8
    assert client.get("/api/resolutions/?text=missing").json()["count"] == 5


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_and_index_lost_to_a_table_rebuild_are_put_back(catalogue):
    raw(f"DROP TRIGGER {text_tally.NAMES['UPDATE']}")
    raw(f"DROP INDEX {text_tally.INDEX}")
    raw(f"DROP TRIGGER {text_tally.NAMES['LINK']}")
    Resolution.objects.update(source_text="")  # uncounted
    assert held_by_the_tally() != counted_from_the_resolutions()
    text_tally.repair_sqlite_triggers()
    assert held_by_the_tally() == counted_from_the_resolutions()
    Resolution.objects.update(source_text="Stored again")
    Resolution.objects.get(symbol="A/HRC/RES/33/2").agenda_items.add(
        AgendaItem.objects.get(body__short_name="HRC", number=4)
    )
    assert held_by_the_tally() == counted_from_the_resolutions()
    assert held_by_agenda_item() == counted_by_agenda_item()
