import datetime
import hashlib
import secrets

import factory
from django.utils import timezone

from members.models import (
    Affiliation,
    BoardSeat,
    Branch,
    Federation,
    Invitation,
    MembershipChange,
    Office,
    Organization,
    Person,
    Sector,
    User,
)

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SecretariatFactory(UserFactory):
    """A member of the secretariat: staff in the "secretariat" group, not a superuser."""

    is_staff = True

    @factory.post_generation
    def _role(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            obj.groups.add(Group.objects.get(name="secretariat"))


class FederationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Federation
        django_get_or_create = ("singleton",)

    singleton = True
    name_ar = "اتحاد منظمات المجتمع المدني السوري"
    name_en = "Union of Syrian Civil Society Organizations"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_ar = factory.Sequence(lambda n: f"قطاع {n}")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    slug = factory.Sequence(lambda n: f"branch-{n}")
    name_en = factory.Sequence(lambda n: f"Branch {n}")
    name_ar = factory.Sequence(lambda n: f"فرع {n}")
    countries = ["TR"]


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    name_ar = factory.Sequence(lambda n: f"منظمة {n}")
    country = "SY"
    status = Organization.Status.ACTIVE

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            MembershipChange.objects.create(organization=obj, from_status="", to_status=obj.status)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Affiliation.Role.COORDINATOR


class BoardSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSeat

    branch = factory.SubFactory(BranchFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = BoardSeat.Role.MEMBER
    term_start = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))


class PersonFactory(factory.django.DjangoModelFactory):
    """A person; given a user that already has one, that person (an account has one person)."""

    class Meta:
        model = Person

    user = None
    # A person with an account is named as the account is.
    name_en = factory.LazyAttributeSequence(
        lambda o, n: o.user.name if o.user is not None and o.user.name else f"Person {n}"
    )
    name_ar = factory.LazyAttributeSequence(
        lambda o, n: o.user.name if o.user is not None and o.user.name else f"شخص {n}"
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.get("user")
        existing = user is not None and Person.objects.filter(user=user).first()
        return existing or super()._create(model_class, *args, **kwargs)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    person = factory.SubFactory(PersonFactory)
    kind = Office.Kind.BOARD_MEMBER
    organization = factory.SubFactory(OrganizationFactory)
    starts_on = datetime.date(2020, 1, 1)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation made directly (no e-mail); its secret is `invitation.token`."""

    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Affiliation.Role.MEMBER
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token", None) or secrets.token_urlsafe(32)
        kwargs["token_hash"] = hashlib.sha256(token.encode()).hexdigest()
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation
