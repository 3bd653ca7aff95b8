"""The read layer without the web layer: a stored text loaded by queries.py and read in the
shapes its page, its exports and the API share, with no client and no request."""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions import queries
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import FollowUpStatus, Paragraph
from tests.conftest import variant

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
SEED = "A/HRC/RES/32/6"
VOTING = (
    "[Adopted by a recorded vote of 3 to 2, with 1 abstention. The voting was as follows:\n"
    "In favour:\nSouth Africa, Brazil, China\n\nAgainst:\nJapan, Germany\n\nAbstaining:\nMexico]"
)


def test_the_seed_s_paragraphs_come_in_the_text_s_order(seeded):
    tree = queries.paragraph_tree(queries.whole_resolutions().get(symbol=SEED))
    assert [p.label for p in tree.preambular] == [f"PP{n}" for n in range(1, 22)]
    assert [p.label for p in tree.operative] == [f"OP{n}" for n in range(1, 28)]
    assert [p.number for p in tree.operative] == list(range(1, 28))
    assert tree.top_level == tree.preambular + tree.operative
    assert [p.position for p in tree.in_order] == list(range(1, 49))
    assert all(p.subparagraph_list == [] for p in tree.in_order)


def test_sub_paragraphs_are_nested_under_their_parents_at_every_depth(seeded):
    import_text((CORPUS / "A_RES_79_325.txt").read_text(encoding="utf-8"))
    seed = Paragraph.objects.filter(resolution__symbol=SEED)
    op7 = seed.get(label="OP7")
    op7a = Paragraph.objects.create(
        resolution=op7.resolution, parent=op7, kind=op7.kind, position=100, label="OP7(a)"
    )
    for position, label in [(101, "OP7(a)(i)"), (102, "OP7(a)(ii)")]:
        Paragraph.objects.create(
            resolution=op7.resolution, parent=op7a, kind=op7.kind, position=position, label=label
        )

    tree = queries.paragraph_tree(queries.whole_resolutions().get(symbol="A/RES/79/325"))
    by_label = {p.label: p for p in tree.in_order}
    assert [p.label for p in by_label["OP1"].subparagraph_list] == [f"OP1({x})" for x in "abcde"]
    assert [p.label for p in by_label["OP4"].subparagraph_list] == [f"OP4({x})" for x in "abcdefg"]
    assert "OP1(a)" not in [p.label for p in tree.top_level]
    assert [p.label for p in tree.operative[:3]] == ["OP1", "OP2", "OP3"]

    tree = queries.paragraph_tree(queries.whole_resolutions().get(symbol=SEED))
    (op7,) = [p for p in tree.operative if p.label == "OP7"]
    (op7a,) = op7.subparagraph_list
    assert [p.label for p in op7a.subparagraph_list] == ["OP7(a)(i)", "OP7(a)(ii)"]
    assert len(tree.operative) == 27


def test_footnotes_and_follow_ups_hang_from_their_paragraph(seeded):
    tree = queries.paragraph_tree(queries.whole_resolutions().get(symbol=SEED))
    by_label = {p.label: p for p in tree.in_order}
    assert [f.text for f in by_label["OP14"].footnote_list] == ["A/HRC/24/56."]
    assert [f.number for f in by_label["OP26"].footnote_list] == [4]
    assert [(f.action, f.sequence) for f in by_label["OP19"].follow_up_list] == [
        ("call", 1),
        ("encouragement", 2),
    ]
    assert by_label["OP1"].footnote_list == [] and by_label["OP1"].follow_up_list == []


def test_votes_are_grouped_by_position_each_by_country_name(seeded, seed_text):
    import_text(variant(seed_text, 61, {"[Adopted without a vote.]": VOTING}))
    voted = queries.whole_resolutions().get(symbol="A/HRC/RES/32/61")
    assert queries.votes_by_position(voted) == {
        "in_favour": ["Brazil", "China", "South Africa"],
        "against": ["Germany", "Japan"],
        "abstaining": ["Mexico"],
    }
    assert list(queries.votes_by_position(voted)) == ["in_favour", "against", "abstaining"]
    seed = queries.whole_resolutions().get(symbol=SEED)
    assert queries.votes_by_position(seed) == {"in_favour": [], "against": [], "abstaining": []}


def test_cited_documents_come_in_order_of_first_citation(seeded):
    seed = queries.whole_resolutions().get(symbol=SEED)
    # A/RES/70/153 is cited in PP3 and again in OP24: listed once, where it is first cited.
    assert [d.symbol for d in queries.cited_documents(seed)] == [
        "A/RES/70/1",
        "A/HRC/RES/28/2",
        "A/RES/70/153",
        "A/RES/60/251",
        "A/HRC/RES/6/17",
        "A/HRC/24/56",
        "A/HRC/19/50",
        "A/HRC/26/41",
        "A/HRC/31/81",
    ]


