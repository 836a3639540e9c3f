"""Input no page can use is refused at the door with a 400 and a translated page, before any
view or the admin turns it into a query.

- A NUL character anywhere in the query string or the form data (names and values):
  no one types it, PostgreSQL refuses it in text, and it reached the database through the
  admin's list filters (a 500).
- In the admin (any ModelAdmin, the project's or a library's): a list filter on a whole-number
  column, or the rows an action is asked to run on, given something other than a whole number
  in ASCII digits of at most 18 (members.ids) — “٣” would silently mean 3, “²” and a
  5,000-digit number were 500s.

Ids in the portal's own forms are read by members.ids' fields, which answer with the form's
error rather than this page. A view marked `checks_own_input` (the open-data API) is left to
answer such input itself, in its own format.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import render

from .ids import is_integer_text

NUL = "\x00"
# Lookups that compare a column with the value as it is given; others (isnull, a transform
# such as __year) are the admin's to judge.
COMPARING = {"exact", "in", "gt", "gte", "lt", "lte"}


def _has_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def carries_nul(request) -> bool:
    # The address itself needs no check: its converters take ASCII digits or slugs, and the
    # views behind `str` converters (tokens) check their shape before any query.
    if _has_nul(request.GET):
        return True
    # Uploaded files' names need no check: Django drops non-printable characters from them.
    return request.method == "POST" and _has_nul(request.POST)


def _compared_field(model, lookup: str):
    """The column a changelist parameter compares its value with, when it compares a whole
    number as given; else None."""
    opts, field = model._meta, None
    parts = lookup.split(LOOKUP_SEP)
    while parts:
        try:
            found = opts.pk if parts[0] == "pk" else opts.get_field(parts[0])
        except FieldDoesNotExist:
            break
        field = found
        parts.pop(0)
        if not field.is_relation:
            break
        if field.related_model is None:  # a generic relation: not ours to judge
            return None
        opts = field.related_model._meta
    if field is None or len(parts) > 1 or (parts and parts[0] not in COMPARING):
        return None
    if field.is_relation:
        # organization=3, organization__exact=3: the related row's key.
        field = getattr(field, "target_field", None) or field.related_model._meta.pk
        if field.is_relation:
            return None
    return field if isinstance(field, models.IntegerField) else None


def _values(lookup: str, value: str):
    return value.split(",") if lookup.endswith(f"{LOOKUP_SEP}in") else [value]


def admin_refuses(request, model_admin, view_name: str) -> bool:
    """Whether an admin request carries a malformed whole number where one is compared."""
    model = model_admin.model
    if view_name == "changelist_view":
        skipped = {*IGNORED_PARAMS, PAGE_VAR, ERROR_FLAG}
        for lookup, values in request.GET.lists():
            if lookup in skipped or _compared_field(model, lookup) is None:
                continue
            for value in values:
                if not all(is_integer_text(part) for part in _values(lookup, value)):
                    return True
        if request.method == "POST" and isinstance(model._meta.pk, models.IntegerField):
            selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
            if not all(is_integer_text(value) for value in selected):
                return True
    return False


def bad_request(request):
    return render(request, "400.html", status=400)


class StrictInputMiddleware:
    """Answers 400 to input no page can use (see the module's docstring). In process_view, as
    the CSRF check does, so the form data is read once the upload handlers are set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "checks_own_input", False):
            # Answers malformed input itself, in its own format (the API's JSON errors).
            return None
        if carries_nul(request):
            return bad_request(request)
        # ModelAdmin.get_urls() marks each of its views with the ModelAdmin it serves.
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is not None and admin_refuses(
            request, model_admin, getattr(view_func, "__name__", "")
        ):
            return bad_request(request)
        return None
