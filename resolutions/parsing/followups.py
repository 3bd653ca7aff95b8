"""Follow-ups: what an operative paragraph asks someone to do, of whom, and by when.

The opening verb decides the action: "Requests" is a request (a mandate), "Decides to ..."
a decision (a self-mandate), "Calls upon", "Urges", "Invites", "Encourages" exhortations.
Verbs such as "Reaffirms", "Welcomes", "Takes note" or "Recalls" ask nothing: a paragraph that
recalls someone else's request ("Recalls that ... the General Assembly requested ...") is not
a new mandate. A second verb in the same paragraph (", and encourages non-governmental
organizations to ...") is a follow-up of its own.
"""

from __future__ import annotations

import re

from .header import session_kind
from .ordinals import ORDINAL_PATTERN, ordinal_to_number
from .paragraphs import is_adverb
from .types import Due, FollowUp, Paragraph, SessionRef

ACTIONS = {
    "requests": "request",
    "decides": "decision",
    "calls upon": "call",
    "calls on": "call",
    "urges": "urge",
    "invites": "invitation",
    "encourages": "encouragement",
}
_VERB = r"(?:requests|decides|calls\s+upon|calls\s+on|urges|invites|encourages)"
_ADVERB_WORDS = r"(?:also|further|again|once\s+again|strongly|[a-z]{3,}ly)"
_SECONDARY = re.compile(
    rf"[,;]\s+and\s+(?:in\s+this\s+(?:regard|context)\s+)?"
    rf"(?P<verb>(?:{_ADVERB_WORDS}\s+)*{_VERB})\b"
)
# Before " to ", these words belong to the addressee's name ("the Special Rapporteur on the
# right to food"), not to the request.
_NOT_THE_INFINITIVE_AFTER = (
    "right",
    "rights",
    "relating",
    "related",
    "regard",
    "respect",
    "access",
)
_SECRETARIAT = re.compile(
    r"Secretary-General|High\s+Commissioner|\bOHCHR\b|Advisory\s+Committee|special\s+procedures?"
    r"|Special\s+Rapporteurs?|Independent\s+Experts?|Working\s+Groups?|United\s+Nations\s+system"
    r"|\bSecretariat\b|mandate\s+holders?|Special\s+Representatives?|Special\s+Advisers?",
    re.IGNORECASE,
)
_MEMBER_STATES = re.compile(r"\bStates\b|\bGovernments?\b")
_BODY_ITSELF = re.compile(r"\b(?:the\s+Council|itself)\b")
_DUE_SESSION = re.compile(
    rf"\b(?:at|before|by|to|during|until|for)\s+(?:its|the)\s+(?P<ordinal>{ORDINAL_PATTERN})\s+"
    r"(?P<kind>(?:emergency\s+)?special\s+)?sessions?\b",
    re.IGNORECASE,
)
_DUE_YEAR = re.compile(
    r"\b(?:in|by|before|until|during)\s+(?P<year>(?:19|20)[0-9]{2})\b(?!\s+Agenda)"
)
SUMMARY_LENGTH = 300


def find_follow_ups(paragraphs: list[Paragraph], body: str) -> list[FollowUp]:
    follow_ups = []
    for paragraph in paragraphs:
        if paragraph.kind == "operative":
            follow_ups.extend(_in_paragraph(paragraph, body))
    return follow_ups


def _in_paragraph(paragraph: Paragraph, body: str) -> list[FollowUp]:
    text = paragraph.text
    # Each clause: (verb as written, where the clause's words start, where they end).
    clauses: list[tuple[str, int, int]] = []
    if paragraph.lead and text.startswith(paragraph.lead):
        clauses.append((paragraph.lead, len(paragraph.lead), len(text)))
    for match in _SECONDARY.finditer(text):
        if clauses:
            verb, start, _ = clauses[-1]
            clauses[-1] = (verb, start, match.start())
        clauses.append((match.group("verb"), match.end(), len(text)))
    follow_ups = []
    for verb, start, end in clauses:
        action = ACTIONS.get(_core_verb(verb))
        if action is None:
            continue
        follow_up = _follow_up(paragraph.label, action, verb, text[start:end], body)
        if follow_up:
            follow_ups.append(follow_up)
    return follow_ups


def _core_verb(verb: str) -> str:
    words = verb.lower().split()
    while len(words) > 1 and is_adverb(words[0]):
        words.pop(0)
    return " ".join(words)


def _follow_up(label: str, action: str, verb: str, clause: str, body: str) -> FollowUp | None:
    clause = clause.strip()
    due = find_due(clause)
    if action == "decision":
        # Only "Decides to ..." mandates the body; "Decides that ..." settles a question.
        to = re.match(r"^(?:,[^,;]{0,80},\s*)?(?=to\b)", clause)
        if not to:
            return None
        return FollowUp(
            label, action, verb, body, "body_itself", summarise(clause[to.end() :]), due
        )
    addressee = _addressee(clause)
    return FollowUp(
        label, action, verb, addressee, addressee_kind(addressee), summarise(clause), due
    )


def _addressee(clause: str) -> str:
    if re.match(r"that\b", clause):
        return ""
    for match in re.finditer(r"\s+to\s+", clause):
        before = clause[: match.start()].rstrip(" ,")
        previous_word = before.rsplit(" ", 1)[-1].lower()
        if previous_word in _NOT_THE_INFINITIVE_AFTER:
            continue
        return before if len(before) <= 200 else ""
    return ""


def addressee_kind(addressee: str) -> str:
    """ "secretariat", "member_states", "body_itself" or "other": whoever is named first decides."""
    first: tuple[int, str] | None = None
    for pattern, kind in (
        (_SECRETARIAT, "secretariat"),
        (_MEMBER_STATES, "member_states"),
        (_BODY_ITSELF, "body_itself"),
    ):
        match = pattern.search(addressee)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), kind)
    return first[1] if first else "other"


def summarise(clause: str) -> str:
    """The clause as one sentence of at most SUMMARY_LENGTH characters."""
    sentence = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", clause.strip(), maxsplit=1)[0]
    sentence = sentence.rstrip(" ,;.:")
    if len(sentence) <= SUMMARY_LENGTH:
        return sentence
    cut = sentence[: SUMMARY_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "\u2026"


def find_due(text: str) -> Due:
    """The deadline a clause sets: a year ("in 2017"), a session ("at its thirty-fifth session")."""
    due = Due()
    year = _DUE_YEAR.search(text)
    if year:
        due.year = int(year.group("year"))
    session = _DUE_SESSION.search(text)
    if session:
        number = ordinal_to_number(session.group("ordinal"))
        if number is not None:
            due.session = SessionRef(session_kind(session.group("kind")), number)
    return due
