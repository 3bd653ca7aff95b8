"""Reading PDFs (resolutions/sources/pdf/): official PDFs read to the parse of their text.

Small PDFs written here show each thing the reader does on its own (superscript markers,
page furniture, footnotes over a page break, the masthead drawn last, the refusals); the
official PDFs of the shared corpus (../shared/corpus/pdf/) show it on the UN's templates,
and are skipped, saying where they were looked for, when the corpus is absent.
"""

import functools
import hashlib
import json
import re
import struct
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parsing import parse
from resolutions.sources.documents import SourceText, Unreadable, format_of, read_document
from resolutions.sources.pdf import read_pdf
from tests.conftest import SHARED_CORPUS

PDFS = SHARED_CORPUS / "pdf"
GOLDEN = Path(__file__).parent / "data" / "corpus"
GENERAL_ASSEMBLY = ["A_RES_73_3", "A_RES_73_6", "A_RES_73_7", "A_RES_73_8"]
needs_corpus = pytest.mark.skipif(not PDFS.is_dir(), reason=f"no shared corpus at {PDFS}")


def official(name: str) -> bytes:
    return (PDFS / f"{name}-EN.pdf").read_bytes()


# A PDF written by hand: pages of content streams in Times-Roman, one of PDF's standard fonts,
# which needs no font file.


