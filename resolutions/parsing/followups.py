"""Follow-ups: what an operative paragraph asks someone to do, of whom, and by when.

The opening verb decides the action: "Requests" is a request (a mandate), "Decides to ..."
a decision (a self-mandate), "Calls upon", "Urges", "Invites", "Encourages" exhortations.
Verbs such as "Reaffirms", "Welcomes", "Takes note" or "Recalls" ask nothing: a paragraph that
recalls someone else's request ("Recalls that ... the General Assembly requested ...") is not
a new mandate. "Decides to extend the mandate of ..." (and "Renews the mandate ...") is a
mandate extension, due when the mandate ends. A second verb in the same paragraph (", and
encourages non-governmental organizations to ...") is a follow-up of its own. "Recommends"
asks another body to act without binding it: it is read as an "invitation". Sub-paragraphs
that open with a verb of their own ("(b) Requests ...") carry their own follow-ups, labelled
"OP7(b)"; the numbered paragraphs of an annexed declaration ask in the first person plural
("Request", "Call upon").

Each follow-up also says what is to be delivered (the first deliverable named: "report",
"comprehensive report", "panel discussion", ...), how often ("annual", "biennial", ...),
and by when, with the relation the text states: "at" its thirty-fifth session, "before"
it, or "by" 2030 (deadlines.py).
"""

from __future__ import annotations

import re

from .addressees import asks_at
from .deadlines import find_due, find_recurrence, find_term
from .paragraphs import is_adverb, lead_of, looks_operative
from .types import FollowUp, Paragraph

__all__ = ["find_deliverable", "find_due", "find_follow_ups", "find_recurrence", "summarise"]

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
    # "Renews the mandate of the Special Rapporteur ... for a period of three years"; other
    # renewals and extensions ("Extends the reporting request") are no mandate's.
    "renews": "extension",
    "extends": "extension",
    # An annexed declaration asks in the first person plural: "We ... Request", "Call upon".
    "request": "request",
    "decide": "decision",
    "call upon": "call",
    "call on": "call",
    "call for": "call",
    "urge": "urge",
    "invite": "invitation",
    "encourage": "encouragement",
    "recommend": "invitation",
}
_VERB = (
    r"(?:requests|decides|calls\s+upon|calls\s+on|calls\s+for|urges|invites|encourages"
    r"|recommends)"
)
_WE_VERB = r"(?:request|decide|call\s+upon|call\s+on|call\s+for|urge|invite|encourage|recommend)"
_ADVERB_WORDS = r"(?:also|further|again|once\s+again|strongly|[a-z]{3,}ly)"
_SECONDARY = re.compile(
    rf"[,;]\s+and\s+(?:in\s+this\s+(?:regard|context)\s+)?"
    rf"(?P<verb>(?:{_ADVERB_WORDS}\s+)*{_VERB})\b"
)
_SECONDARY_WE = re.compile(
    rf"[,;]\s+and\s+(?:in\s+this\s+(?:regard|context)\s+)?"
    rf"(?P<verb>(?:{_ADVERB_WORDS}\s+)*{_WE_VERB})\b"
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
_HOW = re.compile(
    r",\s+(?:in\s+(?:consultation|cooperation|collaboration|coordination)\s+with"
    r"|with\s+the\s+(?:support|assistance)\s+of)\b[^,;]{0,160},"
)
_MAKING = re.compile(
    r"\b(?:prepare|submit|present|produce|conduct|convene|hold|organize|organise|undertake"
    r"|provide|compile|circulate|publish|elaborate|develop|carry\s+out|make|transmit|issue)\b"
)
# "Decides to extend the mandate of the Special Rapporteur ...", "to extend until 17 March 2026
# the mandate of UNAMA", "to renew, for one year, the mandate of the team": the mandate's end
# is a deadline that matters more than any report. "To extend the timeline" or "to renew the
# measures" (sanctions) extend no mandate.
_EXTENSION = re.compile(r"to\s+(?:extend|renew)\b[^;]{0,120}?\bmandates?\b", re.IGNORECASE)
_MANDATE = re.compile(r"[^;]{0,60}?\bmandates?\b", re.IGNORECASE)
_AGENDA_ITEM = re.compile(r"\b(?:include|inscribe)\b.{0,80}?\bagenda\b", re.IGNORECASE)
_CONSIDERATION = re.compile(r"\b(?:continue|resume)\s+(?:its\s+)?consideration\b", re.IGNORECASE)
SUMMARY_LENGTH = 300
# Compiled here rather than looked up in the re module's cache once per clause.
_TO_INFINITIVE = re.compile(r"^(?:,[^,;]{0,80},\s*)?(?=to\b)")
_THAT = re.compile(r"that\b")
_TO = re.compile(r"\s+to\s+")
_SENTENCE_END = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")


def find_follow_ups(paragraphs: list[Paragraph], body: str) -> list[FollowUp]:
    follow_ups = []
    for paragraph in paragraphs:
        if paragraph.kind not in ("operative", "annex"):
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
    secondary = _SECONDARY_WE if paragraph.kind == "annex" else _SECONDARY
    for match in secondary.finditer(text):
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
    if action == "extension":
        if not _MANDATE.match(clause):
            return None
        return _extension(label, verb, clause, body, due, deliverable, recurrence)
    if action == "decision":
        # Only "Decides to ..." mandates the body; "Decides that ..." settles a question.
        to = _TO_INFINITIVE.match(clause)
        if not to:
            return None
        if _EXTENSION.match(clause, to.end()):
            return _extension(label, verb, clause, body, due, deliverable, recurrence)
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


def _extension(label, verb, clause, body, due, deliverable, recurrence) -> FollowUp:
    """A mandate extended: its end ("until 17 March 2026", "for a period of three years") is
    the deadline, asked of the body, which must renew it by then."""
    if due.date is None and due.session is None and not due.after_adoption:
        due.after_adoption = find_term(clause)
        due.relation = "by" if due.after_adoption else due.relation
    # "Decides to extend the mandate ..." from "to extend"; "Renews the mandate ..." whole.
    to = _TO_INFINITIVE.match(clause)
    summary = summarise(clause[to.end() :] if to else clause)
    return FollowUp(
        label, "extension", verb, body, "body_itself", summary, due, deliverable, recurrence
    )


def find_deliverable(clause: str) -> str:
    """What the clause asks to be produced or held: "report", "panel discussion", ... or ""."""
    if "agenda" in clause and _AGENDA_ITEM.search(clause):
        return "agenda item"
    if "consideration" in clause and _CONSIDERATION.search(clause):
        return "consideration"
    lowered = clause.lower()
    if ", in " in lowered or ", with " in lowered:
        # "to provide, in consultation with the Office, a progress report": how, not what.
        lowered = _HOW.sub("", lowered)
    report = lowered.find("to report")
    for match in _DELIVERABLE.finditer(lowered):
        if 0 <= report < match.start():
            return "report"
        # The verb of making stands within a few words before the noun.
        if _MAKING.search(lowered, max(0, match.start() - 60), match.start()):
            return match.group("what")
    return "report" if report >= 0 else ""


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
