from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from . import views, views_dashboard

admin.site.site_header = _("Tansiq administration")
admin.site.site_title = _("Tansiq")
admin.site.index_title = _("Secretariat")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("", include("outcomes.urls")),
    path("accounts/", include("allauth.urls")),
)

if settings.BENCH_HELLO:
    # The floor `make bench` compares every page with: the same middleware, nothing else.
    urlpatterns += [path("bench/hello/", views.hello)]

if settings.DEBUG:
    # Uploaded logos in development; in production the proxy or object storage serves media.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
