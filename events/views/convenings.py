from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from members import pagecache, roles
from members.listing import listing
from members.models import Organization, Person

from ..filters import ConveningFilter
from ..models import Convening, Delegate, Registration, attendance_breakdown
from ..permissions import is_teller
from ..querysets import attach_attendance_counts
from ..selectors import named_organizations

PAGE_SIZE = 12


@pagecache.public_page("members", "events")
def convening_list(request):
    """Upcoming convenings first, then past ones. SQL cost: the page's rows (5,000 convenings
    sort in a few milliseconds), the attendance of those twelve only, the count estimated."""
    found = listing(
        request,
        ConveningFilter,
        Convening.objects.visible_to(request.user),
        order=lambda results: results.for_listing().listing_order(),
        per_page=PAGE_SIZE,
    )
    found.page.object_list = attach_attendance_counts(found.page.object_list)
    for convening in found.page.object_list:
        convening.breakdown = attendance_breakdown(convening)
    return render(request, "events/convening_list.html", found.context())


def _with_delegates(registrations):
    return registrations.select_related("organization").prefetch_related(
        Prefetch("delegates", queryset=Delegate.objects.select_related("person"))
    )


def user_registrations(user, convening):
    """The registrations of the organizations this user coordinates or belongs to, with their
    delegates."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return _with_delegates(
        convening.registrations.filter(
            organization__in=Organization.objects.filter(affiliations__user=user)
        )
    )


@pagecache.public_page("members", "events", "outcomes")
def convening_detail(request, slug):
    convening = get_object_or_404(
        Convening.objects.visible_to(request.user).for_listing().with_attendance_counts(),
        slug=slug,
    )
    mine = list(user_registrations(request.user, convening))
    roll, invited = named_organizations(convening, request.user)
    # Delegates are named to their own organization and to the secretariat, never the public.
    secretariat = roles.is_secretariat(request.user)
    all_registrations = (
        list(_with_delegates(convening.registrations.order_by("organization__slug")))
        if secretariat
        else []
    )
    agenda = convening.agenda.prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("organization"))
    )
    context = {
        "convening": convening,
        "partners": convening.partners.select_related("organization").order_by("role", "pk"),
        "agenda": agenda,
        "photos": convening.photos.all(),
        "documents": convening.documents.all(),
        "breakdown": attendance_breakdown(convening),
        "attendance_roll": roll,
        "invited": invited,
        "my_registrations": mine,
        "all_registrations": all_registrations,
        # The join link is for registered organizations and the secretariat only.
        "show_join_link": bool(convening.join_url) and (secretariat or bool(mine)),
        "may_record": secretariat or is_teller(request.user, convening),
        "can_register": request.user.is_authenticated and convening.registration_is_open(),
    }
    return render(request, "events/convening_detail.html", context)
