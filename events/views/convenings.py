from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from members import roles
from members.models import Organization, Person

from ..filters import ConveningFilter
from ..models import Convening, Delegate, Registration, attendance_breakdown
from ..permissions import is_teller

PAGE_SIZE = 12


def convening_list(request):
    visible = Convening.objects.visible_to(request.user)
    filterset = ConveningFilter(request.GET or None, queryset=visible, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    results = visible.none() if invalid else filterset.qs
    convenings = results.for_listing().with_attendance_counts().listing_order()
    page = Paginator(convenings, PAGE_SIZE).get_page(request.GET.get("page"))
    for convening in page.object_list:
        convening.breakdown = attendance_breakdown(convening)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/convening_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


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


def convening_detail(request, slug):
    convening = get_object_or_404(
        Convening.objects.visible_to(request.user).for_listing().with_attendance_counts(),
        slug=slug,
    )
    mine = list(user_registrations(request.user, convening))
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
    attendances = convening.attendances.select_related("organization").order_by(
        "channel", "organization__slug"
    )
    context = {
        "convening": convening,
        "partners": convening.partners.select_related("organization").order_by("role", "pk"),
        "agenda": agenda,
        "photos": convening.photos.all(),
        "documents": convening.documents.all(),
        "breakdown": attendance_breakdown(convening),
        "attendances": attendances,
        "my_registrations": mine,
        "all_registrations": all_registrations,
        # The join link is for registered organizations and the secretariat only.
        "show_join_link": bool(convening.join_url) and (secretariat or bool(mine)),
        "may_record": secretariat or is_teller(request.user, convening),
        "can_register": request.user.is_authenticated and convening.registration_is_open(),
    }
    return render(request, "events/convening_detail.html", context)
