"""The web page reader: a resolution saved as .html or copied from a browser, read one line a
block with the page's furniture dropped; and how a web page is told from a plain text."""

import re
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parsing import parse
from resolutions.sources.documents import READERS, SourceText, Unreadable, format_of, read_document
from resolutions.sources.html import looks_like_html, read_html
from tests.conftest import SEED, SHARED_CORPUS
from tests.test_docx import WORD_TEXT

WORD_CORPUS = SHARED_CORPUS / "word" / "texts"
needs_word_corpus = pytest.mark.skipif(
    not WORD_CORPUS.is_dir(), reason=f"no Word corpus at {WORD_CORPUS}"
)

OPERATIVE = re.compile(r"^([0-9]{1,3})\.\t(.*)$")
SUB_ITEM = re.compile(r"^\t\(([a-z]{1,3})\)\t(.*)$")


def web_page(text: str, *, encoding: str = "utf-8") -> str:
    """The page of an official document site showing the resolution `text`: a menu, a search
    form, scripts and styles, a cookie banner, the text one paragraph a <p> in an article
    with its own header, and the site's footer."""
    paragraphs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        words = escape(line).replace("\t", "&#9;").replace("\u00a0", "&nbsp;")
        words = words.replace("\u2019", "&rsquo;").replace("\u201c", "&#8220;")
        paragraphs.append(f"<p>{words}</p>")
    first, rest = paragraphs[0], "\n".join(paragraphs[1:])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{encoding}"><title>Official Document System</title>
