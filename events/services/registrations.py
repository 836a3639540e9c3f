"""Writes for convenings: registration with its delegates, and attendance; each rule here.

Services refuse with `members.errors.Refused` (or `NotAllowed` when the user may not act): a
translated message, and nothing saved.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from members.errors import Refused
from members.models import Organization, Person, User
from members.services import person_create, person_update

from .. import notifications
from ..models import Channel, Convening, Delegate, Registration

MAX_DELEGATES = 20
NAME_MAX = Person._meta.get_field("name_ar").max_length
ROLE_MAX = Delegate._meta.get_field("role").max_length
EMAIL_MAX = Person._meta.get_field("email").max_length
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class DelegateData:
    """A delegate as the coordinator names them: a name, and optionally a role and an e-mail."""

    name: str
    role: str = ""
    email: str = ""


def _check_coordinator(user: User, organization: Organization) -> None:
    roles.check_coordinator(
        user,
        organization,
        _("Only a coordinator of %(organization)s can register it.")
        % {"organization": organization},
    )


def _check_may_register(organization: Organization) -> None:
    """Applicants, suspended and withdrawn organizations do not register (the form offers
    them no more than this says)."""
    if not organization.may_register:
        raise Refused(
            _("%(organization)s cannot register for convenings while its status is “%(status)s”."),
            code="barred",
            params={"organization": organization, "status": organization.get_status_display()},
        )


def _check_open(convening, now):
    if convening.status == Convening.Status.CANCELLED:
        raise Refused(_("This convening was cancelled."), code="cancelled")
    if convening.status != Convening.Status.PLANNED or convening.ends_at < now:
        raise Refused(_("This convening is not open for registration."), code="closed")
    if now >= convening.registration_closes_at():
        raise Refused(
            _("Registration closed on %(deadline)s."),
            code="deadline",
            params={
                "deadline": timezone.localtime(
                    convening.registration_closes_at(), convening.tz
                ).strftime("%Y-%m-%d %H:%M")
            },
        )


def _channel_label(channel):
    return Channel(channel).label if channel in Channel.values else channel


def _check_channel(convening, channel, exclude=None):
    if channel not in convening.channels():
        raise Refused(
            _("This convening has no “%(channel)s” channel."),
            code="channel",
            params={"channel": _channel_label(channel)},
        )
    capacity = convening.capacity(channel)
    if capacity is not None:
        taken = Registration.objects.filter(convening=convening, channel=channel)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if taken.count() >= capacity:
            raise Refused(
                _("There is no place left “%(channel)s” (%(capacity)s places)."),
                code="full",
                params={"channel": Channel(channel).label, "capacity": capacity},
            )


# -- delegates -------------------------------------------------------------------------------


def _tidy(text):
    return " ".join(str(text or "").replace("\x00", "").split())


def _row_refusal(message, code, row, **params):
    # `row` (0-based, in the list given) lets a form show the message on the row it is about.
    return Refused(message, code=code, params={"row": row, "number": row + 1, **params})


def clean_delegates(delegates: list[DelegateData]) -> list[DelegateData]:
    """The delegates tidied (spaces, e-mail case) and checked: 1 to 20, each named, valid
    e-mails, no one twice. Refusals about one delegate carry `params["row"]`."""
    tidy = [
        DelegateData(name=_tidy(d.name), role=_tidy(d.role), email=_tidy(d.email).lower())
        for d in delegates or []
    ]
    if not tidy:
        raise Refused(_("Name at least one delegate."), code="no_delegates")
    if len(tidy) > MAX_DELEGATES:
        raise Refused(
            _("An organization can send at most %(max)s delegates."),
            code="too_many_delegates",
            params={"max": MAX_DELEGATES},
        )
    seen_emails, seen_names = {}, {}
    for row, delegate in enumerate(tidy):
        if not delegate.name:
            raise _row_refusal(
                _("Delegate %(number)s: give their name."), "delegate_without_name", row
            )
        if len(delegate.name) > NAME_MAX or len(delegate.role) > ROLE_MAX:
            raise _row_refusal(
                _(
                    "Delegate %(number)s: the name is limited to %(name_max)s characters and the "
                    "role to %(role_max)s."
                ),
                "delegate_too_long",
                row,
                name_max=NAME_MAX,
                role_max=ROLE_MAX,
            )
        if delegate.email:
            try:
                if len(delegate.email) > EMAIL_MAX:
                    raise ValidationError("too long")
                validate_email(delegate.email)
            except ValidationError:
                raise _row_refusal(
                    _("Delegate %(number)s: “%(email)s” is not a valid e-mail address."),
                    "delegate_email",
                    row,
                    email=delegate.email,
                ) from None
        # The same e-mail is the same person; so is the same name when either row has no
        # e-mail to tell two namesakes apart.
        name = delegate.name.casefold()
        earlier = seen_emails.get(delegate.email) if delegate.email else None
        if earlier is None and name in seen_names:
            other_row, other_email = seen_names[name]
            if not (delegate.email and other_email):
                earlier = other_row
        if earlier is not None:
            raise _row_refusal(
                _("Delegate %(number)s is named twice (also delegate %(first)s)."),
                "duplicate_delegate",
                row,
                first=earlier + 1,
            )
        if delegate.email:
            seen_emails[delegate.email] = row
        seen_names.setdefault(name, (row, delegate.email))
    return tidy


def _name_field(name):
    return "name_ar" if ARABIC_LETTER.search(name) else "name_en"


def _person_for(user, organization, delegate):
    """The organization's person this delegate is, found by e-mail (or, without one, by name),
    else a new person. A namesake without an e-mail or account takes the e-mail given; a person
    found without a name in the delegate's script takes it."""
    people = Person.objects.filter(organization=organization).order_by("pk")
    field = _name_field(delegate.name)
    if delegate.email:
        found = people.filter(
            Q(email__iexact=delegate.email) | Q(user__email__iexact=delegate.email)
        ).first()
        if found is None:
            found = people.filter(
                **{f"{field}__iexact": delegate.name}, email="", user__isnull=True
            ).first()
            if found is not None:
                found = person_update(by=user, person=found, email=delegate.email)
    else:
        found = people.filter(**{f"{field}__iexact": delegate.name}).first()
    if found is None:
        return person_create(
            by=user, organization=organization, email=delegate.email, **{field: delegate.name}
        )
    if not getattr(found, field) and found.user_id is None:
        found = person_update(by=user, person=found, **{field: delegate.name})
    return found


def _save_delegates(user, registration, delegates):
    """Make the registration's delegates exactly these, in this order. Returns whether
    anything changed."""
    people = []
    for row, delegate in enumerate(delegates):
        person = _person_for(user, registration.organization, delegate)
        if person.pk in {p.pk for p, _role in people}:
            raise _row_refusal(
                _("Delegate %(number)s is the same person as another delegate."),
                "duplicate_delegate",
                row,
            )
        people.append((person, delegate.role))
    current = {d.person_id: d for d in registration.delegates.all()}
    wanted = {person.pk for person, _role in people}
    gone = [pk for pk in current if pk not in wanted]
    changed = bool(gone)
    Delegate.objects.filter(registration=registration, person_id__in=gone).delete()
    for position, (person, role) in enumerate(people, start=1):
        delegate = current.get(person.pk)
        if delegate is None:
            Delegate.objects.create(
                registration=registration, person=person, role=role, position=position
            )
            changed = True
        elif (delegate.role, delegate.position) != (role, position):
            delegate.role, delegate.position = role, position
            delegate.save(update_fields=["role", "position"])
            changed = True
    return changed


# -- registrations ---------------------------------------------------------------------------


def _locked(convening):
    # Locking the convening row serialises registrations, so capacity cannot be overrun by two
    # requests that both counted the last free place.
    return Convening.objects.select_for_update().get(pk=convening.pk)


def _duplicate(organization):
    return Refused(
        _("%(organization)s is already registered."),
        code="duplicate",
        params={"organization": organization},
    )


@transaction.atomic
def registration_create(
    *,
    user: User,
    convening: Convening,
    organization: Organization,
    channel: str,
    delegates: list[DelegateData],
) -> Registration:
    """A coordinator registers their organization, naming its delegates; its coordinators
    are told."""
    now = timezone.now()
    convening = _locked(convening)
    _check_coordinator(user, organization)
    _check_may_register(organization)
    _check_open(convening, now)
    if Registration.objects.filter(convening=convening, organization=organization).exists():
        raise _duplicate(organization)
    _check_channel(convening, channel)
    delegates = clean_delegates(delegates)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                convening=convening, organization=organization, channel=channel, registered_by=user
            )
    except IntegrityError:
        raise _duplicate(organization) from None
    _save_delegates(user, registration, delegates)
    notifications.registration_changed(registration=registration, event="made", by=user)
    return registration


@transaction.atomic
def registration_update(
    *, user: User, registration: Registration, channel: str, delegates: list[DelegateData]
) -> Registration:
    """A coordinator changes the channel or the delegates; when something changed, the
    organization's coordinators are told."""
    now = timezone.now()
    convening = _locked(registration.convening)
    current = Registration.objects.select_related("organization").filter(pk=registration.pk).first()
    if current is None:
        raise Refused(_("This registration was cancelled meanwhile."), code="gone")
    _check_coordinator(user, current.organization)
    _check_may_register(current.organization)
    _check_open(convening, now)
    if channel != current.channel:
        _check_channel(convening, channel, exclude=current)
    delegates = clean_delegates(delegates)
    changed = _save_delegates(user, current, delegates)
    if channel != current.channel:
        current.channel = channel
        changed = True
    if changed:
        current.save(update_fields=["channel", "updated_at"])
        current.convening = convening
        notifications.registration_changed(registration=current, event="changed", by=user)
    return current


@transaction.atomic
def registration_cancel(*, user: User, registration: Registration) -> None:
    """A coordinator cancels until registration closes; the coordinators are told."""
    convening = _locked(registration.convening)
    current = Registration.objects.select_related("organization").filter(pk=registration.pk).first()
    if current is None:
        raise Refused(_("This registration was cancelled meanwhile."), code="gone")
    _check_coordinator(user, current.organization)
    _check_open(convening, timezone.now())
    current.convening = convening
    # The e-mail names the delegates, so it is written before they go.
    notifications.registration_changed(registration=current, event="cancelled", by=user)
    current.delete()


# -- attendance ------------------------------------------------------------------------------
