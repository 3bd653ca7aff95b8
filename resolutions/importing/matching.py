"""Which stored follow-up request is which request of a new text of the same resolution.

A re-import must carry each follow-up, and the history staff recorded on it, to the request
it was recorded for, whatever became of the labels around it: a paragraph inserted before
it renumbers it, a request deleted from its paragraph shifts the ones after it. So a
request is matched by what it is: the same action, asked of the same addressee, with the
same words (its own clause, and the paragraph that holds it); the label only breaks ties.

`plan_follow_ups` decides, and writes nothing: the import carries the plan out, and a
preview can show it beforehand:

    plan = plan_follow_ups(stored_follow_ups(resolution), parsed)
    plan.requests    # the new text's requests, in text order
    plan.matched     # [Match(stored, parsed, similarity)]: kept, with their history
    plan.new         # parsed requests no stored one is: created
    plan.superseded  # stored requests with history that nothing matches: kept, superseded
    plan.dropped     # stored requests without history that nothing matches: deleted

A follow-up superseded by an earlier import takes part too: a later text that asks for its
request again (the earlier text restored, say) revives it, history and all.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Exists, OuterRef, QuerySet

from resolutions import parsing
from resolutions.models import FollowUp, FollowUpEvent

# How alike two requests must be to be one request, on a scale where 1 is word for word.
# Measured over every third resolution of the word corpus (../shared/corpus/word, 5,763
# pairs of different requests of one resolution with the same action and addressee, and
# each request edited once: three words dropped, two replaced, or six inserted): 99% of the
# different pairs are below 0.52, and no edited request fell below 0.75. Between the two,
# 0.6 also keeps a request whose paragraph lost another request (OP19 of the seed without
# its call upon States: 0.63). The 0.5% of different pairs above it are formulas repeated
# in one text ("Requests the Secretary-General to ensure ..." in several sections); the
# one-to-one assignment gives each its own counterpart first, which is word for word.
SAME_REQUEST = 0.6
# Who is asked: "the Office of the High Commissioner" and "the Office of the United Nations
# High Commissioner" are one addressee (0.88); "States" and "all Member States" (0.5) or
# "all States" (0.67) are not, and a request to someone else is another request.
SAME_ADDRESSEE = 0.8
# A clause that says no more than its addressee ("Urges States, ..." summarised as
# "States") tells requests apart no better than the addressee did: the paragraph decides.
INFORMATIVE_CLAUSE = 3

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def informative(request) -> bool:
    return len(words(request.summary)) - len(words(request.addressee)) >= INFORMATIVE_CLAUSE


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two texts are, word for word in order (difflib's ratio, on words)."""
    if not a and not b:
        return 1.0
    # autojunk off: in a long paragraph "the" and "of" would be ignored, but not in a short one.
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    stored: FollowUp
    parsed: parsing.FollowUp
    similarity: float


@dataclass
class FollowUpPlan:
    """What a re-import does to a resolution's stored follow-ups (see the module docstring)."""

    # Every request of the new text that an import stores, in text order.
    requests: list[parsing.FollowUp] = field(default_factory=list)
    matched: list[Match] = field(default_factory=list)
    new: list[parsing.FollowUp] = field(default_factory=list)
    superseded: list[FollowUp] = field(default_factory=list)
    dropped: list[FollowUp] = field(default_factory=list)

    def match_for(self, parsed: parsing.FollowUp) -> FollowUp | None:
        """The stored follow-up that this parsed request carries on, if any."""
        for match in self.matched:
            if match.parsed is parsed:
                return match.stored
        return None


def stored_follow_ups(resolution) -> QuerySet:
    """Every follow-up of a stored resolution, superseded ones too, as plan_follow_ups
    reads them: with its paragraph and whether staff recorded history on it."""
    return (
        FollowUp.all_objects.filter(resolution=resolution)
        .select_related("paragraph")
        .annotate(has_history=Exists(FollowUpEvent.objects.filter(follow_up=OuterRef("pk"))))
        .order_by("id")
    )


def importable_follow_ups(parsed: parsing.ParsedResolution) -> list[parsing.FollowUp]:
    """The parsed requests an import stores: those whose paragraph the text holds."""
    labels = {p.label for p in parsed.all_paragraphs()}
    return [f for f in parsed.follow_ups if f.paragraph in labels]


