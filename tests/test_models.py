"""Model behaviour that does not need a page: document kinds, due dates, querysets."""

import datetime

import pytest
from django.db.models import Count

from resolutions.domain import document_kind, ordinal
from resolutions.models import (
    Body,
    DocumentKind,
    FollowUp,
    Outcome,
    Resolution,
    ResolutionKind,
    Session,
    listed_q,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("A/HRC/RES/32/6", DocumentKind.RESOLUTION),
        ("A/RES/ES-10/21", DocumentKind.RESOLUTION),
        ("S/RES/2334 (2016)", DocumentKind.RESOLUTION),
        ("E/CN.4/RES/2005/54", DocumentKind.RESOLUTION),
        ("A/HRC/DEC/22/116", DocumentKind.DECISION),
        ("A/HRC/PRST/32/1", DocumentKind.PRESIDENTIAL_STATEMENT),
        ("A/HRC/32/L.11", DocumentKind.DRAFT),
        ("A/HRC/48/L.9/Rev.1", DocumentKind.DRAFT),
        ("A/HRC/24/56", DocumentKind.REPORT),
        ("A/HRC/28/2", DocumentKind.REPORT),
        ("A/76/462/Add.2", DocumentKind.REPORT),
        ("ST/SGB/2019/8", DocumentKind.OTHER),
    ],
)
def test_document_kind_comes_from_the_symbol(symbol, kind):
    assert document_kind(symbol) == kind


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 32, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "32nd",
        "111th",
    ]


def test_reference_data_is_seeded_by_migration():
    assert set(Body.objects.values_list("short_name", flat=True)) == {
        "HRC",
        "GA",
        "SC",
        "ECOSOC",
        "CHR",
    }
    hrc = Body.objects.get(short_name="HRC")
    session = Session.objects.get(body=hrc, kind="regular", number=35)
    assert session.end_date is not None and session.year == 2017
    assert Session.objects.filter(body=hrc, kind="special").count() == 39
    assert hrc.agenda_items.count() == 10


def test_a_follow_up_due_at_a_session_is_due_when_that_session_ends(seeded):
    follow_up = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    session = Session.objects.get(body__short_name="HRC", kind="regular", number=35)
    follow_up.due_session = session
    follow_up.save()
    assert follow_up.due_on == session.end_date
    assert follow_up in FollowUp.objects.overdue(session.end_date + datetime.timedelta(days=1))
    assert follow_up not in FollowUp.objects.overdue(session.end_date)
    assert "35th session" in follow_up.due_label


def test_listed_texts_are_the_adopted_ones_that_are_not_amendments(seeded):
    session = seeded.session
    rows = {
        "A/HRC/32/L.50": (ResolutionKind.AMENDMENT, Outcome.ADOPTED),
        "A/HRC/32/L.51": (ResolutionKind.RESOLUTION, Outcome.WITHDRAWN),
        "A/HRC/DEC/32/1": (ResolutionKind.DECISION, Outcome.ADOPTED),
    }
    for symbol, (kind, outcome) in rows.items():
        Resolution.objects.create(
            symbol=symbol, kind=kind, outcome=outcome, body=seeded.body, session=session
        )
    listed = {"A/HRC/RES/32/6", "A/HRC/DEC/32/1"}
    assert set(Resolution.objects.listed().values_list("symbol", flat=True)) == listed
    # Each half of the rule dropped alone, as a list filtered by outcome or kind drops it.
    assert set(
        Resolution.objects.listed(any_outcome=True).values_list("symbol", flat=True)
    ) == listed | {"A/HRC/32/L.51"}
    assert set(Resolution.objects.listed(any_kind=True).values_list("symbol", flat=True)) == (
        listed | {"A/HRC/32/L.50"}
    )
    # The same rule as a count over a session's texts (the API's session list).
    counted = Session.objects.annotate(n=Count("resolutions", filter=listed_q("resolutions__")))
    assert counted.get(pk=session.pk).n == len(listed) < session.resolutions.count()
