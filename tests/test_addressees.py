"""Who a request asks to act: the entities read from its addressee (parsing/addressees.py),
on the seed, on real Council texts of the shared Word corpus and on paragraphs written as
those texts write them."""

import pytest

from resolutions.parsing import parse, symbol_from_name
from resolutions.parsing.addressees import names_in
from resolutions.parsing.entities import CATALOGUE, KINDS, slug_of
from tests.conftest import SHARED_CORPUS

WORD_TEXTS = SHARED_CORPUS / "word" / "texts"
needs_corpus = pytest.mark.skipif(
    not WORD_TEXTS.is_dir(), reason=f"the shared Word corpus is not at {WORD_TEXTS}"
)

HRC = "Human Rights Council"
TEXT = """Resolution adopted by the Human Rights Council on 6 October 2016

33/9. The right to education

The Human Rights Council,

Recalling its resolutions on the right to education,

1. Decides to appoint, for a period of three years, a Special Rapporteur on the right to education;

2. Requests the Special Rapporteur to report annually to the Human Rights Council;

3. Requests the Secretary-General and the High Commissioner to assist the mandate holder;

4. Requests the Office to prepare a compilation of good practices;

5. Also requests the Working Group on Arbitrary Detention to cooperate with the Special Rapporteur;

6. Requests the Working Group to report to the Council at its thirty-sixth session;

7. Calls upon all States and the Government of the Democratic Republic of the Congo to act;

8. Encourages non-governmental organizations and national human rights institutions to contribute;

9. Decides to continue its consideration of this question at its thirty-sixth session.

42nd meeting
6 October 2016
[Adopted without a vote.]
"""


def addressees_of(parsed, label):
    return [[a.slug for a in f.addressees] for f in parsed.follow_ups if f.paragraph == label]


def test_the_seeds_op16_and_op17_are_requests_to_the_office_of_the_high_commissioner(seed_text):
    parsed = parse(seed_text)
    for label in ("OP16", "OP17"):
        [follow_up] = [f for f in parsed.follow_ups if f.paragraph == label]
        assert follow_up.addressee == "the Office of the High Commissioner"
        assert [(a.name, a.kind, a.slug) for a in follow_up.addressees] == [
            (
                "Office of the United Nations High Commissioner for Human Rights (OHCHR)",
                "secretariat",
                "ohchr",
            )
        ]
    # The body itself decides; States are asked by any of their names.
    assert addressees_of(parsed, "OP27") == [["human-rights-council"]]
    assert addressees_of(parsed, "OP22") == [["states", "united-nations-system"]]


@pytest.mark.parametrize(
    "written",
    [
        "the Office of the High Commissioner",
        "the United Nations High Commissioner for Human Rights",
        "the Office of the United Nations High Commissioner for Human Rights",
        "the High Commissioner",
        "OHCHR",
        "the Office",
    ],
)
def test_every_name_of_the_high_commissioner_and_the_office_is_one_entity(written):
    parsed = parse(TEXT.replace("Requests the Office to", f"Requests {written} to"))
    assert addressees_of(parsed, "OP4") == [["ohchr"]]


def test_a_mandate_the_text_creates_is_what_its_back_references_name():
    parsed = parse(TEXT)
    rapporteur = "special-rapporteur-on-the-right-to-education"
    [[op2]] = [[a for a in f.addressees] for f in parsed.follow_ups if f.paragraph == "OP2"]
    assert (op2.name, op2.kind, op2.slug) == (
        "Special Rapporteur on the right to education",
        "special_procedure",
        rapporteur,
    )
    # A request to two addressees names each; "the mandate holder" in what is asked is
    # not an addressee.
    assert addressees_of(parsed, "OP3") == [["secretary-general", "ohchr"]]
    assert addressees_of(parsed, "OP5") == [["working-group-on-arbitrary-detention"]]
    # "The Working Group" is the last one named, not the Special Rapporteur.
    assert addressees_of(parsed, "OP6") == [["working-group-on-arbitrary-detention"]]
    assert addressees_of(parsed, "OP7") == [["states", "democratic-republic-of-the-congo"]]
    assert addressees_of(parsed, "OP8") == [["ngos", "nhris"]]
    assert addressees_of(parsed, "OP9") == [["human-rights-council"]]


