from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from core import views as core_views
from core.login import ThrottledAdminAuthenticationForm, ThrottledLoginView

from . import landing
from .api import api

# The admin's login counts wrong passwords like the site's (core.login).
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="events:list"), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # After login (LOGIN_REDIRECT_URL) each role lands where its work is; volunteers at today's door.
    path("start/", landing.landing, name="landing"),
    path("door/", landing.door, name="door"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("events/", include("events.urls")),
    path("", include("documents.urls")),
    path("manage/registration/", include("registration.manage_urls")),
    path("manage/inventory/", include("inventory.urls")),
    path("manage/jobs/", include("core.urls")),
    path("manage/tokens/", include("core.token_urls")),
    path("monitoring/", include("monitoring.urls")),
    path("manage/media/", include("media_log.urls")),
    path("manage/", include("events.manage_urls")),
    path("feedback/", include("media_log.feedback_urls")),
    path("", include("registration.urls")),
    path("media/<path:path>", core_views.public_media, name="media"),
]

# Under /api/ a too-large body (Django answers it with handler400) and a bug answer JSON, not HTML.
handler400 = "config.api.bad_request"
handler403 = "config.error_pages.permission_denied"
handler500 = "config.api.server_error"
