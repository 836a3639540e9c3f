"""Records and clients the API tests share: who plays each role, and what each may see."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from federation import services
from members.models import Affiliation, Organization
from outcomes import services as outcome_services
from outcomes.models import Motion
from tests.events.factories import AttendanceFactory, PastConveningFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, SecretariatFactory
from tests.outcomes.factories import (
    BallotFactory,
    CommitteeFactory,
    MotionFactory,
    RecommendationFactory,
)

HOST = "testserver"


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    # The rate limits have their own tests (test_api_errors.py), which lower them.
    settings.API_RATE_LIMIT = 100_000
    settings.API_TOKEN_RATE_LIMIT = 100_000


def record_past(motion, secretariat, tallies):
    """Close `motion` as a past vote with `tallies` {channel: (eligible, yes, no, abstain)}."""
    for channel, (eligible, yes, no, abstain) in tallies.items():
        outcome_services.tally_record(
            user=secretariat,
            motion=motion,
            channel=channel,
            eligible=eligible,
            yes=yes,
            no=no,
            abstain=abstain,
        )
    closed = motion.convening.starts_at + datetime.timedelta(hours=1)
    return outcome_services.motion_record_past(
        user=secretariat, motion=motion, opened_at=closed, closed_at=closed
    )


@dataclass
class World:
    public: object
    members_only: object
    org: object
    applicant: object
    partner: object
    member: object  # a user of `org`, an active member
    secretariat: object
    public_motion: object  # closed, named, with a roll call
    secret_motion: object  # closed, secret, one channel too small to show
    hidden_motion: object  # closed, at the members-only convening
    draft_motion: object
    public_rec: object
    hidden_rec: object
    public_committee: object
    hidden_committee: object


def build_world():
    secretariat = SecretariatFactory()
    public = PastConveningFactory(slug="public-assembly")
    members_only = PastConveningFactory(slug="members-assembly", visibility="members")
    org = OrganizationFactory(slug="member-org", name_ar="منظمة الأمل", name_en="Hope")
    applicant = OrganizationFactory(slug="applicant-org", status=Organization.Status.APPLICANT)
    partner = OrganizationFactory(slug="partner-org", status=Organization.Status.PARTNER)
    member = AffiliationFactory(organization=org, role=Affiliation.Role.MEMBER).user

    # A named vote closed in the portal: the room's ballots, published as a roll call.
    public_motion = MotionFactory(
        convening=public, number=1, status=Motion.Status.OPEN, opened_at=timezone.now()
    )
    voters = [org, *(OrganizationFactory() for _ in range(2))]
    for voter in voters:
        AttendanceFactory(convening=public, organization=voter, channel="room")
        BallotFactory(motion=public_motion, organization=voter, channel="room")
    outcome_services.motion_close(user=secretariat, motion=public_motion)

    # Only the reported totals are known of this one (25 in the room, 29 online).
    reported = PastConveningFactory(slug="reported-assembly", reported_room=25, reported_online=29)
    secret_motion = MotionFactory(convening=reported, number=1, ballot_kind="secret")
    record_past(secret_motion, secretariat, {"room": (25, 20, 2, 1), "online": (29, 1, 0, 0)})
    hidden_motion = MotionFactory(convening=members_only, number=1)
    AttendanceFactory(convening=members_only, organization=org, channel="room")
    record_past(hidden_motion, secretariat, {"room": (1, 1, 0, 0)})
    draft_motion = MotionFactory(convening=public, number=3)

    public_committee = CommitteeFactory(slug="public-committee", convening=public)
    hidden_committee = CommitteeFactory(slug="hidden-committee", convening=members_only)
    return World(
        public=public,
        members_only=members_only,
        org=org,
        applicant=applicant,
        partner=partner,
        member=member,
        secretariat=secretariat,
        public_motion=public_motion,
        secret_motion=secret_motion,
        hidden_motion=hidden_motion,
        draft_motion=draft_motion,
        public_rec=RecommendationFactory(
            convening=public, committee=public_committee, responsible=org, number=1
        ),
        hidden_rec=RecommendationFactory(
            convening=members_only, committee=hidden_committee, number=1
        ),
        public_committee=public_committee,
        hidden_committee=hidden_committee,
    )


def token_for(user, name="script"):
    _record, token = services.api_token_create(user=user, name=name)
    return token


def client_as(role, world):
    """A client for `role`: anonymous, member (session), token (the member's token),
    revoked (a revoked token of the member), secretariat (session)."""
    client = Client()
    if role == "member":
        client.force_login(world.member)
    elif role == "secretariat":
        client.force_login(world.secretariat)
    elif role in ("token", "revoked"):
        record, token = services.api_token_create(user=world.member, name=role)
        if role == "revoked":
            services.api_token_revoke(user=world.member, token=record)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def get(client, path, **headers):
    response = client.get(path, **headers)
    return response, json.loads(response.content)


def keys(body, key):
    return {row[key] for row in body["data"]}
