"""The open-data API's pages on the portal: its documentation, and personal tokens under
My account."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from members import once, pagecache
from members.errors import Refused

from . import services
from .api import openapi, views
from .api.registry import REGISTRY
from .models import ApiToken

# The new token, between the POST that made it and the page that shows it once.
SHOWN_ONCE = "api_token_shown_once"


@pagecache.public_page("members")
def api_docs(request):
    resources = []
    for resource in REGISTRY.values():
        resources.append(
            {
                "resource": resource,
                "url": request.build_absolute_uri(reverse(f"api:{resource.name}")),
                "filters": openapi.filter_parameters(resource),
            }
        )
    return render(
        request,
        "federation/api_docs.html",
        {
            "resources": resources,
            "index_url": request.build_absolute_uri(reverse("api:index")),
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            "max_limit": views.MAX_LIMIT,
            "default_limit": views.DEFAULT_LIMIT,
        },
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=gettext_lazy("What the token is for, to tell it from others."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = once.submit_once(
                request,
                lambda: _create(request, form.cleaned_data["name"]),
                url=lambda record: reverse("api_tokens"),
            )
        except Refused as error:
            form.add_error(None, error)
        else:
            if sent.repeated:
                messages.info(request, once.ALREADY_SAVED)
            return redirect(sent.url)
    new_token = request.session.pop(SHOWN_ONCE, None)
    return render(
        request,
        "account/api_tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_token": new_token,
            "max_tokens": services.MAX_ACTIVE_TOKENS,
            "docs_url": reverse("api_docs"),
        },
        status=400 if form.is_bound else 200,
    )


def _create(request, name):
    record, token = services.api_token_create(user=request.user, name=name)
    # Kept in the session only until the next page shows it; never stored elsewhere.
    request.session[SHOWN_ONCE] = token
    return record


@login_required
@require_POST
def api_token_revoke(request, pk):
    # Someone else's token: 404, as if it did not exist.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.api_token_revoke(user=request.user, token=token)
    except Refused as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
    return redirect("api_tokens")
