"""Accepting an invitation to an organization's account, from the link in the e-mail."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..errors import NotAllowed, Refused
from ..services.invitations import address_matches

TEMPLATE = "members/invitation_accept.html"


def _page(request, invitation, state, status=200, problem=""):
    return render(
        request,
        TEMPLATE,
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "state": state,
            "problem": problem,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404(_("This invitation link is not valid. Check that it was copied whole."))
    problem = services.invitation_problem(invitation)
    if problem is not None:
        # Gone for good: expired, withdrawn or already used. Nothing changes.
        return _page(request, invitation, "closed", status=410, problem=problem.messages[0])
    if not request.user.is_authenticated:
        return _page(request, invitation, "signed_out")
    if not address_matches(invitation, request.user):
        return _page(request, invitation, "wrong_address", status=403)
    if request.method == "POST":
        try:
            affiliation = services.invitation_accept(user=request.user, invitation=invitation)
        except NotAllowed:
            return _page(request, invitation, "wrong_address", status=403)
        except Refused as error:  # it closed between the page and the click
            return _page(request, invitation, "closed", status=410, problem=error.messages[0])
        messages.success(
            request,
            _("You joined %(organization)s as %(role)s.")
            % {
                "organization": affiliation.organization.name,
                "role": affiliation.get_role_display(),
            },
        )
        return redirect(affiliation.organization)
    return _page(request, invitation, "confirm")
