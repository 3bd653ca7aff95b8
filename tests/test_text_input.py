"""What comes in as a text: encodings, files that are not texts, control and XML-illegal
characters, and what a person sees when the parser fails, on the command line and the web.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from resolutions import parsing
from resolutions.importing.catalogue import import_catalogue
from resolutions.importing.texts import ImportRefused, check_importable, import_parsed, import_text
from resolutions.models import Paragraph, Resolution
from resolutions.parsing.catalogue import CatalogueError
from resolutions.sources.catalogue import read_catalogue_text
from resolutions.sources.textfiles import NotPlainText, binary_format, decode, read_text
from tests.conftest import SHARED_CORPUS, variant

SHARED = SHARED_CORPUS
PDFS = sorted((SHARED / "pdf").glob("*.pdf"))
DOCXS = sorted((SHARED / "docx").glob("*.docx"))
needs_pdfs = pytest.mark.skipif(not PDFS, reason=f"no PDF corpus at {SHARED / 'pdf'}")
needs_docxs = pytest.mark.skipif(not DOCXS, reason=f"no Word corpus at {SHARED / 'docx'}")

# Tiny but real headers of each format, as their specifications define them.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04"
TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24 + b"\x3e\x00\x03\x00\xfe\xff"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 16 + b"\x08\x00\x00\x00notes.md"


def upload(client, name: str, data: bytes, **extra):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post("/import/", {"file": file, "action": "preview", **extra})


def run_import(*args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_resolutions", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


# Encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_as_utf16(seed_text, encoding):
    text = decode(seed_text.encode(encoding), "copy.txt")
    assert "\x00" not in text
    assert text == seed_text


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"The Human Rights Council,\n\nRecalling\x00 all,\n", 3),
        (b"Title\nThe Human Rights Council,\x07\n", 2),
        (b"one\ntwo\nthree\x1b[0m\n", 3),
        ("caf\u00e9\n\u0085x\n".encode(), 2),
    ],
)
def test_control_characters_are_refused_naming_the_file_and_line(data, line):
    with pytest.raises(NotPlainText) as refused:
        decode(data, "bad.txt")
    assert refused.value.line == line
    assert str(refused.value).startswith(f"bad.txt: line {line} holds a control character")


def test_tab_newline_carriage_return_and_form_feed_are_text():
    assert decode(b"a\tb\r\nc\fd\n", "ok.txt") == "a\tb\r\nc\fd\n"


def test_binary_without_a_known_magic_number_is_refused():
    with pytest.raises(NotPlainText, match="binary file, not a text"):
        decode(bytes(range(256)) * 4, "data.bin")


@pytest.mark.django_db
def test_a_bad_file_in_a_batch_fails_alone_and_the_others_are_imported(tmp_path, seed_text):
    (tmp_path / "a_good.txt").write_text(variant(seed_text, 41), encoding="utf-8")
    (tmp_path / "b_nul.txt").write_bytes(variant(seed_text, 42).encode() + b"\x00\x00 tail\n")
    (tmp_path / "c_utf16.txt").write_bytes(variant(seed_text, 43).encode("utf-16-le"))
    (tmp_path / "d_good.txt").write_text(variant(seed_text, 44), encoding="utf-8")
    out, err, error = run_import(tmp_path)
    assert error is not None and "1 of 4 files failed" in str(error)
    assert f"{tmp_path / 'b_nul.txt'}: failed: line" in err
    assert "holds a control character" in err
    assert "Traceback" not in out + err
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/HRC/RES/32/41",
        "A/HRC/RES/32/43",
        "A/HRC/RES/32/44",
    }
    stored = [*Paragraph.objects.values_list("text", flat=True)]
    stored += Resolution.objects.values_list("source_text", flat=True)
    assert stored and not any("\x00" in text for text in stored)


@pytest.mark.django_db
def test_web_import_of_utf16_without_bom_reads_it(importer_client, seed_text):
    response = upload(importer_client, "copy.txt", seed_text.encode("utf-16-le"))
    assert response.status_code == 200
    assert "Confirm and import A/HRC/RES/32/6" in response.content.decode()


@pytest.mark.django_db
def test_web_import_refuses_a_file_with_nuls_as_a_form_error(importer_client, seed_text):
    response = upload(importer_client, "nul.txt", seed_text.encode() + b"\x00 x\n")
    assert response.status_code == 400
    page = response.content.decode()
    assert "nul.txt: line" in page and "control character" in page
    assert not Resolution.objects.exists()


@pytest.mark.django_db
def test_web_import_refuses_pasted_text_with_control_characters(importer_client, seed_text):
    response = importer_client.post(
        "/import/", {"text": seed_text.replace("Recalling", "Recal\x08ling", 1)}
    )
    assert response.status_code == 400
    assert "the pasted text: line" in response.content.decode()


# Files that are not texts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (PNG, "PNG image"),
        (JPEG, "JPEG image"),
        (GIF, "GIF image"),
        (TIFF, "TIFF image"),
        (ZIP, "zip archive"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "Word (.docx)"),
    ],
)
def test_binary_formats_are_told_by_their_magic_numbers(data, kind):
    assert binary_format(data) == kind
    with pytest.raises(NotPlainText) as refused:
        decode(data, "resolution.txt")  # the extension says nothing
    assert str(refused.value).startswith(f"resolution.txt: this is a {kind} file")


# An OLE2 compound file's directory names its streams in UTF-16: Word's is "WordDocument".
WORD_97 = DOC + bytes(466) + "WordDocument".encode("utf-16-le")


@pytest.mark.parametrize(
    ("data", "kind"),
    [(DOC, "Word (.doc) or other Microsoft Office"), (WORD_97, "Word (.doc)")],
)
def test_an_old_binary_word_file_is_refused_saying_save_it_as_docx(data, kind):
    assert binary_format(data) == kind
    with pytest.raises(NotPlainText) as refused:
        decode(data, "resolution.doc")
    assert str(refused.value) == (
        f"resolution.doc: this is a {kind} file, the binary format of Office 97-2003 that the "
        "tracker does not read: open it in Word or LibreOffice Writer, save it as a Word "
        "document (.docx) and import that."
    )
    assert refused.value.format == kind


def pdf_named(name: str):
    return SHARED / "pdf" / name


@needs_pdfs
@pytest.mark.parametrize(
    "name, symbol",
    [("A_RES_73_8-EN.pdf", "A/RES/73/8"), ("A_HRC_DEC_59_112-EN.pdf", "A/HRC/DEC/59/112")],
)
def test_parse_resolution_reads_a_real_pdf(name, symbol):
    out = io.StringIO()
    call_command("parse_resolution", str(pdf_named(name)), stdout=out)
    parsed = json.loads(out.getvalue())
    assert parsed["symbol"] == symbol and parsed["paragraphs"]


@needs_pdfs
def test_parse_resolution_says_a_pdf_that_is_no_resolution_is_none_and_prints_nothing():
    out = io.StringIO()
    path = pdf_named("A_HRC_28_15-EN.pdf")  # a report
    with pytest.raises(CommandError) as refused:
        call_command("parse_resolution", str(path), stdout=out)
    assert str(refused.value).startswith(f"{path}: line 1: no document symbol")
    assert out.getvalue() == ""


@needs_pdfs
@needs_docxs
@pytest.mark.django_db
def test_import_resolutions_reads_pdf_and_imports_each_file_by_what_it_is(tmp_path, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    report = pdf_named("A_HRC_28_15-EN.pdf")
    out, err, error = run_import(pdf_named("A_RES_73_8-EN.pdf"), report, seed)
    assert error is None
    # A report is stored as a document, not refused as a resolution without a title line.
    assert f"{report}: imported report A/HRC/28/15" in out
    assert "adopting body" not in out + err
    assert sorted(Resolution.objects.values_list("symbol", flat=True)) == [
        "A/HRC/RES/32/6",
        "A/RES/73/8",
    ]


@needs_pdfs
@pytest.mark.django_db
def test_web_upload_of_a_pdf_shows_the_text_read_beside_the_parse_and_imports_it(
    importer_client,
):
    path = pdf_named("A_RES_73_8-EN.pdf")
    response = upload(importer_client, path.name, path.read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{path.name} was read with the pypdfium2" in page and "Text read from the file" in page
    assert "Necessity of ending the economic, commercial and financial embargo" in page
    assert "R/F2" not in page and not Resolution.objects.exists()
    text = response.context["form"].cleaned_data["text"]
    confirmed = importer_client.post(
        "/import/", {"text": text, "file_name": path.name, "action": "confirm"}
    )
    assert confirmed.status_code == 302
    assert Resolution.objects.get().symbol == "A/RES/73/8"


@pytest.mark.django_db
def test_web_upload_of_a_format_without_a_reader_says_which_forms_are_read(importer_client):
    response = upload(importer_client, "resolution.rtf", b"{\\rtf1\\ansi Decides}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "resolution.rtf: this is a RTF (rich text) file, which the tracker does not read" in page
    assert not Resolution.objects.exists()


@pytest.mark.django_db
def test_web_upload_of_an_image_is_a_form_error(importer_client):
    response = upload(importer_client, "scan.txt", PNG)
    assert response.status_code == 400
    assert "scan.txt: this is a PNG image file" in response.content.decode()


def test_read_text_names_the_path(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(GIF)
    with pytest.raises(NotPlainText, match=rf"^{path}: this is a GIF image file"):
        read_text(path)


# Internal errors of the parser -------------------------------------------------------------


@pytest.fixture
def crashing_parser(monkeypatch):
    def crash(units):
        raise IndexError("list index out of range")

    monkeypatch.setattr(parsing.paragraphs, "build", crash)


def test_parse_resolution_reports_a_parser_bug(tmp_path, seed_text, crashing_parser):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("parse_resolution", str(path), stdout=io.StringIO())
    assert str(failed.value).startswith(
        f"{path}: internal error of the parser, please report it with this file"
    )


@pytest.mark.django_db
def test_import_resolutions_reports_a_parser_bug_per_file(tmp_path, seed_text, crashing_parser):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out, err, error = run_import(path)
    assert error is not None
    assert f"{path}: failed: internal error of the parser, please report it" in err
    assert "IndexError" in err and "Traceback" not in err


@pytest.mark.django_db
def test_web_import_reports_a_parser_bug_naming_the_file(
    importer_client, seed_text, crashing_parser
):
    response = upload(importer_client, "seed.txt", seed_text.encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "seed.txt: internal error of the parser, please report it" in page
    assert not Resolution.objects.exists()


def test_parse_json_is_still_printed_for_a_text(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_resolution", str(path), stdout=out)
    assert json.loads(out.getvalue())["symbol"] == "A/HRC/RES/32/6"


# XML-illegal characters --------------------------------------------------------------------

# Every code point a file or a form can carry (lone surrogates cannot be encoded, so they
# reach the tracker only through the parser's API, tested separately below).
ILLEGAL = ["\uffff", "\ufffe", "\x01", "\x0b", "\x1f"]
ANY_CHARACTERS = st.characters(codec="utf-8")


def any_text_with_an_illegal_character(max_size: int):
    # Arbitrary text around one XML-illegal character: among a million code points, chance
    # alone would seldom draw one of the five.
    around = st.text(ANY_CHARACTERS, max_size=max_size)
    return st.tuples(around, st.sampled_from(ILLEGAL), around).map("".join)


def well_formed(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, etree.XMLParser(recover=False, resolve_entities=False))


def seed_with_title_and_paragraph(seed_text: str, title: str, words: str) -> str:
    text = seed_text.replace(
        "32/6. Enhancement of international cooperation", f"32/6. Enhancement {title} of"
    )
    return text.replace("Reaffirms that the", f"Reaffirms {words} that the", 1)


def test_the_parser_leaves_no_xml_illegal_character(seed_text):
    words = "".join(ILLEGAL) + "\ud800 lone \udfff"
    parsed = parsing.parse(seed_with_title_and_paragraph(seed_text, "x\uffffy", words))
    texts = [parsed.title, *(p.text for p in parsed.all_paragraphs())]
    assert "xy" in parsed.title and "lone" in " ".join(texts)
    assert not any(character in text for text in texts for character in [*ILLEGAL, "\ud800"])


@pytest.mark.django_db
def test_an_xml_illegal_character_in_a_title_or_paragraph_keeps_feed_and_akn_well_formed(
    client, seed_text
):
    import_text(seed_with_title_and_paragraph(seed_text, "\uffff", "\ufffe\x01 end"))
    well_formed(client.get("/feeds/resolutions.atom").content)
    akn = well_formed(client.get("/resolutions/A/HRC/RES/32/6/akn.xml").content)
    assert "Enhancement" in "".join(akn.itertext())


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=any_text_with_an_illegal_character(10),
    words=any_text_with_an_illegal_character(20),
)
def test_any_unicode_through_import_feed_and_akn_stays_well_formed(client, seed_text, title, words):
    text = seed_with_title_and_paragraph(seed_text, title, words)
    try:
        parsed = parsing.parse(text)
        check_importable(parsed)
    except (parsing.ParseError, ImportRefused):
        return  # refused with a reason: nothing stored, nothing to export
    # Every example stores its own title under the seed's symbol: a confirmed replacement.
    import_parsed(parsed, text, replace=True)
    symbol = parsed.symbol
    well_formed(client.get("/feeds/resolutions.atom").content)
    response = client.get(f"/resolutions/{symbol}/akn.xml")
    assert response.status_code == 200
    well_formed(response.content)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=any_text_with_an_illegal_character(15))
def test_any_unicode_in_a_catalogue_title_keeps_the_feed_well_formed(client, title):
    row = (
        "record_id,symbol,title,statement,date,body,vote_type\n"
        f'1,A/HRC/RES/32/9,"{title.replace(chr(34), chr(34) * 2)} : resolution /",'
        "adopted by the Human Rights Council at its 32nd session,2016-06-30,"
        "Human Rights Council,ADOPTED WITHOUT VOTE\n"
    )
    try:
        records = read_catalogue_text(row)
    except CatalogueError:
        return
    import_catalogue(records)
    feed = well_formed(client.get("/feeds/resolutions.atom").content)
    assert feed.tag.endswith("feed")
    titles = Resolution.objects.values_list("title", flat=True)
    assert not any(character in t for t in titles for character in ILLEGAL)


# Lines the parser could not place ----------------------------------------------------------


@pytest.fixture
def stage_dropping_pp3(monkeypatch):
    """A paragraph stage with a bug that loses PP3: the safety net must show its line."""
    build = parsing.paragraphs.build

    def dropping(units):
        found, warnings = build(units)
        return [p for p in found if p.label != "PP3"], warnings

    monkeypatch.setattr(parsing.paragraphs, "build", dropping)


@pytest.mark.django_db
def test_import_preview_lists_the_unread_lines_as_a_labelled_warning(
    importer_client, seed_text, stage_dropping_pp3
):
    response = importer_client.post("/import/", {"text": seed_text, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    block = page[page.index('class="message error unread"') :]
    block = block[: block.index("</div>")]
    assert "1 line of the text was not placed in any paragraph" in block
    line = seed_text.split("\n").index(
        next(x for x in seed_text.split("\n") if x.startswith("Recalling also all"))
    )
    assert f"Line {line + 1}: Recalling also all decisions and resolutions" in block


@pytest.mark.django_db
def test_import_preview_has_no_unread_block_when_every_line_is_placed(importer_client, seed_text):
    response = importer_client.post("/import/", {"text": seed_text, "action": "preview"})
    assert response.status_code == 200 and "not placed" not in response.content.decode()


@pytest.mark.django_db
def test_import_resolutions_reports_unread_lines_as_warnings(
    tmp_path, seed_text, stage_dropping_pp3
):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out, err, error = run_import("--dry-run", path)
    assert error is None
    assert "\n  warning: line 21 not placed: Recalling also all decisions" in out


def test_parse_resolution_prints_the_unread_lines(tmp_path, seed_text, stage_dropping_pp3):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_resolution", str(path), stdout=out)
    unread = json.loads(out.getvalue())["unread"]
    assert [item["line"] for item in unread] == [21]
    assert unread[0]["text"].startswith("Recalling also all decisions and resolutions")


@pytest.mark.django_db
def test_a_nul_in_a_text_given_as_a_string_is_not_stored(seed_text):
    # Bytes with a NUL are refused as binary on upload; a string handed to the import (the
    # command line's decoded file, a fetched text) reaches the database, which on PostgreSQL
    # refuses NUL in any text column.
    text = seed_with_title_and_paragraph(seed_text, "\x00", "\x00 end")
    import_parsed(parsing.parse(text), text)
    stored = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    assert "\x00" not in stored.source_text and "Reaffirms  end" in stored.source_text
