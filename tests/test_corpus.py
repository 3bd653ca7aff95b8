"""Golden-file tests over the real resolution texts in tests/data/corpus/.

Each `*.txt` has its whole expected parse beside it (`*.json`, `ParsedResolution.to_dict()`),
written with `--update-golden` and checked by hand against the text. A text without its JSON
fails until someone has written and reviewed one. The explicit assertions below pin the
facts a reviewer checked in particular texts, so that a golden rewrite cannot silently lose
them.
"""

import json
from pathlib import Path

import pytest

from resolutions.parsing import ParseError, SessionRef, parse
from resolutions.sources.textfiles import read_text

CORPUS = Path(__file__).parent / "data" / "corpus"
TEXTS = sorted(CORPUS.glob("*.txt"))


def parsed(name: str):
    return parse(read_text(CORPUS / f"{name}.txt"))


def labels(result):
    return [paragraph.label for paragraph in result.all_paragraphs()]


@pytest.mark.parametrize("path", TEXTS, ids=[path.stem for path in TEXTS])
def test_corpus_text_matches_its_golden_json(path, update_golden):
    actual = parse(read_text(path)).to_dict()
    expected_path = path.with_suffix(".json")
    if update_golden:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert expected_path.exists(), f"no golden file for {path.name}: run with --update-golden"
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TEXTS, ids=[path.stem for path in TEXTS])
def test_corpus_text_symbol_matches_its_file_name(path):
    result = parse(read_text(path))
    assert result.symbol.replace("/", "_") == path.stem
    assert result.adopted_on is not None
    assert any(paragraph.kind == "operative" for paragraph in result.paragraphs)


def known(name):
    if not (CORPUS / f"{name}.txt").exists():
        pytest.skip(f"{name} is not in the corpus")
    return parsed(name)


def test_plenary_text_without_reference_to_a_main_committee_names_its_draft():
    result = known("A_RES_72_4")
    assert (result.committee, result.committee_report) == ("", "")
    assert result.draft_symbol == "A/72/L.2"
    assert result.session == SessionRef("regular", 72)
    assert result.meeting == "38th plenary meeting"


def test_number_alone_on_its_line_starts_the_operative_paragraph():
    result = known("A_RES_72_4")
    operatives = [p for p in result.paragraphs if p.kind == "operative"]
    assert [p.label for p in operatives] == ["OP1", "OP2", "OP3", "OP4", "OP5"]
    assert operatives[2].lead == "Once again urges"
    assert len([p for p in result.paragraphs if p.kind == "preambular"]) == 8


def test_running_page_header_does_not_enter_a_paragraph():
    result = known("A_RES_72_4")
    for paragraph in result.all_paragraphs():
        assert "A/RES/72/4" not in paragraph.text
        assert "17-19321" not in paragraph.text
    pp6 = result.paragraphs[5]
    assert pp6.lead == "Recalling"
    assert "60/12 of 8 November 2005, 61/11" in pp6.text
    assert "against Cuba 17" not in pp6.text


def test_plain_digit_footnote_after_the_rule_is_tied_to_its_marker():
    result = known("A_RES_72_4")
    assert [(note.number, note.paragraph, note.text) for note in result.footnotes] == [
        (1, "OP1", "A/72/94.")
    ]
    assert result.paragraphs[8].text.endswith("implementation of resolution 71/5;")
    assert result.paragraphs[8].label == "OP1"


def test_request_for_a_report_at_the_next_session():
    result = known("A_RES_72_4")
    [request] = [f for f in result.follow_ups if f.action == "request"]
    assert request.addressee == "the Secretary-General"
    assert request.deliverable == "report"
    assert request.due.session == SessionRef("regular", 73)
    [decision] = [f for f in result.follow_ups if f.action == "decision"]
    assert decision.deliverable == "agenda item"


def test_series_recital_lists_the_predecessors():
    result = known("A_RES_72_4")
    assert result.predecessors[0] == "A/RES/47/19"
    assert result.predecessors[-1] == "A/RES/71/5"
    assert len(result.predecessors) == 25


def test_sub_paragraphs_across_a_page_break_are_children_with_labels():
    result = known("A_RES_79_325")
    op1 = result.paragraphs[2]
    assert op1.label == "OP1"
    assert op1.text.endswith("selected for a term of three years:")
    assert [sub.label for sub in op1.subparagraphs] == [f"OP1({c})" for c in "abcde"]
    op4 = next(p for p in result.paragraphs if p.label == "OP4")
    assert [sub.label for sub in op4.subparagraphs] == [f"OP4({c})" for c in "abcdefg"]
    assert op4.subparagraphs[5].text.startswith("The transparency, accountability")
    assert all("Artificial Intelligence Governance A/RES" not in p.text for p in op4.walk())


