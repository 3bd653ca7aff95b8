"""Filters of the API's lists. Resolutions and follow-ups reuse the site's FilterSets, so
that `?session=HRC-32` means the same on a page and in the API."""

import django_filters
from django import forms
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from resolutions.models import Citation, CitedVia, Document, DocumentKind, Paragraph, ParagraphKind
from resolutions.web import filters as site


class YearFilter(django_filters.NumberFilter):
    """A calendar year. The site's filters take any number, and a year the database or
    `datetime` cannot hold (0, 10**20) ends in a server error rather than a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)


class ResolutionFilter(site.ResolutionFilter):
    year = YearFilter(field_name="adopted_on__year")


class FollowUpFilter(site.FollowUpFilter):
    due_year = YearFilter(field_name="due_on__year")


class ListOnlyFilterBackend(DjangoFilterBackend):
    """Filters a list; a detail finds its row whatever the list's defaults would hide
    (an amendment, a fulfilled request)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
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