def _exact(request, paragraph_text: str) -> tuple:
    return (paragraph_text, request.action, request.addressee, request.summary)


def plan_follow_ups(stored, parsed: parsing.ParsedResolution) -> FollowUpPlan:
    """Match stored follow-ups (as `stored_follow_ups` gives them) to the requests of a new
    parse of the same resolution, one to one, best pairs first. Writes nothing."""
    texts = {p.label: p.text for p in parsed.all_paragraphs()}
    requests = importable_follow_ups(parsed)
    stored = list(stored)
    sequence = {}
    positions = []
    for request in requests:
        sequence[request.paragraph] = sequence.get(request.paragraph, 0) + 1
        positions.append(sequence[request.paragraph])

    cache: dict[str, tuple[list[str], Counter]] = {}

    def counted(text: str) -> tuple[list[str], Counter]:
        if text not in cache:
            found = words(text)
            cache[text] = (found, Counter(found))
        return cache[text]

    def alike_at_most(a: str, b: str) -> float:
        """An upper bound of similarity(a, b) in linear time (difflib's quick_ratio)."""
        (a_words, a_count), (b_words, b_count) = counted(a), counted(b)
        total = len(a_words) + len(b_words)
        return 2 * (a_count & b_count).total() / total if total else 1.0

    # Addressees and paragraphs recur across a text's requests: each pair is measured once.
    measured: dict[tuple[str, str], float] = {}

    def alike(a: str, b: str) -> float:
        if a == b:
            return 1.0
        if (a, b) not in measured:
            measured[a, b] = similarity(counted(a)[0], counted(b)[0])
        return measured[a, b]

    # A request the new text repeats word for word, once on each side, is itself: most of a
    # re-import, which then compares only what changed.
    stored_keys = Counter(_exact(s, s.paragraph_text) for s in stored)
    parsed_keys = [_exact(r, texts[r.paragraph]) for r in requests]
    counts = Counter(parsed_keys)
    unique = {key for key, n in stored_keys.items() if n == 1 and counts[key] == 1}
    exact_index = {key: index for index, key in enumerate(parsed_keys) if key in unique}

    candidates = []
    for s in stored:
        key = _exact(s, s.paragraph_text)
        if key in unique:
            candidates.append((-1.0, False, 0, False, s.pk, exact_index[key], 1.0, s))
            continue
        for index, request in enumerate(requests):
            if parsed_keys[index] in unique:
                continue
            if s.action != request.action:
                continue
            if alike(s.addressee, request.addressee) < SAME_ADDRESSEE:
                continue
            new_text = texts[request.paragraph]
            # What a request asks (its own clause) counts as much as its paragraph: when one
            # of two requests of a paragraph goes, the other keeps its clause.
            with_clause = informative(s) and informative(request)
            # Most pairs are plainly different: bound them cheaply before the full measure,
            # which at 200 requests a text would otherwise take seconds.
            bound = alike_at_most(s.paragraph_text, new_text)
            if with_clause:
                bound = (bound + alike_at_most(s.summary, request.summary)) / 2
            if bound < SAME_REQUEST:
                continue
            score = alike(s.paragraph_text, new_text)
            if with_clause:
                score = (score + alike(s.summary, request.summary)) / 2
            if score < SAME_REQUEST:
                continue
            candidates.append(
                (
                    -round(score, 6),
                    # Ties (a paragraph repeated word for word): the same label, then the same
                    # place in the paragraph, then a current request before a superseded one.
                    s.label != request.paragraph,
                    abs(s.sequence - positions[index]),
                    s.is_superseded,
                    s.pk,
                    index,
                    score,
                    s,
                )
            )
    candidates.sort(key=lambda c: c[:6])

    plan = FollowUpPlan(requests=requests)
    matched: dict[int, Match] = {}
    taken_stored = set()
    for *_, pk, index, score, s in candidates:
        if pk in taken_stored or index in matched:
            continue
        taken_stored.add(pk)
        matched[index] = Match(s, requests[index], score)
    plan.matched = [matched[index] for index in sorted(matched)]
    plan.new = [r for i, r in enumerate(requests) if i not in matched]
    for s in stored:
        if s.pk in taken_stored or s.is_superseded:
            continue
        (plan.superseded if s.has_history else plan.dropped).append(s)
    return plan