def test_a_back_reference_with_nothing_named_before_has_no_entity():
    parsed = parse(TEXT.replace("a Special Rapporteur on the right to education", "an expert"))
    assert addressees_of(parsed, "OP2") == [[]]


@pytest.mark.parametrize(
    ("written", "slugs"),
    [
        (
            "the Special Rapporteur on the situation of human rights in Afghanistan and the "
            "Working Group on discrimination against women and girls",
            [
                "special-rapporteur-on-the-situation-of-human-rights-in-afghanistan",
                "working-group-on-discrimination-against-women-and-girls",
            ],
        ),
        (
            "the Secretary-General and the United Nations High Commissioner for Human Rights "
            "to continue",
            ["secretary-general", "ohchr"],
        ),
        ("the Office of the United Nations High Commissioner for Refugees", ["unhcr"]),
        (
            "the Independent International Commission of Inquiry on the Syrian Arab Republic",
            ["independent-international-commission-of-inquiry-on-the-syrian-arab-republic"],
        ),
        ("the Human Rights Council Advisory Committee", ["advisory-committee"]),
        ("the Committee on the Rights of the Child", ["crc"]),
        ("the United Nations Office on Drugs and Crime", ["unodc"]),
        ("all parties", []),
    ],
)
def test_names_as_council_texts_write_them(written, slugs):
    assert [a.slug for a in names_in(written, HRC)] == slugs


def test_the_catalogue_has_one_entity_per_slug_and_only_known_kinds():
    slugs = [known.slug for known in CATALOGUE]
    assert len(slugs) == len(set(slugs))
    assert {known.kind for known in CATALOGUE} <= set(KINDS)
    assert slug_of("Special Rapporteur on the human rights of migrants") == (
        "special-rapporteur-on-the-human-rights-of-migrants"
    )
    assert len(slug_of("Working Group " + "on a very long title " * 20)) <= 100


@needs_corpus
def test_council_texts_of_the_corpus_address_the_special_rapporteur_they_name():
    # 32/11 names its Special Rapporteur in its title and asks "the Special Rapporteur"
    # in OP27; OP26 asks two addressees.
    parsed = parse((WORD_TEXTS / "A_HRC_RES_32_11.txt").read_text(encoding="utf-8"))
    idps = "special-rapporteur-on-the-human-rights-of-internally-displaced-persons"
    assert addressees_of(parsed, "OP27") == [[idps]]
    assert addressees_of(parsed, "OP26") == [["secretary-general", "ohchr"]]
    # 32/2 creates an Independent Expert and later requests "the Independent Expert".
    parsed = parse((WORD_TEXTS / "A_HRC_RES_32_2.txt").read_text(encoding="utf-8"))
    assert addressees_of(parsed, "OP4") == [
        [
            "independent-expert-on-protection-against-violence-and-discrimination-based-on-sexual-orientation"
        ]
    ]
    # 48/14: "the High Commissioner for Human Rights to provide" is the request's verb, not
    # a right's object.
    parsed = parse((WORD_TEXTS / "A_HRC_RES_48_14.txt").read_text(encoding="utf-8"))
    assert addressees_of(parsed, "OP5") == [["secretary-general", "ohchr"]]


@needs_corpus
def test_most_council_requests_of_the_corpus_name_an_entity():
    requests = named = 0
    for path in sorted(WORD_TEXTS.glob("A_HRC_RES_*.txt")):
        text = path.read_text(encoding="utf-8")
        for follow_up in parse(text, symbol_from_name(text, path.name)).follow_ups:
            if follow_up.action == "request" and follow_up.addressee:
                requests += 1
                named += bool(follow_up.addressees)
    # 686 of 738 when this was written; the rest name no one the tracker can tell apart
    # ("all parties", "him") or a group it does not catalogue ("the Intergovernmental
    # Working Group").
    assert requests > 700
    assert named / requests >= 0.92
