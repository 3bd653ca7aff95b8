"""Addressees: the entities a follow-up request asks to act, read from its addressee as
written ("the Secretary-General and the United Nations High Commissioner for Human Rights").

Three kinds of names are read. Names of the catalogue (entities.py), in any of the ways
texts write them; titles of mandates that texts create and name ("the Special Rapporteur on
the right to education", "the Independent International Commission of Inquiry on the
Syrian Arab Republic"); and States, all of them ("States", "Member States", "Governments")
or one ("the Government of Myanmar"). A back-reference ("the Special Rapporteur", "the
mandate holder", "the Working Group", "the Office", "the Commission") is the entity of its
family that the text named last before it, in the title or any earlier paragraph: a text
that creates "a Special Rapporteur on the right to education" and later "Requests the
Special Rapporteur to report" asks that Special Rapporteur. "The High Commissioner" and
"the Office" that follow no other name are OHCHR. A decision ("Decides to ...") is the body
itself. An addressee that names none of these ("all parties", "them") has no entity.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from . import entities
from .bodies import BODIES
from .entities import CATALOGUE, Known, slug_of
from .types import Addressee, FollowUp, Paragraph

_SPACE = re.compile(r"\s+")


def _key(name: str) -> str:
    return _SPACE.sub(" ", name.lower()).replace("’", "'")


def _either_case(words: str) -> str:
    """A pattern for `words` with each word's first letter in either case: faster than
    ignoring case throughout, which makes the regular expression try every position."""
    return r"\s+".join(
        f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}"
        if word[:1].isalpha()
        else re.escape(word)
        for word in words.split()
    )


_KNOWN = {_key(alias): known for known in CATALOGUE for alias in known.aliases}
_ALIASES = "|".join(
    _either_case(alias).replace("'", "['’]")
    for alias in sorted((a for k in CATALOGUE for a in k.aliases), key=len, reverse=True)
)
# Heads of the titles texts give mandates: the canonical spelling, the kind, the families
# a back-reference names.
_HEADS = {
    "special rapporteur": ("Special Rapporteur", entities.SPECIAL_PROCEDURE, "rapporteur"),
    "independent expert": ("Independent Expert", entities.SPECIAL_PROCEDURE, "expert"),
    "working group of experts": (
        "Working Group of Experts",
        entities.SPECIAL_PROCEDURE,
        "working_group",
    ),
    "working group": ("Working Group", entities.SPECIAL_PROCEDURE, "working_group"),
    "independent international commission of inquiry": (
        "Independent International Commission of Inquiry",
        entities.COMMISSION_OF_INQUIRY,
        "commission",
    ),
    "international commission of inquiry": (
        "International Commission of Inquiry",
        entities.COMMISSION_OF_INQUIRY,
        "commission",
    ),
    "commission of inquiry": (
        "Commission of Inquiry",
        entities.COMMISSION_OF_INQUIRY,
        "commission",
    ),
    "independent international fact-finding mission": (
        "Independent International Fact-Finding Mission",
        entities.COMMISSION_OF_INQUIRY,
        "mission",
    ),
    "fact-finding mission": ("Fact-Finding Mission", entities.COMMISSION_OF_INQUIRY, "mission"),
    "special representative of the secretary-general": (
        "Special Representative of the Secretary-General",
        entities.SECRETARIAT,
        "representative",
    ),
    "special representative": ("Special Representative", entities.SECRETARIAT, "representative"),
    "special envoy of the secretary-general": (
        "Special Envoy of the Secretary-General",
        entities.SECRETARIAT,
        "envoy",
    ),
    "special envoy": ("Special Envoy", entities.SECRETARIAT, "envoy"),
    "special adviser of the secretary-general": (
        "Special Adviser of the Secretary-General",
        entities.SECRETARIAT,
        "adviser",
    ),
    "special adviser": ("Special Adviser", entities.SECRETARIAT, "adviser"),
    "special committee": ("Special Committee", entities.OTHER, "committee"),
    "committee": ("Committee", entities.OTHER, "committee"),
    "commission": ("Commission", entities.OTHER, "commission"),
}
# Committees and commissions that a title names are proper names ("the Commission on the
# Status of Women"); "the Commission in this regard" is a back-reference.
_PROPER_HEADS = ("special committee", "committee", "commission")
# Mandates are titled "on" their subject; the Secretary-General's envoys "for" or "on" it.
_PREPOSITIONS = {"representative": ("on", "for"), "envoy": ("on", "for"), "adviser": ("on", "for")}
# An infinitive that starts what is asked, whatever precedes it ("the Special Rapporteur on
# the right to food to submit"): a title never goes on with one of these.
_REQUEST_VERBS = (
    r"(?:continue|submit|present|prepare|report|provide|ensure|organize|convene|include|hold"
    r"|give|assist|pay|take|make|undertake|conduct|seek|consider|develop|promote|study"
    r"|examine|monitor|engage|cooperate|work|share|identify|explore|update|disseminate"
    r"|compile|circulate|publish|support|facilitate|carry|focus|elaborate|integrate"
    r"|strengthen|enhance|establish|invite|follow|remain|address|assess|brief|collect"
    r"|request|transmit|keep|inform|analyse|analyze|gather|produce|draft|reflect|apply)\b"
)
_SPECIAL_PROCEDURE_FAMILIES = ("rapporteur", "expert", "working_group")
_HEAD = "|".join(_either_case(head) for head in sorted(_HEADS, key=len, reverse=True))
# Back-references: the words, and the family of names they refer to.
_SHORT = {
    "special rapporteur": "rapporteur",
    "independent expert": "expert",
    "working group": "working_group",
    "mandate holder": "mandate_holder",
    "commission of inquiry": "commission",
    "commission": "commission",
    "fact-finding mission": "mission",
    "mission": "mission",
    "committee": "committee",
    "office of the high commissioner": "high_commissioner",
    "high commissioner": "high_commissioner",
    "office": "office",
    "expert mechanism": "expert_mechanism",
    "special representative": "representative",
    "special envoy": "envoy",
    "special adviser": "adviser",
}
_SHORT_WORDS = "|".join(_either_case(short) for short in sorted(_SHORT, key=len, reverse=True))
_BODY_NAMES = "|".join(re.escape(body).replace(r"\ ", r"\s+") for body in BODIES)
_NAMES = re.compile(
    rf"(?P<known>\b(?:{_ALIASES})\b)"
    rf"|(?P<body>\b(?:{_BODY_NAMES})\b)"
    r"|\b(?P<inter>(?:[Oo]pen-ended\s+)?(?:[Ii]ntergovernmental\s+)?)"
    rf"(?P<head>{_HEAD})\s+(?P<prep>on|for)\s+(?=\S)"
    rf"|\bthe\s+(?P<short>{_SHORT_WORDS})\b(?!\s+(?:on|of|for|in)\b|-)"
    r"|\bthe\s+(?P<council>Council|Assembly)\b(?!\s+(?:on|of|for|in)\b)"
    r"|\b(?:the\s+)?(?:Government|authorities)\s+of\s+(?!National\b)(?P<state>(?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+(?:of|the|and|[A-Z][\w’'-]*))*)"
    r"|(?P<states>(?<!United\s)\b(?:(?:Member\s+)?States|Governments)\b)"
)


# What the context of a back-reference is scanned for: the names a back-reference can
# stand for, the mandates' titles and the catalogue's names that have families.
_CONTEXT_NAMES = re.compile(
    r"\b(?:(?P<known>"
    + "|".join(
        re.escape(alias).replace(r"\ ", r"\s+").replace("'", "['’]")
        for alias in sorted(
            (a for known in CATALOGUE if known.families for a in known.aliases),
            key=len,
            reverse=True,
        )
    )
    + r")\b|(?P<inter>(?:[Oo]pen-ended\s+)?(?:[Ii]ntergovernmental\s+)?)(?P<head>"
    + "|".join(_either_case(head) for head in sorted(_HEADS, key=len, reverse=True))
    + r")\s+(?P<prep>on|for)\s+(?=\S))"
)
# Where the title after "Special Rapporteur on" ends: at a clause, a list of other
# addressees, or the request's infinitive ("to report"; "the right to food" is a title).
_TAIL_END = re.compile(
    rf"\s*[;:(\[]|,(?!\s+(?!(?:under|in|on|for|with|by|at|as|and|to|who|which|whose|including"
    r"|inter|through|within|while|taking|considering|pursuant|submitted|from|during|since"
    r"|also|further|where|when|if|notably|particularly|in)\b)"
    r"(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*(?:,|\s+(?:and|or)\s))"
    r"|\.(?:\s|$)"
    r"|\s+(?:and|or)\s+(?=the\s|other\s|all\s|relevant\s|its\s|his\s|her\s|their\s|States\b"
    r"|Member\b"
    rf"|{_HEAD}\b|Office\b|Secretary|High\b|United\b)"
    r"|(?<!right)(?<!rights)(?<!relating)(?<!related)(?<!regard)(?<!respect)(?<!access)"
    rf"(?<!everyone)\s+to\s+(?!the\s|a\s|an\s)|\s+to\s+(?={_REQUEST_VERBS})"
    r"|\s+(?:in\s+(?:accordance|consultation|cooperation|close|collaboration|coordination"
    r"|carrying|fulfilling|discharging|his|her|its|their|the\s+(?:discharge|performance"
    r"|fulfilment|exercise|framework))\b|as\s+well\s+as|with\s+(?:the|a|all)\s|for\s+a\s+"
    r"(?:further\s+)?period|within\s|including\s|through\s|who\s|which\s|whose\s|that\s"
    r"|submitted|appointed|established|pursuant|contained|presented|entitled|at\s+its\s"
    r"|at\s+the\s|during\s|until\s|since\s|on\s+(?:the\s+)?(?:basis|occasion))"
)
_PROPER_RUN = re.compile(
    r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:(?:of|the|and|or|in|for|on|de|du|la|le)\s+)*[A-Z][\w’'-]*)*"
)
_SECOND_ON = re.compile(r"(?<!based)(?<!measures)\s+on\s+")
_INFINITIVE = re.compile(rf"\s+to\s+{_REQUEST_VERBS}")
_VERB_AT = re.compile(_REQUEST_VERBS)


def asks_at(clause: str, position: int) -> bool:
    """Whether the words at `position` are what a request asks ("provide", "submit"): after
    "the High Commissioner for Human Rights to", the request, not a right's object."""
    return _VERB_AT.match(clause, position) is not None


