"""Parser throughput: the seed alone, then every text under tests/data/ (the corpus included).

    .venv/bin/python bench/parse.py [--seconds 5] [--rounds 7]

Prints texts and MB per second for each set, by the wall clock. Then, for each set, the
parser beside a floor measured in the same run: a bare pass over the same texts (split into
lines, two regular expressions over each line: an operative paragraph's number and a
document symbol), in alternating rounds so that both see the same moments of a shared
machine, timed in CPU seconds (time.process_time), best of N rounds; and the ratio
parser/floor. Runs on one core, in this process; no database is touched. The targets
(issue 14): 500 seed-sized texts per second, within 5x of the floor.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resolutions.parsing import ParseError, parse  # noqa: E402
from resolutions.sources.textfiles import read_text  # noqa: E402

SEED = ROOT / "tests" / "data" / "A_HRC_RES_32_6.txt"

# The floor's two expressions, written here rather than taken from the parser so that the
# floor stays put while the parser changes: the number of an operative paragraph ("17. ")
# and a document symbol ("A/HRC/RES/32/6", "S/RES/2334 (2016)").
_OPERATIVE_NUMBER = re.compile(r"^\s*(?P<number>[0-9]{1,3})\.\s")
_SYMBOL = re.compile(
    r"(?<![\w/])[A-Z]{1,8}(?:/[A-Za-z0-9][A-Za-z0-9.\-]{0,30}){1,8}(?:\s?\([0-9]{4}\))?"
)


def corpus() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "tests" / "data").rglob("*.txt")) or [SEED]
    return [(path.name, read_text(path)) for path in paths]


def measure(label: str, texts: list[tuple[str, str]], seconds: float) -> None:
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    failures = 0
    for _, text in texts:  # warm-up, and a check that the texts parse
        try:
            parse(text)
        except ParseError:
            failures += 1
    parsed = rounds = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _, text in texts:
            try:
                parse(text)
            except ParseError:
                pass
            parsed += 1
        rounds += 1
    elapsed = time.perf_counter() - start
    print(f"{label}: {len(texts)} texts, {size / 1024:.1f} KiB, {failures} refused by the parser")
    print(f"  parsed {parsed} texts in {elapsed:.2f} s ({rounds} rounds)")
    print(
        f"  throughput: {parsed / elapsed:.0f} texts/s, {rounds * size / elapsed / 1e6:.2f} MB/s,"
        f" {elapsed / parsed * 1000:.2f} ms per text"
    )


def parse_all(texts: list[str]) -> None:
    for text in texts:
        try:
            parse(text)
        except ParseError:
            pass


def bare_pass(texts: list[str]) -> int:
    """The floor: what any reader of the text pays at least (lines, two expressions a line)."""
    found = 0
    for text in texts:
        for line in text.splitlines():
            if _OPERATIVE_NUMBER.match(line):
                found += 1
            found += len(_SYMBOL.findall(line))
    return found


def cpu_seconds(work, texts: list[str], repeat: int) -> float:
    start = time.process_time()
    for _ in range(repeat):
        work(texts)
    return (time.process_time() - start) / repeat


def repeats_for(work, texts: list[str], budget: float) -> int:
    """How many passes make a round of about `budget` CPU seconds (at least one)."""
    once = cpu_seconds(work, texts, 1)
    return max(1, int(budget / max(once, 1e-6)))


def against_floor(label: str, texts: list[tuple[str, str]], rounds: int, budget: float) -> None:
    bodies = [text for _, text in texts]
    parser_repeat = repeats_for(parse_all, bodies, budget)
    floor_repeat = repeats_for(bare_pass, bodies, budget)
    parser_best = floor_best = float("inf")
    for _ in range(rounds):  # alternating, so that a busy moment of the machine hits both
        parser_best = min(parser_best, cpu_seconds(parse_all, bodies, parser_repeat))
        floor_best = min(floor_best, cpu_seconds(bare_pass, bodies, floor_repeat))
    count = len(bodies)
    print(f"{label}, CPU time, best of {rounds} alternating rounds:")
    print(
        f"  parser: {count / parser_best:.0f} texts/s"
        f" ({parser_best / count * 1000:.3f} ms per text, {parser_repeat} passes a round)"
    )
    print(
        f"  floor (lines and two expressions): {count / floor_best:.0f} texts/s"
        f" ({floor_best / count * 1000:.3f} ms per text, {floor_repeat} passes a round)"
    )
    print(f"  parser/floor: {parser_best / floor_best:.1f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure each set")
    parser.add_argument("--rounds", type=int, default=7, help="rounds against the floor")
    parser.add_argument("--round-seconds", type=float, default=0.5, help="CPU seconds a round")
    args = parser.parse_args()
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    seed = [(SEED.name, read_text(SEED))]
    everything = corpus()
    measure("seed", seed, args.seconds)
    measure("all of tests/data", everything, args.seconds)
    against_floor("seed", seed, args.rounds, args.round_seconds)
    against_floor("all of tests/data", everything, args.rounds, args.round_seconds)
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
