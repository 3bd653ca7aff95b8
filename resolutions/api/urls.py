"""The API's URLs. Symbols keep their slashes, as on the site's pages:
/api/resolutions/A/HRC/RES/32/6/ is the resolution at /resolutions/A/HRC/RES/32/6/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from resolutions.api import views

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}


urlpatterns = [
    path("", views.api_root, name="root"),
    path("resolutions/", views.ResolutionViewSet.as_view(LIST), name="resolution-list"),
    # A symbol is the rest of the path; the list above is matched first.
    path(
        "resolutions/<path:symbol>/",
        views.ResolutionViewSet.as_view(DETAIL),
        name="resolution-detail",
    ),
    path("paragraphs/", views.ParagraphViewSet.as_view(LIST), name="paragraph-list"),
    path("paragraphs/<int:pk>/", views.ParagraphViewSet.as_view(DETAIL), name="paragraph-detail"),
    path("documents/", views.DocumentViewSet.as_view(LIST), name="document-list"),
    path("documents/<path:symbol>/", views.DocumentViewSet.as_view(DETAIL), name="document-detail"),
    path("citations/", views.CitationViewSet.as_view(LIST), name="citation-list"),
    path("citations/<int:pk>/", views.CitationViewSet.as_view(DETAIL), name="citation-detail"),
    path("follow-ups/", views.FollowUpViewSet.as_view(LIST), name="follow-up-list"),
    path("follow-ups/<int:pk>/", views.FollowUpViewSet.as_view(DETAIL), name="follow-up-detail"),
    path(
        "follow-ups/<int:pk>/events/",
        # A short history, unpaginated.
        views.FollowUpViewSet.as_view(
            {"get": "events", "post": "events"}, pagination_class=None, filter_backends=[]
        ),
        name="follow-up-events",
    ),
    path("sessions/", views.SessionViewSet.as_view(LIST), name="session-list"),
    path(
        "sessions/<str:body>/<str:code>/",
        views.SessionViewSet.as_view(DETAIL),
        name="session-detail",
    ),
    path("agenda-items/", views.AgendaItemViewSet.as_view(LIST), name="agenda-item-list"),
    path(
        "agenda-items/<str:body>/<int:number>/",
        views.AgendaItemViewSet.as_view(DETAIL),
        name="agenda-item-detail",
    ),
    path("series/", views.SeriesViewSet.as_view(LIST), name="series-list"),
    path("series/<int:pk>/", views.SeriesViewSet.as_view(DETAIL), name="series-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL: the CSP allows no inline script.
    path(
        "docs/",
        views.DocumentationView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
]
