"""The UN's conventions in domain.py, each written once with its inverse: session and agenda
item codes, and the Human Rights Council's calendar."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.domain import (
    SessionKind,
    agenda_item_code,
    parse_agenda_item_code,
    parse_session_code,
    parse_session_filter_code,
    session_code,
    session_filter_code,
)


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
