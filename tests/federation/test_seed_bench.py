"""seed_bench fills the database with a registry's worth of made-up data, with the variety the
search and the filters meet in real life, and does nothing when run again at the same size."""

import io

import pytest
from django.core.management import CommandError, call_command

from events.models import Attendance, Convening
from members.models import Organization
from outcomes.models import Minutes, MotionResult, Recommendation

pytestmark = pytest.mark.django_db(transaction=True)


def seed(**sizes):
    out = io.StringIO()
    arguments = [f"--{name}={value}" for name, value in sizes.items()]
    call_command("seed_bench", *arguments, stdout=out)
    return out.getvalue()


def test_it_builds_the_sizes_asked_with_variety_and_is_idempotent(settings):
    settings.DEBUG = True
    seed(orgs=300, convenings=40, recommendations=200, voters=20)
    bench = Organization.objects.filter(slug__startswith="bench-")
    assert bench.count() == 300
    assert Convening.objects.filter(slug__startswith="bench-").count() == 41  # + the vote's
    assert Recommendation.objects.filter(convening__slug__startswith="bench-").count() == 200
    assert len(set(bench.values_list("status", flat=True))) == 6
    assert bench.values("country").distinct().count() > 5
    names = " ".join(bench.values_list("name_ar", flat=True))
    assert "إ" in names and "ة" in names and "ال" in names  # hamza, ta marbuta, the article
    assert Attendance.objects.filter(convening__slug="bench-vote").count() == 20
    assert MotionResult.objects.filter(motion__convening__slug__startswith="bench-").exists()
    # The big convening's minutes are published, through the services (bench/pages.py loads them).
    minutes = Minutes.objects.get(convening__slug="bench-0")
    assert minutes.state == Minutes.State.PUBLISHED and minutes.published_by.groups.exists()
    assert "already in place" in seed(orgs=300, convenings=40, recommendations=200, voters=20)
    # Another size replaces its own rows and nothing else.
    seed(orgs=100, convenings=10, recommendations=50, voters=10)
    assert Organization.objects.filter(slug__startswith="bench-").count() == 100


def test_it_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed(orgs=10)
