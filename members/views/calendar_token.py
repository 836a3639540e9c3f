"""Creating and resetting the secret link of the personal calendar feed (under My account)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services

CONFIRM = "reset"


@login_required
@require_POST
def calendar_token(request):
    user = request.user
    back = reverse("members:profile") + "#calendar-feed"
    if user.feed_token and request.POST.get("confirm") != CONFIRM:
        # A "create" form from an old page, or a reset without its confirmation: a working
        # link is never replaced by accident.
        messages.info(request, _("Your calendar link was not changed."))
        return redirect(back)
    had_one = bool(user.feed_token)
    services.feed_token_reset(user=user)
    if had_one:
        messages.success(
            request,
            _(
                "Your calendar link is reset: the old link no longer works. "
                "Subscribe again with the new one."
            ),
        )
    else:
        messages.success(request, _("Your calendar link is ready."))
    return redirect(back)