def pdf_file(pages: list[str], *, images: bool = False, trailer: str = "", extra=()) -> bytes:
    """A PDF of US Letter pages, each drawn by its content stream; `extra` objects are
    numbered after the page objects (the first is 4 + 2 * len(pages))."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    image = 4 + 2 * len(pages) + len(extra)
    kids = []
    for content in pages:
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        xobjects = f"/XObject << /Im1 {image} 0 R >>" if images else ""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R"
            f" /Resources << /Font << /F1 3 0 R >> {xobjects} >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    objects.extend(extra)
    if images:
        objects.append(
            "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
            " /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer} >>\n".encode()
    out += f"startxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


def text(x: float, y: float, size: float, *runs) -> str:
    """Text drawn from (x, y): runs are strings, or (string, size, rise) for a raised one."""
    shown = []
    for run in runs:
        words, run_size, rise = (run, size, 0) if isinstance(run, str) else run
        escaped = words.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        shown.append(f"/F1 {run_size} Tf {rise} Ts ({escaped}) Tj")
    return f"BT /F1 {size} Tf {x} {y} Td {' '.join(shown)} ET"


MASTHEAD = [
    text(72, 740, 14, "United Nations"),
    text(470, 740, 14, "A/RES/99/1"),
    text(72, 712, 20, "General Assembly"),
    text(400, 712, 10, "Distr.: General"),
    text(400, 700, 10, "1 December 2026"),
    text(72, 660, 10, "Ninety-ninth session"),
    text(72, 648, 10, "Agenda item 7"),
    text(110, 620, 14, "Resolution adopted by the General Assembly on 30 November 2026"),
    text(72, 590, 12, "99/1. A test of the reader"),
]
FIRST_PAGE = [
    text(110, 560, 10, "The General Assembly,"),
    text(110, 542, 10, "Recalling the commitments made for the period 2015-2030", ("1", 6.5, 3.5)),
    text(72, 530, 10, "and the work done since,"),
    text(110, 512, 10, "Emphasizing the needs of post-"),
    text(72, 500, 10, "conflict societies,"),
    text(110, 482, 10, "1. Requests the Secretary-General to report to it on the"),
    text(72, 470, 10, "matter at its one hundredth session;"),
    text(72, 130, 8, "__________________"),
    text(
        90,
        119,
        8.5,
        ("1", 5.5, 3),
        " United Nations, Treaty Series, vol. 1, No. 1, and for the long-",
    ),
    text(90, 108, 8.5, "term view, see"),
    text(72, 50, 9, "26-12345 (E) 011226"),
    text(72, 36, 12, "*2612345*"),
]
SECOND_PAGE = [
    text(72, 740, 8.5, "A/RES/99/1"),
    text(420, 740, 8.5, "A test of the reader"),
    text(110, 700, 10, "2. Decides to remain seized of the matter."),
    text(400, 660, 10, "50th plenary meeting"),
    text(400, 648, 10, "30 November 2026"),
    text(72, 130, 8, "__________________"),
    text(90, 119, 8.5, "the report A/99/1."),
    text(72, 40, 8.5, "2/2 26-12345"),
]


@pytest.fixture(scope="module")
def two_pages() -> SourceText:
    # The masthead is drawn last, as the 2010 template draws it.
    return read_pdf(pdf_file(["\n".join(FIRST_PAGE + MASTHEAD), "\n".join(SECOND_PAGE)]), "t.pdf")


def test_a_pdf_is_read_by_the_pdf_reader_with_its_provenance():
    data = pdf_file([text(72, 700, 10, "One line.")])
    assert format_of(data) == "pdf"
    source = read_document(data, "upload.bin")
    assert (source.format, source.pages, source.warnings) == ("pdf", 1, [])
    assert source.reader == f"pypdfium2 {pypdfium2.PYPDFIUM_INFO.version}"
    assert source.text == "One line.\n"


def test_characters_are_read_one_by_one_when_pdfiums_text_does_not_match_them(
    two_pages, monkeypatch
):
    # PDFium's text of a page can leave out or add characters against its list of them;
    # the reader then asks for each character, and reads the same page.
    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", lambda *args, **kwargs: "")
    again = read_pdf(pdf_file(["\n".join(FIRST_PAGE + MASTHEAD), "\n".join(SECOND_PAGE)]), "t.pdf")
    assert again.text == two_pages.text


def test_the_masthead_comes_first_whatever_order_the_file_draws_it_in(two_pages):
    lines = two_pages.text.splitlines()
    assert lines[:5] == [
        "United Nations A/RES/99/1",
        "General Assembly Distr.: General",
        "1 December 2026",
        "",
        "Ninety-ninth session",
    ]


def test_a_raised_smaller_digit_is_a_marker_not_part_of_the_number_before_it(two_pages):
    assert "for the period 2015-2030\u00b9\n" in two_pages.text
    assert "20301" not in two_pages.text


def test_page_furniture_is_left_out_and_the_running_header_with_it(two_pages):
    for furniture in ("26-12345", "*2612345*", "2/2"):
        assert furniture not in two_pages.text
    assert two_pages.text.count("A/RES/99/1") == 1  # the masthead's
    assert two_pages.text.count("A test of the reader") == 1  # the title's


def test_a_footnote_becomes_one_line_with_its_end_from_the_next_page(two_pages):
    note = (
        "\u00b9 United Nations, Treaty Series, vol. 1, No. 1, and for the long-term view, see "
        "the report A/99/1."
    )
    lines = two_pages.text.splitlines()
    assert note in lines
    # At the foot of its page: between the first page's body and the second's.
    assert lines.index("matter at its one hundredth session;") < lines.index(note)
    assert lines.index(note) < lines.index("2. Decides to remain seized of the matter.")


def test_a_footnote_number_printed_on_the_baseline_opens_a_footnote():
    # No rule, and the numbers in the footnotes' font on their baseline: the foot's lines
    # in the smaller font that open with the next footnote's number.
    page = [
        text(110, 700, 10, "Adopts the report of the Working Group,", ("1", 6, 3), " and its"),
        text(72, 688, 10, "addendum.", ("2", 6, 3)),
        text(90, 100, 9, "1 A/HRC/99/15."),
        text(90, 89, 9, "2 A/HRC/99/15/Add.1; see also A/HRC/99/2."),
    ]
    lines = read_pdf(pdf_file(["\n".join(page)]), "decision.pdf").text.splitlines()
    assert lines == [
        "Adopts the report of the Working Group,\u00b9 and its",
        "addendum.\u00b2",
        "\u00b9 A/HRC/99/15.",
        "\u00b2 A/HRC/99/15/Add.1; see also A/HRC/99/2.",
    ]


def test_a_line_end_hyphen_stays_for_the_parser_to_keep_or_drop(two_pages):
    assert "Emphasizing the needs of post-\nconflict societies," in two_pages.text


def test_the_two_pages_parse_with_header_paragraphs_footnote_and_closing(two_pages):
    result = parse(two_pages.text)
    assert (result.symbol, result.title) == ("A/RES/99/1", "A test of the reader")
    assert str(result.adopted_on) == "2026-11-30" and str(result.distributed_on) == "2026-12-01"
    assert result.meeting == "50th plenary meeting"
    assert [p.label for p in result.paragraphs] == ["PP1", "PP2", "OP1", "OP2"]
    assert "2015-2030 and the work done since," in result.paragraphs[0].text
    assert "post-conflict societies" in result.paragraphs[1].text
    assert result.paragraphs[2].text.endswith("on the matter at its one hundredth session;")
    [footnote] = result.footnotes
    assert (footnote.number, footnote.paragraph) == (1, "PP1")
    assert footnote.text.endswith("long-term view, see the report A/99/1.")


def test_a_pdf_of_scanned_pages_is_refused_with_what_to_do():
    with pytest.raises(Unreadable) as refused:
        read_pdf(pdf_file(["q 612 0 0 792 0 0 cm /Im1 Do Q"], images=True), "scan.pdf")
    assert refused.value.name == "scan.pdf" and refused.value.format == "PDF"
    assert "no text (a scan)" in refused.value.reason and "OCR" in refused.value.reason


def test_a_scanned_page_among_pages_of_text_is_a_warning():
    data = pdf_file([text(72, 700, 10, "One line."), "q 612 0 0 792 0 0 cm /Im1 Do Q"], images=True)
    source = read_pdf(data, "mixed.pdf")
    assert source.text == "One line.\n" and source.pages == 2
    assert source.warnings == ["no text on page(s) 2, only images (a scan?): not read"]


def test_a_pdf_of_empty_pages_is_refused():
    with pytest.raises(Unreadable) as refused:
        read_pdf(pdf_file([""]), "empty.pdf")
    assert refused.value.reason == "the PDF holds no text: its pages are empty"


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes) -> bytes:
    """A PDF encrypted with the standard security handler, revision 2 (RC4, 40 bits), as the
    PDF specification's algorithms 3.2 to 3.4 compute it."""
    padding = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    file_id = bytes(range(16))
    permissions = -44
    owner = _rc4(
        hashlib.md5((b"owner" + padding)[:32]).digest()[:5], (user_password + padding)[:32]
    )
    key = hashlib.md5(
        (user_password + padding)[:32] + owner + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    user = _rc4(key, padding)
    encrypt = (
        f"<< /Filter /Standard /V 1 /R 2 /Length 40 /P {permissions}"
        f" /O <{owner.hex()}> /U <{user.hex()}> >>"
    )
    return pdf_file(
        [text(72, 700, 10, "Secret.")],
        extra=[encrypt],
        trailer=f"/Encrypt 6 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]",
    )


def test_a_pdf_with_a_password_is_refused_with_what_to_do():
    data = encrypted_pdf(b"secret")
    assert len(pypdfium2.PdfDocument(data, password="secret")) == 1  # a real encrypted PDF
    with pytest.raises(Unreadable) as refused:
        read_pdf(data, "locked.pdf")
    assert refused.value.format == "PDF"
    assert refused.value.reason.startswith("the PDF is protected by a password;")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj\n<< /Type /Cat", b"%PDF-"])
def test_a_broken_pdf_is_refused_as_damaged(data):
    with pytest.raises(Unreadable) as refused:
        read_document(data, "broken.pdf")
    assert refused.value.reason.startswith("the PDF is damaged and cannot be read")


def mutated(data: bytes, how: str, where: float, flips: list[tuple[float, int]]) -> bytes:
    """`data` cut at `where` (a fraction), with bytes flipped at `flips`, or without its
    cross-reference tables."""
    if how == "cut":
        return data[: int(len(data) * where)]
    if how == "no xref":
        return re.sub(rb"(?<!start)xref.*?(?=trailer)", b"", data, flags=re.DOTALL)
    damaged = bytearray(data)
    for position, bit in flips:
        damaged[int(position * (len(damaged) - 1))] ^= 1 << bit
    return bytes(damaged)


MUTATIONS = dict(
    how=st.sampled_from(["cut", "flip", "no xref"]),
    where=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)), min_size=1, max_size=40),
)


