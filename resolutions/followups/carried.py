"""Requests carried forward from one text of a series to the next.

A series repeats its requests year after year ("Requests the High Commissioner to submit a
report ... at its thirty-fifth session" becoming "... at its thirty-eighth session"). The
two texts' operative paragraphs are aligned by their words (parsing/comparison.py, the
alignment the comparison page shows); a request of the later text is the earlier one
carried forward when its paragraph is matched with the earlier request's paragraph and it
asks the same addressee for the same kind of action. Each such pair is recorded as a
`CarriedForward`, which proposes the earlier request as superseded: a staff member accepts
it (recording.decide_carried_forward, an event on the earlier request) or rejects it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from resolutions.models import (
    CarriedForward,
    FollowUp,
    FollowUpAction,
    FollowUpStatus,
    ParagraphKind,
    Resolution,
)
from resolutions.parsing.comparison import compare
from resolutions.queries import comparison_items

MATCHED = ("kept", "changed", "moved")


def _words(text: str) -> str:
    return " ".join(text.lower().split())


# A decision to extend a mandate is read as an extension where the text names its end, as
# a decision where it does not: the same request either way.
_SAME_ACTION = {FollowUpAction.EXTENSION: FollowUpAction.DECISION}


def _same_request(earlier: FollowUp, later: FollowUp) -> bool:
    """The same kind of action asked of the same addressee: an entity both name, or the
    same words ("the mandate holder") where the entities read from them differ."""
    actions = {_SAME_ACTION.get(f.action, f.action) for f in (earlier, later)}
    if len(actions) != 1:
        return False
    entities = {e.pk for e in earlier.entities.all()} & {e.pk for e in later.entities.all()}
    return bool(entities) or _words(earlier.addressee) == _words(later.addressee)


def _requests_by_paragraph(resolution_id) -> dict[int, list[FollowUp]]:
    """The text's current requests by paragraph, each paragraph's in the text's order."""
    found = defaultdict(list)
    rows = (
        FollowUp.objects.filter(resolution_id=resolution_id)
        .select_related("paragraph", "due_session__body")
        .prefetch_related("entities")
    )
    for follow_up in rows.order_by("paragraph__position", "sequence", "id"):
        found[follow_up.paragraph_id].append(follow_up)
    return found


@dataclass
class Requests:
    """The requests of two texts of a series compared: (earlier, later) pairs carried
    forward in the later text's order, the later text's new ones, the earlier's dropped."""

    carried: list = field(default_factory=list)
    new: list = field(default_factory=list)
    not_repeated: list = field(default_factory=list)


def compare_requests(earlier_id: int, later_id: int, aligned=None) -> Requests:
    """The requests of two texts compared. `aligned` is the operative part's alignment,
    (pairs, earlier paragraph by item id, later paragraph by item id), where the caller
    has made it already (the comparison page); else it is made here."""
    earlier_requests = _requests_by_paragraph(earlier_id)
    later_requests = _requests_by_paragraph(later_id)
    found = Requests()
    if earlier_requests and later_requests:
        pairs, old_paragraph, new_paragraph = aligned or _aligned(earlier_id, later_id)
        for pair in pairs:
            if pair.kind in MATCHED:
                found.carried += _matched(
                    earlier_requests.get(old_paragraph[id(pair.old)].pk, []),
                    later_requests.get(new_paragraph[id(pair.new)].pk, []),
                )
    repeated = {later.pk for _, later in found.carried}
    kept = {earlier.pk for earlier, _ in found.carried}
    found.new = [f for group in later_requests.values() for f in group if f.pk not in repeated]
    found.not_repeated = [
        f for group in earlier_requests.values() for f in group if f.pk not in kept
    ]
    return found


def _aligned(earlier_id, later_id):
    old, old_paragraph = comparison_items(earlier_id, [ParagraphKind.OPERATIVE])
    new, new_paragraph = comparison_items(later_id, [ParagraphKind.OPERATIVE])
    return compare(old, new)[ParagraphKind.OPERATIVE], old_paragraph, new_paragraph


def _matched(before: list[FollowUp], after: list[FollowUp]) -> list[tuple[FollowUp, FollowUp]]:
    """The requests of two matched paragraphs that are one request, each used once."""
    found, taken = [], set()
    for later in after:
        for earlier in before:
            if earlier.pk not in taken and _same_request(earlier, later):
                found.append((earlier, later))
                taken.add(earlier.pk)
                break
    return found


def _consecutive(series_ids=None, resolution_ids=None) -> dict[int, int]:
    """Each adopted text of a series that makes requests, and the next one that does: a
    text known from a catalogue only makes none, and is passed over."""
    texts = Resolution.objects.filter(
        series__isnull=False, adopted_on__isnull=False, id__in=FollowUp.objects.values("resolution")
    )
    if series_ids is not None:
        texts = texts.filter(series_id__in=series_ids)
    members = defaultdict(list)
    rows = texts.values_list("series_id", "id", "adopted_on").order_by(
        "series_id", "adopted_on", "id"
    )
    for series_id, pk, adopted_on in rows:
        members[series_id].append((pk, adopted_on))
    wanted = set(resolution_ids) if resolution_ids is not None else None
    pairs = {}
    for texts_of_series in members.values():
        for (pk, adopted_on), (later, later_adopted) in zip(
            texts_of_series, texts_of_series[1:], strict=False
        ):
            if later_adopted > adopted_on and (wanted is None or {pk, later} & wanted):
                pairs[pk] = later
    return pairs


def propose_superseded(series_ids=None, resolution_ids=None) -> list[CarriedForward]:
    """For each text of a series and the next that makes requests, the earlier open requests
    carried forward, proposed as superseded. With `resolution_ids` (texts just stored),
    only the pairs they take part in."""
    pairs = _consecutive(series_ids, resolution_ids)
    proposals = []
    for earlier_id, later_id in pairs.items():
        for earlier, later in compare_requests(earlier_id, later_id).carried:
            if earlier.status in FollowUpStatus.open_values():
                proposals.append(CarriedForward(earlier=earlier, later=later))
    return proposals
