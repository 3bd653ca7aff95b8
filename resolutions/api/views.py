"""The API's endpoints: read-only viewsets over the tracker's rows, and one write, a
follow-up event, which goes through recording.record_follow_up_event like the page's form.

Every queryset names its order with a unique last key, so that pages never repeat or skip
a row, and fetches what its serializer reads in a fixed number of queries.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.reverse import reverse

from resolutions import counts, queries
from resolutions.access import can_record
from resolutions.api import serializers
from resolutions.api.filters import (
    CitationFilter,
    DocumentFilter,
    FollowUpFilterBackend,
    ListOnlyFilterBackend,
    ParagraphFilter,
)
from resolutions.api.permissions import RecordsFollowUpOrReadOnly
from resolutions.domain import parse_session_code
from resolutions.followups import recording
from resolutions.models import (
    AgendaItem,
    Citation,
    Document,
    FollowUp,
    Paragraph,
    Resolution,
    Series,
    Session,
    listed_q,
)
from resolutions.web import rows
from resolutions.web.filters import FollowUpFilter, ResolutionFilter
from resolutions.web.visitor_cache import kept_data


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CountedPagination(Pagination):
    """Pages whose total is kept until the data changes (counts.py), as on the site's lists,
    rather than counted on every request. Only for a list of its model's whole table
    narrowed by the view's filterset, as the cache key names just the filters."""

    def paginate_queryset(self, queryset, request, view=None):
        filters = {
            name: request.query_params.get(name) for name in view.filterset_class.base_filters
        }
        # The filterset's own total: from the resolutions' tally where it holds the filters.
        filterset = view.filterset_class(request.query_params, queryset=view.get_queryset())
        self.known_count = counts.cached(
            f"api-count:{type(view).__name__}",
            filters,
            filterset.total,
            texts=getattr(filterset, "counts_texts_only", False),
        )
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        # Called where PageNumberPagination makes its Django paginator.
        paginator = Paginator(object_list, per_page)
        paginator.count = self.known_count  # known already: spares counting every row again
        return paginator


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its rows, their data kept for visitors until the data changes, after the
    throttle has counted the request (web/visitor_cache.py)."""

    pagination_class = Pagination
    filter_backends = [ListOnlyFilterBackend]

    def list(self, request, *args, **kwargs):
        return kept_data(
            request, lambda: super(ReadOnlyViewSet, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return kept_data(
            request, lambda: super(ReadOnlyViewSet, self).retrieve(request, *args, **kwargs)
        )


def follow_ups():
    return (
        FollowUp.objects.for_list()
        .select_related("fulfilled_by")
        .prefetch_related(queries.public_events(), "entities")
        .by_due_date()
    )


def adopted_in_order():
    """The texts of a series as its page shows them."""
    return Resolution.objects.listed().order_by("adopted_on", "id")


SYMBOL = OpenApiParameter(
    "symbol",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description='A UN document symbol, slashes and all: "A/HRC/RES/32/6".',
)


class SymbolLookupMixin:
    """Rows found by their UN symbol, which holds slashes as the site's URLs do."""

    lookup_field = "symbol"
    lookup_value_regex = ".+"

    def get_object(self):
        # PostgreSQL refuses a NUL in a string parameter; no symbol holds one.
        if "\x00" in self.kwargs["symbol"]:
            raise Http404
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="Resolutions, with the filters of the resolution list"),
    retrieve=extend_schema(summary="A resolution whole", parameters=[SYMBOL]),
)
class ResolutionViewSet(SymbolLookupMixin, ReadOnlyViewSet):
    filterset_class = ResolutionFilter
    pagination_class = CountedPagination

    def get_queryset(self):
        if self.action != "retrieve":
            return Resolution.objects.all()
        return queries.resolutions_for_api()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Their open requests are read for the page alone (`paginate_queryset`).
        return queryset.for_list(open_requests=False) if self.action == "list" else queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            # A check (web/visitor_cache.py), as on the site's lists: the answer kept for
            # visitors outlives a request recorded on a text it does not hold.
            counted = rows.open_requests_checked(tuple(resolution.pk for resolution in page))
            for resolution in page:
                resolution.open_follow_up_count = counted.get(resolution.pk, 0)
        return page

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ResolutionDetailSerializer
        return serializers.ResolutionSerializer


@extend_schema_view(
    list=extend_schema(summary="Paragraphs, by resolution and kind"),
    retrieve=extend_schema(summary="A paragraph"),
)
class ParagraphViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ParagraphSerializer
    filterset_class = ParagraphFilter
    queryset = (
        Paragraph.objects.select_related("resolution", "parent")
        .prefetch_related(
            Prefetch(
                "citations", queryset=Citation.objects.select_related("document").order_by("id")
            )
        )
        .order_by("resolution__symbol", "position")
    )


