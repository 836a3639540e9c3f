"""The OpenAPI 3.1 description of /api/v1/, made from the resource declarations (registry.py)
and the filters each resource takes: it cannot drift from what the API answers."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext as _

from outcomes.filters import FlagFilter

from . import views
from .registry import REGISTRY, obj

PREFIX = "/api/v1/"
JSON = "application/json"
FLAG = {"type": "string", "enum": ["1", "true", "on", "0", "false", "off", ""]}


def _schema_name(resource):
    return resource.item.title().replace("_", "")


def _filter_schema(item):
    if isinstance(item, FlagFilter):
        return FLAG
    if isinstance(item, django_filters.NumberFilter):
        return {"type": "integer"}
    if isinstance(item, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    choices = item.extra.get("choices")
    if isinstance(item, django_filters.ChoiceFilter) and choices and not callable(choices):
        return {"type": "string", "enum": [str(value) for value, _label in choices]}
    return {"type": "string"}


def filter_parameters(resource):
    if resource.filterset is None:
        return []
    parameters = []
    for name, item in resource.filterset.base_filters.items():
        words = [str(item.label or name)]
        if item.extra.get("help_text"):
            words.append(str(item.extra["help_text"]))
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": " ".join(words),
                "schema": _filter_schema(item),
            }
        )
    return parameters


def _error(description):
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _errors(*codes):
    described = {
        "400": _("A parameter was not understood."),
        "401": _("The Authorization header opens nothing (malformed, unknown or revoked token)."),
        "403": _("A staff account without a second factor."),
        "404": _("Nothing at this address, or nothing this user may see."),
        "429": _("Too many requests; see the Retry-After header."),
    }
    return {code: _error(described[code]) for code in codes}


def _ok(schema, description):
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _common_parameters():
    return {
        "lang": {
            "name": "lang",
            "in": "query",
            "required": False,
            "description": _("Language of the messages; else Accept-Language."),
            "schema": {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
        },
        "cursor": {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": _("Where the page starts: copy it from the “next” link."),
            "schema": {"type": "string"},
        },
        "limit": {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": _("Rows per page, 1 to %(max)d (default %(default)d).")
            % {"max": views.MAX_LIMIT, "default": views.DEFAULT_LIMIT},
            "schema": {"type": "integer", "minimum": 1, "maximum": views.MAX_LIMIT},
        },
    }


def _ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}


def document(request):
    paths = {
        PREFIX: {
            "get": {
                "operationId": "index",
                "summary": _("The resources of the API"),
                "parameters": [_ref("parameters", "lang")],
                "responses": {
                    "200": _ok(_ref("schemas", "Index"), _("The index.")),
                    **_errors("400", "401", "429"),
                },
            }
        },
        f"{PREFIX}openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": _("This description"),
                "parameters": [_ref("parameters", "lang")],
                "responses": {
                    "200": _ok({"type": "object"}, _("The OpenAPI document.")),
                    **_errors("400", "401", "429"),
                },
            }
        },
    }
    schemas = {
        "Error": obj(
            {
                "error": obj(
                    {
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "fields": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                    required=["code", "message"],
                )
            }
        ),
        "Index": obj(
            {
                "version": {"type": "string"},
                "openapi": {"type": "string", "format": "uri"},
                "documentation": {"type": "string", "format": "uri"},
                "resources": {
                    "type": "array",
                    "items": obj(
                        {
                            "name": {"type": "string"},
                            "title": {"type": "string"},
                            "description": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                        }
                    ),
                },
            }
        ),
    }
    for resource in REGISTRY.values():
        name = _schema_name(resource)
        schemas[name] = resource.schema()
        schemas[f"{name}List"] = obj(
            {
                "data": {"type": "array", "items": _ref("schemas", name)},
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": _("The next page, or null after the last."),
                },
            }
        )
        paths[f"{PREFIX}{resource.name}/"] = {
            "get": {
                "operationId": f"list_{resource.name}",
                "summary": str(resource.title),
                "description": " ".join(
                    str(t) for t in (resource.description, resource.notes) if t
                ),
                "parameters": [
                    _ref("parameters", "cursor"),
                    _ref("parameters", "limit"),
                    _ref("parameters", "lang"),
                    *filter_parameters(resource),
                ],
                "responses": {
                    "200": _ok(_ref("schemas", f"{name}List"), _("A page of rows.")),
                    **_errors("400", "401", "403", "429"),
                },
            }
        }
        key_schema = (
            {"type": "integer", "minimum": 1} if resource.key == "id" else {"type": "string"}
        )
        paths[f"{PREFIX}{resource.name}/{{key}}/"] = {
            "get": {
                "operationId": f"get_{resource.item}",
                "summary": str(resource.title),
                "parameters": [
                    {
                        "name": "key",
                        "in": "path",
                        "required": True,
                        "description": _("The row's %(key)s.") % {"key": resource.key},
                        "schema": key_schema,
                    },
                    _ref("parameters", "lang"),
                ],
                "responses": {
                    "200": _ok(obj({"data": _ref("schemas", name)}), _("The row.")),
                    **_errors("400", "401", "403", "404", "429"),
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Tansiq open-data API"),
            "version": views.VERSION,
            "description": _(
                "Read-only data of the federation: what its pages show, to the same people. "
                "Members-only data needs a personal token (Authorization: Bearer …) or a "
                "signed-in session."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "security": [{}, {"bearerAuth": []}, {"sessionCookie": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": _common_parameters(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": _("A personal API token, made under My account."),
                },
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": settings.SESSION_COOKIE_NAME,
                },
            },
        },
    }
