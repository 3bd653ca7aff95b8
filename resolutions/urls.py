"""The public pages and the staff actions of the resolutions app."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("resolutions/<path:symbol>/", views.resolution_detail, name="resolution_detail"),
    path("documents/<path:symbol>/", views.document_detail, name="document_detail"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<str:body>/<str:code>/", views.session_detail, name="session_detail"),
    path("agenda-items/", views.agenda_item_list, name="agenda_item_list"),
    path(
        "agenda-items/<str:body>/<int:number>/",
        views.agenda_item_detail,
        name="agenda_item_detail",
    ),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
    path("follow-ups/<int:pk>/events/", views.record_event, name="record_follow_up_event"),
    path("import/", views.import_resolution, name="import_resolution"),
]
