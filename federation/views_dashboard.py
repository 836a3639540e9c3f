"""The secretariat's dashboard page (its reads are in federation.dashboard)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members import clock, roles

from . import dashboard as selectors


@require_safe
@never_cache
@login_required
def dashboard(request):
    if not roles.is_secretariat(request.user):
        raise PermissionDenied(_("The dashboard is for the general secretariat."))
    return render(
        request,
        "federation/dashboard.html",
        # Dates of applications and e-mails read on the federation's clock.
        {"sections": selectors.sections(), "zone": clock.federation_zone()},
    )
