import datetime

import factory
from django.utils import timezone

from events.models import (
    AgendaItem,
    Attendance,
    Channel,
    Convening,
    ConveningPartner,
    Delegate,
    Registration,
)
from tests.members.factories import OrganizationFactory, PersonFactory, UserFactory


def in_days(days, hour=10):
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ConveningFactory(factory.django.DjangoModelFactory):
    """A planned hybrid convening three weeks ahead, open for registration."""

    class Meta:
        model = Convening

    slug = factory.Sequence(lambda n: f"convening-{n}")
    title_ar = factory.Sequence(lambda n: f"لقاء {n}")
    title_en = factory.Sequence(lambda n: f"Convening {n}")
    kind = Convening.Kind.FORUM
    format = Convening.Format.HYBRID
    status = Convening.Status.PLANNED
    starts_at = factory.LazyFunction(lambda: in_days(21))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    timezone = "Europe/Istanbul"
    venue_name_ar = "فندق"
    venue_name_en = "Hotel"
    venue_city_en = "Istanbul"
    venue_country = "TR"
    online_platform = "Webex"
    join_url = "https://meet.example.org/room-123"


class PastConveningFactory(ConveningFactory):
    status = Convening.Status.HELD
    starts_at = factory.LazyFunction(lambda: in_days(-60))


class ConveningPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConveningPartner

    convening = factory.SubFactory(ConveningFactory)
    organization = factory.SubFactory(OrganizationFactory, status="partner")
    role = ConveningPartner.Role.PARTNER


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    convening = factory.SubFactory(ConveningFactory)
    position = factory.Sequence(int)
    title_ar = factory.Sequence(lambda n: f"جلسة {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    convening = factory.SubFactory(ConveningFactory)
    organization = factory.SubFactory(OrganizationFactory)
    channel = Channel.ROOM
    registered_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def delegates(obj, create, extracted, **kwargs):
        """Two delegates, people of the organization; `delegates=n` for n, 0 for none."""
        if not create:
            return
        count = 2 if extracted is None else extracted
        for position in range(1, count + 1):
            DelegateFactory(
                registration=obj,
                person__organization=obj.organization,
                position=position,
            )


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    registration = factory.SubFactory(RegistrationFactory, delegates=0)
    person = factory.SubFactory(PersonFactory)
    role = factory.Sequence(lambda n: f"Role {n}")
    position = factory.Sequence(int)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    convening = factory.SubFactory(PastConveningFactory)
    organization = factory.SubFactory(OrganizationFactory)
    channel = Channel.ROOM
