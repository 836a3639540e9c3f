"""Helpers shared by the vote tests: the people who act on a vote and the organizations that
attend it, made the way the portal makes them (roles are groups, ballots go through services)."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from outcomes import services
from tests.events.factories import AttendanceFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)

from .factories import MotionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def letter(name="proxy.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def secretariat():
    return SecretariatFactory()


def bare_staff():
    """A staff account with no role: the admin lets it sign in, and nothing else."""
    return UserFactory(is_staff=True)


def teller_of(*convenings, in_group=True):
    """A member of the teller role named teller of `convenings`."""
    user = UserFactory()
    if in_group:
        user.groups.add(Group.objects.get(name="teller"))
    for convening in convenings:
        convening.tellers.add(user)
    return user


def attend(motion_or_convening, channel="online", status="active", **organization):
    convening = getattr(motion_or_convening, "convening", motion_or_convening)
    organization = OrganizationFactory(status=status, **organization)
    AttendanceFactory(convening=convening, organization=organization, channel=channel)
    return organization


def coordinator_of(organization):
    return AffiliationFactory(organization=organization).user


def open_motion(**kwargs):
    """A draft motion opened by the secretariat through the service."""
    motion = MotionFactory(**kwargs)
    return services.motion_open(user=secretariat(), motion=motion)


def cast(user, motion, organization, choice="yes"):
    return services.ballot_cast(user=user, motion=motion, organization=organization, choice=choice)


def room(user, motion, choices):
    """Tellers' submit: {organization: choice}."""
    return services.room_ballots_record(
        user=user, motion=motion, choices={o.pk: c for o, c in choices.items()}
    )


def close(motion, user=None):
    return services.motion_close(user=user or secretariat(), motion=motion)


def closed_with_tallies(*tallies, **motion_kwargs):
    """A past vote known by its totals, recorded as the secretariat records it:
    tallies are (channel, eligible, yes, no, abstain); the convening's reported attendance
    must allow them."""
    user = secretariat()
    motion = MotionFactory(**motion_kwargs)
    for channel, eligible, yes, no, abstain in tallies:
        services.tally_record(
            user=user,
            motion=motion,
            channel=channel,
            eligible=eligible,
            yes=yes,
            no=no,
            abstain=abstain,
        )
    motion.refresh_from_db()
    return services.motion_record_past(
        user=user,
        motion=motion,
        opened_at=motion.convening.starts_at,
        closed_at=motion.convening.ends_at,
    )