_TRAILING = re.compile(r"(?:[\s,]+(?:the|of|and|or|on|for|in|a|an|to|its|their))+$|[\s,.]+$")


def read_addressees(
    follow_ups: list[FollowUp], paragraphs: list[Paragraph], title: str, body: str
) -> None:
    """Set each follow-up's `addressees`, reading back-references against what the title
    and the paragraphs before it name."""
    context = _Context(title, paragraphs)
    for follow_up in follow_ups:
        if follow_up.action == "decision":
            follow_up.addressees = [_body(body, body)]
        elif follow_up.addressee:
            follow_up.addressees = context.addressees(follow_up, body)


def names_in(addressee: str, body: str = "") -> list[Addressee]:
    """The entities an addressee as written names, in its order, without back-references
    resolved (they need the text: read_addressees)."""
    addressee = _before_infinitive(addressee)
    return _unique(entity for _, entity, _ in _read(addressee, body) if entity is not None)


def _before_infinitive(addressee: str) -> str:
    """The addressee without what is asked of it, which the request's reading may leave on
    ("the High Commissioner for Human Rights to continue")."""
    infinitive = _INFINITIVE.search(addressee)
    return addressee[: infinitive.start()] if infinitive else addressee


def _read(text: str, body: str, end: int | None = None, names: re.Pattern = _NAMES):
    """(position, entity, the families of back-references that may name it) for each name;
    for a back-reference, (position, None, (its family,))."""
    end = len(text) if end is None else end
    for match in names.finditer(text, 0, end):
        group = match.lastgroup
        if group == "known":
            yield match.start(), _entity(_KNOWN[_key(match.group("known"))]), None
        elif group == "body":
            yield match.start(), _body(match.group("body"), body), None
        elif group in ("head", "prep", "inter"):
            entity, families = _titled(text, match, end)
            if entity is not None:
                yield match.start(), entity, families
        elif group == "short":
            yield match.start(), None, (_SHORT[_key(match.group("short"))],)
        elif group == "council":
            word = match.group("council")
            own = body.endswith(word) and (word == "Council") == (body != "General Assembly")
            if own:
                yield match.start(), _body(body, body), None
        elif group == "state":
            name = _TRAILING.sub("", match.group("state"))
            name = name[4:] if name.startswith("the ") else name
            yield match.start(), Addressee(name, entities.STATES, slug_of(name)), None
        else:
            yield match.start(), Addressee("States", entities.STATES, "states"), None


