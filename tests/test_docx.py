"""The Word (.docx) reader: Word's own numbering, footnotes, what a reader does not see, the
bounds of the zip, the budget's Word files and their mandates list, and damaged files.

Documents are built here by writing their XML (WordprocessingML, ECMA-376), so that each
test says what the file holds; the real files are read from the shared corpus.
"""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parsing import parse
from resolutions.sources.documents import READERS, SourceText, Unreadable, format_of, read_document
from resolutions.sources.docx import package as docx_package
from resolutions.sources.docx import read_blocks, read_docx
from resolutions.sources.docx.text import Reader
from resolutions.sources.mandates import read_mandates
from tests.conftest import SHARED_CORPUS

WORD_CORPUS = SHARED_CORPUS / "word"
BUDGET = SHARED_CORPUS / "docx" / "A_80_6_Sect.24.docx"
OTHER_BUDGET = SHARED_CORPUS / "docx" / "A_80_6_Sect.29.docx"
needs_word_corpus = pytest.mark.skipif(
    not (WORD_CORPUS / "texts").is_dir(), reason=f"no Word corpus at {WORD_CORPUS}"
)
needs_budget = pytest.mark.skipif(
    not BUDGET.is_file() or not OTHER_BUDGET.is_file(), reason=f"no budget .docx at {BUDGET.parent}"
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


# Building documents --------------------------------------------------------------------------


def package(
    body: str,
    *,
    numbering: str = "",
    footnotes: str = "",
    endnotes: str = "",
    styles: str = "",
    settings_xml: str = "",
    header: str = "",
    footer: str = "",
    extra: dict | None = None,
) -> bytes:
    """A .docx holding `body` (the XML inside <w:body>) and the parts given."""
    parts = {"word/document.xml": ("document", body)}
    related = {
        "numbering": numbering,
        "footnotes": footnotes,
        "endnotes": endnotes,
        "styles": styles,
        "settings": settings_xml,
        "header": header,
        "footer": footer,
    }
    roots = {kind: kind for kind in related} | {"header": "hdr", "footer": "ftr"}
    relationships = []
    for index, (kind, content) in enumerate(related.items()):
        if content:
            target = f"{kind}1.xml" if kind in ("header", "footer") else f"{kind}.xml"
            parts[f"word/{target}"] = (roots[kind], content)
            relationships.append(
                f'<Relationship Id="rId{index + 1}" Type="{R}/{kind}" Target="{target}"/>'
            )
    section = ""
    if header or footer:
        section = "<w:sectPr>"
        if header:
            section += '<w:headerReference w:type="default" r:id="rId6"/>'
        if footer:
            section += '<w:footerReference w:type="default" r:id="rId7"/>'
        section += "</w:sectPr>"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(relationships)
            + "</Relationships>"
        ),
    }
    for path, (root, content) in parts.items():
        inner = f"<w:body>{content}{section}</w:body>" if root == "document" else content
        files[path] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:{root} xmlns:w="{W}" xmlns:r="{R}">{inner}</w:{root}>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
        for path, content in (extra or {}).items():
            archive.writestr(path, content)
    return buffer.getvalue()


def runs(text: str, properties: str = "") -> str:
    """`text` as Word writes it: runs of a few words, tabs as <w:tab/>."""
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    pieces = re.findall(r"\t|[^\t]+", text)
    out = []
    for piece in pieces:
        if piece == "\t":
            out.append(f"<w:r>{rpr}<w:tab/></w:r>")
            continue
        # Word cuts runs where editing happened, mid-phrase: every few words here.
        words = re.findall(r"\S+\s*|\s+", piece)
        for start in range(0, len(words), 4):
            chunk = escape("".join(words[start : start + 4]))
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{chunk}</w:t></w:r>')
    return "".join(out)


def paragraph(content: str, *, num: str | None = None, ilvl: int = 0, style: str = "") -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        properties += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{content}</w:p>"


def level(ilvl: int, number_format: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{number_format}"/>'
        f'{extra}<w:lvlText w:val="{escape(text)}"/></w:lvl>'
    )