def test_a_citation_spans_its_words_as_written_and_a_footnote_s_its_symbol(seeded):
    tree = queries.paragraph_tree(queries.whole_resolutions().get(symbol=SEED))
    by_label = {p.label: p for p in tree.in_order}
    pp3 = by_label["PP3"]
    found = [
        (pp3.text[start:end], c.document.symbol) for start, end, c in queries.citation_spans(pp3)
    ]
    assert found == [
        ("Council resolution 28/2", "A/HRC/RES/28/2"),
        ("Assembly resolution 70/153", "A/RES/70/153"),
    ]
    # OP14 cites its report in a footnote: nothing to link in the paragraph's own words.
    op14 = by_label["OP14"]
    assert queries.citation_spans(op14) == []
    (footnote,) = op14.footnote_list
    ((start, end, citation),) = queries.footnote_citation_spans(footnote, op14.citation_list)
    assert footnote.text[start:end] == citation.document.symbol == "A/HRC/24/56"


def test_spans_place_each_item_at_the_first_occurrence_no_earlier_one_holds():
    text = "resolution 28/2 recalls resolution 28/2 and resolution 6/17"
    found = queries.spans(
        text,
        [
            ("resolution 6/17", "c"),
            ("resolution 28/2", "a"),
            ("resolution 28/2", "b"),
            ("resolution 28/2", "no third occurrence"),
            ("", "empty words"),
            ("resolution 99/9", "not in the text"),
        ],
    )
    assert found == [(0, 15, "a"), (24, 39, "b"), (44, 59, "c")]
    # Words inside a span already taken are looked for further on, not nested.
    assert queries.spans("Council resolution 5/1", [("Council resolution 5/1", 1), ("5/1", 2)]) == [
        (0, 22, 1)
    ]


@pytest.mark.parametrize(
    ("load", "count"),
    [
        # The resolution; its agenda items, paragraphs, their citations, its follow-up
        # requests, footnotes, country votes and predecessors.
        (queries.whole_resolutions, 8),
        # And each request's proposals, the superseded requests, the budget sections
        # citing it as a legislative mandate, and the draft's main sponsors.
        (queries.resolutions_for_page, 12),
        # And each request's public events and entities.
        (queries.resolutions_for_export, 10),
        # And the sponsors, the series' texts, each request's public events and entities,
        # and the budget sections citing it.
        (queries.resolutions_for_api, 13),
    ],
)
def test_a_whole_resolution_loads_in_a_fixed_number_of_queries(
    many_resolutions, seed_text, recorder, django_assert_num_queries, load, count
):
    # Events on every request, a recorded vote, and a text citing the seed, so that a
    # query per row of any of them would show.
    import_text(
        variant(
            seed_text,
            61,
            {
                "[Adopted without a vote.]": VOTING,
                "Council resolution 28/2": "Council resolution 32/6",
            },
        )
    )
    resolution = load().get(symbol="A/HRC/RES/32/61")
    for follow_up in resolution.follow_up_list:
        record_follow_up_event(
            follow_up, user=recorder, new_status=FollowUpStatus.IN_PROGRESS, is_public=True
        )

    with django_assert_num_queries(count):
        resolution = load().get(symbol="A/HRC/RES/32/61")
    with django_assert_num_queries(0):
        tree = queries.paragraph_tree(resolution)
        for paragraph in tree.in_order:
            queries.citation_spans(paragraph)
            for footnote in paragraph.footnote_list:
                queries.footnote_citation_spans(footnote, paragraph.citation_list)
        for follow_up in resolution.follow_up_list:
            assert follow_up.resolution is resolution
            assert follow_up.paragraph.label.startswith("OP")
            assert follow_up.due_session is None or follow_up.due_session.body.short_name == "HRC"
        assert queries.votes_by_position(resolution)["against"] == ["Germany", "Japan"]
        assert queries.cited_documents(resolution)[1].resolution.body.short_name == "HRC"
        assert [item.body.short_name for item in resolution.agenda_items.all()] == ["HRC"]
        # The page links a predecessor that is a stored text to that text's page.
        assert [
            (d.symbol, d.resolution and d.resolution.symbol) for d in resolution.predecessors.all()
        ] == [
            ("A/HRC/RES/32/6", "A/HRC/RES/32/6"),
            ("A/RES/70/153", None),
        ]
    assert len(resolution.follow_up_list) == 11


def test_a_whole_resolution_reads_no_other_text_s_source_text(many_resolutions, seed_text):
    """The text cites the seed, a stored resolution, and names stored ones as predecessors:
    their rows are joined for their links, not their words."""
    import_text(variant(seed_text, 61, {"Council resolution 28/2": "Council resolution 32/6"}))
    with CaptureQueriesContext(connection) as captured:
        resolution = queries.resolutions_for_page().get(symbol="A/HRC/RES/32/61")
    assert "A/HRC/RES/32/6" in [d.symbol for d in queries.cited_documents(resolution)]
    first, *rest = [query["sql"] for query in captured]
    assert "source_text" in first  # the text's own row, read whole
    assert not [sql for sql in rest if "source_text" in sql]


def test_the_read_layer_imports_nothing_of_the_web_or_the_api():
    tree = ast.parse(Path(queries.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert "resolutions.models" in imported
    assert not [
        name
        for name in imported
        if name.startswith(("resolutions.web", "resolutions.api", "django.http", "rest_framework"))
    ]
