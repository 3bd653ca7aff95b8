"""Two texts of a series compared paragraph by paragraph, plain Python.

Paragraphs are aligned by text similarity, never by number (numbers shift when a paragraph
is added), the preambular and the operative parts apart. A pair whose similarity reaches
CHANGED_THRESHOLD is the same paragraph reworded ("changed"); below it the older one is
"removed" and the newer one "added". 0.5 is chosen because successive texts of a series
reword a kept paragraph by a few words (a session number, "Also", a new clause: ratios
0.7-0.99 on the real series tested), while two different paragraphs of the same part share
only the formulaic words and score under 0.4; between the two a reader is better served by
"removed + added" than by a diff that marks most words. A kept or changed paragraph whose
order among the matched ones differs is "moved".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CHANGED_THRESHOLD = 0.5
_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Item:
    part: str  # "preambular" or "operative"
    number: int | None
    text: str


@dataclass
class Pair:
    kind: str  # kept, changed, added, removed, moved
    old: Item | None
    new: Item | None
    ratio: float = 0.0
    # word-level segments of a changed or moved pair: ("equal" | "insert" | "delete", text)
    segments: list[tuple[str, str]] = field(default_factory=list)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(
        None, a.lower().split(), b.lower().split(), autojunk=False
    ).ratio()


def word_segments(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return out


def _align_part(old: list[Item], new: list[Item]) -> list[Pair]:
    # Greedy best-first matching on similarity: the most alike pairs are joined first.
    scores = sorted(
        ((similarity(o.text, n.text), i, j) for i, o in enumerate(old) for j, n in enumerate(new)),
        reverse=True,
    )
    old_to_new: dict[int, tuple[int, float]] = {}
    used_new: set[int] = set()
    for ratio, i, j in scores:
        if ratio < CHANGED_THRESHOLD:
            break
        if i in old_to_new or j in used_new:
            continue
        old_to_new[i] = (j, ratio)
        used_new.add(j)
    # Moved: matched pairs off the longest run kept in the same order on both sides.
    matched = sorted(old_to_new.items())
    in_order = _longest_increasing([j for _, (j, _r) in matched])
    pairs_by_new: dict[int, Pair] = {}
    for i, (j, ratio) in matched:
        o, n = old[i], new[j]
        if j not in in_order:
            kind = "moved"
        elif o.text == n.text:
            kind = "kept"
        else:
            kind = "changed"
        segments = word_segments(o.text, n.text) if o.text != n.text else []
        pairs_by_new[j] = Pair(kind, o, n, round(ratio, 3), segments)
    result: list[Pair] = []
    removed = [i for i in range(len(old)) if i not in old_to_new]
    for j, n in enumerate(new):
        # A removed paragraph is shown where it stood: before the next kept one.
        pair = pairs_by_new.get(j)
        if pair is not None:
            position = old.index(pair.old)
            while removed and removed[0] < position:
                result.append(Pair("removed", old[removed.pop(0)], None))
            result.append(pair)
        else:
            result.append(Pair("added", None, n))
    result.extend(Pair("removed", old[i], None) for i in removed)
    return result


def _longest_increasing(values: list[int]) -> set[int]:
    best: list[list[int]] = []
    for v in values:
        runs = [run for run in best if run[-1] < v]
        best.append((max(runs, key=len) if runs else []) + [v])
    return set(max(best, key=len)) if best else set()


def compare(old: list[Item], new: list[Item]) -> dict[str, list[Pair]]:
    """The aligned pairs of each part, preambular then operative."""
    return {
        part: _align_part([p for p in old if p.part == part], [p for p in new if p.part == part])
        for part in ("preambular", "operative")
    }


def summary(parts: dict[str, list[Pair]]) -> dict[str, dict[str, int]]:
    kinds = ("kept", "changed", "moved", "added", "removed")
    return {
        part: {k: sum(p.kind == k for p in pairs) for k in kinds} for part, pairs in parts.items()
    }
