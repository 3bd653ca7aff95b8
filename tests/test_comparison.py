"""The alignment of two texts of a series (resolutions.parsing.comparison)."""

import json
from pathlib import Path

import pytest

from resolutions.parsing import parse
from resolutions.parsing.comparison import Item, compare, summary

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "word" / "texts"
GOLDEN = Path(__file__).parent / "data" / "compare_A_HRC_RES_51_25_54_23.json"


def _items(text):
    return [Item(p.kind, p.number, p.text) for p in parse(text).paragraphs]


def _rows(old, new):
    parts = compare(old, new)
    rows = []
    for part, pairs in parts.items():
        for pair in pairs:
            rows.append(
                [
                    part,
                    pair.kind,
                    old.index(pair.old) if pair.old else None,
                    new.index(pair.new) if pair.new else None,
                ]
            )
    return {"summary": summary(parts), "pairs": rows}


def test_consecutive_texts_of_a_series_match_the_golden_file():
    old_path, new_path = CORPUS / "A_HRC_RES_51_25.txt", CORPUS / "A_HRC_RES_54_23.txt"
    if not old_path.exists() or not new_path.exists():
        pytest.skip("the shared Word corpus is not at ../shared/corpus/word")
    old, new = _items(old_path.read_text()), _items(new_path.read_text())
    assert _rows(old, new) == json.loads(GOLDEN.read_text())


def test_seed_against_an_edited_copy():
    seed = Path(__file__).resolve().parents[1] / "resolutions" / "data" / "A_HRC_RES_32_6.txt"
    old = _items(seed.read_text())
    ops = [p for p in old if p.part == "operative"]
    pre = [p for p in old if p.part == "preambular"]
    edited = [Item("operative", None, "Welcomes the new report of the High Commissioner.")]
    edited += [Item("operative", p.number, p.text.replace("session", "meeting")) for p in ops[:-1]]
    new = pre + edited
    result = summary(compare(old, new))
    assert result["preambular"] == {
        "kept": len(pre),
        "changed": 0,
        "moved": 0,
        "added": 0,
        "removed": 0,
    }
    changed = sum("session" in p.text for p in ops[:-1])
    assert result["operative"]["added"] == 1
    assert result["operative"]["removed"] == 1
    assert result["operative"]["changed"] == changed
    assert result["operative"]["kept"] == len(ops) - 1 - changed


def test_moved_and_word_segments():
    a = Item("operative", 1, "Decides to remain seized of the matter.")
    b = Item(
        "operative",
        2,
        "Requests the Secretary-General to submit a report at its thirty-fifth session.",
    )
    b2 = Item(
        "operative",
        1,
        "Requests the Secretary-General to submit a report at its thirty-eighth session.",
    )
    pairs = compare([a, b], [b2, Item("operative", 2, a.text)])["operative"]
    kinds = sorted(p.kind for p in pairs)
    assert kinds == ["kept", "moved"] or kinds == ["changed", "moved"]
    request = next(p for p in pairs if p.new is b2)
    assert ("delete", "thirty-fifth") in request.segments
    assert ("insert", "thirty-eighth") in request.segments


def test_unrelated_paragraphs_are_removed_and_added_not_changed():
    old = [Item("operative", 1, "Decides to remain seized of the matter.")]
    new = [Item("operative", 1, "Welcomes the report of the Special Rapporteur on torture.")]
    assert [p.kind for p in compare(old, new)["operative"]] == ["added", "removed"]
