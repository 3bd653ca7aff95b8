"""Two texts of a series compared paragraph by paragraph: the page and its JSON.

The alignment is parsing/comparison.py's; this module chooses the two texts (the previous
text of the series, or the one `?with=` names), loads their paragraphs and says plainly why a
comparison cannot be made (no earlier text, another series, a text not stored)."""

from dataclasses import dataclass, field

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from resolutions.followups import carried
from resolutions.models import ParagraphKind, Resolution
from resolutions.parsing.comparison import compare, summary
from resolutions.parsing.symbols import symbol_from_input
from resolutions.queries import comparison_items, timeline

_SHOWN = ("id", "symbol", "title", "adopted_on", "series", "source_text", "language")
PARTS = (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE)


class Refused(Exception):
    """Why these two texts cannot be compared, and the status that says it."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Comparison:
    older: Resolution
    newer: Resolution
    parts: dict  # part -> [Pair], each Item's label in `labels`
    counts: dict  # part -> {kind: count}
    labels: dict  # id(Item) -> "OP3"
    # The requests of the two texts: carried forward (earlier, later), new in the later
    # text, and not repeated from the earlier one (followups/carried.py).
    carried: list = field(default_factory=list)
    new_requests: list = field(default_factory=list)
    not_repeated: list = field(default_factory=list)

    @property
    def sections(self):
        """What the page shows of each part: its name, its counts and its rows."""
        names = dict(ParagraphKind.choices)
        return [
            {
                "part": part,
                "name": names[part],
                "counts": self.counts[part],
                "rows": [
                    {
                        "kind": pair.kind,
                        "old": self.labels[id(pair.old)] if pair.old else "",
                        "new": self.labels[id(pair.new)] if pair.new else "",
                        "text": (pair.new or pair.old).text,
                        "segments": pair.segments,
                    }
                    for pair in pairs
                ],
            }
            for part, pairs in self.parts.items()
        ]


def _other_text(newer: Resolution, named: str) -> Resolution:
    if not named:
        # The timeline is in order of adoption: the last text adopted before this one.
        earlier = [
            text
            for text in timeline(newer)
            if text.adopted_on and newer.adopted_on and text.adopted_on < newer.adopted_on
        ]
        if not earlier:
            raise Refused(_("No earlier text of this series is stored here."), 404)
        return Resolution.objects.only(*_SHOWN).get(pk=earlier[-1].pk)
    symbol = symbol_from_input(named)
    if symbol is None:
        raise Refused(_("“%(value)s” is not a UN document symbol.") % {"value": named}, 400)
    other = Resolution.objects.only(*_SHOWN).filter(symbol=symbol).first()
    if other is None:
        raise Refused(_("No resolution %(symbol)s is stored.") % {"symbol": symbol}, 404)
    if other.pk == newer.pk:
        raise Refused(_("A text compared with itself has nothing to show."), 400)
    if newer.series_id is None or other.series_id != newer.series_id:
        raise Refused(
            _("%(other)s is not a text of the series of %(symbol)s.")
            % {"other": other.symbol, "symbol": newer.symbol},
            400,
        )
    return other


def comparison_for(resolution: Resolution, named: str) -> Comparison:
    """The comparison of a text with the previous one of its series or the one named."""
    other = _other_text(resolution, named)
    older, newer = sorted(
        [other, resolution], key=lambda text: (text.adopted_on is None, text.adopted_on, text.pk)
    )
    for text in (older, newer):
        if not text.source_text:
            raise Refused(
                _("The text of %(symbol)s is not stored here, so it cannot be compared.")
                % {"symbol": text.symbol},
                400,
            )
    old_items, old_paragraph = comparison_items(older.pk, PARTS)
    new_items, new_paragraph = comparison_items(newer.pk, PARTS)
    parts = compare(old_items, new_items)
    labels = {key: p.label for key, p in {**old_paragraph, **new_paragraph}.items()}
    comparison = Comparison(older, newer, parts, summary(parts), labels)
    # The requests, matched through the alignment made above.
    aligned = (parts[ParagraphKind.OPERATIVE], old_paragraph, new_paragraph)
    requests = carried.compare_requests(older.pk, newer.pk, aligned)
    comparison.carried, comparison.new_requests = requests.carried, requests.new
    comparison.not_repeated = requests.not_repeated
    return comparison


def _load(request, symbol):
    resolution = get_object_or_404(Resolution.objects.only(*_SHOWN), symbol=symbol)
    return resolution, comparison_for(resolution, request.GET.get("with", "").strip())


@require_safe
def compare_texts(request, symbol):
    try:
        resolution, comparison = _load(request, symbol)
    except Refused as refused:
        context = {"symbol": symbol, "refused": refused.message}
        return render(request, "resolutions/compare.html", context, status=refused.status)
    return render(
        request,
        "resolutions/compare.html",
        {
            "symbol": symbol,
            "resolution": resolution,
            "comparison": comparison,
            "today": timezone.localdate(),
        },
    )


def _item_json(item, labels):
    return None if item is None else {"label": labels[id(item)], "text": item.text}


def _request_json(follow_up):
    return {
        "paragraph": follow_up.label,
        "action": follow_up.action,
        "addressee": follow_up.addressee,
        "due": follow_up.due_label,
        "status": follow_up.status,
        "url": follow_up.get_absolute_url(),
    }


@require_safe
def compare_texts_json(request, symbol):
    try:
        _resolution, comparison = _load(request, symbol)
    except Refused as refused:
        return JsonResponse({"error": refused.message}, status=refused.status)
    labels = comparison.labels
    return JsonResponse(
        {
            "older": comparison.older.symbol,
            "newer": comparison.newer.symbol,
            "summary": comparison.counts,
            "requests": {
                "carried_forward": [
                    {"earlier": _request_json(earlier), "later": _request_json(later)}
                    for earlier, later in comparison.carried
                ],
                "new": [_request_json(follow_up) for follow_up in comparison.new_requests],
                "not_repeated": [_request_json(f) for f in comparison.not_repeated],
            },
            "parts": {
                part: [
                    {
                        "kind": pair.kind,
                        "old": _item_json(pair.old, labels),
                        "new": _item_json(pair.new, labels),
                        "similarity": round(pair.ratio, 3),
                        "words": [{"kind": kind, "text": text} for kind, text in pair.segments],
                    }
                    for pair in pairs
                ]
                for part, pairs in comparison.parts.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