def read_or_refuse(data: bytes) -> None:
    try:
        source = read_pdf(data, "mutated.pdf")
    except Unreadable as refused:
        assert refused.reason and refused.format == "PDF"
        return
    assert isinstance(source.text, str) and source.pages >= 1
    assert not re.search("[\x00-\x09\x0b-\x1f\ufffe]", source.text)


@settings(max_examples=40, deadline=None)
@given(**MUTATIONS)
def test_a_damaged_small_pdf_gives_a_text_or_a_clear_refusal(how, where, flips):
    read_or_refuse(mutated(pdf_file(["\n".join(FIRST_PAGE + MASTHEAD)]), how, where, flips))


@needs_corpus
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["A_HRC_DEC_59_112", "A_RES_73_8", "A_HRC_DEC_14_105"]), **MUTATIONS)
def test_a_damaged_official_pdf_gives_a_text_or_a_clear_refusal(name, how, where, flips):
    read_or_refuse(mutated(official(name), how, where, flips))


def test_the_readers_and_the_parser_import_nothing_from_django():
    root = Path(__file__).parent.parent
    modules = sorted(
        ".".join(path.relative_to(root).with_suffix("").parts)
        for package in ("sources", "parsing")
        for path in (root / "resolutions" / package).rglob("*.py")
    )
    script = (
        f"import sys\nfor name in {modules!r}:\n    __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'rest_framework'}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "resolutions.sources.pdf.characters" in modules
    assert found.stdout.strip() == "[]"


# The official PDFs.


def facts(parsed: dict) -> dict:
    """What a parse says, to compare with a golden file's: every header fact, and of each
    paragraph its label, lead and first words (the rest of the text may differ in spacing)."""
    keys = ["symbol", "number", "body", "session", "agenda_items", "title", "adopted_on",
            "distributed_on", "meeting", "kind", "draft_symbol", "committee", "committee_report",
            "predecessors", "adoption"]  # fmt: skip
    found = {key: parsed[key] for key in keys}

    def walk(paragraphs):
        for paragraph in paragraphs:
            yield paragraph
            yield from walk(paragraph["subparagraphs"])

    found["paragraphs"] = [
        (p["label"], p["lead"], " ".join(p["text"].split()[:5])) for p in walk(parsed["paragraphs"])
    ]
    found["footnotes"] = [(f["number"], f["paragraph"], f["text"]) for f in parsed["footnotes"]]
    found["citations"] = [
        (c["paragraph"], c["symbol"], c["via"], c["footnote"]) for c in parsed["citations"]
    ]
    found["follow_ups"] = [
        (f["paragraph"], f["action"], f["verb"], f["addressee"], f["deliverable"], f["due"])
        for f in parsed["follow_ups"]
    ]
    found["annex"] = bool(parsed["annex"])
    return found


def golden_facts(name: str) -> dict:
    """The golden file's facts, with what pdftotext's text (the golden's source) got wrong
    put right from the PDF. Each correction was checked against the printed page."""
    found = facts(json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8")))
    if name == "A_RES_73_3":
        # pdftotext put the running title among the footnotes, as footnote 2's text.
        found["footnotes"][1] = (2, "", "Resolution 69/313, annex.")
    elif name == "A_RES_73_6":
        # pdftotext gave footnotes 5 and 6 each other's text, and lost the end of 6, which
        # goes on at the foot of the next page.
        documents = [1129, 1131, 1160, 1161, 1162, 1163, 1164, 1165, 1166, 1168, 1169, 1170,
                     1171, 1172, 1173, 1174, 1175, 1180]  # fmt: skip
        listed = ", ".join(f"A/AC.105/{number}" for number in documents)
        found["footnotes"][4:6] = [
            (5, "PP13", "United Nations, Treaty Series, vol. 610, No. 8843."),
            (6, "PP23", f"Related documents include {listed} and A/AC.105/1181."),
        ]
        found["citations"] = [c for c in found["citations"] if c[3] != 5] + [
            ("PP23", f"A/AC.105/{number}", "footnote", 6) for number in [*documents, 1181]
        ]
    elif name == "A_RES_73_7":
        # In pdftotext's text OP2 kept the marker ("Court, 1 and calls upon"), which hid
        # its call, and OP28's "seventy-fourth session" lost its hyphen (the parser now reads
        # "seventyfourth" too, so the golden file has the session already).
        addressee = "all States in all regions of the world that are not yet parties"
        due = {"year": None, "session": None, "relation": "at", "date": None}
        due |= {"next_session": False, "after_adoption": ""}
        found["follow_ups"].insert(0, ("OP2", "call", "calls upon", addressee, "", due))
        index, invitation = next(
            (i, f) for i, f in enumerate(found["follow_ups"]) if f[0] == "OP28"
        )
        due = {**invitation[5], "session": {"kind": "regular", "number": 74}}
        found["follow_ups"][index] = (*invitation[:5], due)
    return found


@functools.cache
def read_official(name: str) -> SourceText:
    return read_document(official(name), f"{name}-EN.pdf")


@needs_corpus
@pytest.mark.parametrize("name", GENERAL_ASSEMBLY)
def test_a_general_assembly_pdf_parses_to_the_facts_of_its_golden_text(name):
    source = read_official(name)
    assert source.warnings == []
    assert facts(parse(source.text).to_dict()) == golden_facts(name)


@needs_corpus
def test_a_hyphen_of_a_compound_at_a_line_end_is_kept():
    paragraphs = parse(read_official("A_RES_73_7").text).all_paragraphs()
    texts = " ".join(paragraph.text for paragraph in paragraphs)
    assert "in conflict and post-conflict societies" in texts
    assert "at its seventy-fourth session" in texts


@needs_corpus
def test_a_footnote_going_on_over_the_page_break_is_read_whole():
    source = read_official("A_RES_73_6")
    [line] = [line for line in source.text.splitlines() if line.startswith("\u2076 ")]
    assert line.endswith("A/AC.105/1180 and A/AC.105/1181.")


COUNCIL_REPORT_2010 = (
    "The resolutions and decisions adopted by the Human Rights Council will be contained in the "
    "report of the Council on its fourteenth session (A/HRC/14/37), chap. I."
)
DECISIONS = {
    # name: session, distributed on, adopted on, meeting, the first footnote's text
    "A_HRC_DEC_14_105": (14, "2010-06-23", "2010-06-09", "22nd meeting", [COUNCIL_REPORT_2010]),
    "A_HRC_DEC_28_111": (28, "2015-05-28", "2015-03-19", "41st meeting", []),
    "A_HRC_DEC_43_112": (43, "2020-03-25", "2020-03-12", "32nd meeting", ["A/HRC/43/15."]),
    "A_HRC_DEC_59_112": (59, "2025-07-14", "2025-07-02", "25th meeting", ["A/HRC/59/15."]),
}


@needs_corpus
@pytest.mark.parametrize("name", DECISIONS)
def test_a_human_rights_council_decision_parses_with_header_paragraphs_and_adoption(name):
    session, distributed, adopted, meeting, first_footnote = DECISIONS[name]
    source = read_document(official(name), f"{name}-EN.pdf")
    result = parse(source.text)
    number = name.split("DEC_")[1].replace("_", "/")
    assert (result.symbol, result.number, result.kind) == (
        f"A/HRC/DEC/{number}",
        number,
        "decision",
    )
    assert (result.body, result.session.number, result.agenda_items) == (
        "Human Rights Council",
        session,
        [6],
    )
    assert result.title.lower() == "outcome of the universal periodic review: slovenia"
    assert (str(result.distributed_on), str(result.adopted_on)) == (distributed, adopted)
    assert result.meeting == meeting and result.adoption.mode == "without_vote"
    assert [(p.label, p.lead) for p in result.paragraphs][:2] == [
        ("PP1", "Acting"),
        ("PP2", "Having conducted"),
    ]
    assert [p.label for p in result.paragraphs][2:] == ["OP1"]
    assert [note.text for note in result.footnotes][:1] == first_footnote
    # The 2010 template marks its one footnote with a star after the adopting body, in the
    # header; the others number theirs, in OP1.
    assert all(
        (note.paragraph, note.mark) == (("", "*") if name == "A_HRC_DEC_14_105" else ("OP1", ""))
        for note in result.footnotes
    )
    assert result.warnings == [] and result.unread == []


@needs_corpus
def test_a_report_of_181_pages_is_read_page_by_page():
    data = official("A_HRC_28_2")
    tracemalloc.start()
    try:
        source = read_pdf(data, "A_HRC_28_2-EN.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source.pages == 181 and source.warnings == []
    # Every page's characters held at once, with their boxes, would be some 60 MiB.
    assert peak < 32 * 2**20
    lines = source.text.splitlines()
    assert lines[0] == "United Nations A/HRC/28/2"
    assert "A/HRC/28/2" not in lines[1:]
    assert not any(
        re.fullmatch(r"GE\.19-07475 ?\(E\)|\*1907475\*|[0-9]{1,3}", line) for line in lines
    )
