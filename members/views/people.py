"""An organization's users: who has an account in it and with which role, invitations to
colleagues, and removing a user. For its coordinators and the secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import once, roles, services
from ..errors import Refused
from ..forms import InvitationForm
from ..models import Affiliation, Organization

# Which field of the invitation form a refusal of invitation_create() belongs to.
FIELD_OF_REFUSAL = {
    "email_required": "email",
    "email_invalid": "email",
    "already_member": "email",
    "unknown_role": "role",
}


def _managed_organization(request, slug):
    """Not visible: 404, as if it did not exist. Visible but not theirs to manage: 403."""
    organizations = Organization.objects.all()
    if not roles.is_secretariat(request.user):
        organizations = organizations.visible_to(request.user)
    organization = get_object_or_404(organizations, slug=slug)
    roles.check_may_act_for(request.user, organization, services.MANAGE_REFUSED)
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def organization_people(request, slug):
    organization = _managed_organization(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = once.submit_once(
                request,
                lambda: services.invitation_create(
                    by=request.user,
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                ),
                url=lambda _created: request.path,
            )
        except Refused as error:
            form.add_error(FIELD_OF_REFUSAL.get(error.code), error)
        else:
            if sent.repeated:  # sent twice: one invitation, one e-mail
                messages.info(request, once.ALREADY_SAVED)
            else:
                invitation, _token = sent.result
                messages.success(
                    request,
                    ngettext(
                        "An invitation was sent to %(email)s. It expires in %(days)d day.",
                        "An invitation was sent to %(email)s. It expires in %(days)d days.",
                        services.INVITATION_DAYS,
                    )
                    % {"email": invitation.email, "days": services.INVITATION_DAYS},
                )
            return redirect(sent.url)
    affiliations = list(
        organization.affiliations.select_related("user").order_by("role", "user__email", "pk")
    )
    coordinators = sum(a.role == Affiliation.Role.COORDINATOR for a in affiliations)
    for affiliation in affiliations:
        # The last coordinator has no "remove" link (the service would refuse it anyway).
        affiliation.removable = not (
            affiliation.role == Affiliation.Role.COORDINATOR and coordinators == 1
        )
    return render(
        request,
        "members/organization_people.html",
        {
            "organization": organization,
            "affiliations": affiliations,
            "invitations": services.pending_invitations(organization),
            "form": form,
            "invitation_days": services.INVITATION_DAYS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    organization = _managed_organization(request, slug)
    invitation = get_object_or_404(organization.invitations, pk=pk)
    try:
        services.invitation_withdraw(by=request.user, invitation=invitation)
    except Refused as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("members:organization_people", slug=organization.slug)


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_remove(request, slug, pk):
    """GET asks to confirm; only the POST of the confirmation removes."""
    organization = _managed_organization(request, slug)
    affiliation = get_object_or_404(organization.affiliations.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            services.affiliation_remove(by=request.user, affiliation=affiliation)
        except Refused as error:
            messages.error(request, error.messages[0])
            return redirect("members:organization_people", slug=organization.slug)
        messages.success(
            request,
            _("%(user)s no longer has an account in %(organization)s.")
            % {"user": affiliation.user, "organization": organization.name},
        )
        if not services.may_manage_organization(request.user, organization):
            return redirect("members:profile")  # they removed themselves
        return redirect("members:organization_people", slug=organization.slug)
    return render(
        request,
        "members/affiliation_remove.html",
        {"organization": organization, "affiliation": affiliation},
    )
