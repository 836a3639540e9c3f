"""Writes for convenings: registration and attendance, each rule enforced here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Organization

from .models import Attendance, Channel, Convening, Registration


def _check_coordinator(user, organization):
    is_coordinator = Affiliation.objects.filter(
        user=user, organization=organization, role=Affiliation.Role.COORDINATOR
    ).exists()
    if not is_coordinator:
        raise ValidationError(
            _("Only a coordinator of %(organization)s can register it."),
            code="not_coordinator",
            params={"organization": organization},
        )


def _check_open(convening, now):
    if convening.status == Convening.Status.CANCELLED:
        raise ValidationError(_("This convening was cancelled."), code="cancelled")
    if convening.status != Convening.Status.PLANNED or convening.ends_at < now:
        raise ValidationError(_("This convening is not open for registration."), code="closed")
    if now >= convening.registration_closes_at():
        raise ValidationError(
            _("Registration closed on %(deadline)s."),
            code="deadline",
            params={
                "deadline": timezone.localtime(
                    convening.registration_closes_at(), convening.tz
                ).strftime("%Y-%m-%d %H:%M")
            },
        )


def _check_channel(convening, channel, exclude=None):
    if channel not in convening.channels():
        raise ValidationError(
            _("This convening has no “%(channel)s” channel."),
            code="channel",
            params={"channel": Channel(channel).label if channel in Channel.values else channel},
        )
    capacity = convening.capacity(channel)
    if capacity is not None:
        taken = Registration.objects.filter(convening=convening, channel=channel)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if taken.count() >= capacity:
            raise ValidationError(
                _("There is no place left “%(channel)s” (%(capacity)s places)."),
                code="full",
                params={"channel": Channel(channel).label, "capacity": capacity},
            )


def _clean_delegates(delegates):
    names = [line.strip() for line in (delegates or "").splitlines() if line.strip()]
    if not names:
        raise ValidationError(_("Name at least one delegate."), code="no_delegates")
    return "\n".join(names)


def _locked(convening):
    # Locking the convening row serialises registrations, so capacity cannot be overrun by two
    # requests that both counted the last free place.
    return Convening.objects.select_for_update().get(pk=convening.pk)


@transaction.atomic
def registration_create(*, user, convening, organization, channel, delegates):
    now = timezone.now()
    convening = _locked(convening)
    _check_coordinator(user, organization)
    _check_open(convening, now)
    if Registration.objects.filter(convening=convening, organization=organization).exists():
        raise ValidationError(
            _("%(organization)s is already registered."),
            code="duplicate",
            params={"organization": organization},
        )
    _check_channel(convening, channel)
    try:
        with transaction.atomic():
            return Registration.objects.create(
                convening=convening,
                organization=organization,
                channel=channel,
                delegates=_clean_delegates(delegates),
                registered_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("%(organization)s is already registered."),
            code="duplicate",
            params={"organization": organization},
        ) from None


@transaction.atomic
def registration_update(*, user, registration, channel, delegates):
    now = timezone.now()
    convening = _locked(registration.convening)
    _check_coordinator(user, registration.organization)
    _check_open(convening, now)
    if channel != registration.channel:
        _check_channel(convening, channel, exclude=registration)
    registration.channel = channel
    registration.delegates = _clean_delegates(delegates)
    registration.save(update_fields=["channel", "delegates", "updated_at"])
    return registration


@transaction.atomic
def registration_cancel(*, user, registration):
    convening = _locked(registration.convening)
    _check_coordinator(user, registration.organization)
    _check_open(convening, timezone.now())
    registration.delete()


@transaction.atomic
def attendance_record(*, user, convening, organization_id, channel):
    """The secretariat records that an organization came, registered or not."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise ValidationError(_("That organization does not exist."), code="no_organization")
    if channel not in convening.channels():
        raise ValidationError(
            _("This convening has no “%(channel)s” channel."),
            code="channel",
            params={"channel": Channel(channel).label if channel in Channel.values else channel},
        )
    registered = Registration.objects.filter(
        convening=convening, organization=organization
    ).exists()
    attendance, _created = Attendance.objects.update_or_create(
        convening=convening,
        organization=organization,
        defaults={"channel": channel, "registered": registered, "recorded_by": user},
    )
    return attendance


@transaction.atomic
def attendance_remove(*, convening, organization_id):
    Attendance.objects.filter(convening=convening, organization_id=organization_id).delete()


def mark_registrations_attended(*, user, registrations):
    """The admin's bulk action: each registration becomes an attendance on its channel."""
    count = 0
    for registration in registrations.select_related("convening"):
        attendance_record(
            user=user,
            convening=registration.convening,
            organization_id=registration.organization_id,
            channel=registration.channel,
        )
        count += 1
    return count
