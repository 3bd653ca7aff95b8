"""The parse result: plain dataclasses that the importer and the JSON output share.

`ParsedResolution.to_dict()` produces the JSON contract printed by
`manage.py parse_resolution`; field names there are relied upon by other tools.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


class ParseError(ValueError):
    """The text cannot be read with confidence; `line` is 1-based in the input, when known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class ParserBug(Exception):
    """The parser itself failed (a bug of ours, not a fault of the text).

    Deliberately not a ParseError: a refusal of the text is an answer, a crash is not, and
    the property tests must be able to tell them apart. Callers show it as an internal error
    to be reported, with the file's name.
    """


@dataclass
class SessionRef:
    kind: str  # "regular", "special" or "emergency_special"
    number: int


@dataclass
class Adoption:
    mode: str  # "without_vote", "recorded_vote", "non_recorded_vote", "consensus"
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    # For a recorded vote: "in_favour", "against", "abstaining" -> country names as written
    # (empty lists when the text gives only the counts).
    countries: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Paragraph:
    label: str  # "PP6", "OP17"
    kind: str  # "preambular" or "operative"
    number: int | None  # operative number; None for preambular paragraphs
    lead: str  # the opening words as written, without emphasis markers: "Also requests"
    text: str  # the clean paragraph text, including the lead words, without its number
    # Sub-paragraphs (a), (b), and their (i), (ii): labels "OP7(a)", "OP7(a)(ii)"; their
    # text is theirs alone, and the parent's text ends with its chapeau.
    subparagraphs: list[Paragraph] = field(default_factory=list)

    def walk(self):
        """This paragraph, then its sub-paragraphs at every depth, in text order."""
        yield self
        for child in self.subparagraphs:
            yield from child.walk()


@dataclass
class Footnote:
    number: int
    paragraph: str  # label of the paragraph that carries the marker
    text: str
    # The sign the text marks it with instead of its number ("*", "**", "†"); such
    # footnotes are numbered after the numbered ones, so that each has a number of its own.
    mark: str = ""


@dataclass
class Citation:
    paragraph: str
    symbol: str  # normalised: "A/HRC/RES/28/2"
    as_written: str  # "Council resolution 28/2", or the symbol as it stands in a footnote
    via: str  # "text" or "footnote"
    footnote: int | None = None


@dataclass
class Due:
    year: int | None = None
    session: SessionRef | None = None
    relation: str = "at"  # "at" (at its 35th session, in 2017), "before", or "by"
    # A day: stated ("until 17 March 2026") or counted from the adoption date (`after_adoption`).
    date: datetime.date | None = None
    # "at its next session": `session` is then the one after the adopting session, when known.
    next_session: bool = False
    # A term counted from the adoption: "90 days" ("within 90 days of the adoption of the
    # present resolution"), "3 years" (a mandate extended for a period of three years).
    after_adoption: str = ""


@dataclass
class Addressee:
    """An entity a request asks to act (addressees.py): "Secretary-General", "secretariat"."""

    name: str
    kind: str  # one of entities.KINDS: "secretariat", "special_procedure", "states", ...
    slug: str  # what names it across texts: "ohchr", "special-rapporteur-on-the-right-to-food"


@dataclass
class FollowUp:
    paragraph: str
    # "request", "decision", "extension" (of a mandate), "call", "urge", "invitation",
    # "encouragement"
    action: str
    verb: str  # the verb phrase as written: "Also requests"
    addressee: str  # as written: "the Office of the High Commissioner"
    addressee_kind: str  # "secretariat", "member_states", "body_itself", "other"
    summary: str  # what is asked, from the addressee on, shortened
    due: Due = field(default_factory=Due)
    deliverable: str = ""  # "report", "study", "panel discussion", "oral update", ... or ""
    recurrence: str = ""  # "annual", "biennial", ... or ""
    # Who is asked, each once, in the order named; back-references resolved.
    addressees: list[Addressee] = field(default_factory=list)


@dataclass
class Unread:
    """A line of the input that the parser could not place in any part of the resolution."""

    line: int  # 1-based, in the input
    text: str


@dataclass
class ParsedResolution:
    symbol: str
    number: str
    body: str
    session: SessionRef | None
    agenda_items: list[int]
    title: str
    adopted_on: datetime.date | None
    distributed_on: datetime.date | None
    meeting: str
    adoption: Adoption
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    kind: str = "resolution"  # "resolution" or "decision"
    draft_symbol: str = ""
    committee: str = ""  # GA: "Third Committee", "" for plenary texts
    committee_report: str = ""  # GA: the symbol of the Main Committee's report
    annex: str = ""  # the annex text, kept whole
    # The numbered paragraphs of an annexed declaration ("We, Heads of State ... 53. Request
    # the Secretary-General ..."), kind "annex", labelled "Annex, para. 53" (annexes.py).
    annex_paragraphs: list[Paragraph] = field(default_factory=list)
    # Symbols of earlier texts of the same series ("the latest of which being ...").
    predecessors: list[str] = field(default_factory=list)
    # What was read with doubt; the import shows them and goes on.
    warnings: list[str] = field(default_factory=list)
    # Lines of the input found in no paragraph, footnote, title or annex, nor in the header or
    # the closing: shown to the person importing, never dropped without a word.
    unread: list[Unread] = field(default_factory=list)
    # The lines read as the header and as the closing, as cleaned: what the header and
    # closing fields were read from. Not part of the JSON contract (`to_dict` leaves them out);
    # they let a test account for every line of the input.
    header_lines: list[str] = field(default_factory=list, repr=False, compare=False)
    closing_lines: list[str] = field(default_factory=list, repr=False, compare=False)

    def all_paragraphs(self) -> list[Paragraph]:
        """Every paragraph and sub-paragraph, the annexed declaration's last, in text order."""
        return [
            p for paragraph in [*self.paragraphs, *self.annex_paragraphs] for p in paragraph.walk()
        ]

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["header_lines"], data["closing_lines"]
        for key in ("adopted_on", "distributed_on"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        for follow_up in data["follow_ups"]:
            if follow_up["due"]["date"] is not None:
                follow_up["due"]["date"] = follow_up["due"]["date"].isoformat()
        return data
