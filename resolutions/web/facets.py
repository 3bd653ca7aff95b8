"""Counting what each choice of a filter would give: the facets of the resolution and
follow-up lists (web/filters.py), kept until the data changes (counts.py)."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count

from resolutions import counts, tallies, text_tally
from resolutions.models import AgendaItemTally, ResolutionTally

OPEN = "open"
ALL = "all"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    errors: list[str]  # why the value asked for could not be read


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that counts, for each facet, the rows each choice would give when
    combined with the other filters in force (one grouped query per facet)."""

    facet_labels: dict[str, str] = {}
    # Whether the counts read no table of counts.FOLLOW_UP_TABLES, and are kept under the
    # texts' version, across the recording of a request's progress.
    counts_texts_only = False

    def queryset_without(self, excluded: str):
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facets(self) -> list[Facet]:
        self.form.is_valid()  # cleaned_data then holds the valid filters, which apply
        result = []
        for name, label in self.facet_labels.items():
            # The value as the filter reads it: "HRC-32" for a typed "hrc/32".
            current = str(self.form.cleaned_data.get(name) or self.data.get(name, "") or "")
            rows = getattr(self, f"count_{name}")(self.counted_over(name))
            options = [
                FacetOption(value, text, count, value == current)
                for value, text, count in rows
                if count
            ]
            errors = [str(error) for error in self.form.errors.get(name, [])]
            result.append(Facet(name, str(label), options, errors))
        return result

    def counted(self) -> tuple[int, list[Facet]]:
        """How many rows the filters give, and the facets, kept until the data changes
        (counts.py): a list page would otherwise count every row on every request. Only for
        a filterset over the model's whole table, as the cache key names just the filters."""
        parts = ({name: self.data.get(name) for name in self.filters}, self.facet_context())
        return counts.cached(
            type(self).__name__,
            parts,
            lambda: (self.total(), self.facets()),
            texts=self.counts_texts_only,
        )

    def counted_over(self, name: str):
        """What the facet `name` counts: the rows of the filters in force but its own."""
        return self.queryset_without(name).order_by()

    def total(self) -> int:
        return self.qs.count()

    def facet_context(self):
        """What the counts depend on besides the filters' values."""
        return None


def _grouped(queryset, *fields, distinct=False):
    # COUNT(DISTINCT) sorts every row; it is needed only where a join can repeat a row
    # within a group (agenda items, a many-to-many). The filters themselves never repeat one,
    # and COUNT(*) can be answered from an index alone (status and due date, for example).
    if isinstance(queryset, list):
        return tallies.grouped(queryset, *fields)  # a FollowUpFilter's counts, summed
    if queryset.model in (ResolutionTally, AgendaItemTally):
        return text_tally.grouped(queryset, *fields)  # a ResolutionFilter's
    count = Count("pk", distinct=True) if distinct else Count("*")
    return queryset.values(*fields).annotate(n=count).order_by(*fields)
