"""A stored resolution as Akoma Ntoso 3.0 XML, following the UN guidelines (AKN4UN).

Plain functions over model instances: `resolution_xml(resolution)` reads a resolution from
`queries.whole_resolutions()`, its paragraphs nested by `queries.paragraph_tree()` and its
references placed by `queries.citation_spans()`, and runs no query of its own.

The choices this module makes, where AKN4UN leaves room:

- Work IRI: `/akn/un/statement/deliberation/<body>/<date>/<number>`, the date being the day
  of adoption (else of distribution) and the number the resolution's own ("32/6" ->
  `32-6`; any other character that cannot stand in a path segment becomes `-`).
- Body codes: `un-` and the body's short name in lower case: `un-hrc` (Human Rights
  Council), `un-ga` (General Assembly), `un-sc`, `un-ecosoc`, `un-chr`. They are the eIds
  of the `TLCOrganization` entries and the author of the work.
- A cited document that is a stored resolution is referred to by its work IRI; any other
  cited document, whose date we do not know, by `/akn/un/doc/<symbol>` (lower case,
  `/` -> `-`).
- Preambular paragraphs are `<container name="preambular">`; operative paragraphs are
  `<paragraph>`; sub-paragraphs (a), (b) and (i), (ii) are `<point>` elements under the
  paragraph, whose own words (the chapeau) are its `<intro>`. Sub-paragraphs of a
  preambular paragraph, which the schema does not allow as points there, are a
  `<blockList>` of `<item>`s.
- A footnote is an `<authorialNote>` at the end of the paragraph that carries its marker
  (the stored text no longer says where in the paragraph the marker stood).

Built with the standard library's ElementTree so that serving it needs no dependency;
the tests validate the output against the OASIS schema in `resolutions/schemas/`.
"""

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from resolutions import queries, wording

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
TRACKER = "resolution-tracker"

_NOT_IN_IRI = re.compile(r"[^A-Za-z0-9.]+")
_LAST_LABEL_PART = re.compile(r"\(([^()]+)\)$")

# AKN document names for our kinds of text; the IRI keeps "statement/deliberation".
_STATEMENT_NAMES = {
    "resolution": "resolution",
    "decision": "decision",
    "presidential_statement": "presidentialStatement",
    "amendment": "amendment",
}


