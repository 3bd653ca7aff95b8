"""Parser throughput: the seed alone, then every text under tests/data/ (the corpus included).

    .venv/bin/python bench/parse.py [--seconds 5]

Prints texts and MB per second for each set. Runs on one core, in this process; no database
is touched. The target is 500 seed-sized texts per second.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resolutions.parsing import ParseError, parse  # noqa: E402
from resolutions.sources.textfiles import read_text  # noqa: E402

SEED = ROOT / "tests" / "data" / "A_HRC_RES_32_6.txt"


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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure each set")
    args = parser.parse_args()
    measure("seed", [(SEED.name, read_text(SEED))], args.seconds)
    measure("all of tests/data", corpus(), args.seconds)


if __name__ == "__main__":
    main()
