"""The pages of countries: the index of States, a State's votes and sponsorships with the
filters of the resolution list, and two States compared (votes.py reads the votes)."""

from collections import Counter

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from resolutions import votes
from resolutions.models import Country, CountryStatus, CountryVote, Sponsorship, VotePosition
from resolutions.parsing import countries as names
from resolutions.web.filters import ResolutionFilter, _grouped
from resolutions.web.pages import active_filters, paginate, query_without_page

POSITION_CHOICES = [*VotePosition.choices, (votes.UNKNOWN, _("Not known"))]


class CountryRecordFilter(ResolutionFilter):
    """The resolution list's filters, on the votes of one country, with its position."""

    series = django_filters.NumberFilter(field_name="series_id", label=_("Series"))
    position = django_filters.ChoiceFilter(
        choices=POSITION_CHOICES, field_name="position", label=_("Its vote")
    )
    facet_labels = {
        "position": _("Its vote"),
        "body": _("Body"),
        "session": _("Session"),
        "agenda_item": _("Agenda item"),
        "series": _("Series"),
    }

    def count_position(self, queryset):
        labels = dict(POSITION_CHOICES)
        rows = _grouped(queryset, "position")
        return [(r["position"], labels[r["position"]], r["n"]) for r in rows]

    def count_series(self, queryset):
        rows = _grouped(queryset.filter(series__isnull=False), "series_id", "series__title")
        rows = sorted(rows, key=lambda r: r["series__title"])
        return [(str(r["series_id"]), r["series__title"], r["n"]) for r in rows]


def _counted(model):
    rows = model.objects.filter(country=OuterRef("pk")).order_by().values("country")
    counted = rows.annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@require_safe
def country_list(request):
    countries = Country.objects.annotate(
        vote_count=_counted(CountryVote), sponsor_count=_counted(Sponsorship)
    ).order_by("name")
    groups = [
        (label, [c for c in countries if c.status == status])
        for status, label in CountryStatus.choices
    ]
    unmatched = [c for c in countries if not c.code and (c.vote_count or c.sponsor_count)]
    return render(
        request, "resolutions/country_list.html", {"groups": groups, "unmatched": unmatched}
    )


@require_safe
def country_detail(request, code):
    country = _country(code)
    rows = votes.with_reconciliation(votes.record(country))
    filterset = CountryRecordFilter(request.GET, queryset=rows)
    facets = filterset.facets()
    shown = filterset.qs.for_list().order_by("-adopted_on", "-id")
    tally = Counter(dict(filterset.qs.order_by().values_list("position").annotate(n=Count("*"))))
    return render(
        request,
        "resolutions/country_detail.html",
        {
            "country": country,
            "state": names.states().get(country.code),
            "filterset": filterset,
            "facets": facets,
            "page": paginate(request, shown),
            "query": query_without_page(request),
            "active_filters": active_filters(request),
            "tally": [(label, tally[value]) for value, label in POSITION_CHOICES if tally[value]],
            "sessions": votes.member_sessions(country)
            .select_related("body")
            .order_by("body__name", "-number"),
            "sponsored": Sponsorship.objects.filter(country=country)
            .select_related("resolution")
            .defer("resolution__source_text", "resolution__annex")
            .order_by("-resolution__adopted_on", "-resolution_id"),
            "others": Country.objects.exclude(code=None).exclude(pk=country.pk),
        },
        status=400 if filterset.form.errors else 200,
    )


@require_safe
def country_compare(request, code):
    country = _country(code)
    other_code = request.GET.get("with", "").strip()
    other = Country.objects.filter(code=other_code.upper()).first() if other_code else None
    if other_code and other is None:
        error = _("No country has the code “%(code)s”: choose one in the list.")
        context = {"country": country, "error": error % {"code": other_code}}
    else:
        context = {"country": country, "other": other}
        context["agreement"] = votes.compare(country, other) if other else None
    context["others"] = Country.objects.exclude(code=None).exclude(pk=country.pk)
    return render(
        request,
        "resolutions/country_compare.html",
        context,
        status=400 if "error" in context else 200,
    )


def _country(code: str) -> Country:
    if not code.isalpha():
        raise Http404
    return get_object_or_404(Country, code=code.upper())