def _titled(text: str, match: re.Match, end: int) -> tuple[Addressee | None, tuple[str, ...]]:
    start = match.end()
    bound = _TAIL_END.search(text, start, end)
    tail = _TRAILING.sub("", text[start : bound.start() if bound else end])
    if not tail:
        return None, ()
    key = _key(match.group("head"))
    head, kind, family = _HEADS[key]
    if match.group("prep") not in _PREPOSITIONS.get(family, ("on",)):
        return None, ()
    proper = tail[:1].isupper() or (tail[:4] == "the " and tail[4:5].isupper())
    if key in _PROPER_HEADS and not proper:
        return None, ()
    if proper:
        # A name: "the Syrian Arab Republic", not what follows it ("... immediate access").
        run = _PROPER_RUN.match(tail)
        tail = _TRAILING.sub("", run.group(0)) if run else tail
    elif second := _SECOND_ON.search(tail):
        # "the Special Rapporteur on freedom of religion or belief on hatred": the second
        # "on" is the subject of a report, not of the mandate.
        tail = tail[: second.start()]
    if match.group("inter"):
        kind = entities.OTHER
    name = _SPACE.sub(" ", f"{head} {match.group('prep')} {tail}")
    families = (family,)
    if kind == entities.SPECIAL_PROCEDURE:
        families += ("mandate_holder",)
    return Addressee(name, kind, slug_of(name)), families


