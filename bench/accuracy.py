"""Parser accuracy on a folder of real texts with answer keys: texts fully right per family.

    .venv/bin/python bench/accuracy.py ../shared/corpus/word [--json] [--min-percent 97]
        [--family GA] [--show 3]
    .venv/bin/python bench/accuracy.py tests/data/corpus

Two layouts are read, told apart by what DIR holds:

* answer keys (the Word corpus): DIR/texts/NAME.txt beside DIR/expected/NAME.json, whose
  keys are described in that folder's README (symbol, body, session, adopted_on, paragraph
  counts, vote, op_starts, op_excludes, followups_must, followups_must_not, symbols). Each
  text is parsed with the symbol of its `args` (`--symbol`), as import_resolutions does.
* golden parses (tests/data/corpus): DIR/NAME.txt beside DIR/NAME.json, the whole expected
  `ParsedResolution.to_dict()`; each top-level field is one fact, and the text is parsed
  without a symbol, as tests/test_corpus.py does.

A text is fully right when every fact its key states is right. The family (HRC, GA, SC,
ECOSOC) is told from the symbol. Prints, per family, the texts fully right; then the facts
most often wrong, with examples (file, expected, got); then texts per second (parsing only).
`--min-percent N` exits with status 1 when a family is below N% fully right: .ci/run calls
it so that accuracy never falls back. No Django: the parser is plain Python.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resolutions.parsing import ParseError, ParserBug, parse  # noqa: E402
from resolutions.sources.textfiles import read_text  # noqa: E402

FAMILIES = ("HRC", "GA", "SC", "ECOSOC")


def family_of(symbol: str) -> str:
    """The family of a symbol: its body, as the issue counts them."""
    if symbol.startswith("A/HRC/"):
        return "HRC"
    if symbol.startswith("S/"):
        return "SC"
    if symbol.startswith("E/"):
        return "ECOSOC"
    return "GA"


@dataclass
class Miss:
    fact: str  # the class of fact: "operative", "op_starts", "vote", ...
    name: str  # the text's file name, without ".txt"
    expected: object
    got: object


@dataclass
class Scored:
    name: str
    family: str
    facts: int = 0
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def right(self) -> bool:
        return not self.misses


# ---- answer keys ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").split()


def _operatives(result) -> dict[int, object]:
    found = {}
    for paragraph in result.paragraphs:
        if paragraph.kind == "operative" and paragraph.number is not None:
            found.setdefault(paragraph.number, paragraph)
    return found


def _whole_text(paragraph) -> str:
    return " ".join(item.text for item in paragraph.walk())


def _follow_up_labels(result, action: str) -> set[str]:
    """Labels of the top-level paragraphs that carry a follow-up of `action`, themselves or in
    a sub-paragraph ("Requests the Committee: (a) To continue ...")."""
    return {
        follow_up.paragraph.split("(")[0]
        for follow_up in result.follow_ups
        if follow_up.action == action
    }


def check_key(result, key: dict, name: str, scored: Scored) -> None:
    """Compare `result` with the answer key `key`, one fact at a time."""

    def fact(kind: str, expected, got, right: bool | None = None) -> None:
        scored.facts += 1
        if not (expected == got if right is None else right):
            scored.misses.append(Miss(kind, name, expected, got))

    for kind in ("symbol", "body"):
        if kind in key:
            fact(kind, key[kind], getattr(result, kind))
    if "session" in key:
        fact("session", key["session"], result.session.number if result.session else None)
    if "adopted_on" in key:
        got = result.adopted_on.isoformat() if result.adopted_on else None
        fact("adopted_on", key["adopted_on"], got)
    for kind in ("preambular", "operative"):
        if kind in key:
            expected = key[kind]
            # The dataset types each preambular sub-paragraph "(a)" as a preambular paragraph
            # of its own, and numbers only the top-level operative ones: count as it does.
            if kind == "preambular":
                got = sum(len(list(p.walk())) for p in result.paragraphs if p.kind == kind)
            else:
                got = sum(1 for p in result.paragraphs if p.kind == kind)
            accepted = expected if isinstance(expected, list) else [expected]
            fact(kind, expected, got, got in accepted)
    if "vote" in key:
        fact("vote", key["vote"], result.adoption.mode)
        for count in ("in_favour", "against", "abstaining"):
            if count in key:
                fact(f"vote {count}", key[count], getattr(result.adoption, count))
    operatives = _operatives(result) if ("op_starts" in key or "op_excludes" in key) else {}
    for number, start in key.get("op_starts", {}).items():
        paragraph = operatives.get(int(number))
        wanted = _words(start)
        got = _words(paragraph.text)[: len(wanted)] if paragraph else None
        fact("op_starts", f"OP{number}: {start}", f"OP{number}: {' '.join(got or ['(none)'])}",
             got == wanted)  # fmt: skip
    for number, excluded in key.get("op_excludes", {}).items():
        paragraph = operatives.get(int(number))
        text = _whole_text(paragraph) if paragraph else ""
        got = f"OP{number} ends {text[-80:]!r}" if paragraph else f"no OP{number}"
        fact("op_excludes", f"OP{number} without {excluded!r}", got,
             paragraph is not None and excluded not in text)  # fmt: skip
    if "followups_must" in key:
        carrying = _follow_up_labels(result, "request")
        for label in key["followups_must"]:
            fact("followups_must", f"{label} requests", sorted(carrying), label in carrying)
    if "followups_must_not" in key:
        # The key names the paragraph alone: its sub-paragraphs "(a)" are paragraphs of their
        # own in the dataset, and may ask what their chapeau does not.
        for label in key["followups_must_not"]:
            got = [f"{f.paragraph}: {f.verb}" for f in result.follow_ups if f.paragraph == label]
            fact("followups_must_not", f"{label} asks nothing", got, not got)
    if "symbols" in key:
        cited = {citation.symbol for citation in result.citations}
        for symbol in key["symbols"]:
            near = sorted(s for s in cited if s.split("/")[:2] == symbol.split("/")[:2])[:6]
            fact("symbols", symbol, near, symbol in cited)


def keyed_texts(folder: Path) -> list[tuple[str, Path, dict]]:
    texts = []
    for path in sorted((folder / "expected").glob("*.json")):
        text = folder / "texts" / f"{path.stem}.txt"
        if text.exists():
            texts.append((path.stem, text, json.loads(path.read_text(encoding="utf-8"))))
    return texts


# ---- golden parses --------------------------------------------------------------------------


def check_golden(result, golden: dict, name: str, scored: Scored) -> None:
    actual = result.to_dict()
    for kind, expected in golden.items():
        scored.facts += 1
        got = actual.get(kind)
        if got != expected:
            scored.misses.append(Miss(kind, name, _short(expected), _short(got)))


def _short(value, limit: int = 300) -> object:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= limit else text[:limit] + "..."


def golden_texts(folder: Path) -> list[tuple[str, Path, dict]]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        golden = path.with_suffix(".json")
        if golden.exists():
            texts.append((path.stem, path, json.loads(golden.read_text(encoding="utf-8"))))
    return texts


# ---- scoring --------------------------------------------------------------------------------


def score(folder: Path, layout: str, family: str | None) -> list[Scored]:
    keyed = layout == "keys"
    texts = keyed_texts(folder) if keyed else golden_texts(folder)
    results = []
    for name, path, key in texts:
        symbol = _given_symbol(key) if keyed else None
        text_family = family_of(symbol or key.get("symbol") or name.replace("_", "/"))
        if family and text_family != family:
            continue
        scored = Scored(name, text_family)
        text = read_text(path)
        start = time.perf_counter()
        try:
            result = parse(text, symbol=symbol)
        except (ParseError, ParserBug) as error:
            scored.seconds = time.perf_counter() - start
            scored.facts += 1
            scored.misses.append(
                Miss("refused", name, "a parse", f"{type(error).__name__}: {error}")
            )
            results.append(scored)
            continue
        scored.seconds = time.perf_counter() - start
        (check_key if keyed else check_golden)(result, key, name, scored)
        results.append(scored)
    return results


def _given_symbol(key: dict) -> str | None:
    args = key.get("args", [])
    for index, arg in enumerate(args[:-1]):
        if arg == "--symbol":
            return args[index + 1]
    return None


def summary(results: list[Scored], show: int) -> dict:
    by_family: dict[str, list[Scored]] = defaultdict(list)
    for scored in results:
        by_family[scored.family].append(scored)
    families = {}
    for name in [*FAMILIES, *sorted(set(by_family) - set(FAMILIES))]:
        group = by_family.get(name)
        if not group:
            continue
        right = sum(1 for scored in group if scored.right)
        facts = sum(scored.facts for scored in group)
        wrong_facts = sum(len(scored.misses) for scored in group)
        families[name] = {
            "texts": len(group),
            "fully_right": right,
            "percent": round(100 * right / len(group), 1),
            "facts": facts,
            "facts_right_percent": round(100 * (facts - wrong_facts) / facts, 1) if facts else 0,
        }
    misses = [miss for scored in results for miss in scored.misses]
    texts_by_fact: dict[str, set[str]] = defaultdict(set)
    for miss in misses:
        texts_by_fact[miss.fact].add(miss.name)
    counts = Counter(miss.fact for miss in misses)
    wrong = []
    for fact, count in counts.most_common():
        examples = [miss for miss in misses if miss.fact == fact][:show]
        wrong.append(
            {
                "fact": fact,
                "wrong": count,
                "texts": len(texts_by_fact[fact]),
                "examples": [
                    {"file": m.name, "expected": m.expected, "got": m.got} for m in examples
                ],
            }
        )
    seconds = sum(scored.seconds for scored in results)
    return {
        "texts": len(results),
        "families": families,
        "wrong": wrong,
        "texts_per_second": round(len(results) / seconds, 1) if seconds else None,
        "failing": sorted(scored.name for scored in results if not scored.right),
    }


def print_summary(data: dict, command: str) -> None:
    print(f"$ {command}")
    print(f"{data['texts']} texts\n")
    print("| family | texts | fully right | % | facts right % |")
    print("|---|---:|---:|---:|---:|")
    for name, row in data["families"].items():
        print(
            f"| {name} | {row['texts']} | {row['fully_right']} | {row['percent']}% "
            f"| {row['facts_right_percent']}% |"
        )
    print("\nFacts most often wrong (fact: wrong facts in N texts):")
    for row in data["wrong"]:
        print(f"\n  {row['fact']}: {row['wrong']} wrong in {row['texts']} texts")
        for example in row["examples"]:
            print(f"    {example['file']}")
            print(f"      expected: {example['expected']}")
            print(f"      got:      {example['got']}")
    print(f"\nParsing speed: {data['texts_per_second']} texts/s (parse() alone, one pass)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "folder", type=Path, help="texts/ and expected/, or NAME.txt beside NAME.json"
    )
    parser.add_argument(
        "--layout",
        choices=("auto", "keys", "golden"),
        default="auto",
        help="answer keys (texts/, expected/) or golden parses beside the texts; auto tells them"
        " apart by what the folder holds",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--min-percent",
        type=float,
        help="exit with status 1 when any family has fewer texts fully right than this",
    )
    parser.add_argument("--family", choices=FAMILIES, help="score this family only")
    parser.add_argument("--show", type=int, default=3, help="examples shown per fact (default 3)")
    args = parser.parse_args(argv)

    layout = args.layout
    if layout == "auto":
        layout = "keys" if (args.folder / "expected").is_dir() else "golden"
    results = score(args.folder, layout, args.family)
    if not results:
        parser.error(f"no text with its expected answer found in {args.folder}")
    data = summary(results, args.show)
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False, default=str))
    else:
        print_summary(data, " ".join(["bench/accuracy.py", *(argv or sys.argv[1:])]))
    if args.min_percent is not None:
        below = [
            f"{name} {row['percent']}%"
            for name, row in data["families"].items()
            if row["percent"] < args.min_percent
        ]
        if below:
            print(f"below {args.min_percent}%: {', '.join(below)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
