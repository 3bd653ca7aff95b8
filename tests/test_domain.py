"""The UN's conventions in domain.py, each written once with its inverse: session and agenda
item codes, and the Human Rights Council's calendar."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.domain import (
    SessionKind,
    agenda_item_code,
    estimated_session_year,
    hrc_next_session_number,
    hrc_session_number,
    hrc_session_slot,
    parse_agenda_item_code,
    parse_session_code,
    parse_session_filter_code,
    session_code,
    session_filter_code,
    session_name,
)
from resolutions.importing.reference import read_hrc_sessions


@pytest.mark.parametrize(
    ("kind", "number", "code"),
    [
        (SessionKind.REGULAR, 32, "32"),
        (SessionKind.SPECIAL, 1, "S-1"),
        (SessionKind.EMERGENCY_SPECIAL, 10, "ES-10"),
    ],
)
def test_a_session_code_is_written_as_symbols_write_it_and_read_back(kind, number, code):
    assert session_code(kind, number) == code
    assert parse_session_code(code) == (kind, number)
    assert parse_session_code(code.lower()) == (kind, number)
    assert session_filter_code("HRC", kind, number) == f"HRC-{code}"
    assert parse_session_filter_code(f"HRC-{code}") == ("HRC", kind, number)


def test_a_session_is_named_by_its_body_and_label():
    assert session_name("HRC", SessionKind.REGULAR, 32) == "HRC 32nd session"
    assert session_name("GA", SessionKind.EMERGENCY_SPECIAL, 10) == (
        "GA 10th emergency special session"
    )


@given(kind=st.sampled_from(SessionKind), number=st.integers(0, 9999))
def test_every_session_code_reads_back_as_the_session_it_was_written_for(kind, number):
    assert parse_session_code(session_code(kind, number)) == (kind, number)
    assert parse_session_filter_code(session_filter_code("GA", kind, number)) == (
        "GA",
        kind,
        number,
    )


@pytest.mark.parametrize("code", ["", "S-", "X-1", "S1", "ES-S-1", "12345", "thirty-two"])
def test_what_is_no_session_code_is_read_as_none(code):
    assert parse_session_code(code) is None


@pytest.mark.parametrize("code", ["", "HRC", "HRC-", "-32", "HRC-X-1", "HRC-12345"])
def test_what_is_no_session_filter_code_is_read_as_none(code):
    assert parse_session_filter_code(code) is None


@given(body=st.sampled_from(["HRC", "GA", "ECOSOC"]), number=st.integers(0, 9999))
def test_every_agenda_item_code_reads_back_as_its_item(body, number):
    assert parse_agenda_item_code(agenda_item_code(body, number)) == (body, number)


@pytest.mark.parametrize("code", ["", "HRC", "HRC-", "-3", "HRC-3a", "HRC-12345", "H1-3"])
def test_what_is_no_agenda_item_code_is_read_as_none(code):
    assert parse_agenda_item_code(code) is None


HRC_SESSIONS = [
    row for row in read_hrc_sessions() if row["kind"] == "regular" and row["number"] <= 60
]
# Days of the catalogue outside their session's slot: the 8th session (June 2008) adopted a
# text in April, and the 43rd, interrupted in 2020, adopted texts until June (DOMAIN.md).
OUTSIDE_THE_SLOT = {(8, "start_date"), (43, "end_date")}


def test_the_calendar_has_sessions_1_to_60():
    assert [row["number"] for row in HRC_SESSIONS] == list(range(1, 61))


def test_both_directions_of_the_hrc_calendar_agree_with_its_recorded_sessions():
    # One test, not one a session: each test's teardown collects garbage (conftest.py).
    for row in HRC_SESSIONS:
        number = row["number"]
        slot = hrc_session_slot(number)
        if number < 7:  # irregular, before the rhythm of three a year
            assert slot is None, number
            assert estimated_session_year("HRC", SessionKind.REGULAR, number) is None
            continue
        year, _ = slot
        assert year == row["start_date"].year == row["end_date"].year, number
        assert estimated_session_year("HRC", SessionKind.REGULAR, number) == year
        assert hrc_session_number(*slot) == number
        for day in ("start_date", "end_date"):
            if (number, day) not in OUTSIDE_THE_SLOT:
                assert hrc_next_session_number(row[day]) == number, (number, day)


@pytest.mark.parametrize(
    ("today", "number"),
    [
        (datetime.date(2016, 1, 15), 31),
        (datetime.date(2016, 4, 30), 31),
        (datetime.date(2016, 5, 1), 32),
        (datetime.date(2016, 8, 1), 33),
        (datetime.date(2016, 10, 31), 33),
        (datetime.date(2016, 11, 1), 34),
        (datetime.date(2016, 12, 31), 34),
    ],
)
def test_the_next_hrc_session_is_the_one_of_the_slot_today_falls_in_or_precedes(today, number):
    assert hrc_next_session_number(today) == number


@pytest.mark.parametrize(
    ("body", "kind", "number", "year"),
    [
        ("HRC", SessionKind.REGULAR, 32, 2016),
        ("HRC", SessionKind.SPECIAL, 1, None),
        ("GA", SessionKind.REGULAR, 70, 2016),
        ("GA", SessionKind.EMERGENCY_SPECIAL, 10, None),
        ("SC", SessionKind.REGULAR, 1, None),
    ],
)
def test_a_session_year_is_estimated_only_where_a_rule_gives_it(body, kind, number, year):
    assert estimated_session_year(body, kind, number) == year
