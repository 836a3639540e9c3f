"""Reads for outcomes: who may see and report on what, what is overdue and what has no owner."""

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from events.models import Convening
from members import clock, roles
from members.models import Affiliation

OPEN_STATUSES = ("not_started", "in_progress")


def _current_terms(on):
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class CommitteeMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats held on `on` (the federation's today by default)."""
        return self.filter(_current_terms(on or clock.federation_today()))

    def reporters(self):
        """Current seats whose person has an active account: those who can post updates."""
        return self.current().filter(person__user__isnull=False, person__user__is_active=True)


def _seats():
    return apps.get_model("outcomes", "CommitteeMember").objects


def _coordinators():
    return Affiliation.objects.filter(role=Affiliation.Role.COORDINATOR, user__is_active=True)


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Committees of convenings the user may see, and those the user sits on."""
        visible = Q(convening__isnull=True) | Q(convening__in=Convening.objects.visible_to(user))
        if user.is_authenticated:
            visible |= Q(pk__in=_seats().current().filter(person__user=user).values("committee"))
        return self.filter(visible)

    def with_owner_flags(self):
        """`has_members` and `has_chair`, from the seats current today."""
        seats = _seats().current().filter(committee=OuterRef("pk"))
        return self.annotate(
            has_members=Exists(seats), has_chair=Exists(seats.filter(role="chair"))
        )

    def without_owner(self):
        """Active committees with no current member or no current chair."""
        return (
            self.filter(is_active=True)
            .with_owner_flags()
            .filter(Q(has_members=False) | Q(has_chair=False))
        )


class RecommendationQuerySet(models.QuerySet):
    def reportable_by(self, user):
        """What `user` may post updates on as an owner: their committees' recommendations and
        those their organization is in charge of (the secretariat's right is not included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(committee__in=_seats().current().filter(person__user=user).values("committee"))
            | Q(responsible__in=_coordinators().filter(user=user).values("organization"))
        )

    def visible_to(self, user):
        """Recommendations of the convenings this user may see, and those they report on."""
        visible = Q(convening__in=Convening.objects.visible_to(user))
        if user.is_authenticated and not roles.is_secretariat(user):
            visible |= Q(pk__in=self.model.objects.reportable_by(user).values("pk"))
        return self.filter(visible)

    def overdue(self, today=None):
        return self.filter(due_date__lt=today or clock.federation_today(), status__in=OPEN_STATUSES)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def due_between(self, start, end):
        return self.filter(Q(due_date__gte=start) & Q(due_date__lte=end), status__in=OPEN_STATUSES)

    def owner_condition(self):
        """True where someone besides the secretariat can report: a current committee seat
        held by an active account, or an active coordinator of the organization in charge.

        Written as IN over two small sets (the committees with such a seat, the organizations
        with such a coordinator), which PostgreSQL hashes once for the whole query, rather
        than a subquery per recommendation: 25,000 overdue items are counted in milliseconds.
        """
        return Q(committee__in=_seats().reporters().values("committee")) | Q(
            responsible__in=_coordinators().values("organization")
        )

    def with_owner_flag(self):
        return self.annotate(
            has_owner=ExpressionWrapper(self.owner_condition(), output_field=BooleanField())
        )

    def unowned(self):
        """Open recommendations nobody but the secretariat can report on."""
        return self.open().filter(~self.owner_condition())

    def for_listing(self):
        return self.select_related("convening", "committee", "sector", "responsible")