def _entity(known: Known) -> Addressee:
    return Addressee(known.name, known.kind, known.slug)


def _body(name: str, own: str) -> Addressee:
    kind = entities.BODY_ITSELF if name == own else entities.OTHER
    return Addressee(name, kind, slug_of(name))


def _unique(found: Iterable[Addressee]) -> list[Addressee]:
    seen: dict[str, Addressee] = {}
    for entity in found:
        seen.setdefault(entity.slug, entity)
    return list(seen.values())


class _Context:
    """The names a text gives before each of its paragraphs, read once, when a
    back-reference first needs them."""

    def __init__(self, title: str, paragraphs: list[Paragraph]):
        self.title = title
        self.paragraphs = paragraphs
        self.text = ""
        self.starts: dict[str, int] = {}
        self.mentions: list[tuple[int, Addressee, tuple[str, ...]]] | None = None

    def _load(self) -> None:
        pieces, offset = [], 0
        for piece, label in [(self.title, ""), *((p.text, p.label) for p in self._walk())]:
            self.starts[label] = offset
            pieces.append(piece)
            offset += len(piece) + 1
        self.text = "\n".join(pieces)

    def _mentions(self) -> list[tuple[int, Addressee, tuple[str, ...]]]:
        if self.mentions is None:
            self.mentions = []
            for position, entity, families in _read(self.text, "", names=_CONTEXT_NAMES):
                known = _KNOWN_BY_SLUG.get(entity.slug) if entity else None
                families = families or (known.families if known else ())
                if entity is not None and families:
                    self.mentions.append((position, entity, families))
        return self.mentions

    def _walk(self):
        for paragraph in self.paragraphs:
            yield from paragraph.walk()

    def addressees(self, follow_up: FollowUp, body: str) -> list[Addressee]:
        addressee = _before_infinitive(follow_up.addressee)
        found = list(_read(addressee, body))
        if all(entity is not None for _, entity, _ in found):
            return _unique(entity for _, entity, _ in found)
        if not self.text:
            self._load()
        start = self.starts.get(follow_up.paragraph, len(self.text))
        paragraph_text = self.text[start:]
        at = paragraph_text.find(addressee)
        before = start + (at if at >= 0 else 0)
        return _unique(
            entity
            for entity in (
                entity if entity is not None else self._last(families[0], before)
                for _, entity, families in found
            )
            if entity is not None
        )

    def _last(self, family: str, before: int) -> Addressee | None:
        if family in _OFFICE_FAMILIES and not _OTHER_OFFICES.search(self.text):
            # Most texts name no office but OHCHR: spared reading every name they give.
            return _entity(_KNOWN_BY_SLUG[entities.OHCHR_SLUG])
        mentions = self._mentions()
        index = bisect.bisect_left(mentions, before, key=lambda mention: mention[0])
        for _, entity, families in reversed(mentions[:index]):
            if family in families:
                return entity
        if family in _OFFICE_FAMILIES:
            return _entity(_KNOWN_BY_SLUG[entities.OHCHR_SLUG])
        return None


_KNOWN_BY_SLUG = {known.slug: known for known in CATALOGUE}
_OFFICE_FAMILIES = ("high_commissioner", "office")
# The words of every catalogued office other than OHCHR that "the Office" may stand for.
_OTHER_OFFICES = re.compile(
    "|".join(
        re.escape(alias)
        for known in CATALOGUE
        if known.slug != entities.OHCHR_SLUG and set(known.families) & set(_OFFICE_FAMILIES)
        for alias in known.aliases
    )
)
