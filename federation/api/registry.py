"""How a resource of the API is declared, and the list of them.

A Resource says which rows a user may read (the pages' own "visible to" querysets), which
fields each row shows, how a page of rows is completed in a constant number of queries, and
which filters it takes (a django-filter FilterSet, usually the page's own). Everything else
— the URLs, the cursor pagination, the answers, the OpenAPI description and the documentation
page — is made from these declarations. Adding a resource:

    register(Resource(
        name="activities", item="activity", title=_("Activities"), description=_("…"),
        rows=lambda user: Activity.objects.visible_to(user).select_related("organization"),
        fields=[field("slug", STRING), *translated("title"), related("organization")],
        filterset=ActivityFilter,
    ))

then a row per new URL in the permission matrix.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# JSON Schema pieces (OpenAPI 3.1 is JSON Schema 2020-12).
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}


def nullable(schema):
    kinds = schema.get("type")
    return {**schema, "type": [kinds, "null"]} if isinstance(kinds, str) else schema


def enum(choices):
    """A string among a TextChoices' values."""
    return {"type": "string", "enum": list(choices.values)}


def array(items):
    return {"type": "array", "items": items}


def obj(properties: dict, *, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class Field:
    """One key of a row's JSON: its schema and how it is read (`get(row, request)`)."""

    name: str
    schema: dict
    get: Callable[[Any, Any], Any]
    description: str = ""


def _path(row, path):
    value = row
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def field(name, schema, path=None, description="", *, convert=None):
    """A field read from an attribute path ("branch.slug"); None anywhere on the path is null."""

    def get(row, request):
        value = _path(row, path or name)
        if value is None:
            return None
        return convert(value) if convert else value

    return Field(name, schema, get, description)


def iso(value):
    return value.isoformat()


def date_field(name, path=None, description="", *, null=True):
    schema = nullable(DATE) if null else DATE
    return field(name, schema, path, description, convert=iso)


def datetime_field(name, path=None, description="", *, null=True):
    schema = nullable(DATETIME) if null else DATETIME
    return field(name, schema, path, description, convert=iso)


def translated(name, description=""):
    """Both languages of a translated column, as `<name>_ar` and `<name>_en` ("" when empty):
    the API does not fall back from one language to the other, so a reader knows which was
    written."""
    return [
        Field(f"{name}_{code}", STRING, _text_getter(f"{name}_{code}"), description)
        for code in ("ar", "en")
    ]


def _text_getter(attribute):
    return lambda row, request: getattr(row, attribute) or ""


def page_url(name="url"):
    """The address of the row's page on the portal, in the language of the request."""
    return Field(
        name,
        URI,
        lambda row, request: request.build_absolute_uri(row.get_absolute_url()),
        _("The row's page on the portal."),
    )


def related(name, path=None, description="", *, names=("name",)):
    """A related row as {"slug", "<name>_ar", "<name>_en"}, or null."""
    properties = {"slug": STRING}
    for base in names:
        properties.update({f"{base}_ar": STRING, f"{base}_en": STRING})

    def get(row, request):
        value = _path(row, path or name)
        if value is None:
            return None
        return {
            "slug": value.slug,
            **{
                f"{base}_{code}": getattr(value, f"{base}_{code}") or ""
                for base in names
                for code in ("ar", "en")
            },
        }

    return Field(name, nullable(obj(properties)), get, description)


def _flatten(fields):
    for item in fields:
        if isinstance(item, Field):
            yield item
        else:
            yield from item


@dataclass
class Resource:
    name: str  # the URL segment, plural: "organizations"
    item: str  # one row, for names: "organization"
    title: str
    description: str
    # The rows `user` may read, with what the fields read selected (select_related).
    rows: Callable[[Any], Any]
    fields: Sequence
    # The detail URL's key: "slug" (text) or "id" (a whole number).
    key: str = "slug"
    filterset: type | None = None
    # Completes a page of rows (a list) in a constant number of queries: attach_sectors…
    attach: Callable[[list, Any], None] | None = None
    # Said on the documentation page under the resource: what is left out and why.
    notes: str = ""

    def __post_init__(self):
        self.fields = list(_flatten(self.fields))
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names) or self.key not in names:
            raise ValueError(f"{self.name}: field names must be unique and include {self.key}")

    def serialize(self, row, request) -> dict:
        return {f.name: f.get(row, request) for f in self.fields}

    def schema(self) -> dict:
        properties = {}
        for f in self.fields:
            properties[f.name] = {
                **f.schema,
                **({"description": str(f.description)} if f.description else {}),
            }
        return obj(properties)


REGISTRY: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    if resource.name in REGISTRY:
        raise ValueError(f"resource {resource.name} is registered twice")
    REGISTRY[resource.name] = resource
    return resource
