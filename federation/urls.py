from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views, views_api, views_dashboard, views_media

admin.site.site_header = _("Tansiq administration")
admin.site.site_title = _("Tansiq")
admin.site.index_title = _("Secretariat")
# Sign-in: the admin's login is allauth's (keeping `next`), with its rate limits and second
# factor; a signed-in account that is not staff gets 403 rather than a second login form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The open-data API: one address for every language (messages follow ?lang= or
    # Accept-Language); its documentation is a page of the portal, below.
    path("api/v1/", include("federation.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("", include("outcomes.urls")),
    path("api/", views_api.api_docs, name="api_docs"),
    path("accounts/api-tokens/", views_api.api_tokens, name="api_tokens"),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        views_api.api_token_revoke,
        name="api_token_revoke",
    ),
    path("accounts/", include("allauth.urls")),
)

if settings.BENCH_HELLO:
    # The floor `make bench` compares every page with: the same middleware, nothing else.
    urlpatterns += [path("bench/hello/", views.hello)]

# Every upload, in development and production alike, through the view that decides who may see
# it (behind nginx it answers with X-Accel-Redirect and nginx sends the bytes).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views_media.media_file)]
