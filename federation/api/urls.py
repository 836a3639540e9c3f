"""/api/v1/: made from the registry, one list and one row URL per resource."""

from django.urls import path, re_path

from . import (
    resources,  # noqa: F401  (registers the resources)
    views,
)
from .registry import REGISTRY

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
]
for _resource in REGISTRY.values():
    urlpatterns += [
        path(f"{_resource.name}/", views.list_view(_resource), name=_resource.name),
        path(f"{_resource.name}/<str:key>/", views.detail_view(_resource), name=_resource.item),
    ]
# Anything else under /api/v1/ is a JSON 404 (or the address with its missing slash).
urlpatterns.append(re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"))
