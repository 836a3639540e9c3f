"""The API's answers: the index, each resource's list and rows, the OpenAPI description.

Every answer goes through `api_view`: the language (?lang=, else Accept-Language), input no
query can use (a NUL), the token or the session, the rate limit, then JSON — errors included,
each with a translated message and never a server error for a malformed parameter.
"""

import functools

from django.conf import settings
from django.core.validators import slug_re
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from members.ids import parse_id
from members.strict_input import carries_nul

from . import cursor, throttle
from .auth import authenticate
from .errors import ApiError, bad_parameter, not_found
from .registry import REGISTRY

VERSION = "v1"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Query parameters of every list; the rest belong to the resource's filters.
PAGING = ("cursor", "limit", "lang")
LANGUAGES = {code for code, _name in settings.LANGUAGES}
PUBLIC_MAX_AGE = 60  # seconds a shared cache may keep an anonymous answer


def _language(request):
    """?lang= if given (ar or en), else what LocaleMiddleware chose from Accept-Language."""
    asked = request.GET.get("lang")
    fallback = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)[:2]
    if fallback not in LANGUAGES:
        fallback = settings.LANGUAGE_CODE
    if asked is None:
        return fallback, None
    if asked in LANGUAGES:
        return asked, None
    return fallback, bad_parameter([("lang", [_("Give “ar” or “en”.")])])


def api_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language, problem = _language(request)
        with translation.override(language):
            response = _answer(view, request, problem, args, kwargs)
            response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        return response

    # members.strict_input lets this view answer a NUL in the query string itself, in JSON.
    wrapper.checks_own_input = True
    return wrapper


def _answer(view, request, problem, args, kwargs):
    try:
        if request.method not in ("GET", "HEAD"):
            raise ApiError(
                405,
                "method_not_allowed",
                _("This API only reads: use GET."),
                headers={"Allow": "GET, HEAD"},
            )
        try:
            user, token = authenticate(request)
        except ApiError:
            throttle.check(request, None, None)  # refused tokens count against the address
            raise
        throttle.check(request, user, token)
        if carries_nul(request):
            raise bad_parameter(
                [(name, [_("This value is not understood.")]) for name in _with_nul(request)]
            )
        if problem is not None:
            raise problem
        request.user = user
        data = view(request, *args, **kwargs)
    except ApiError as error:
        return error.response()
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if user.is_authenticated:
        # Made for this user: neither a shared cache nor another user may be given it.
        response["Cache-Control"] = "private, max-age=0"
    else:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def _with_nul(request):
    names = sorted(
        {
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in v for v in values)
        }
    )
    return [name.replace("\x00", "\\0")[:40] for name in names]


def _absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


@api_view
def index(request):
    documentation = request.build_absolute_uri(reverse("api_docs"))
    return {
        "version": VERSION,
        "openapi": _absolute(request, "api:openapi"),
        "documentation": documentation,
        "resources": [
            {
                "name": resource.name,
                "title": str(resource.title),
                "description": str(resource.description),
                "url": _absolute(request, f"api:{resource.name}"),
            }
            for resource in REGISTRY.values()
        ],
    }


def _limit(request):
    value = request.GET.get("limit")
    if value is None:
        return DEFAULT_LIMIT
    number = parse_id(value)
    if number is None or number > MAX_LIMIT:
        raise bad_parameter(
            [("limit", [_("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}])]
        )
    return number


def _filtered(request, resource, rows):
    if resource.filterset is None:
        return rows
    data = request.GET.copy()
    for name in PAGING:
        data.pop(name, None)
    filterset = resource.filterset(data or None, queryset=rows, request=request)
    if filterset.is_bound and not filterset.is_valid():
        raise bad_parameter(list(filterset.errors.items()))
    return filterset.qs


def resource_list(request, resource):
    limit = _limit(request)
    after = request.GET.get("cursor")
    rows = _filtered(request, resource, resource.rows(request.user))
    if after is not None:
        rows = rows.filter(pk__gt=cursor.decode(resource.name, after))
    page = list(rows.order_by("pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    if resource.attach is not None and page:
        resource.attach(page, request.user)
    following = None
    if more:
        query = request.GET.copy()
        query["cursor"] = cursor.encode(resource.name, page[-1].pk)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"data": [resource.serialize(row, request) for row in page], "next": following}


def _key(resource, value):
    """The lookup for the detail URL's key; None when it cannot name a row (then 404)."""
    if resource.key == "id":
        number = parse_id(value)
        return None if number is None else {"pk": number}
    if len(value) > 100 or not slug_re.fullmatch(value):
        return None
    return {resource.key: value}


def resource_detail(request, resource, key):
    lookup = _key(resource, key)
    row = resource.rows(request.user).filter(**lookup).first() if lookup else None
    if row is None:
        raise not_found()
    if resource.attach is not None:
        resource.attach([row], request.user)
    return {"data": resource.serialize(row, request)}


def list_view(resource):
    view = api_view(lambda request: resource_list(request, resource))
    view.resource = resource
    return view


def detail_view(resource):
    view = api_view(lambda request, key: resource_detail(request, resource, key))
    view.resource = resource
    return view


@api_view
def _nothing_here(request):
    raise not_found()


def unknown(request, rest=""):
    """A JSON 404, or a redirect to the same address with its slash (as APPEND_SLASH would, but
    the pattern that sends everything here leaves it nothing to do)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "unknown":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return _nothing_here(request)


unknown.checks_own_input = True


@api_view
def openapi(request):
    from .openapi import document

    return document(request)
