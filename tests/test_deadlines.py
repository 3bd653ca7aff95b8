"""Deadlines, recurrences, mandate extensions and the requests of an annexed declaration.

Plain parser tests (no Django): the seed with one paragraph rewritten in a form the corpus
shows, and real texts of the shared Word corpus where they carry the form.
"""

import datetime
import json
from pathlib import Path

import pytest

from resolutions.parsing import SessionRef, parse
from resolutions.parsing.deadlines import date_after, find_due, find_recurrence, settle
from tests.conftest import SHARED_CORPUS

SEED = (Path(__file__).parent / "data" / "A_HRC_RES_32_6.txt").read_text(encoding="utf-8")
LAST = (
    "*Decides* to continue its consideration of the matter in 2017, in accordance with its "
    "annual programme of work."
)
WORD = SHARED_CORPUS / "word"
needs_word_corpus = pytest.mark.skipif(
    not WORD.is_dir(), reason=f"the Word corpus is not at {WORD}"
)


def seed_op27(text: str):
    """The seed (adopted on 30 June 2016 at the 32nd session) with OP27 rewritten."""
    assert LAST in SEED
    result = parse(SEED.replace(LAST, text))
    [follow_up] = [f for f in result.follow_ups if f.paragraph == "OP27"]
    return result, follow_up


def word(name: str):
    expected = json.loads((WORD / "expected" / f"{name}.json").read_text("utf-8"))
    text = (WORD / "texts" / f"{name}.txt").read_text("utf-8-sig")
    return parse(text, symbol=expected["args"][1])


def follow_up_on(result, label):
    return next(f for f in result.follow_ups if f.paragraph == label)


# Deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("to report to the Assembly at its seventyfourth session", SessionRef("regular", 74)),
        ("to report to the Assembly at its seventy-fourth session", SessionRef("regular", 74)),
        ("to report to the Assembly at its seventy fourth session", SessionRef("regular", 74)),
        ("to report to the Council at its fortysecond session", SessionRef("regular", 42)),
    ],
)
def test_an_ordinal_that_lost_its_hyphen_names_the_session(text, session):
    assert find_due(text).session == session


@pytest.mark.parametrize(
    ("text", "day", "relation"),
    [
        ("to remain in force until 17 March 2026", datetime.date(2026, 3, 17), "by"),
        ("to remain in force until March 17, 2026", datetime.date(2026, 3, 17), "by"),
        ("to submit a report to the Council by 1 December 1999", datetime.date(1999, 12, 1), "by"),
        ("to provide the list no later than 31 December 2025", datetime.date(2025, 12, 31), "by"),
        # A day the text only mentions is no deadline.
        ("recalling its resolution 78/269 of 25 March 2024", None, "at"),
        ("for the financial period from 1 July 2007 to 30 June 2008", None, "at"),
        ("eight meetings during the week of 14 to 18 June 2021", None, "at"),
    ],
)
def test_a_day_after_until_or_by_is_the_deadline(text, day, relation):
    due = find_due(text)
    assert (due.date, due.relation) == (day, relation)


def test_a_year_ending_is_a_deadline_by_that_year():
    due = find_due("States to achieve universal coverage by the end of 2026")
    assert (due.year, due.relation) == (2026, "by")


def test_within_days_of_adoption_counts_from_the_adoption_date():
    result, follow_up = seed_op27(
        "*Requests* the High Commissioner to submit a written report within 90 days of the "
        "adoption of the present resolution."
    )
    assert result.adopted_on == datetime.date(2016, 6, 30)
    assert follow_up.due.after_adoption == "90 days"
    assert follow_up.due.date == datetime.date(2016, 9, 28)
    assert follow_up.due.relation == "by"
    assert result.to_dict()["follow_ups"][-1]["due"]["date"] == "2016-09-28"


def test_within_days_of_adoption_without_an_adoption_date_is_said():
    _, follow_up = seed_op27(
        "*Requests* the High Commissioner to report within 30 days of the adoption of this "
        "resolution."
    )
    follow_up.due.date = None  # as read from the clause, before the adoption date anchors it
    warnings = settle([follow_up], None, SessionRef("regular", 32))
    assert follow_up.due.date is None
    assert warnings == [
        "OP27: a deadline of 30 days from the adoption, and no adoption date to count from"
    ]


def test_next_session_is_the_one_after_the_adopting_session():
    result, follow_up = seed_op27(
        "*Requests* the High Commissioner to present an oral update to the Council at its next "
        "session."
    )
    assert result.session == SessionRef("regular", 32)
    assert follow_up.due.next_session is True
    assert follow_up.due.session == SessionRef("regular", 33)


def test_next_session_of_another_body_is_not_the_councils():
    due = find_due("to present to the Working Group at its next session a compilation")
    assert (due.next_session, due.session) == (False, None)


@pytest.mark.parametrize(
    ("start", "term", "end"),
    [
        (datetime.date(2016, 6, 30), "90 days", datetime.date(2016, 9, 28)),
        (datetime.date(2024, 10, 11), "3 years", datetime.date(2027, 10, 11)),
        (datetime.date(2024, 2, 29), "1 year", datetime.date(2025, 2, 28)),
        (datetime.date(2023, 8, 31), "6 months", datetime.date(2024, 2, 29)),
        (datetime.date(2023, 10, 19), "13 months", datetime.date(2024, 11, 19)),
    ],
)
def test_a_term_ends_on_a_real_day(start, term, end):
    assert date_after(start, term) == end