def _sub(parent, tag: str, text: str | None = None, /, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text:
        element.text = text
    return element


# Akoma Ntoso names languages with ISO 639-2 codes; the tracker stores ISO 639-1.
_ISO_639_2 = {"ar": "ara", "en": "eng", "es": "spa", "fr": "fra", "ru": "rus", "zh": "zho"}


def language_code(resolution) -> str:
    """ "eng" for a text imported in English."""
    return _ISO_639_2.get(resolution.language, resolution.language)


def _slug(value: str) -> str:
    return _NOT_IN_IRI.sub("-", value).strip("-")


def body_code(body) -> str:
    """The body in IRIs and eIds: "un-hrc"."""
    return f"un-{body.short_name.lower()}"


def work_date(resolution):
    """The date that names the work, and what kind of date it is."""
    if resolution.adopted_on:
        return resolution.adopted_on, "adoption"
    if resolution.distributed_on:
        return resolution.distributed_on, "distribution"
    # A catalogue record may lack both; the day it was stored keeps the IRI well formed.
    return resolution.created_at.date(), "registration"


def work_iri(resolution) -> str:
    """`/akn/un/statement/deliberation/un-hrc/2016-06-30/32-6`."""
    date, _ = work_date(resolution)
    number = _slug(resolution.number or resolution.symbol.rsplit("/", 1)[-1])
    return f"/akn/un/statement/deliberation/{body_code(resolution.body)}/{date:%Y-%m-%d}/{number}"


def document_iri(document) -> str:
    """Where a `ref` to a cited document points: its work IRI when we hold it."""
    if document.resolution_id is not None:
        return work_iri(document.resolution)
    return f"/akn/un/doc/{_slug(document.symbol).lower()}"


def _reference_eid(document) -> str:
    return f"ref_{_slug(document.symbol).lower()}"


def _inline(parent: ET.Element, text: str, refs: list[tuple[int, int, str]]) -> None:
    """Write `text` into `parent`, each `(start, end, href)` of `refs` (in order, apart)
    a `<ref>` around its words."""
    cursor, last = 0, None
    for start, end, href in refs:
        before = text[cursor:start]
        if last is None:
            parent.text = (parent.text or "") + before
        else:
            last.tail = before
        last = _sub(parent, "ref", text[start:end], href=href)
        cursor = end
    rest = text[cursor:]
    if last is None:
        parent.text = (parent.text or "") + rest
    else:
        last.tail = rest


def _refs(spans) -> list[tuple[int, int, str]]:
    return [(start, end, document_iri(c.document)) for start, end, c in spans]


def _note(parent: ET.Element, footnote, eid_prefix: str, citations) -> None:
    note = _sub(
        parent,
        "authorialNote",
        marker=footnote.number,
        placement="bottom",
        eId=f"{eid_prefix}__authorialNote_{footnote.number}",
    )
    refs = _refs(queries.footnote_citation_spans(footnote, citations))
    _inline(_sub(note, "p"), footnote.text, refs)


def _words(parent: ET.Element, paragraph, eid: str) -> None:
    """The paragraph's own words as a `<p>`, with its references and its footnotes."""
    p = _sub(parent, "p")
    _inline(p, paragraph.text, _refs(queries.citation_spans(paragraph)))
    for footnote in paragraph.footnote_list:
        _note(p, footnote, eid, paragraph.citation_list)


def _point_num(paragraph) -> str:
    match = _LAST_LABEL_PART.search(paragraph.label)
    return f"({match[1]})" if match else paragraph.label


def _operative(parent, paragraph, eid: str) -> None:
    element_name = "paragraph" if paragraph.parent_id is None else "point"
    element = _sub(parent, element_name, eId=eid)
    if paragraph.parent_id is None:
        if paragraph.number is not None:
            _sub(element, "num", f"{paragraph.number}.")
    else:
        _sub(element, "num", _point_num(paragraph))
    if not paragraph.subparagraph_list:
        _words(_sub(element, "content"), paragraph, eid)
        return
    _words(_sub(element, "intro"), paragraph, eid)
    for child in paragraph.subparagraph_list:
        point_eid = f"{eid}__point_{_slug(_point_num(child)).lower()}"
        _operative(element, child, point_eid)


def _preambular(parent, paragraph, eid: str) -> None:
    if not paragraph.subparagraph_list:
        _words(parent, paragraph, eid)
        return
    block_list = _sub(parent, "blockList", eId=f"{eid}__list_1")
    _inline(_sub(block_list, "listIntroduction"), paragraph.text, [])
    for child in paragraph.subparagraph_list:
        item_eid = f"{eid}__list_1__item_{_slug(_point_num(child)).lower()}"
        item = _sub(block_list, "item", eId=item_eid)
        _sub(item, "num", _point_num(child))
        _preambular(item, child, item_eid)


def _meta(root, resolution, cited_documents) -> None:
    body = body_code(resolution.body)
    work = work_iri(resolution)
    date, date_name = work_date(resolution)
    expression = f"{work}/{language_code(resolution)}@{date:%Y-%m-%d}"
    meta = _sub(root, "meta")
    identification = _sub(meta, "identification", source=f"#{TRACKER}")

    frbr_work = _sub(identification, "FRBRWork")
    _sub(frbr_work, "FRBRthis", value=f"{work}/!main")
    _sub(frbr_work, "FRBRuri", value=work)
    _sub(frbr_work, "FRBRalias", value=resolution.symbol, name="symbol")
    _sub(frbr_work, "FRBRdate", date=f"{date:%Y-%m-%d}", name=date_name)
    _sub(frbr_work, "FRBRauthor", href=f"#{body}")
    _sub(frbr_work, "FRBRcountry", value="un")
    _sub(frbr_work, "FRBRsubtype", value="deliberation")
    _sub(frbr_work, "FRBRnumber", value=_slug(resolution.number), showAs=resolution.number)
    _sub(frbr_work, "FRBRname", value=_STATEMENT_NAMES.get(resolution.kind, "resolution"))

    frbr_expression = _sub(identification, "FRBRExpression")
    _sub(frbr_expression, "FRBRthis", value=f"{expression}/!main")
    _sub(frbr_expression, "FRBRuri", value=expression)
    _sub(frbr_expression, "FRBRdate", date=f"{date:%Y-%m-%d}", name=date_name)
    _sub(frbr_expression, "FRBRauthor", href=f"#{body}")
    _sub(frbr_expression, "FRBRlanguage", language=language_code(resolution))

    # The manifestation is this XML, made by the tracker from what it stored last.
    frbr_manifestation = _sub(identification, "FRBRManifestation")
    _sub(frbr_manifestation, "FRBRthis", value=f"{expression}/!main.xml")
    _sub(frbr_manifestation, "FRBRuri", value=f"{expression}.akn")
    _sub(frbr_manifestation, "FRBRdate", date=f"{resolution.updated_at:%Y-%m-%d}", name="export")
    _sub(frbr_manifestation, "FRBRauthor", href=f"#{TRACKER}")

    references = _sub(meta, "references", source=f"#{TRACKER}")
    _sub(
        references,
        "TLCOrganization",
        eId=body,
        href=f"/ontology/organization/un/{body}",
        showAs=resolution.body.name,
    )
    _sub(
        references,
        "TLCOrganization",
        eId=TRACKER,
        href=f"/ontology/organization/{TRACKER}",
        showAs="UN resolution tracker",
    )
    for document in cited_documents:
        _sub(
            references,
            "TLCReference",
            eId=_reference_eid(document),
            href=document_iri(document),
            showAs=document.symbol,
            name=document.kind or "other",
        )


def _preface(root, resolution, words) -> None:
    preface = _sub(root, "preface")
    _sub(_sub(preface, "p", **{"class": "symbol"}), "docNumber", resolution.symbol)
    _sub(_sub(preface, "p", **{"class": "body"}), "docAuthority", resolution.body.display_name)
    if resolution.session_id:
        session = resolution.session
        _sub(
            _sub(preface, "p", **{"class": "session"}),
            "session",
            session.label[0].upper() + session.label[1:],
            value=session.code,
        )
    title = f"{resolution.number}. {resolution.title}" if resolution.number else resolution.title
    _sub(_sub(preface, "p", **{"class": "title"}), "docTitle", title)
    date, date_name = work_date(resolution)
    if date_name == "adoption":
        p = _sub(preface, "p", **{"class": "adoption"})
        p.text = words.adopted_by(resolution.kind, resolution.body.name)
        _sub(p, "docDate", words.long_date(date), date=f"{date:%Y-%m-%d}")


def _conclusions(root, resolution, words) -> None:
    lines = []
    if resolution.meeting:
        lines.append(("meeting", resolution.meeting, None))
    if resolution.adopted_on:
        lines.append(("date", None, resolution.adopted_on))
    if resolution.adoption_statement:
        lines.append(("adoption", f"[{resolution.adoption_statement}]", None))
    if not lines:
        return
    conclusions = _sub(root, "conclusions")
    for css_class, text, date in lines:
        p = _sub(conclusions, "p", text, **{"class": css_class})
        if date:
            _sub(p, "date", words.long_date(date), date=f"{date:%Y-%m-%d}")


def resolution_element(resolution) -> ET.Element:
    """The `<akomaNtoso>` element of a resolution."""
    paragraphs = queries.paragraph_tree(resolution)
    # Plain names under an xmlns attribute: ElementTree's default_namespace option refuses
    # the unqualified attributes every AKN element has.
    root = ET.Element("akomaNtoso", xmlns=AKN_NS)
    statement = _sub(
        root,
        "statement",
        name=_STATEMENT_NAMES.get(resolution.kind, "resolution"),
        contains="originalVersion",
    )
    words = wording.words_for(resolution.language, resolution.body.name)
    _meta(statement, resolution, queries.cited_documents(resolution))
    _preface(statement, resolution, words)

    preamble = _sub(statement, "preamble")
    _sub(_sub(preamble, "formula", name="enactingFormula"), "p", resolution.enacting_formula)
    for index, paragraph in enumerate(paragraphs.preambular, start=1):
        eid = f"preamble__container_{index}"
        container = _sub(preamble, "container", name="preambular", eId=eid)
        _preambular(container, paragraph, eid)

    main_body = _sub(statement, "mainBody")
    for index, paragraph in enumerate(paragraphs.operative, start=1):
        eid = f"para_{paragraph.number or index}"
        _operative(main_body, paragraph, eid)
    _conclusions(statement, resolution, words)
    return root


def resolution_xml(resolution) -> bytes:
    """The resolution as an Akoma Ntoso document, UTF-8 with an XML declaration."""
    # The words the export adds are in the text's language, whatever the language of the
    # interface the reader chose: the formula, the line of adoption, the dates and the
    # closing note from resolutions/wording.py (English and French, else English); the
    # session and the body's name from the interface's catalogue, which has French too.
    with translation.override(resolution.language):
        root = resolution_element(resolution)
    # Not indented: white space added inside mixed content would change the words.
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
