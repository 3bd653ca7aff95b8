"""How States voted: a country's record, two countries side by side, and the counts of a
vote reconciled.

A country's record is every recorded vote the tracker holds that it took part in: the votes
whose lists name it (from imported texts and the UN Digital Library's records), and the
recorded votes of the sessions it is seen voting in whose lists are not stored (the OHCHR
catalogue gives counts only): a State that votes at a Council session is a member of the
Council then, so it took part in that session's every recorded vote, its position unknown.

A vote's counts come from up to three places: the text's closing ("32 to 12, with 3
abstentions"), the text's lists of States, and the catalogue. Where they differ, the pages
say so (`discrepancies`) instead of showing one silently.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolutions.models import AdoptionMode, CountryVote, Resolution, Session, VotePosition

UNKNOWN = "unknown"
POSITIONS = ("in_favour", "against", "abstaining")


def counts_phrase(in_favour, against, abstaining) -> str:
    """ "32 in favour, 12 against, 3 abstentions", each part only where known."""
    parts = []
    if in_favour is not None:
        parts.append(_("%(count)s in favour") % {"count": in_favour})
    if against is not None:
        parts.append(_("%(count)s against") % {"count": against})
    if abstaining is not None:
        parts.append(
            ngettext("%(count)s abstention", "%(count)s abstentions", abstaining)
            % {"count": abstaining}
        )
    return ", ".join(parts)


def _differ(first: tuple, second: tuple) -> bool:
    return any(
        a is not None and b is not None and a != b for a, b in zip(first, second, strict=True)
    )


def discrepancies(resolution) -> list[str]:
    """What the counts of a vote disagree on, one sentence each; [] when they agree. The
    resolution's country votes are read as prefetched."""
    messages = []
    stated = (resolution.votes_in_favour, resolution.votes_against, resolution.votes_abstaining)
    listed = Counter(vote.position for vote in resolution.country_votes.all())
    if listed:
        named = tuple(listed[position] for position in POSITIONS)
        if _differ(stated, named):
            messages.append(
                _("The closing gives %(stated)s, but its lists name %(named)s.")
                % {"stated": counts_phrase(*stated), "named": counts_phrase(*named)}
            )
    catalogue = (
        resolution.catalogue_in_favour,
        resolution.catalogue_against,
        resolution.catalogue_abstaining,
    )
    if resolution.text_stored and _differ(stated, catalogue):
        messages.append(
            _("The text records %(text)s; the OHCHR voting catalogue records %(catalogue)s.")
            % {"text": counts_phrase(*stated), "catalogue": counts_phrase(*catalogue)}
        )
    return messages


def _listed(position: str):
    votes = CountryVote.objects.filter(resolution=OuterRef("pk"), position=position)
    count = votes.order_by().values("resolution").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def with_reconciliation(rows):
    """Resolutions with `counts_differ`: their closing, their lists and the catalogue do
    not agree (the rule of `discrepancies`, in the database)."""
    rows = rows.annotate(**{f"listed_{p}": _listed(p) for p in POSITIONS})
    closing_vs_lists = Q()
    text_vs_catalogue = Q()
    for position in POSITIONS:
        stated, catalogue = f"votes_{position}", f"catalogue_{position}"
        closing_vs_lists |= Q(**{f"{stated}__isnull": False}) & ~Q(
            **{stated: F(f"listed_{position}")}
        )
        text_vs_catalogue |= Q(**{f"{stated}__isnull": False, f"{catalogue}__isnull": False}) & ~Q(
            **{stated: F(catalogue)}
        )
    any_listed = Q(listed_in_favour__gt=0) | Q(listed_against__gt=0) | Q(listed_abstaining__gt=0)
    differ = (any_listed & closing_vs_lists) | (~Q(source_text="") & text_vs_catalogue)
    return rows.annotate(
        counts_differ=Case(When(differ, then=True), default=False, output_field=BooleanField())
    )


def member_sessions(country):
    """The sessions a country is seen voting in."""
    return Session.objects.filter(resolutions__country_votes__country=country).distinct()


def record(country):
    """Every recorded vote the country took part in (see the module's docstring), newest
    first, each with `position`: its vote, or UNKNOWN."""
    position = CountryVote.objects.filter(resolution=OuterRef("pk"), country=country).values(
        "position"
    )[:1]
    listed = CountryVote.objects.filter(resolution=OuterRef("pk"))
    unlisted = Q(
        session__in=member_sessions(country).values("pk"),
        adoption_mode=AdoptionMode.RECORDED_VOTE,
    ) & ~Exists(listed)
    named = Q(pk__in=CountryVote.objects.filter(country=country).values("resolution_id"))
    rows = Resolution.objects.filter(named | unlisted)
    return rows.annotate(position=Coalesce(Subquery(position), Value(UNKNOWN)))


@dataclass
class Agreement:
    both: int  # recorded votes both took part in, their positions known
    alike: int
    differing: list  # the resolutions they voted differently on, with both positions

    @property
    def percent(self) -> int | None:
        return round(100 * self.alike / self.both) if self.both else None


def compare(country, other) -> Agreement:
    """How often two countries voted alike, on the votes whose lists name both."""
    theirs = CountryVote.objects.filter(resolution=OuterRef("pk"), country=other).values(
        "position"
    )[:1]
    rows = (
        Resolution.objects.filter(country_votes__country=country)
        .annotate(position=F("country_votes__position"), other_position=Subquery(theirs))
        .filter(other_position__isnull=False)
        .select_related("body")
        .defer("source_text", "annex")
        .order_by("-adopted_on", "-id")
    )
    both = alike = 0
    differing = []
    for row in rows:
        row.position_label = position_label(row.position)
        row.other_position_label = position_label(row.other_position)
        both += 1
        if row.position == row.other_position:
            alike += 1
        else:
            differing.append(row)
    return Agreement(both, alike, differing)


def position_label(value: str) -> str:
    if value == UNKNOWN:
        return _("Not known: the catalogue gives the counts only")
    return VotePosition(value).label


@dataclass
class SeriesVotes:
    """How each State voted on the recorded votes of a series, text by text: `texts` the
    texts whose lists are stored, `rows` (country, [position or None, one per text])."""

    texts: list
    rows: list


def series_votes(texts) -> SeriesVotes | None:
    """The votes by country of a series' texts (in the order given), in one query (one
    whatever the texts, so that a page's queries stay the same); None when none of them
    has a list of States stored."""
    if not texts:
        return None
    votes = CountryVote.objects.filter(
        resolution__in=[text.pk for text in texts],
        resolution__adoption_mode=AdoptionMode.RECORDED_VOTE,
    ).select_related("country")
    by_country: dict = {}
    for vote in votes.order_by():
        by_country.setdefault(vote.country, {})[vote.resolution_id] = vote.position
    with_lists = {pk for cast in by_country.values() for pk in cast}
    listed = [text for text in texts if text.pk in with_lists]
    if not listed:
        return None
    rows = [
        (country, [by_country[country].get(text.pk) for text in listed])
        for country in sorted(by_country, key=lambda country: country.display_name)
    ]
    return SeriesVotes(listed, rows)