@extend_schema_view(
    list=extend_schema(summary="Documents cited or given as evidence"),
    retrieve=extend_schema(
        summary="A document, with the paragraphs that cite it", parameters=[SYMBOL]
    ),
)
class DocumentViewSet(SymbolLookupMixin, ReadOnlyViewSet):
    filterset_class = DocumentFilter

    def get_queryset(self):
        queryset = (
            Document.objects.public()
            .select_related("resolution")
            .annotate(citing_paragraph_count=Count("citations"))
            .order_by("symbol")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("paragraph__resolution").order_by(
                        F("paragraph__resolution__adopted_on").desc(nulls_last=True),
                        "paragraph__resolution__symbol",
                        "paragraph__position",
                    ),
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer


@extend_schema_view(
    list=extend_schema(summary="Citations: which paragraph cites which document"),
    retrieve=extend_schema(summary="A citation"),
)
class CitationViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CitationSerializer
    filterset_class = CitationFilter
    queryset = Citation.objects.select_related("paragraph__resolution", "document").order_by("id")


@extend_schema_view(
    list=extend_schema(summary="Follow-up requests, with the filters of the follow-up list"),
    retrieve=extend_schema(summary="A follow-up request with its public history"),
)
class FollowUpViewSet(ReadOnlyViewSet):
    serializer_class = serializers.FollowUpSerializer
    filterset_class = FollowUpFilter
    filter_backends = [FollowUpFilterBackend]
    # Both, so that the schema shows reading needs no credentials.
    permission_classes = [IsAuthenticatedOrReadOnly, RecordsFollowUpOrReadOnly]

    def get_queryset(self):
        return follow_ups()

    @extend_schema(
        methods=["GET"],
        summary="A follow-up's history",
        description="Public events; staff who may record follow-up also read internal notes.",
        responses=serializers.EventSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Record what happened to a follow-up request",
        description="Needs a token of a staff member who may record follow-up. "
        "`is_public` is required: true shows the note to everyone, false to staff only.",
        request=serializers.FollowUpEventInputSerializer,
        responses={201: serializers.EventSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def events(self, request, pk=None):
        follow_up = get_object_or_404(FollowUp, pk=pk)
        if request.method == "POST":
            return self.record_event(request, follow_up)
        events = follow_up.events.select_related("evidence").order_by("-created_at", "-id")
        if not can_record(request.user):
            events = events.filter(is_public=True)
        context = self.get_serializer_context()
        return Response(serializers.EventSerializer(events, many=True, context=context).data)

    def record_event(self, request, follow_up):
        given = serializers.FollowUpEventInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            event = recording.record_follow_up_event(
                follow_up, user=request.user, **given.validated_data
            )
        except recording.RequestSuperseded as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        data = serializers.EventSerializer(event, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


BODY = OpenApiParameter("body", OpenApiTypes.STR, OpenApiParameter.PATH, description='"HRC"')


@extend_schema_view(
    list=extend_schema(summary="Sessions, with how many resolutions each adopted"),
    retrieve=extend_schema(
        summary="A session",
        parameters=[
            BODY,
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description='"32", "S-1"'
            ),
        ],
    ),
)
class SessionViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SessionSerializer
    queryset = (
        Session.objects.select_related("body")
        .annotate(resolution_count=Count("resolutions", filter=listed_q("resolutions__")))
        .order_by("body__short_name", "kind", "-number")
    )

    def get_object(self):
        parsed = parse_session_code(self.kwargs["code"])
        if parsed is None:
            raise Http404("No such session.")
        kind, number = parsed
        return get_object_or_404(
            self.get_queryset(),
            body__short_name__iexact=self.kwargs["body"],
            kind=kind,
            number=number,
        )


@extend_schema_view(
    list=extend_schema(summary="Agenda items, with how many resolutions each has"),
    retrieve=extend_schema(
        summary="An agenda item",
        parameters=[
            BODY,
            OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
    ),
)
class AgendaItemViewSet(ReadOnlyViewSet):
    serializer_class = serializers.AgendaItemSerializer
    queryset = (
        AgendaItem.objects.select_related("body")
        .annotate(resolution_count=Count("resolutions"))
        .order_by("body__short_name", "number")
    )

    def get_object(self):
        return get_object_or_404(
            self.get_queryset(),
            body__short_name__iexact=self.kwargs["body"],
            number=self.kwargs["number"],
        )


@extend_schema_view(
    list=extend_schema(summary="Series: texts that recur, in order, with their votes"),
    retrieve=extend_schema(summary="A series"),
)
class SeriesViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SeriesSerializer
    queryset = Series.objects.prefetch_related(
        Prefetch("resolutions", queryset=adopted_in_order().select_related("body"))
    ).order_by("title", "id")


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request):
    """Where to start: the lists, the schema and its documentation."""
    names = [
        "resolution-list",
        "paragraph-list",
        "document-list",
        "citation-list",
        "follow-up-list",
        "session-list",
        "agenda-item-list",
        "series-list",
        "schema",
        "docs",
    ]
    return Response(
        {name.removesuffix("-list"): reverse(f"api:{name}", request=request) for name in names}
    )


class DocumentationView(SpectacularSwaggerSplitView):
    """The Swagger UI page. DRF answers OPTIONS by rendering the view's metadata through
    the page's template renderer, which has no template for it (a 500): Django's plain
    answer, the allowed methods in an Allow header, says all there is to say."""

    def options(self, request, *args, **kwargs):
        return View.options(self, request, *args, **kwargs)
