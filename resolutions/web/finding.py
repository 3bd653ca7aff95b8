"""One search box that understands what it is given: a symbol, or a part of one, goes to
that text or document; words find titles (the catalogue's included) before paragraphs.

    "A/HRC/RES/28/2", "a/hrc/res/28/2."  the text itself
    "28/2", "HRC/32/6", "2334 (2016)"    the symbols that end with it (and name that body)
    "right to food"                      titles holding the words, then paragraphs
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse

from resolutions import counts, queries
from resolutions.models import Document, Resolution
from resolutions.parsing.symbols import symbol_from_input

# What the box shows of each group at most; the group's count says how many there are.
SHOWN = 10

# A part of a symbol: a number ("28/2", "2334 (2016)", "1514 (XV)"), perhaps after the
# letters of its body or series ("HRC/32/6", "RES/73/8").
_PART = re.compile(
    r"^(?:(?P<prefix>[A-Z][A-Z./-]*?)/)?"
    r"(?P<number>(?:S-|ES-)?\d{1,4}/\d{1,4}[A-Z]?"  # a session's text: "32/6", "S-30/1"
    r"|\d{1,4} \((?:\d{4}|[IVXLC]+|[ES]{1,2}-[IVXLC]+)\))$"  # "2334 (2016)", "1514 (XV)"
)


@dataclass
class Found:
    """What the box found: `go_to` when one text or document is exactly what was typed."""

    go_to: str = ""
    by_symbol: list = field(default_factory=list)
    symbol_count: int = 0
    by_title: list = field(default_factory=list)
    title_count: int = 0
    documents: list = field(default_factory=list)
    document_count: int = 0


def find(query: str) -> Found:
    """Texts and documents the box's `query` names, exact first. Titles found for words
    are kept under the texts' version (counts.py): they say nothing of requests. What a
    symbol finds is not, since whether a document is shown follows its events."""
    symbol = symbol_from_input(query)
    part = _PART.match(" ".join(query.upper().split()).rstrip("."))
    if symbol or part:
        return _found(query, symbol, part)
    return counts.cached("find", query, lambda: _found(query, symbol, part), texts=True)


def _shown(resolutions: QuerySet[Resolution]) -> list[Resolution]:
    """What a found text shows: its symbol, title, body, date and whether it is stored."""
    return list(queries.briefly(resolutions.with_text_stored())[:SHOWN])


def _found(query: str, symbol: str, part: re.Match | None) -> Found:
    found = Found()
    if symbol and Resolution.objects.filter(symbol=symbol).exists():
        found.go_to = reverse("resolution_detail", args=[symbol])
        return found
    if symbol and Document.objects.public().filter(symbol=symbol).exists():
        found.go_to = reverse("document_detail", args=[symbol])
        return found
    by_symbol = _by_symbol(part) if part else None
    if by_symbol is not None:
        found.symbol_count = by_symbol.count()
        found.by_symbol = _shown(by_symbol)
        if found.symbol_count == 1:
            found.go_to = found.by_symbol[0].get_absolute_url()
            return found
        documents = Document.objects.public().filter(
            resolution__isnull=True, symbol__iendswith="/" + part["number"]
        )
        found.document_count = documents.count()
        found.documents = list(documents.order_by("symbol")[:SHOWN])
    # The search's own syntax (a quoted phrase) is not part of a title.
    words = " ".join(query.replace('"', " ").split())
    if len(words) >= 3:
        titles = Resolution.objects.listed().filter(title__icontains=words)
        if by_symbol is not None:
            titles = titles.exclude(pk__in=by_symbol.values("pk"))
        found.title_count = titles.count()
        found.by_title = _shown(titles.order_by("-adopted_on", "-id"))
    return found


def _by_symbol(part: re.Match) -> QuerySet[Resolution]:
    """The listed texts whose symbol ends with the part typed (and names its prefix)."""
    condition = Q(symbol__iendswith="/" + part["number"])
    if part["prefix"]:
        condition &= Q(symbol__istartswith=part["prefix"] + "/") | Q(
            symbol__icontains="/" + part["prefix"] + "/"
        )
    return Resolution.objects.listed().filter(condition).order_by("-adopted_on", "-id")
