import datetime

import factory

from outcomes.models import (
    Ballot,
    Committee,
    CommitteeMember,
    Motion,
    ProgressUpdate,
    Recommendation,
    Tally,
)
from tests.events.factories import PastConveningFactory
from tests.members.factories import PersonFactory, UserFactory


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    convening = factory.SubFactory(PastConveningFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"مقترح {n}")
    title_en = factory.Sequence(lambda n: f"Motion {n}")
    kind = Motion.Kind.RESOLUTION
    majority_rule = Motion.Rule.SIMPLE
    ballot_kind = Motion.BallotKind.NAMED
    status = Motion.Status.DRAFT


class TallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tally

    motion = factory.SubFactory(MotionFactory)
    channel = "room"
    eligible = 10
    yes = 6
    no = 2
    abstain = 1


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    motion = factory.SubFactory(MotionFactory)
    organization = factory.SubFactory("tests.members.factories.OrganizationFactory")
    channel = "room"
    choice = Ballot.Choice.YES


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    slug = factory.Sequence(lambda n: f"committee-{n}")
    name_ar = factory.Sequence(lambda n: f"لجنة {n}")
    name_en = factory.Sequence(lambda n: f"Committee {n}")
    convening = factory.SubFactory(PastConveningFactory)
    mandate_en = "Follow up the recommendations."


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    """A current seat held by a person with an account (`user=None` for one without)."""

    class Meta:
        model = CommitteeMember
        exclude = ("user",)

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory, user=factory.SelfAttribute("..user"))
    role = CommitteeMember.Role.MEMBER
    starts_on = datetime.date(2000, 1, 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    convening = factory.SubFactory(PastConveningFactory)
    number = factory.Sequence(lambda n: n + 1)
    text_ar = factory.Sequence(lambda n: f"توصية {n}")
    text_en = factory.Sequence(lambda n: f"Recommendation {n}")
    committee = factory.SubFactory(CommitteeFactory, convening=factory.SelfAttribute("..convening"))
    status = Recommendation.Status.NOT_STARTED


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    author = factory.SubFactory(UserFactory)
    note_en = "Met the partners."
    to_status = Recommendation.Status.IN_PROGRESS
    progress = 30
