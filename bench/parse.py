"""Parser throughput on the texts in tests/data/ (and the seed): texts and MB per second.

    .venv/bin/python bench/parse.py [--seconds 5]

Runs on one core, in this process; no database is touched.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resolutions.parsing import ParseError, parse  # noqa: E402
from resolutions.textfiles import read_text  # noqa: E402


def corpus() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "tests" / "data").rglob("*.txt")) or [
        ROOT / "resolutions" / "data" / "A_HRC_RES_32_6.txt"
    ]
    return [(path.name, read_text(path)) for path in paths]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure")
    args = parser.parse_args()

    texts = corpus()
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    failures = 0
    for _, text in texts:  # warm-up, and a check that the corpus parses
        try:
            parse(text)
        except ParseError:
            failures += 1

    parsed = 0
    rounds = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for _, text in texts:
            try:
                parse(text)
            except ParseError:
                pass
            parsed += 1
        rounds += 1
    elapsed = time.perf_counter() - start

    print(f"corpus: {len(texts)} texts, {size / 1024:.1f} KiB, {failures} refused by the parser")
    print(f"parsed: {parsed} texts in {elapsed:.2f} s ({rounds} rounds)")
    print(f"throughput: {parsed / elapsed:.0f} texts/s, {rounds * size / elapsed / 1e6:.2f} MB/s")
    print(f"per text: {elapsed / parsed * 1000:.2f} ms")


if __name__ == "__main__":
    main()