def test_footnote_marker_in_a_sub_paragraph_uses_its_label():
    result = known("A_RES_79_325")
    assert [(note.number, note.paragraph) for note in result.footnotes] == [
        (1, "PP1"),
        (2, "OP4"),
    ]


def own_labels(result):
    return [p.label for paragraph in result.paragraphs for p in paragraph.walk()]


def test_adopting_an_annexed_declaration_keeps_the_declaration_whole_and_reads_its_paragraphs():
    result = known("A_RES_76_1")
    assert own_labels(result) == ["OP1"]
    assert result.paragraphs[0].lead == "Adopts"
    assert "We, Heads of State and Government" in result.annex
    assert [p.label for p in result.annex_paragraphs] == [f"Annex, para. {n}" for n in range(1, 19)]
    assert {p.kind for p in result.annex_paragraphs} == {"annex"}
    # "17. Call upon all States, the United Nations system ...": the declaration's ask, in
    # the first person plural, is tracked as the resolution's.
    call = next(f for f in result.follow_ups if f.paragraph == "Annex, para. 17")
    assert (call.action, call.verb) == ("call", "Call upon")
    assert call.addressee.startswith("all States, the United Nations system")
    assert not any(f.paragraph.startswith("OP") for f in result.follow_ups)


def test_requests_of_an_annexed_declaration_are_tracked_with_their_deadlines():
    result = known("A_RES_73_3")
    requests = [(f.paragraph, f.verb) for f in result.follow_ups if f.action == "request"]
    assert requests == [
        ("Annex, para. 49", "Request"),
        ("Annex, para. 52", "Request"),
        ("Annex, para. 53", "Also request"),
    ]
    para_53 = next(p for p in result.annex_paragraphs if p.label == "Annex, para. 53")
    assert para_53.text.startswith("Also request the Secretary-General")


def test_annex_after_the_closing_is_kept_out_of_the_paragraphs():
    result = known("A_RES_80_3")
    assert own_labels(result) == ["PP1", "OP1", "OP2"]
    assert labels(result)[3:5] == ["Annex, para. 1", "Annex, para. 2"]
    assert result.annex.startswith("Annex")
    assert "Awaza Political Declaration" in result.annex
    assert result.meeting == "18th plenary meeting"


def test_main_committee_report_is_read():
    result = known("A_RES_80_2")
    assert result.committee == "Fifth Committee"
    assert result.committee_report == "A/80/401"
    assert result.draft_symbol == ""


def test_text_adopted_without_a_meeting_closes_on_its_date():
    result = known("A_RES_74_270")
    assert result.meeting == ""
    assert str(result.adopted_on) == "2020-04-02"
    assert [p.label for p in result.paragraphs if p.kind == "operative"][-1] == "OP9"
    assert result.footnotes[0].paragraph == "PP3"


def test_sub_paragraphs_of_a_decision_with_a_colon_chapeau():
    result = known("A_RES_80_1")
    op1 = next(p for p in result.paragraphs if p.label == "OP1")
    assert op1.text.endswith("that:")
    assert [sub.label for sub in op1.subparagraphs] == ["OP1(a)", "OP1(b)", "OP1(c)"]


def test_no_corpus_text_raises():
    for path in TEXTS:
        try:
            parse(read_text(path))
        except ParseError as error:  # pragma: no cover - the message is the point
            pytest.fail(f"{path.name}: {error}")


def test_an_annexed_declaration_cites_as_the_text_does_and_a_number_named_once_keeps_its_body():
    result = known("A_RES_76_1")
    cited = {(c.paragraph, c.symbol) for c in result.citations}
    # "15. Recall Human Rights Council resolutions 43/1 of 19 June 2020 [marker 7] and 47/21
    # ... submitted pursuant to resolution 43/1": the Council's both times, never A/RES/43/1.
    assert {("Annex, para. 15", "A/HRC/RES/43/1"), ("Annex, para. 15", "A/HRC/RES/47/21")} <= cited
    assert not any(symbol == "A/RES/43/1" for _paragraph, symbol in cited)
    declaration = known("A_RES_73_3")
    annexed = [(c.paragraph, c.symbol) for c in declaration.citations]
    assert ("Annex, para. 2", "A/RES/71/3") in annexed  # "as reflected in its resolution 71/3"
    assert ("Annex, para. 38", "A/RES/70/175") in annexed
