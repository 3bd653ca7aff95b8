"""Follow-ups: what an operative paragraph asks someone to do, of whom, and by when.

The opening verb decides the action: "Requests" is a request (a mandate), "Decides to ..."
a decision (a self-mandate), "Calls upon", "Urges", "Invites", "Encourages" exhortations.
Verbs such as "Reaffirms", "Welcomes", "Takes note" or "Recalls" ask nothing: a paragraph that
recalls someone else's request ("Recalls that ... the General Assembly requested ...") is not
a new mandate. A second verb in the same paragraph (", and encourages non-governmental
organizations to ...") is a follow-up of its own. "Recommends" asks another body to act
without binding it: it is read as an "invitation". Sub-paragraphs that open with a verb of
their own ("(b) Requests ...") carry their own follow-ups, labelled "OP7(b)".

Each follow-up also says what is to be delivered (the first deliverable named: "report",
"comprehensive report", "panel discussion", ...), how often ("annual", "biennial", ...),
and by when, with the relation the text states: "at" its thirty-fifth session, "before"
it, or "by" 2030.
"""

from __future__ import annotations

import re

from .addressees import asks_at
from .header import session_kind
from .ordinals import ORDINAL_PATTERN, ordinal_to_number
from .paragraphs import is_adverb, lead_of, looks_operative
from .types import Due, FollowUp, Paragraph, SessionRef

ACTIONS = {
    "requests": "request",
    "decides": "decision",
    "calls upon": "call",
    "calls on": "call",
    "urges": "urge",
    "invites": "invitation",
    "encourages": "encouragement",
    "recommends": "invitation",
    "calls for": "call",
}
_VERB = (
    r"(?:requests|decides|calls\s+upon|calls\s+on|calls\s+for|urges|invites|encourages"
    r"|recommends)"
)
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
    rf"\b(?P<relation>at|before|by|to|during|until|for|prior\s+to|no\s+later\s+than)\s+"
    rf"(?:its|the)\s+(?P<ordinal>{ORDINAL_PATTERN})\s+"
    r"(?P<kind>(?:emergency\s+)?special\s+)?sessions?\b",
    re.IGNORECASE,
)
_DUE_YEAR = re.compile(
    r"\b(?P<relation>in|by|before|until|during|no\s+later\s+than)\s+"
    r"(?:(?:early|mid|late|the\s+end\s+of)-?\s+)?(?P<year>(?:19|20)[0-9]{2})\b(?!\s+Agenda)"
)
_RELATIONS = {"before": "before", "prior to": "before", "by": "by", "no later than": "by"}
_DELIVERABLES = (
    "comprehensive report", "summary report", "progress report", "annual report",
    "final report", "interim report", "analytical report", "thematic report",
    "written report", "oral report", "report", "analytical study", "comprehensive study",
    "study", "high-level panel discussion", "panel discussion", "oral update",
    "written update", "update", "compilation", "summary", "analysis", "assessment",
    "guidelines", "recommendations", "high-level meeting", "intersessional meeting",
    "expert meeting", "meeting", "workshop", "seminar", "consultation", "consultations",
    "interactive dialogue", "forum", "conference", "briefing", "review",
    "questionnaire", "list", "road map", "action plan", "plan of action", "strategy",
)  # fmt: skip
# A deliverable is what the clause asks someone to produce or hold: the noun after a verb of
# making ("to prepare a comprehensive report", "to convene a panel discussion"), a few words
# before it; "to enhance dialogue" asks for no deliverable. Matched on the lower-cased clause.
_DELIVERABLE = re.compile(
    r"\b(?P<what>"
    + "|".join(re.escape(item) for item in sorted(_DELIVERABLES, key=len, reverse=True))
    + r")s?\b"
)
_MAKING = re.compile(
    r"\b(?:prepare|submit|present|produce|conduct|convene|hold|organize|organise|undertake"
    r"|provide|compile|circulate|publish|elaborate|develop|carry\s+out|make|transmit|issue)\b"
)
_RECURRENCE_HINTS = ("annu", "year", "ennial", "twice", "semi")
_AGENDA_ITEM = re.compile(r"\b(?:include|inscribe)\b.{0,80}?\bagenda\b", re.IGNORECASE)
_CONSIDERATION = re.compile(r"\b(?:continue|resume)\s+(?:its\s+)?consideration\b", re.IGNORECASE)
_RECURRENCES = (
    (re.compile(r"\bannually\b|\bon\s+an\s+annual\s+basis\b|\bevery\s+year\b|\beach\s+year\b"
                r"|\byearly\b|\bannual\s+(?:report|update|session|dialogue|"
                r"(?:panel\s+)?discussion|meeting|forum|resolution)", re.IGNORECASE), "annual"),
    (re.compile(r"\bbiennially\b|\bon\s+a\s+biennial\s+basis\b|\bevery\s+(?:two|second)\s+"
                r"years?\b|\bbiennial\b", re.IGNORECASE), "biennial"),
    (re.compile(r"\btriennially\b|\bevery\s+three\s+years\b|\btriennial\b", re.IGNORECASE),
     "triennial"),
    (re.compile(r"\bquadrennially\b|\bevery\s+four\s+years\b|\bquadrennial\b", re.IGNORECASE),
     "quadrennial"),
    (re.compile(r"\bevery\s+five\s+years\b|\bquinquennial\b", re.IGNORECASE), "quinquennial"),
    (re.compile(r"\btwice\s+a\s+year\b|\bsemi-?annual(?:ly)?\b|\bbiannual(?:ly)?\b",
                re.IGNORECASE), "semi-annual"),
)  # fmt: skip
SUMMARY_LENGTH = 300
# Compiled here rather than looked up in the re module's cache once per clause.
_TO_INFINITIVE = re.compile(r"^(?:,[^,;]{0,80},\s*)?(?=to\b)")
_THAT = re.compile(r"that\b")
_TO = re.compile(r"\s+to\s+")
_SENTENCE_END = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")
_WHITESPACE = re.compile(r"\s+")


