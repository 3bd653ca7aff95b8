"""Filters of the API's lists. Resolutions and follow-ups are filtered by the site's own
FilterSets (web/filters.py), so that `?session=HRC-32` or `?year=2016` means the same on a
page and in the API; here are the backends that apply them only to lists, and the filters of
the lists the site does not have."""

import django_filters
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from resolutions.models import Citation, CitedVia, Document, DocumentKind, Paragraph, ParagraphKind

# What a list takes besides its filters: the page, its size, and DRF's format suffix.
LIST_PARAMETERS = {"page", "page_size", "format"}


def refuse_unknown_parameters(request, filters: set[str]):
    """A 400 naming a parameter that is no filter of the list, which would otherwise be
    ignored: `/api/follow-ups/?resolutoin=...` must not answer with every request."""
    unknown = sorted(set(request.query_params) - filters - LIST_PARAMETERS)
    if unknown:
        known = ", ".join(sorted(filters | LIST_PARAMETERS))
        raise ValidationError(
            {name: [f"Unknown parameter. This list takes: {known}."] for name in unknown}
        )


class ListOnlyFilterBackend(DjangoFilterBackend):
    """Filters a list; a detail finds its row whatever the list's defaults would hide
    (an amendment, a fulfilled request)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            refuse_unknown_parameters(request, set(filterset_class.base_filters))
        return super().filter_queryset(request, queryset, view)


class FollowUpFilterBackend(ListOnlyFilterBackend):
    """The follow-up filters need the day (for "overdue") and the user (for "assigned")."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        return {**kwargs, "today": timezone.localdate(), "user": request.user}


class ParagraphFilter(django_filters.FilterSet):
    resolution = django_filters.CharFilter(
        field_name="resolution__symbol", label='The resolution\'s symbol: "A/HRC/RES/32/6".'
    )
    kind = django_filters.ChoiceFilter(choices=ParagraphKind.choices)

    class Meta:
        model = Paragraph
        fields = []


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)

    class Meta:
        model = Document
        fields = []


class CitationFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(
        field_name="document__symbol", label='The cited document\'s symbol: "A/HRC/31/81".'
    )
    resolution = django_filters.CharFilter(
        field_name="paragraph__resolution__symbol", label="The citing resolution's symbol."
    )
    via = django_filters.ChoiceFilter(choices=CitedVia.choices)

    class Meta:
        model = Citation
        fields = []