@needs_word_corpus
def test_security_council_report_within_90_days_of_adoption_is_dated():
    result = word("S_RES_2677_2023")  # adopted on 15 March 2023
    request = follow_up_on(result, "OP32")
    assert request.action == "request"
    assert request.due.after_adoption == "90 days"
    assert request.due.date == result.adopted_on + datetime.timedelta(days=90)


@needs_word_corpus
def test_american_date_in_a_council_text_is_read():
    due = find_due("the reporting request in paragraph 10 of resolution 2722 (2024) until July "
                   "15, 2025")  # fmt: skip
    assert due.date == datetime.date(2025, 7, 15)


# Recurrences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "recurrence"),
    [
        ("to brief Member States every six months", "semi-annual"),
        ("to report to the Council annually", "annual"),
        ("to report on an annual basis", "annual"),
        ("the Governing Council shall meet biennially", "biennial"),
        ("to convene a panel every two years", "biennial"),
        ("to present an oral update to the Council at each of its sessions", "each_session"),
        ("to brief the Council every three months", "quarterly"),
        ("to submit a report at its thirty-fifth session", ""),
    ],
)
def test_recurrences(clause, recurrence):
    assert find_recurrence(clause) == recurrence


@needs_word_corpus
def test_an_oral_update_at_each_session_recurs_each_session():
    request = follow_up_on(word("A_HRC_RES_53_30"), "OP2")
    assert request.recurrence == "each_session"
    assert request.deliverable == "oral update"


# Mandate extensions -----------------------------------------------------------------------


def test_extending_a_mandate_for_three_years_is_due_when_it_ends():
    _, extension = seed_op27(
        "*Decides* to extend the mandate of the Special Rapporteur on the right to development "
        "for a period of three years."
    )
    assert extension.action == "extension"
    assert extension.addressee_kind == "body_itself"
    assert extension.summary.startswith("to extend the mandate of the Special Rapporteur")
    assert extension.due.after_adoption == "3 years"
    assert (extension.due.date, extension.due.relation) == (datetime.date(2019, 6, 30), "by")


def test_extending_a_mandate_until_a_day_is_due_that_day():
    _, extension = seed_op27(
        "*Decides* to extend until 17 March 2026 the mandate of the United Nations Assistance "
        "Mission in Afghanistan."
    )
    assert extension.action == "extension"
    assert extension.due.date == datetime.date(2026, 3, 17)


def test_extending_what_is_no_mandate_stays_a_decision():
    _, decision = seed_op27("*Decides* to extend the timeline of the global objectives to 2030.")
    assert decision.action == "decision"


@needs_word_corpus
@pytest.mark.parametrize(
    ("name", "label", "day"),
    [
        ("S_RES_2777_2025", "OP3", datetime.date(2026, 3, 17)),  # until 17 March 2026
        ("S_RES_2646_2022", "OP10", datetime.date(2023, 1, 31)),  # a period ending on ...
        ("A_HRC_RES_51_15", "OP4", None),  # "Renews the mandate ... for a period of three years"
    ],
)
def test_real_mandate_extensions(name, label, day):
    result = word(name)
    extension = follow_up_on(result, label)
    assert extension.action == "extension"
    if day is None:
        assert extension.due.date == date_after(result.adopted_on, "3 years")
    else:
        assert extension.due.date == day


# Requests in an annexed declaration -------------------------------------------------------


@needs_word_corpus
def test_declaration_in_the_annex_is_read_as_numbered_annex_paragraphs():
    result = word("A_RES_79_2")
    assert [p.label for p in result.paragraphs] == ["OP1"]
    labels = [p.label for p in result.annex_paragraphs]
    assert labels == [f"Annex, para. {n}" for n in range(1, 107)]
    # The heading "VII. Follow-up" stays in the annex text, out of paragraph 102.
    para_102 = result.annex_paragraphs[101]
    assert para_102.text.endswith("(TrACSS) by 2030;")
    assert "VII. Follow-up" in result.annex


@needs_word_corpus
def test_request_of_an_annexed_declaration_is_a_follow_up_with_its_deadline():
    result = word("A_RES_79_2")  # 79th session
    request = follow_up_on(result, "Annex, para. 105")
    assert (request.action, request.verb) == ("request", "Request")
    assert request.addressee == "the Secretary-General"
    assert request.deliverable == "progress report"
    assert request.due.session == SessionRef("regular", 81)
    biennial = [f for f in result.follow_ups if f.paragraph == "Annex, para. 25"]
    assert [(f.verb, f.recurrence) for f in biennial] == [("Request", ""), ("request", "biennial")]
    decision = follow_up_on(result, "Annex, para. 106")
    assert (decision.action, decision.verb) == ("decision", "Decide")


def test_annex_that_is_no_declaration_gives_no_annex_paragraphs():
    text = SEED.replace(
        "42nd\tme\teting",
        "Annex\n\nMembers of the Advisory Committee\n\n1. Ms. A (2019)\n\n2. Mr. B (2020)\n\n"
        "42nd\tme\teting",
    )
    result = parse(text)
    assert result.annex_paragraphs == []
