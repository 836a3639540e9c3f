"""Activities for the presence tests: one per call, saved directly (the service is tested on its
own in test_activities.py) so that a test states exactly the rows it counts."""

import datetime

import factory

from members.models import Activity, Place

from .factories import OrganizationFactory, SectorFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organization = factory.SubFactory(OrganizationFactory)
    sector = factory.SubFactory(SectorFactory)
    place = factory.LazyFunction(lambda: Place.objects.get(pk="SY-HL"))
    country = factory.LazyAttribute(lambda activity: activity.place.country.code)
    start = datetime.date(2025, 1, 1)
    end = None


def place(code: str) -> Place:
    return Place.objects.get(pk=code)
