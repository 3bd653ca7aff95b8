"""The project's URLs: the public site, staff login and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from resolutions.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # set_language: the language switch posts here (CSRF-protected) and is sent back.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    path("", include("resolutions.urls")),
]