<style>p {{ margin: 0 }}</style><script>window.dataLayer = [];</script></head>
<body>
<header class="site"><a href="/">United Nations</a> <a href="/search">Search</a></header>
<nav><ul><li><a href="/en">English</a></li><li><a href="/fr">Français</a></li></ul></nav>
<div role="banner">Welcome to the United Nations</div>
<form action="/search"><input name="q"><button>Search</button></form>
<main><article><header>{first}</header>
{rest}
</article></main>
<div hidden>Loading...</div><div style="display: none">Cookie settings</div>
<footer><p>Copyright United Nations</p></footer>
<script>track();</script>
</body></html>"""


def read(page: str) -> list[str]:
    return read_html(page.encode(), "page.html").text.splitlines()


def lines_of(text: str) -> list[str]:
    # Tabs inside a paragraph are white space to a browser: one space (a no-break space is not).
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines() if line.strip()]


def test_a_resolution_page_reads_to_its_text_without_the_site_around_it():
    source = read_html(web_page(WORD_TEXT).encode(), "32-6.html")
    assert source.text.splitlines() == lines_of(WORD_TEXT)
    for furniture in ("United Nations\n", "English", "Search", "Welcome", "Loading", "Cookie",
                      "Copyright", "window.dataLayer", "track()", "margin"):  # fmt: skip
        assert furniture not in source.text
    assert (source.format, source.pages, source.warnings) == ("html", None, [])
    assert source.reader.startswith("HTML reader, lxml ")


def test_a_resolution_page_parses_to_the_same_facts_as_the_plain_text():
    from_page = parse(read_html(web_page(WORD_TEXT).encode(), "32-6.html").text, "A/HRC/RES/32/6")
    from_text = parse(WORD_TEXT, "A/HRC/RES/32/6")
    assert from_page.to_dict() == from_text.to_dict()
    assert [p.label for p in from_page.all_paragraphs()][-3:] == ["OP2(b)", "OP3", "OP4"]


@needs_word_corpus
@pytest.mark.parametrize("name", ["A_HRC_RES_32_11", "A_RES_70_106", "S_RES_1197_1998"])
def test_a_word_corpus_text_as_a_web_page_reads_to_its_lines(name):
    text = (WORD_CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    assert read(web_page(text)) == lines_of(text)


def test_entities_are_decoded_and_white_space_is_laid_out_as_a_browser_does():
    page = (
        "<html><body><p>Recalling\n   resolution&nbsp;70/1 &amp; 70/2 &ldquo;Transforming"
        " our world&rdquo;&#44; <b>decides</b><i> to</i>\tact</p></body></html>"
    )
    assert read(page) == [
        "Recalling resolution\u00a070/1 & 70/2 \u201cTransforming our world\u201d, decides to act"
    ]


def test_blocks_break_lines_and_inline_elements_do_not():
    page = (
        "<body><div>Human Rights Council<br>Thirty-second session</div>"
        "<h2>Resolution <span>32/6</span></h2><div><div>The Human Rights Council,</div>"
        "Recalling its resolutions,</div><blockquote>Quoted</blockquote>"
        "<pre>1.\tRequests\n\t(a)\tTo report</pre></body>"
    )
    assert read(page) == [
        "Human Rights Council",
        "Thirty-second session",
        "Resolution 32/6",
        "The Human Rights Council,",
        "Recalling its resolutions,",
        "Quoted",
        "1.\tRequests",
        "\t(a)\tTo report",
    ]


def test_ordered_lists_print_the_numbers_a_browser_shows():
    page = (
        '<ol><li>Requests the High Commissioner:<ol type="a"><li>To report;</li>'
        "<li><p>To consult;</p></li></ol></li><li>Decides to continue.</li></ol>"
        '<ol start="5"><li>Five</li><li value="9">Nine</li><li>Ten</li></ol>'
        '<ol type="I"><li>Part</li></ol><ul><li>point</li></ul>'
    )
    assert read(f"<body>{page}</body>") == [
        "1.\tRequests the High Commissioner:",
        "\ta.\tTo report;",
        "\tb.\tTo consult;",
        "2.\tDecides to continue.",
        "5.\tFive",
        "9.\tNine",
        "10.\tTen",
        "I.\tPart",
        "\u2022\tpoint",
    ]


def test_a_table_row_is_one_line_with_its_cells_apart():
    page = (
        "<table><thead><tr><th>Resolution</th><th>Title</th></tr></thead><tbody>"
        "<tr><td>47/135</td><td><p>Declaration on the Rights</p><p>of Minorities</p></td></tr>"
        "<tr style='display:none'><td>hidden</td></tr></tbody></table>"
    )
    assert read(f"<body>{page}</body>") == [
        "Resolution\tTitle",
        "47/135\tDeclaration on the Rights of Minorities",
    ]


def test_footnotes_become_superscript_markers_and_definitions():
    # The form mammoth and many sites write: a marker linking to a list of notes, each with a
    # link back; and a plain <sup> number.
    page = (
        "<body><p>Recalling its resolution 10/26,"
        '<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p>'
        "<p>1.\tRequests a report;<sup>2</sup></p>"
        '<ol><li id="footnote-1"><p> A/HRC/10/26. <a href="#footnote-ref-1">\u2191</a></p></li>'
        "</ol>"
        "<p><sup>2</sup> See A/HRC/15/26.</p></body>"
    )
    assert read(page) == [
        "Recalling its resolution 10/26,\u00b9",
        "1. Requests a report;\u00b2",
        "\u00b9 A/HRC/10/26.",
        "\u00b2 See A/HRC/15/26.",
    ]


def test_the_parser_attaches_a_web_page_s_footnotes_to_their_paragraphs():
    text = WORD_TEXT.replace("Charter,", 'Charter,<sup><a href="#fn1">1</a></sup>')
    page = (
        web_page(text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace(
            "</article>", '<section class="notes"><p id="fn1">A/RES/60/251.</p></section></article>'
        )
    )
    parsed = parse(read_html(page.encode(), "page.html").text, "A/HRC/RES/32/6")
    assert [(f.number, f.paragraph, f.text) for f in parsed.footnotes] == [
        (1, "PP1", "A/RES/60/251.")
    ]


def test_encodings_follow_the_byte_order_mark_then_the_page_s_declaration():
    page = "<html><body><p>Côte d’Ivoire</p></body></html>"
    assert read_html(page.encode("utf-16"), "p.html").text == "Côte d’Ivoire\n"
    declared = page.replace("<body>", '<head><meta charset="windows-1252"></head><body>')
    assert read_html(declared.encode("cp1252"), "p.html").text == "Côte d’Ivoire\n"
    latin = page.replace("<body>", '<meta http-equiv="Content-Type" content="text/html; '
                         'charset=iso-8859-1"><body>')  # fmt: skip
    # Browsers read Latin-1 pages as Windows-1252, whose curly quote Latin-1 lacks.
    assert read_html(latin.encode("cp1252"), "p.html").text == "Côte d’Ivoire\n"
    assert read_html(page.encode("cp1252"), "p.html").text == "Côte d’Ivoire\n"


@pytest.mark.parametrize("label", ["utf-16", "UTF-32", "rot13", "base64", "undefined", "idna", "x"])
def test_a_declared_encoding_that_cannot_be_the_page_s_is_passed_over(label):
    page = f'<meta charset="{label}"><p>Côte d’Ivoire</p>'
    assert read_html(page.encode(), "p.html").text == "Côte d’Ivoire\n"


def test_an_xhtml_file_with_its_xml_declaration_reads():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        ' Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>The General Assembly,</p>'
        "</body></html>"
    )
    assert format_of(page.encode()) == "html"
    assert read(page) == ["The General Assembly,"]


def test_content_nested_past_the_bound_is_left_out_with_a_warning_or_refused():
    deep = "<div>" * 220 + "deep" + "</div>" * 220
    read = read_html(f"<body><p>shallow</p>{deep}</body>".encode(), "deep.html")
    assert read.text == "shallow\n"
    assert read.warnings == ["content nested more than 200 elements deep was left out"]
    with pytest.raises(Unreadable, match="nested more than 200 elements deep"):
        read_html(deep.encode(), "deep.html")


def test_a_page_without_text_is_refused_with_what_to_do():
    for page in (b"", b"<html><head><title>x</title></head><body><script>x()</script></body>"):
        with pytest.raises(Unreadable, match="the web page holds no text") as refused:
            read_html(page, "empty.html")
        assert refused.value.format == "HTML" and refused.value.name == "empty.html"


# Telling a web page from a plain text ------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\ufeff  <!doctype HTML>\n<title>x</title>",
        "<html lang='en'><p>x",
        "<!-- saved from url=(0042)https://undocs.org/ -->\n<html><body>x</body></html>",
        "<p>Human Rights Council</p>\n<p>The Human Rights Council,</p>",
        '<div class="resolution"><h1>32/6</h1><p>Recalling</p></div>',
        '<meta charset="utf-8"><p>The General Assembly,</p>',
    ],
)
def test_a_page_is_told_by_how_it_starts(start):
    assert looks_like_html(start.encode()) and format_of(start.encode()) == "html"


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        SEED.read_text(encoding="utf-8").replace("Recalling", "Recalling <p> and </p>", 1),
        "<p> is the tag of a paragraph, and this line is a plain text about it.\nThe end.",
        "The Human Rights Council,\n<html> appears here in the middle of a text.</html>",
        "<Adopted without a vote>\n32/6. Enhancement",
        "",
    ],
)
def test_a_plain_text_that_mentions_tags_stays_a_plain_text(text):
    assert not looks_like_html(text.encode()) and format_of(text.encode()) == "text"


def test_read_document_reads_a_page_with_the_html_reader():
    page = web_page(WORD_TEXT).encode()
    assert READERS["html"] is read_html
    source = read_document(page, "resolution.txt")
    assert isinstance(source, SourceText) and source.format == "html"
    assert source.text.splitlines() == lines_of(WORD_TEXT)
    plain = read_document(WORD_TEXT.encode(), "resolution.txt")
    assert plain.format == "text" and plain.text == WORD_TEXT


# Any page, fuzzed --------------------------------------------------------------------------


def reads_or_is_refused(data: bytes) -> None:
    try:
        source = read_html(data, "fuzzed.html")
    except Unreadable as refused:
        assert refused.name == "fuzzed.html" and "no text" in refused.reason
        return
    assert source.text.strip() and source.text.endswith("\n")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", source.text)
    source.text.encode("utf-8")  # no lone surrogate, which no database would store


FUZZ_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PAGE = web_page(WORD_TEXT).encode()
_TAGS = st.sampled_from(
    "p div li ol ul tr td th table sup a br pre header footer nav script style article section "
    "span h1 form b".split()
)
_MARKUP = st.lists(
    st.one_of(
        st.builds(lambda tag: f"<{tag}>", _TAGS),
        st.builds(lambda tag: f"</{tag}>", _TAGS),
        st.sampled_from(['<a href="#n1">1</a>', '<li id="n1">', '<ol start="x" type="i">',
                         "<li value='-3'>", "&nbsp;", "&#0;", "&#xD800;", "&bogus;", "<!--",
                         "<?xml?>", "\x00", "\t"]),
        st.text(max_size=10),
    ),
    max_size=40,
)  # fmt: skip


@FUZZ_SETTINGS
@given(_MARKUP)
def test_any_markup_reads_or_is_refused(pieces):
    reads_or_is_refused("".join(pieces).encode("utf-8", errors="surrogatepass"))


@FUZZ_SETTINGS
@given(st.data())
def test_a_damaged_page_reads_or_is_refused(data):
    raw = bytearray(PAGE)
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    for _ in range(data.draw(st.integers(0, 8))):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    reads_or_is_refused(bytes(raw))
