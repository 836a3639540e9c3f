from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import once, pagecache, roles, services
from ..errors import Refused
from ..filters import OrganizationFilter
from ..forms import OrganizationForm
from ..listing import listing
from ..models import Office, Organization
from ..querysets import attach_sectors

PAGE_SIZE = 20


@pagecache.public_page("members")
def organization_list(request):
    """The directory. SQL cost (PostgreSQL, 100,000 organizations): the page's rows through the
    name-order index (a deep page's keys from the index alone in a subquery, ~3 ms for page
    500), the count by the planner's estimate when large, the countries by a loose index scan
    (remembered); at most seven queries, none growing with the data. A search whose matches
    are few is collected and sorted instead, their keys alone: a visitor's through the index
    of members alone (members 0015), ~10 ms for 6,652 matches (docs/performance.md)."""
    found = listing(
        request,
        OrganizationFilter,
        Organization.objects.visible_to(request.user),
        order=lambda results: results.for_cards().in_directory_order(
            searching=bool(request.GET.get("q"))
        ),
        per_page=PAGE_SIZE,
        keys_first=True,
    )
    found.page.object_list = attach_sectors(found.page.object_list)
    return render(request, "members/organization_list.html", found.context())


def _visible_organization(request, slug):
    return get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)


@pagecache.public_page("members", "events", "outcomes")
def organization_detail(request, slug):
    organization = _visible_organization(request, slug)
    can_edit = organization.can_edit(request.user)
    context = {
        "organization": organization,
        "sectors": organization.sectors.all(),
        "board_seats": organization.board_seats.select_related("branch").current(),
        "can_edit": can_edit,
        "can_manage_people": services.may_manage_organization(request.user, organization),
        "officers": sorted(
            Office.objects.current().filter(organization=organization).select_related("person"),
            key=lambda office: (services.KIND_ORDER[office.kind], office.starts_on, office.pk),
        ),
        # The membership history names who changed what: for the secretariat and coordinators.
        "history": (
            organization.status_history.select_related("changed_by")[:20] if can_edit else None
        ),
    }
    return render(request, "members/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_register(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = once.submit_once(
                request,
                lambda: services.organization_register(user=request.user, data=form.service_data()),
                url=lambda organization: organization.get_absolute_url(),
            )
        except Refused as error:
            form.add_error(None, error)
        else:
            if sent.repeated:
                messages.info(request, once.ALREADY_SAVED)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is registered as an applicant. The secretariat will review "
                        "it; you are its coordinator."
                    )
                    % {"name": sent.result},
                )
            return redirect(sent.url)
    return render(request, "members/organization_form.html", {"form": form, "organization": None})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, slug):
    # Not visible: 404, as if it did not exist. Visible but not theirs: 403.
    organization = _visible_organization(request, slug)
    roles.check_may_act_for(request.user, organization, services.EDIT_REFUSED)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(
            organization=organization, user=request.user, data=form.service_data()
        )
        messages.success(request, _("The profile is saved."))
        return redirect(organization)
    # A failed POST left the form's instance half-changed in memory; show the stored one.
    stored = Organization.objects.get(pk=organization.pk) if form.is_bound else organization
    return render(request, "members/organization_form.html", {"form": form, "organization": stored})