def find_follow_ups(paragraphs: list[Paragraph], body: str) -> list[FollowUp]:
    follow_ups = []
    for paragraph in paragraphs:
        if paragraph.kind != "operative":
            continue
        follow_ups.extend(_in_paragraph(paragraph, paragraph.lead, body))
        for child in paragraph.walk():
            if child is not paragraph and child.text[:1].isupper():
                lead = lead_of(child.text)
                if looks_operative(lead):
                    follow_ups.extend(_in_paragraph(child, lead, body))
    return follow_ups


def _in_paragraph(paragraph: Paragraph, lead: str, body: str) -> list[FollowUp]:
    text = paragraph.text
    # Each clause: (verb as written, where the clause's words start, where they end).
    clauses: list[tuple[str, int, int]] = []
    if lead and text.startswith(lead):
        clauses.append((lead, len(lead), len(text)))
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
    deliverable = find_deliverable(clause)
    recurrence = find_recurrence(clause)
    if action == "decision":
        # Only "Decides to ..." mandates the body; "Decides that ..." settles a question.
        to = _TO_INFINITIVE.match(clause)
        if not to:
            return None
        summary = summarise(clause[to.end() :])
        return FollowUp(
            label, action, verb, body, "body_itself", summary, due, deliverable, recurrence
        )
    # "Calls for intensified cooperation" names what is wanted, not who is to act.
    addressee = "" if _core_verb(verb).endswith(" for") else _addressee(clause)
    return FollowUp(
        label,
        action,
        verb,
        addressee,
        addressee_kind(addressee),
        summarise(clause),
        due,
        deliverable,
        recurrence,
    )


def find_deliverable(clause: str) -> str:
    """What the clause asks to be produced or held: "report", "panel discussion", ... or ""."""
    if "agenda" in clause and _AGENDA_ITEM.search(clause):
        return "agenda item"
    if "consideration" in clause and _CONSIDERATION.search(clause):
        return "consideration"
    lowered = clause.lower()
    report = lowered.find("to report")
    for match in _DELIVERABLE.finditer(lowered):
        if 0 <= report < match.start():
            return "report"
        # The verb of making stands within a few words before the noun.
        if _MAKING.search(lowered, max(0, match.start() - 60), match.start()):
            return match.group("what")
    return "report" if report >= 0 else ""


def find_recurrence(clause: str) -> str:
    """How often: "annual", "biennial", ... or "" for a one-off."""
    lowered = clause.lower()
    if not any(hint in lowered for hint in _RECURRENCE_HINTS):
        return ""
    for pattern, recurrence in _RECURRENCES:
        if pattern.search(clause):
            return recurrence
    return ""


def _addressee(clause: str) -> str:
    if _THAT.match(clause):
        return ""
    if clause.endswith(":") and " to " not in clause:
        # "Requests the Secretary-General:" followed by "(a) To ...".
        return clause[:-1].strip() if len(clause) <= 200 else ""
    for match in _TO.finditer(clause):
        before = clause[: match.start()].rstrip(" ,")
        previous_word = before.rsplit(" ", 1)[-1].lower()
        if previous_word in _NOT_THE_INFINITIVE_AFTER and not asks_at(clause, match.end()):
            continue
        before = _INCIDENTAL.sub("", before)
        return before if len(before) <= 200 else ""
    return ""


# "the Secretary-General, in consultation with the appropriate organs, to prepare": the
# phrase between commas says how, not who.
_INCIDENTAL = re.compile(
    r",\s+(?:in\s+(?:consultation|cooperation|collaboration|coordination|close\s+cooperation)"
    r"|with\s+the\s+(?:support|assistance)|within\s+existing|as\s+appropriate|inter\s+alia"
    r"|through|under\s+the)\b.*$",
    re.IGNORECASE,
)


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
    sentence = _SENTENCE_END.split(clause.strip(), maxsplit=1)[0]
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
    relation = ""
    year = _DUE_YEAR.search(text) if ("19" in text or "20" in text) else None
    if year:
        due.year = int(year.group("year"))
        relation = _relation(year.group("relation"))
    session = _DUE_SESSION.search(text) if "ession" in text else None
    if session:
        number = ordinal_to_number(session.group("ordinal"))
        if number is not None:
            due.session = SessionRef(session_kind(session.group("kind")), number)
            relation = _relation(session.group("relation"))
    due.relation = relation or "at"
    return due


def _relation(words: str) -> str:
    return _RELATIONS.get(_WHITESPACE.sub(" ", words.lower()), "at")