def abstract(key: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{key}">{extra}{"".join(levels)}</w:abstractNum>'


def instance(key: int, abstract_key: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{key}"><w:abstractNumId w:val="{abstract_key}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def text_of(data: bytes) -> list[str]:
    return read_docx(data, "test.docx").text.splitlines()


# A resolution as Word holds it: operative paragraphs and their sub-items in one list with
# automatic numbers, decimal "1." and lower-letter "(a)", everything else as typed.
OPERATIVE = re.compile(r"^([0-9]{1,3})\.\t(.*\S.*)$")
SUB_ITEM = re.compile(r"^\t\(([a-z])\1{0,2}\)\t(.*\S.*)$")
RESOLUTION_NUMBERING = abstract(
    0, level(0, "decimal", "%1."), level(1, "lowerLetter", "(%2)")
)  # fmt: skip
SYMBOL = re.compile(r"\b[0-9]{1,2}/[0-9]{1,3}\b")


def resolution_docx(text: str, *, footer: str = "", header: str = "") -> bytes:
    """The Word document of a resolution whose plain text is `text`, with the numbers of its
    operative paragraphs and sub-items made by Word's numbering, as the UN's files have them.

    Where the text's numbering does not go on as Word's would (a list of sub-items in the
    preamble after another, a new series), a new list instance restarts it at the text's
    number, as Word's "Restart numbering" and "Set numbering value" do.
    """
    body, instances = [], [instance(1, 0)]
    current = 1
    counts: dict[int, int] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        operative, sub_item = OPERATIVE.match(line), SUB_ITEM.match(line)
        if operative:
            ilvl, value, words = 0, int(operative.group(1)), operative.group(2)
        elif sub_item:
            letters = line.split("(")[1].split(")")[0]
            ilvl, words = 1, sub_item.group(2)
            value = (len(letters) - 1) * 26 + ord(letters[0]) - ord("a") + 1
        else:
            body.append(paragraph(_with_fields(line)))
            continue
        if counts.get(ilvl, 0) + 1 != value:
            current = len(instances) + 1
            instances.append(instance(current, 0, start_override(ilvl, value)))
        counts[ilvl] = value
        if ilvl == 0:
            counts.pop(1, None)
        body.append(paragraph(_with_fields(words), num=str(current), ilvl=ilvl))
    numbering = RESOLUTION_NUMBERING + "".join(instances)
    return package("".join(body), numbering=numbering, header=header, footer=footer)


def _with_fields(text: str) -> str:
    """`text`'s runs, each resolution number in it a hyperlink field as the UN's editors
    make them: the field's instruction is in the file but not on the page."""
    out, previous = [], 0
    for match in SYMBOL.finditer(text):
        out.append(runs(text[previous : match.start()]))
        out.append(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://undocs.org/A/RES/'
            f'{match.group()}" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"{runs(match.group())}"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
        previous = match.end()
    out.append(runs(text[previous:]))
    return "".join(out)


HEADER = paragraph(runs("A/HRC/RES/32/6")) + paragraph(runs("Distr.: General 11 July 2016"))
FOOTER = paragraph(
    runs("GE.16-12199(E)")
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def corpus_texts() -> list[Path]:
    if not (WORD_CORPUS / "texts").is_dir():
        return []
    return sorted((WORD_CORPUS / "texts").glob("*.txt"))


def numbered_texts() -> list[Path]:
    """The corpus texts with operative paragraphs and sub-items, all characters XML allows."""
    found = []
    for path in corpus_texts():
        text = path.read_text(encoding="utf-8")
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text):
            continue
        lines = text.splitlines()
        if any(OPERATIVE.match(line) for line in lines) and any(
            SUB_ITEM.match(line) for line in lines
        ):
            found.append(path)
    return found


def visible_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# Word's numbering, on the Word corpus --------------------------------------------------------


@needs_word_corpus
def test_a_word_corpus_text_built_with_automatic_numbering_reads_back_to_its_numbering():
    paths = numbered_texts()
    assert len(paths) > 300  # the corpus has 403; a change in it must not empty the test
    for path in paths[::4]:  # a hundred of them, a few seconds
        text = path.read_text(encoding="utf-8")
        data = resolution_docx(text, header=HEADER, footer=FOOTER)
        read = read_docx(data, path.name)
        assert visible_lines(read.text) == visible_lines(text), path.name


@needs_word_corpus
def test_the_numbers_come_from_numbering_xml_not_from_the_text():
    path = WORD_CORPUS / "texts" / "A_HRC_RES_32_11.txt"
    text = path.read_text(encoding="utf-8")
    data = resolution_docx(text)
    assert "1.\t" in read_docx(data, path.name).text
    lines = text_of(remove_member(data, "word/numbering.xml"))
    assert any(line.startswith("Commends the Special Rapporteur") for line in lines)
    assert not any(OPERATIVE.match(line) or SUB_ITEM.match(line) for line in lines)


@needs_word_corpus
@pytest.mark.parametrize(
    "name", ["A_HRC_RES_32_11", "A_HRC_RES_15_5", "A_RES_70_106", "S_RES_1197_1998", "E_RES_2016_2"]
)
def test_a_word_corpus_text_read_from_docx_parses_to_the_same_facts(name):
    path = WORD_CORPUS / "texts" / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    symbol = _expected_symbol(name)
    from_docx = parse(read_docx(resolution_docx(text, header=HEADER), path.name).text, symbol)
    from_text = parse(text, symbol)
    assert from_docx.to_dict() == from_text.to_dict()
    assert len(from_docx.all_paragraphs()) == len(from_text.all_paragraphs()) > 3


def _expected_symbol(name: str) -> str:
    expected = json.loads((WORD_CORPUS / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    return expected["symbol"]


# A resolution in the form Word's "Save as plain text" gives, for the tests that need no corpus.
WORD_TEXT = """Human Rights Council
Thirty-second session
Agenda item 3
Resolution adopted by the Human Rights Council on 30 June 2016
32/6
Enhancement of international cooperation in the field of human rights
The Human Rights Council,
Reaffirming its commitment to promoting international cooperation, as set forth in the Charter,
Recalling General Assembly resolution 70/1 of 25 September 2015,
Recognizing that the enhancement of international cooperation is essential:
\t(a)\tFor the promotion of all human rights;
\t(b)\tFor the realization of the purposes of the United Nations;
1.\tReaffirms that it is one of the purposes of the United Nations to achieve cooperation;
2.\tRequests the High Commissioner:
\t(a)\tTo submit a report on the implementation of the present resolution;
\t(b)\tTo consult States on ways to enhance cooperation;
3.\tCalls upon States to cooperate with the mechanisms of the Council;
4.\tDecides to continue its consideration of this question at its thirty-fifth session.
43rd meeting
30 June 2016
[Adopted without a vote.]
"""


def test_word_s_numbers_are_the_parser_s_paragraph_labels():
    parsed = parse(read_docx(resolution_docx(WORD_TEXT), "32-6.docx").text, "A/HRC/RES/32/6")
    assert parsed.to_dict() == parse(WORD_TEXT, "A/HRC/RES/32/6").to_dict()
    labels = [paragraph.label for paragraph in parsed.all_paragraphs()]
    assert labels == [
        "PP1", "PP2", "PP3", "PP3(a)", "PP3(b)", "OP1", "OP2", "OP2(a)", "OP2(b)", "OP3", "OP4"
    ]  # fmt: skip


# Word's numbering, rule by rule --------------------------------------------------------------


def numbered(numbering: str, *items: tuple[str, int, str], styles: str = "") -> list[str]:
    body = "".join(paragraph(runs(words), num=num, ilvl=ilvl) for num, ilvl, words in items)
    return text_of(package(body, numbering=numbering, styles=styles))


def test_level_text_and_start_give_the_budget_s_paragraph_numbers():
    numbering = abstract(0, level(0, "decimal", "24.%1", start=11)) + instance(1, 0)
    assert numbered(numbering, ("1", 0, "The list below"), ("1", 0, "Table 24.1")) == [
        "24.11\tThe list below",
        "24.12\tTable 24.1",
    ]


def test_levels_count_apart_and_restart_under_a_higher_level():
    numbering = abstract(
        0,
        level(0, "upperRoman", "%1."),
        level(1, "decimal", "%1.%2"),
        level(2, "lowerRoman", "(%3)"),
    ) + instance(1, 0)
    lines = numbered(
        numbering,
        ("1", 0, "Part"),
        ("1", 1, "first"),
        ("1", 2, "one"),
        ("1", 2, "two"),
        ("1", 1, "second"),
        ("1", 2, "again"),
        ("1", 0, "Part"),
        ("1", 1, "third"),
    )
    assert lines == [
        "I.\tPart",
        "\tI.1\tfirst",
        "\t\t(i)\tone",
        "\t\t(ii)\ttwo",
        "\tI.2\tsecond",
        "\t\t(i)\tagain",
        "II.\tPart",
        "\tII.1\tthird",
    ]


def test_instances_of_one_definition_continue_unless_one_overrides_the_start():
    numbering = (
        abstract(0, level(0, "decimal", "%1."))
        + instance(1, 0)
        + instance(2, 0)
        + instance(3, 0, start_override(0, 1))
    )
    lines = numbered(
        numbering, ("1", 0, "a"), ("1", 0, "b"), ("2", 0, "c"), ("3", 0, "d"), ("3", 0, "e"),
        ("1", 0, "f"),
    )  # fmt: skip
    assert lines == ["1.\ta", "2.\tb", "3.\tc", "1.\td", "2.\te", "3.\tf"]


def test_a_level_may_restart_never_or_only_after_a_higher_one():
    numbering = abstract(
        0,
        level(0, "decimal", "%1."),
        level(1, "decimal", "%1.%2"),
        level(2, "lowerLetter", "(%3)", extra='<w:lvlRestart w:val="0"/>'),
    ) + instance(1, 0)
    lines = numbered(
        numbering, ("1", 0, "x"), ("1", 2, "a"), ("1", 1, "y"), ("1", 2, "b"), ("1", 0, "z"),
        ("1", 2, "c"),
    )  # fmt: skip
    assert lines == ["1.\tx", "\t\t(a)\ta", "\t1.1\ty", "\t\t(b)\tb", "2.\tz", "\t\t(c)\tc"]


def test_legal_numbering_shows_the_higher_levels_as_decimals():
    numbering = abstract(
        0,
        level(0, "upperRoman", "Article %1."),
        level(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>"),
    ) + instance(1, 0)
    lines = numbered(numbering, ("1", 0, "Scope"), ("1", 1, "Terms"), ("1", 1, "More"))
    assert lines == ["Article I.\tScope", "\tSection 1.01\tTerms", "\tSection 1.02\tMore"]


def test_letters_go_past_z_as_word_writes_them_and_the_suffix_is_the_level_s():
    numbering = abstract(
        0, level(0, "lowerLetter", "(%1)", start=26, extra='<w:suff w:val="space"/>')
    ) + instance(1, 0)
    assert numbered(numbering, ("1", 0, "z"), ("1", 0, "aa"), ("1", 0, "bb")) == [
        "(z) z",
        "(aa) aa",
        "(bb) bb",
    ]


def test_numbering_set_in_a_paragraph_style_applies_and_num_id_zero_removes_it():
    styles = (
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    numbering = abstract(0, level(0, "upperLetter", "%1."), level(1, "decimal", "%2.")) + instance(
        1, 0
    )
    body = (
        paragraph(runs("Mandates"), style="Heading1")
        + paragraph(runs("Legislative mandates"), style="Heading2")
        + paragraph(runs("Deliverables"), style="Heading2")
        + paragraph("<w:r><w:t>Not numbered</w:t></w:r>", num="0", style="Heading1")
        + paragraph(runs("Programme"), style="Heading1")
    )
    assert text_of(package(body, numbering=numbering, styles=styles)) == [
        "A.\tMandates",
        "\t1.\tLegislative mandates",
        "\t2.\tDeliverables",
        "Not numbered",
        "B.\tProgramme",
    ]


def test_a_numbering_style_link_uses_the_definition_that_owns_the_style():
    styles = (
        '<w:style w:type="numbering" w:styleId="UNList"><w:pPr><w:numPr><w:numId w:val="2"/>'
        "</w:numPr></w:pPr></w:style>"
    )
    numbering = (
        abstract(0, level(0, "decimal", "%1)"), extra='<w:numStyleLink w:val="UNList"/>')
        + abstract(1, level(0, "lowerRoman", "%1."), extra='<w:styleLink w:val="UNList"/>')
        + instance(1, 0)
        + instance(2, 1)
    )
    assert numbered(numbering, ("1", 0, "one"), ("2", 0, "two"), styles=styles) == [
        "i.\tone",
        "ii.\ttwo",
    ]


def test_bullets_print_as_bullets_and_an_empty_level_text_prints_nothing():
    numbering = abstract(0, level(0, "bullet", "\uf0b7"), level(1, "none", "")) + instance(1, 0)
    assert numbered(numbering, ("1", 0, "point"), ("1", 1, "plain")) == ["\u2022\tpoint", "plain"]


def test_an_empty_numbered_paragraph_counts_but_prints_nothing():
    numbering = abstract(0, level(0, "decimal", "%1.")) + instance(1, 0)
    body = (
        paragraph(runs("one"), num="1") + paragraph("", num="1") + paragraph(runs("three"), num="1")
    )
    assert text_of(package(body, numbering=numbering)) == ["1.\tone", "3.\tthree"]


# Footnotes and endnotes ----------------------------------------------------------------------


def footnote(key: int, text: str, tag: str = "footnote") -> str:
    mark = "footnoteRef" if tag == "footnote" else "endnoteRef"
    return f'<w:{tag} w:id="{key}"><w:p><w:r><w:{mark}/></w:r>{runs(" " + text)}</w:p></w:{tag}>'


def reference(key: int, tag: str = "footnoteReference", custom: bool = False) -> str:
    attribute = ' w:customMarkFollows="1"' if custom else ""
    return (
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{tag} w:id="{key}"{attribute}/></w:r>'
    )


SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
)


def test_footnotes_are_markers_in_the_text_and_definitions_at_its_end():
    body = paragraph(runs("Recalling its resolution 10/26,") + reference(2)) + paragraph(
        runs("Requests a report;") + reference(3) + runs(" and decides")
    )
    footnotes = SEPARATORS + footnote(2, "A/HRC/10/26.") + footnote(3, "See A/HRC/15/26.")
    assert text_of(package(body, footnotes=footnotes)) == [
        "Recalling its resolution 10/26,¹",
        "Requests a report;² and decides",
        "¹ A/HRC/10/26.",
        "² See A/HRC/15/26.",
    ]


def test_footnote_numbers_start_where_the_document_says():
    settings_xml = '<w:footnotePr><w:numStart w:val="56"/></w:footnotePr>'
    body = paragraph(runs("Having considered the report,") + reference(1))
    footnotes = SEPARATORS + footnote(1, "A/47/286.")
    assert text_of(package(body, footnotes=footnotes, settings_xml=settings_xml)) == [
        "Having considered the report,⁵⁶",
        "⁵⁶ A/47/286.",
    ]


def test_endnotes_are_numbered_after_the_footnotes_and_a_custom_mark_is_kept():
    body = (
        paragraph(runs("Resolution adopted by the Human Rights Council") + reference(5, custom=True)
                  + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>*</w:t></w:r>')
        + paragraph(runs("Noting the report,") + reference(1, "endnoteReference"))
        + paragraph(runs("Recalling the Charter,") + reference(2))
    )  # fmt: skip
    footnotes = SEPARATORS + footnote(2, "Charter.") + footnote(5, "Adopted at the 43rd meeting.")
    endnotes = footnote(1, "A/HRC/32/1.", "endnote")
    read = read_docx(package(body, footnotes=footnotes, endnotes=endnotes), "notes.docx")
    assert read.text.splitlines() == [
        "Resolution adopted by the Human Rights Council*",
        "Noting the report,²",
        "Recalling the Charter,¹",
        "¹ Charter.",
        "² A/HRC/32/1.",
        "* Adopted at the 43rd meeting.",
    ]
    assert any("endnotes are numbered after the footnotes, from 2" in w for w in read.warnings)


def test_the_parser_attaches_word_footnotes_to_their_paragraphs():
    data = resolution_docx(WORD_TEXT)
    # Give the first preambular paragraph and the third operative one a Word footnote each.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = members["word/document.xml"].decode()
    preamble = document.index("</w:p>", document.index("The Human Rights Council,")) + 6
    first = document.index("</w:p>", preamble)
    document = document[:first] + reference(7) + document[first:]
    end = document.index("</w:p>", document.index("Calls upon"))
    document = document[:end] + reference(8) + document[end:]
    members["word/document.xml"] = document.encode()
    members["word/footnotes.xml"] = (
        f'<w:footnotes xmlns:w="{W}">{SEPARATORS}{footnote(7, "A/HRC/24/56.")}'
        f"{footnote(8, 'See General Assembly resolution 60/251.')}</w:footnotes>"
    ).encode()
    relationship = f'<Relationship Id="rId99" Type="{R}/footnotes" Target="footnotes.xml"/>'
    rels = members["word/_rels/document.xml.rels"].decode()
    end = "</Relationships>"
    members["word/_rels/document.xml.rels"] = rels.replace(end, relationship + end).encode()
    parsed = parse(read_docx(rezip(members), "seed.docx").text, "A/HRC/RES/32/6")
    assert [(f.number, f.paragraph, f.text) for f in parsed.footnotes] == [
        (1, "PP1", "A/HRC/24/56."),
        (2, "OP3", "See General Assembly resolution 60/251."),
    ]
    assert parsed.unread == []


# What a reader does not see -------------------------------------------------------------------


def test_headers_footers_deletions_hidden_text_and_field_codes_are_left_out():
    body = (
        paragraph(
            runs("Decides to ")
            + '<w:del w:id="1" w:author="x"><w:r><w:delText>postpone</w:delText></w:r></w:del>'
            + '<w:ins w:id="2" w:author="x">' + runs("continue") + "</w:ins>"
            + runs(" the hidden", "<w:vanish/>")
            + runs(" mandate")
        )
        + paragraph(_with_fields("Recalling resolution 32/6,"))
    )  # fmt: skip
    read = read_docx(package(body, header=HEADER, footer=FOOTER), "changes.docx")
    assert read.text.splitlines() == ["Decides to continue mandate", "Recalling resolution 32/6,"]
    assert "HYPERLINK" not in read.text and "GE.16-12199" not in read.text
    assert any("tracked changes" in warning for warning in read.warnings)


def test_breaks_hyphens_symbols_and_superscripts_read_as_printed():
    body = paragraph(
        runs("Agenda item 3")
        + "<w:r><w:br/></w:r>"
        + runs("Promotion of all human rights, seventy")
        + "<w:r><w:noBreakHyphen/><w:t>fourth</w:t><w:softHyphen/><w:t>session</w:t></w:r>"
        + '<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Arial" w:char="2014"/>'
        + '<w:sym w:font="Arial" w:char="D800"/></w:r>'
        + runs("m")
        + runs("2", '<w:vertAlign w:val="superscript"/>')
    )
    assert text_of(package(body)) == [
        "Agenda item 3",
        "Promotion of all human rights, seventy-fourthsession—m²",
    ]


def test_a_table_reads_one_row_a_line_and_keeps_its_cells_apart():
    row = (
        "<w:tr><w:tc>" + paragraph(runs("57/300; 58/269")) + "</w:tc><w:tc>"
        + paragraph(runs("Strengthening of the United Nations:"))
        + paragraph(runs("an agenda for further change")) + "</w:tc></w:tr>"
    )  # fmt: skip
    body = paragraph(runs("General Assembly resolutions")) + f"<w:tbl>{row}</w:tbl>"
    document = read_blocks(package(body), "table.docx")
    assert [block.text for block in document.blocks] == [
        "General Assembly resolutions",
        "57/300; 58/269\tStrengthening of the United Nations: an agenda for further change",
    ]
    assert document.blocks[1].cells == (
        "57/300; 58/269",
        "Strengthening of the United Nations:\nan agenda for further change",
    )


def test_content_controls_are_read_and_text_boxes_are_left_out_with_a_warning():
    text_box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        f"{paragraph(runs('Executive Office'))}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{paragraph(runs('Executive Office'))}"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + paragraph(runs("Human Rights Council"))
        + "</w:sdtContent></w:sdt>" + paragraph(runs("Chart") + text_box)
    )  # fmt: skip
    read = read_docx(package(body), "boxes.docx")
    assert read.text.splitlines() == ["Human Rights Council", "Chart"]
    assert read.warnings == [
        "1 text box left out: Word keeps them outside the text's flow; copy any text they hold "
        "that belongs to the resolution"
    ]


def test_content_nested_past_the_bound_is_left_out_with_a_warning_or_refused():
    deep = "<w:sdt><w:sdtContent>" * 45 + paragraph(runs("deep")) + "</w:sdtContent></w:sdt>" * 45
    read = read_docx(package(paragraph(runs("shallow")) + deep), "deep.docx")
    assert read.text == "shallow\n"
    assert read.warnings == [
        "content nested more than 40 levels deep (tables in tables) was left out"
    ]
    with pytest.raises(Unreadable, match="nested more than 40 levels deep"):
        read_docx(package(deep), "deep.docx")


def test_a_strict_open_xml_document_reads_like_a_transitional_one():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = package(paragraph(runs("The Human Rights Council,")))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(W.encode(), strict.encode())
    assert text_of(rezip(members)) == ["The Human Rights Council,"]


# The entry point, and files that cannot be read ---------------------------------------------


def test_read_document_tells_a_docx_by_its_bytes_and_reads_it():
    data = package(paragraph(runs("The General Assembly,")))
    assert READERS["docx"] is read_docx and format_of(data) == "docx"
    source = read_document(data, "resolution.txt")
    assert isinstance(source, SourceText)
    assert (source.format, source.text, source.pages) == ("docx", "The General Assembly,\n", None)
    assert source.reader.startswith("Word (.docx) reader, lxml ")


def test_a_document_without_text_is_refused_with_what_to_do():
    with pytest.raises(Unreadable, match="holds no text") as refused:
        read_docx(package(paragraph("")), "scan.docx")
    assert refused.value.name == "scan.docx" and refused.value.format == "Word (.docx)"


def test_a_zip_that_is_no_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/notes.txt", "not a document")
    with pytest.raises(Unreadable, match="no main document part"):
        read_docx(buffer.getvalue(), "notes.docx")


def test_too_many_members_are_refused_before_anything_is_read(monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_MEMBERS", 5)
    data = package(paragraph(runs("x")), extra={f"word/media/image{i}.png": b"" for i in range(5)})
    with pytest.raises(Unreadable, match=r"holds 9 parts, more than the 5"):
        read_docx(data, "many.docx")


def test_a_declared_size_over_the_bound_is_refused_before_decompressing():
    data = package(paragraph(runs("x")), extra={"word/media/image1.png": b"\x00" * 10})
    # Make the directory claim 3 GB for the image: nothing is decompressed to find out.
    patched = declare_size(data, "word/media/image1.png", 3 * 2**30)
    with pytest.raises(Unreadable, match=r"unpacks to 3,072 MB, more than the 512 MB"):
        read_docx(patched, "bomb.docx")


def test_a_part_that_unpacks_past_its_bound_is_refused(monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_PART", 1000)
    data = package(paragraph(runs("word " * 1000)))
    with pytest.raises(Unreadable, match="word/document.xml unpacks to"):
        read_docx(data, "big.docx")


def test_a_part_larger_than_its_declared_size_is_damaged_not_read_to_the_end():
    data = package(paragraph(runs("word " * 1000)))
    with pytest.raises(Unreadable, match="document.xml is damaged"):
        read_docx(declare_size(data, "word/document.xml", 100), "liar.docx")


def test_truncated_and_encrypted_packages_are_refused_clearly():
    data = package(paragraph(runs("The General Assembly,")))
    with pytest.raises(Unreadable, match="not a readable zip archive"):
        read_docx(data[: len(data) // 2], "cut.docx")
    with pytest.raises(Unreadable, match="not well-formed XML"):
        read_docx(replace_member(data, "word/document.xml", b"<w:document"), "bad.docx")


def test_a_bug_in_the_reader_is_not_a_refusal(monkeypatch):
    # The fuzz tests below accept Unreadable: were a crash turned into one they could never
    # fail. A crash in the walk must come out as itself.
    def crash(self, element):
        raise IndexError("list index out of range")

    monkeypatch.setattr(Reader, "paragraph", crash)
    with pytest.raises(IndexError):
        read_docx(package(paragraph(runs("x"))), "x.docx")


def test_the_readers_import_nothing_from_django():
    code = (
        "import sys, resolutions.sources.docx, resolutions.sources.html, "
        "resolutions.sources.mandates, resolutions.sources.documents; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert result.stdout.strip() == "[]"


# The budget's Word files ---------------------------------------------------------------------


@needs_budget
def test_the_budget_section_reads_with_word_s_numbers_and_without_its_furniture():
    source = read_docx(BUDGET.read_bytes(), BUDGET.name)
    lines = source.text.splitlines()
    # Typed numbers as they stand, and those Word's numbering makes: part I, its A and B,
    # part II starting at 2 in a list of its own, the annexes counted anew.
    assert (
        "\t24.11\tThe list below, which was reviewed in the preparation of the proposed "
        "programme budget, provides all mandates entrusted to the programme. " in lines
    )
    assert "I.\t\tOffice of the United Nations High Commissioner for Human Rights\t\t3" in lines
    assert "\tA.\tProposed programme plan for 2026 and programme performance in 2024" in lines
    assert "II.\t\tCommittee on Missing Persons in Cyprus***\t\t71" in lines
    assert "IV.\t\tPact for the Future (General Assembly resolution 79/1)\t\t98" in lines
    assert (
        "47/135\tDeclaration on the Rights of Persons Belonging to National or Ethnic, "
        "Religious and Linguistic Minorities" in lines
    )
    # The first page's header and the footers: symbol, job number, barcode.
    assert "25-05856" not in source.text and "*2505856*" not in source.text
    assert "HYPERLINK" not in source.text
    assert source.pages == 100


@needs_budget
def test_the_budget_section_s_legislative_mandates():
    found = read_mandates(BUDGET.read_bytes(), BUDGET.name)
    # 553 rows naming 892 texts, one of them a slip of the document ("44/1553/3": the
    # semicolon of "44/15; 53/3" lost), counted by hand from the list.
    assert len(found.mandates) == 891 and len(found.symbols()) == 852
    assert found.unread == ["Human Rights Council resolutions and decisions: 44/1553/3"]
    by_symbol = {}
    for mandate in found.mandates:
        by_symbol.setdefault(mandate.symbol, mandate)
    first = found.mandates[0]
    assert (first.symbol, first.title, first.heading, first.part) == (
        "A/RES/47/135",
        "Declaration on the Rights of Persons Belonging to National or Ethnic, Religious and "
        "Linguistic Minorities",
        "General Assembly resolutions",
        "",
    )
    assert by_symbol["S/RES/2282 (2016)"].heading == "Security Council resolutions"
    assert by_symbol["A/HRC/DEC/2/102"].written == "Decision 2/102"
    assert by_symbol["A/HRC/RES/S-7/1"].heading == "Human Rights Council resolutions and decisions"
    assert (
        by_symbol["A/RES/58/269"].title == "Strengthening of the United Nations: an agenda for "
        "further change"
    )
    assert by_symbol["E/RES/2007/33"].part == (
        "Subprogramme 1: Human rights mainstreaming, right to development, and research and "
        "analysis"
    )
    assert by_symbol["A/HRC/PRST/OS/12/1"].heading == (
        "President\u2019s statements agreed upon by the Human Rights Council"
    )
    assert by_symbol["A/RES/2200 (XXI)"].written == "2200 A (XXI)"
    assert by_symbol["A/RES/59/113/A-B"].written == "59/113 A and B"
    assert by_symbol["A/HRC/RES/27/31/Corr.1"].part.startswith("Subprogramme 1")
    assert by_symbol["E/CN.4/RES/1993/2A"].heading == "Commission on Human Rights resolution"
    parts = {mandate.part.split(":")[0] for mandate in found.mandates}
    assert parts == {"", "Subprogramme 1", "Subprogramme 2", "Subprogramme 3", "Subprogramme 4"}


@needs_budget
def test_a_budget_section_without_a_mandates_list_has_none():
    found = read_mandates(OTHER_BUDGET.read_bytes(), OTHER_BUDGET.name)
    assert found.mandates == [] and found.unread == []
    assert "29.1\t" in read_docx(OTHER_BUDGET.read_bytes(), OTHER_BUDGET.name).text


# Damaged files, fuzzed ----------------------------------------------------------------------


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def remove_member(data: bytes, name: str) -> bytes:
    members = members_of(data)
    del members[name]
    return rezip(members)


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    members = members_of(data)
    members[name] = content
    return rezip(members)


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """`data` with the central directory declaring `size` uncompressed bytes for `name`."""
    raw = bytearray(data)
    offset = raw.find(b"PK\x01\x02")
    while offset != -1:
        name_length = int.from_bytes(raw[offset + 28 : offset + 30], "little")
        if raw[offset + 46 : offset + 46 + name_length].decode() == name:
            raw[offset + 24 : offset + 28] = min(size, 2**32 - 1).to_bytes(4, "little")
            return bytes(raw)
        offset = raw.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(f"{name} is not in the archive")


def reads_or_is_refused(data: bytes) -> None:
    try:
        source = read_docx(data, "fuzzed.docx")
    except Unreadable as refused:
        assert refused.name == "fuzzed.docx" and refused.reason
        return
    assert isinstance(source, SourceText) and source.text.strip()
    source.text.encode("utf-8")  # no lone surrogate, which no database would store


FUZZ_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SEED_DOCX = resolution_docx(WORD_TEXT, header=HEADER, footer=FOOTER)


@FUZZ_SETTINGS
@given(st.data())
def test_a_mutated_word_file_reads_or_is_refused(data):
    members = members_of(SEED_DOCX)
    mutation = data.draw(st.sampled_from(["truncate", "flip", "remove", "xml"]))
    if mutation == "truncate":
        cut = SEED_DOCX[: data.draw(st.integers(0, len(SEED_DOCX) - 1))]
        reads_or_is_refused(cut)
    elif mutation == "flip":
        raw = bytearray(SEED_DOCX)
        for offset in data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=8)):
            raw[offset] ^= data.draw(st.integers(1, 255))
        reads_or_is_refused(bytes(raw))
    elif mutation == "remove":
        name = data.draw(st.sampled_from(sorted(members)))
        del members[name]
        reads_or_is_refused(rezip(members))
    else:
        # Inside a part, where the reader's own code runs: bytes flipped, cut or deleted.
        name = data.draw(st.sampled_from(sorted(members)))
        content = bytearray(members[name])
        start = data.draw(st.integers(0, len(content)))
        end = data.draw(st.integers(start, min(len(content), start + 200)))
        replacement = data.draw(st.binary(max_size=20) | st.sampled_from([b"", b"<", b'"', b"/>"]))
        members[name] = bytes(content[:start]) + replacement + bytes(content[end:])
        reads_or_is_refused(rezip(members))


# Random WordprocessingML: elements the reader knows, nested anyhow, with values of any kind.
_ELEMENTS = (
    "p r t tab br tbl tr tc sdt sdtContent hyperlink ins del fldChar instrText fldSimple "
    "footnoteReference endnoteReference numPr ilvl numId pPr pStyle rPr vanish vertAlign sym "
    "customXml smartTag noBreakHyphen"
).split()
_VALUES = st.sampled_from(
    "0 1 -1 8 9 99999999999 x superscript begin separate end F0B7 2014 D800 Heading1".split() + [""]
)


def _element(children):
    return st.builds(
        lambda tag, value, key, text, kids: (
            f'<w:{tag} w:val="{value}" w:id="{key}" w:fldCharType="{value}" w:char="{value}">'
            f"{escape(text)}{''.join(kids)}</w:{tag}>"
        ),
        st.sampled_from(_ELEMENTS),
        _VALUES,
        _VALUES,
        st.text(max_size=8),
        st.lists(children, max_size=4),
    )


_TREES = st.recursive(st.just(""), _element, max_leaves=30)
_LEVELS = st.builds(
    lambda ilvl, start, number_format, text: level(ilvl, number_format, text, start),
    st.integers(-2, 10),
    st.integers(-5, 40000),
    st.sampled_from(["decimal", "lowerLetter", "upperRoman", "bullet", "none", "ordinal", "x"]),
    st.text(alphabet="%123456789.()", max_size=6),
)


@FUZZ_SETTINGS
@given(st.lists(_TREES, min_size=1, max_size=6), st.lists(_LEVELS, max_size=5), st.text())
def test_random_wordml_reads_or_is_refused(trees, levels, words):
    numbering = abstract(0, *levels) + instance(1, 0) + instance(2, 0, start_override(0, 3))
    body = "".join(trees) + paragraph(runs(words or "x"), num="1") + paragraph(runs("y"), num="2")
    footnotes = SEPARATORS + footnote(1, words) + footnote(-1, "")
    reads_or_is_refused(package(body, numbering=numbering, footnotes=footnotes))
