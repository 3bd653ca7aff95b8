"""PDF reading time: the tracker's reader against pypdfium2's bare text extraction.

    .venv/bin/python bench/extract.py [PDF ...] [--rounds 5]

With no file named, the PDFs of the shared corpus (../shared/corpus/pdf/). For each file,
in one process and alternately, so that both see the same machine:

- bare: open the document, and for every page PdfTextPage.get_text_range() and nothing
  else (what any PDF-to-text tool does at the least);
- tracker: resolutions.sources.pdf.read_pdf, which does the same and places the lines,
  tells superscripts, furniture and footnotes apart;

and the ratio of the two (the aim is within 2x). The best of the rounds counts, as the
machine is shared. Then, in a process of its own, the memory of one read of the largest
file: the peak of Python's (tracemalloc) and the process's peak resident size, which counts
PDFium's own.
"""

import argparse
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402

from resolutions.sources.pdf import read_pdf  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


def bare(data: bytes) -> int:
    document = pypdfium2.PdfDocument(data)
    characters = 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            characters += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return characters


def tracker(data: bytes) -> int:
    return len(read_pdf(data, "bench.pdf").text)


def best(function, data: bytes, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory", type=Path, help="only measure the memory of reading this")
    args = parser.parse_args()
    if args.memory:
        memory(args.memory)
        return
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDF named and none in {CORPUS}")

    print(
        f"{'file':<28} {'pages':>5} {'bare ms':>8} {'tracker ms':>10} {'ms/page':>7} {'ratio':>6}"
    )
    total_bare = total_tracker = total_pages = 0
    for path in files:
        data = path.read_bytes()
        source = read_pdf(data, path.name)  # also warms up PDFium and the caches
        tracker_time = bare_time = float("inf")
        for _ in range(args.rounds):
            # Alternate, so that a busy moment of the machine falls on both.
            bare_time = min(bare_time, best(bare, data, 1))
            tracker_time = min(tracker_time, best(tracker, data, 1))
        total_bare += bare_time
        total_tracker += tracker_time
        total_pages += source.pages
        print(
            f"{path.name:<28} {source.pages:>5} {bare_time * 1000:>8.1f} "
            f"{tracker_time * 1000:>10.1f} {tracker_time * 1000 / source.pages:>7.2f} "
            f"{tracker_time / bare_time:>5.2f}x"
        )
    print(
        f"{'all':<28} {total_pages:>5} {total_bare * 1000:>8.1f} {total_tracker * 1000:>10.1f} "
        f"{total_tracker * 1000 / total_pages:>7.2f} {total_tracker / total_bare:>5.2f}x"
    )

    # The memory of one read of the largest file, in a process of its own so that nothing
    # else read here counts.
    largest = max(files, key=lambda path: path.stat().st_size)
    subprocess.run([sys.executable, __file__, "--memory", str(largest)], check=True)


def peak_resident() -> float:
    """The process's peak resident size in MiB: VmHWM, where Linux gives it (ru_maxrss
    carries the parent's over fork and exec)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+([0-9]+) kB", status, re.MULTILINE)[1]) / 1024
    except (OSError, TypeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def memory(path: Path) -> None:
    data = path.read_bytes()
    before = peak_resident()
    tracemalloc.start()
    source = read_pdf(data, path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    resident = peak_resident()
    print(
        f"\n{path.name} ({source.pages} pages, {len(data) / 2**20:.1f} MiB, "
        f"{len(source.text):,} characters out): peak Python memory {peak / 2**20:.1f} MiB "
        f"while reading (tracemalloc); peak resident size of the process {resident:.0f} MiB, "
        f"{before:.0f} MiB of it before reading (the interpreter, PDFium and the file)"
    )


if __name__ == "__main__":
    main()
