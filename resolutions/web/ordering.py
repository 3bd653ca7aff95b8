"""How the resolution lists are ordered: `?sort=` on the site and in the API, and, without
one, the words of `q` ranked as a person looking for a text means them."""

from django.db.models import Case, F, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _

from resolutions.models.followups import open_requests_of

# How a resolution list can be ordered (`?sort=`); without one, newest first, and words
# given in `q` rank an exact symbol first, then symbols that begin or end with them, then
# titles, then texts.
SORTS = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("symbol", _("Symbol")),
    ("open", _("Most open requests")),
]


def sort_order(value: str) -> list:
    return {
        "newest": [F("adopted_on").desc(nulls_last=True), "-id"],
        "oldest": [F("adopted_on").asc(nulls_last=True), "id"],
        "symbol": ["symbol"],
        "open": [open_requests_of(OuterRef("pk")).desc(), "-adopted_on", "-id"],
    }[value]


def ranked_by_words(words: str) -> list:
    """An exact symbol first ("A/HRC/RES/28/2"), then symbols that begin or end with the
    words ("28/2", "A/HRC/RES/28"), then titles, then texts; newest first within each."""
    rank = Case(
        When(symbol__iexact=words, then=0),
        When(Q(symbol__istartswith=words) | Q(symbol__iendswith=f"/{words}"), then=1),
        When(title__icontains=words, then=2),
        default=3,
    )
    return [rank.asc(), F("adopted_on").desc(nulls_last=True), "-id"]
