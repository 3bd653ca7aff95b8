"""PDF and Word reading time: the tracker's readers against a bare pass over the same files.

    .venv/bin/python bench/extract.py [FILE.pdf|FILE.docx ...] [--rounds 5]

With no file named, the PDFs and the Word files of the shared corpus
(../shared/corpus/pdf/, ../shared/corpus/docx/). For each PDF, in one process and
alternately, so that both see the same machine:

- bare: open the document, and for every page PdfTextPage.get_text_range() and nothing
  else (what any PDF-to-text tool does at the least);
- tracker: resolutions.sources.pdf.read_pdf, which does the same and places the lines,
  tells superscripts, furniture and footnotes apart;

and the ratio of the two (the aim is within 2x). The best of the rounds counts, as the
machine is shared. Then, in a process of its own, the memory of one read of the largest
file: the peak of Python's (tracemalloc) and the process's peak resident size, which counts
PDFium's own.

For each Word file, the same way:

- bare: open the zip, parse word/document.xml with lxml and iterate its w:p elements
  (the least any reader of a .docx does);
- tracker: resolutions.sources.docx.read_docx, which opens the zip within its bounds,
  reads the styles, numbering.xml and the notes, and prints each paragraph as Word shows
  it, list numbers and note markers included;

in paragraphs (the document's w:p elements, tables' included) per second, ms per file, and
the ratio of the two.
"""

import argparse
import io
import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402
from lxml import etree  # noqa: E402

from resolutions.sources.docx import read_docx  # noqa: E402
from resolutions.sources.docx.tags import W_TRANSITIONAL  # noqa: E402
from resolutions.sources.pdf import read_pdf  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
WORD_CORPUS = ROOT.parent / "shared" / "corpus" / "docx"
W_P = f"{{{W_TRANSITIONAL}}}p"


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


def bare_docx(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return sum(1 for _ in root.iter(W_P))


def tracker_docx(data: bytes) -> int:
    return len(read_docx(data, "bench.docx").text)


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
    if args.files:
        pdfs = [path for path in args.files if path.suffix.lower() != ".docx"]
        words = [path for path in args.files if path.suffix.lower() == ".docx"]
    else:
        pdfs, words = sorted(CORPUS.glob("*.pdf")), sorted(WORD_CORPUS.glob("*.docx"))
        if not pdfs and not words:
            sys.exit(f"no file named and none in {CORPUS} or {WORD_CORPUS}")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores\n")
    if pdfs:
        pdf_table(pdfs, args.rounds)
    if words:
        word_table(words, args.rounds)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nload average {load} after")
    if pdfs:
        # The memory of one read of the largest file, in a process of its own so that
        # nothing else read here counts.
        largest = max(pdfs, key=lambda path: path.stat().st_size)
        subprocess.run([sys.executable, __file__, "--memory", str(largest)], check=True)


def alternately(bare_function, tracker_function, data: bytes, rounds: int) -> tuple[float, float]:
    """The best time of each, run one after the other, so that a busy moment of the
    machine falls on both."""
    bare_time = tracker_time = float("inf")
    for _ in range(rounds):
        bare_time = min(bare_time, best(bare_function, data, 1))
        tracker_time = min(tracker_time, best(tracker_function, data, 1))
    return bare_time, tracker_time


def pdf_table(files: list[Path], rounds: int) -> None:
    print(
        f"{'file':<28} {'pages':>5} {'bare ms':>8} {'tracker ms':>10} {'ms/page':>7} {'ratio':>6}"
    )
    total_bare = total_tracker = total_pages = 0
    for path in files:
        data = path.read_bytes()
        source = read_pdf(data, path.name)  # also warms up PDFium and the caches
        bare_time, tracker_time = alternately(bare, tracker, data, rounds)
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


def word_table(files: list[Path], rounds: int) -> None:
    print(
        f"\n{'file':<28} {'paras':>6} {'bare ms':>8} {'bare p/s':>9} {'tracker ms':>10} "
        f"{'tracker p/s':>11} {'ratio':>6}"
    )
    total_bare = total_tracker = total_paragraphs = 0
    for path in files:
        data = path.read_bytes()
        paragraphs = bare_docx(data)
        read_docx(data, path.name)  # also warms up lxml and the caches
        bare_time, tracker_time = alternately(bare_docx, tracker_docx, data, rounds)
        total_bare += bare_time
        total_tracker += tracker_time
        total_paragraphs += paragraphs
        print(
            f"{path.name:<28} {paragraphs:>6} {bare_time * 1000:>8.1f} "
            f"{paragraphs / bare_time:>9,.0f} {tracker_time * 1000:>10.1f} "
            f"{paragraphs / tracker_time:>11,.0f} {tracker_time / bare_time:>5.2f}x"
        )
    print(
        f"{'all':<28} {total_paragraphs:>6} {total_bare * 1000:>8.1f} "
        f"{total_paragraphs / total_bare:>9,.0f} {total_tracker * 1000:>10.1f} "
        f"{total_paragraphs / total_tracker:>11,.0f} {total_tracker / total_bare:>5.2f}x"
    )


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
