"""The read layer: what a resolution's page, its JSON and Akoma Ntoso exports and the API's
answer load, and the shapes they read it in, each written once.

`whole_resolutions()` is the one prefetch tree of a resolution; `resolutions_for_page()`,
`resolutions_for_export()` and `resolutions_for_api()` add to it only what that reader
alone shows. The shapes read what the tree fetched and run no query: `paragraph_tree`
nests the paragraphs, `votes_by_position` groups the recorded vote, `cited_documents`
lists what the text cites and `citation_spans` finds where each citation stands in a
paragraph's words. `cited_by` and `timeline` are the page's two queries of other texts.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, prefetch_related_objects

from resolutions.models import (
    AgendaItem,
    Citation,
    CitedVia,
    CountryVote,
    Document,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Footnote,
    FulfilmentProposal,
    LegislativeMandate,
    NoteVisibility,
    Outcome,
    Paragraph,
    ParagraphKind,
    ParagraphNote,
    Resolution,
    Sponsorship,
    VotePosition,
)

# The largest fields of a resolution, which no list of or link to another text shows.
_WHOLE_TEXT = ("source_text", "annex")


def whole_resolutions() -> QuerySet[Resolution]:
    """Resolutions with everything their page, their exports and the API's answer all read,
    in eight queries whatever the text's size.

    The paragraphs (`paragraph_list`, in order), their citations (`citation_list`) and the
    current follow-up requests (`follow_up_list`, in the text's order) are plain lists:
    read through a related manager, every paragraph would clone a queryset for each use,
    about 150 clones a page. `paragraph_tree()` nests them."""
    return _tree().prefetch_related(_requests())


def _tree() -> QuerySet[Resolution]:
    """whole_resolutions() but the requests."""
    return Resolution.objects.select_related("body", "session__body", "series").prefetch_related(
        # A text's agenda items are all of its own body (importing.rows), so the number orders them.
        Prefetch(
            "agenda_items", queryset=AgendaItem.objects.select_related("body").order_by("number")
        ),
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.order_by("position"),
            to_attr="paragraph_list",
        ),
        Prefetch(
            "paragraph_list__citations",
            # The cited text's body and dates make its Akoma Ntoso IRI.
            queryset=Citation.objects.select_related("document__resolution__body")
            .defer(*(f"document__resolution__{name}" for name in _WHOLE_TEXT))
            .order_by("id"),
            to_attr="citation_list",
        ),
        Prefetch(
            "footnotes", queryset=Footnote.objects.select_related("paragraph").order_by("number")
        ),
        Prefetch(
            "country_votes",
            queryset=CountryVote.objects.select_related("country").order_by(
                "position", "country__name"
            ),
        ),
        Prefetch(
            "predecessors",
            queryset=Document.objects.select_related("resolution")
            .defer(*(f"resolution__{name}" for name in _WHOLE_TEXT))
            .order_by("symbol"),
        ),
    )


def _requests() -> Prefetch:
    return Prefetch(
        "follow_ups",
        queryset=FollowUp.objects.select_related(
            "paragraph", "due_session__body", "fulfilled_by"
        ).order_by("paragraph__position", "sequence"),
        to_attr="follow_up_list",
    )


def _budget_mandates() -> Prefetch:
    # The text's own document comes with the resolution's row (select_related), so that
    # the budget sections citing it cost one query.
    return Prefetch(
        "document__legislative_mandates",
        queryset=LegislativeMandate.objects.select_related("budget_section").order_by(
            "budget_section__symbol", "id"
        ),
        to_attr="mandate_list",
    )


def budget_mandates(resolution) -> list[LegislativeMandate]:
    """The budget sections that cite the resolution as a legislative mandate, one row each
    (the first of its rows under the section's parts), from the tree's `mandate_list`."""
    # A catalogue record may have no document: the reverse one-to-one then raises
    # RelatedObjectDoesNotExist, an AttributeError.
    document = getattr(resolution, "document", None)
    by_section: dict[int, LegislativeMandate] = {}
    for mandate in getattr(document, "mandate_list", []):
        by_section.setdefault(mandate.budget_section_id, mandate)
    return list(by_section.values())


def resolutions_for_page() -> QuerySet[Resolution]:
    """The tree and what only the resolution page shows: each request's proposed
    fulfilments (`proposal_list`; the page shows those awaiting a decision), the requests
    of earlier texts that a re-import superseded (`superseded_list`), the budget
    sections citing it as a legislative mandate (`budget_mandates`), and the draft's main
    sponsors as the catalogue names them."""
    return texts_for_page().prefetch_related(*_requests_for_page())


def texts_for_page() -> QuerySet[Resolution]:
    """What the resolution page reads that recording a request leaves as it was: the tree
    but its requests, the budget sections and the sponsors (attach_requests adds the rest)."""
    return (
        _tree()
        .select_related("document")
        .prefetch_related(
            _budget_mandates(),
            Prefetch("sponsors", queryset=Sponsorship.objects.order_by("position")),
        )
    )


def _requests_for_page() -> list[Prefetch]:
    return [
        _requests(),
        Prefetch(
            "follow_up_list__proposals",
            queryset=FulfilmentProposal.objects.select_related("document"),
            to_attr="proposal_list",
        ),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.all_objects.superseded().order_by("superseded_at", "id"),
            to_attr="superseded_list",
        ),
    ]


def requests_for_page(pk: int, notes: bool, internal: bool) -> tuple[list, list, list]:
    """What the page of the resolution `pk` shows of what staff record: its current requests
    with their proposed fulfilments, the superseded ones, and with `notes` (a text with
    paragraphs) the current notes the reader may read (internal ones with `internal`)."""
    holder = Resolution(pk=pk)
    prefetch_related_objects([holder], *_requests_for_page())
    found = ParagraphNote.objects.current().filter(resolution_id=pk)
    if not internal:
        found = found.filter(visibility=NoteVisibility.PUBLIC)
    found = list(found.order_by("created_at", "id")) if notes else []
    return holder.follow_up_list, holder.superseded_list, found


def attach_requests(resolution: Resolution, follow_ups: list, superseded: list) -> None:
    """Gives a resolution from texts_for_page() its requests (from requests_for_page)."""
    resolution.follow_up_list, resolution.superseded_list = follow_ups, superseded
    for follow_up in (*follow_ups, *superseded):
        follow_up.resolution = resolution


def resolutions_for_export() -> QuerySet[Resolution]:
    """The tree and each request's public history, oldest first, and its entities, as the
    JSON export lists them."""
    return whole_resolutions().prefetch_related(
        public_events("follow_up_list__events", oldest_first=True), "follow_up_list__entities"
    )


def resolutions_for_api() -> QuerySet[Resolution]:
    """The tree and what only the API's answer holds: the sponsors, the texts of the series,
    each request's public history, newest first, and its entities, and the budget sections
    citing it."""
    return (
        whole_resolutions()
        .select_related("document")
        .prefetch_related(
            _budget_mandates(),
            Prefetch("sponsors", queryset=Sponsorship.objects.order_by("position")),
            Prefetch(
                "series__resolutions",
                queryset=Resolution.objects.listed().order_by("adopted_on", "id"),
            ),
            public_events("follow_up_list__events"),
            "follow_up_list__entities",
        )
    )


def public_events(lookup: str = "events", *, oldest_first: bool = False) -> Prefetch:
    """The public events of the follow-ups at `lookup`, bound to `public_events`: the only
    attribute the exports and the API read events from, so that a reader given follow-ups
    loaded without it fails loudly instead of showing internal notes."""
    order = ("created_at", "id") if oldest_first else ("-created_at", "-id")
    return Prefetch(
        lookup,
        queryset=FollowUpEvent.objects.filter(is_public=True)
        .select_related("evidence")
        .order_by(*order),
        to_attr="public_events",
    )


@dataclass(frozen=True)
class ParagraphTree:
    """A text's paragraphs nested as the text sets them out.

    `top_level` holds the paragraphs that belong to no other, in order; every paragraph
    carries its sub-paragraphs in order (`subparagraph_list`), its footnotes
    (`footnote_list`) and its follow-up requests (`follow_up_list`). `in_order` is every
    paragraph, sub-paragraphs included, in the text's order."""

    top_level: list[Paragraph]
    in_order: list[Paragraph]

    @property
    def preambular(self) -> list[Paragraph]:
        return [p for p in self.top_level if p.kind == ParagraphKind.PREAMBULAR]

    @property
    def operative(self) -> list[Paragraph]:
        return [p for p in self.top_level if p.kind == ParagraphKind.OPERATIVE]

    @property
    def annex(self) -> list[Paragraph]:
        """The numbered paragraphs of an annexed declaration ("Annex, para. 53")."""
        return [p for p in self.top_level if p.kind == ParagraphKind.ANNEX]


def paragraph_tree(resolution) -> ParagraphTree:
    """The paragraphs of a resolution from `whole_resolutions()`, nested."""
    paragraphs = resolution.paragraph_list
    subparagraphs, footnotes, follow_ups = {}, {}, {}
    for paragraph in paragraphs:
        subparagraphs.setdefault(paragraph.parent_id, []).append(paragraph)
    for footnote in resolution.footnotes.all():
        footnotes.setdefault(footnote.paragraph_id, []).append(footnote)
    for follow_up in resolution.follow_up_list:
        follow_ups.setdefault(follow_up.paragraph_id, []).append(follow_up)
    for paragraph in paragraphs:
        paragraph.subparagraph_list = subparagraphs.get(paragraph.pk, [])
        paragraph.footnote_list = footnotes.get(paragraph.pk, [])
        paragraph.follow_up_list = follow_ups.get(paragraph.pk, [])
    return ParagraphTree(top_level=subparagraphs.get(None, []), in_order=paragraphs)


def attach_notes(tree: ParagraphTree, notes: list) -> list:
    """Gives each paragraph of `tree` its `notes` (from requests_for_page, in order) as
    `note_list`; returns the notes whose paragraph a re-import dropped, which the page
    lists apart."""
    by_paragraph = {}
    for note in notes:
        by_paragraph.setdefault(note.paragraph_id, []).append(note)
    for paragraph in tree.in_order:
        paragraph.note_list = by_paragraph.get(paragraph.pk, [])
        # Its label is the paragraph's: no query to read it again.
        for note in paragraph.note_list:
            note.paragraph = paragraph
    return by_paragraph.get(None, [])


def carried_forward(follow_up):
    """The requests of the next texts that ask for `follow_up` again (with the proposal to
    mark it superseded and who decided it), and those of earlier texts that it repeats."""
    shown = ("resolution", "paragraph", "due_session__body")
    carried_into = follow_up.carried_into.select_related(
        "decided_by", *(f"later__{name}" for name in shown)
    ).defer(*(f"later__resolution__{name}" for name in _WHOLE_TEXT))
    carried_from = follow_up.carried_from.select_related(
        *(f"earlier__{name}" for name in shown)
    ).defer(*(f"earlier__resolution__{name}" for name in _WHOLE_TEXT))
    return carried_into, carried_from


def comparison_items(resolution_id, parts) -> tuple[list, dict]:
    """A text's paragraphs of `parts` (subparagraphs included, in text order) as the
    comparison's items, and the paragraph each item stands for, by the item's id."""
    from resolutions.parsing.comparison import Item

    items, paragraph_of = [], {}
    rows = (
        Paragraph.objects.filter(resolution_id=resolution_id, kind__in=parts)
        .only("kind", "number", "label", "text", "position")
        .order_by("position", "id")
    )
    for paragraph in rows:
        item = Item(part=paragraph.kind, number=paragraph.number, text=paragraph.text)
        items.append(item)
        paragraph_of[id(item)] = paragraph
    return items, paragraph_of


def votes_by_position(resolution, of=lambda country: country.name) -> dict[str, list]:
    """The countries of a recorded vote under each position, in the order of
    `VotePosition` and by name, each as `of` gives it (its name; the page asks for the
    country, to link it); every position is there, empty when no country took it."""
    votes = {position: [] for position in VotePosition.values}
    for vote in resolution.country_votes.all():
        votes[vote.position].append(of(vote.country))
    return votes


def cited_documents(resolution) -> list[Document]:
    """The documents a resolution from `whole_resolutions()` cites, in order of first citation."""
    documents = {}
    for paragraph in resolution.paragraph_list:
        for citation in paragraph.citation_list:
            documents.setdefault(citation.document.symbol, citation.document)
    return list(documents.values())


def spans[T](text: str, words: Iterable[tuple[str, T]]) -> list[tuple[int, int, T]]:
    """Where each `(words, item)` stands in `text`, as `(start, end, item)` in order of
    position: at the first occurrence of its words that overlaps no earlier item's, so
    that a text naming one document twice links each citation once. Words that are empty
    or not found are left out."""
    found = []
    for phrase, item in words:
        start = text.find(phrase) if phrase else -1
        while start != -1 and any(start < e and start + len(phrase) > s for s, e, _ in found):
            start = text.find(phrase, start + 1)
        if start != -1:
            found.append((start, start + len(phrase), item))
    return sorted(found, key=lambda span: span[0])


def citation_spans(paragraph) -> list[tuple[int, int, Citation]]:
    """Where each citation a paragraph makes in its own words stands in its text, by the
    words as written; a citation made in a footnote is shown by the footnote instead."""
    return spans(
        paragraph.text,
        ((c.as_written, c) for c in paragraph.citation_list if c.via == CitedVia.TEXT),
    )


def footnote_citation_spans(footnote, citations) -> list[tuple[int, int, Citation]]:
    """Where each of the paragraph's `citations` made in this footnote stands in the
    footnote's text, by the cited symbol."""
    return spans(
        footnote.text,
        (
            (c.document.symbol, c)
            for c in citations
            if c.via == CitedVia.FOOTNOTE and c.footnote_number == footnote.number
        ),
    )


def briefly(resolutions: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """Resolutions as a line naming each shows them: with their body, without their text,
    and nothing of their requests."""
    return resolutions.select_related("body").defer(*_WHOLE_TEXT)


def cited_by(resolution) -> QuerySet[Resolution]:
    """The stored texts that cite this one, newest first."""
    # EXISTS rather than a join made DISTINCT, which compared whole rows, source texts
    # included; the texts themselves are not shown. The first, uncorrelated EXISTS is
    # checked once, before the rest runs: PostgreSQL plans the second for the average
    # document's thousands of citations, starting a parallel worker (7 ms at 100,000
    # resolutions), and most texts are cited by none.
    citations = Citation.objects.filter(document__resolution=resolution)
    citing = Resolution.objects.filter(
        Exists(citations), Exists(citations.filter(paragraph__resolution=OuterRef("pk")))
    )
    return briefly(citing).order_by("-adopted_on", "symbol")


def timeline(resolution):
    """The texts of a resolution's series in order of adoption, for its page."""
    if resolution.series_id is None:
        return []
    # A series can hold hundreds of texts; none is shown.
    adopted = resolution.series.resolutions.filter(outcome=Outcome.ADOPTED)
    return list(briefly(adopted).order_by("adopted_on", "id"))


def entity_requests(entity, *, open_only: bool) -> QuerySet[FollowUp]:
    """An entity's current requests as its page lists them: those still owed, soonest due
    first, or those settled (fulfilled, not applicable), latest due first."""
    requests = FollowUp.objects.filter(entities=entity).for_rows()
    if open_only:
        return requests.open().by_due_date()
    return requests.exclude(status__in=FollowUpStatus.open_values()).order_by(
        F("due_on").desc(nulls_last=True), "-id"
    )


def entity_reports(entity) -> QuerySet[Document]:
    """The documents recorded as fulfilling the entity's requests: the reports it delivered."""
    fulfilling = FollowUp.objects.filter(entities=entity, fulfilled_by=OuterRef("pk"))
    return Document.objects.filter(Exists(fulfilling)).order_by("symbol")
