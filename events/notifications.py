"""E-mails about convenings: what they say about a convening (time in the venue's zone, place,
join link), and the notices to an organization's coordinators when its registration is made,
changed or cancelled, and when the secretariat invites it.

Each notice is queued in the outbox (members.notify) inside the service's transaction, so it
leaves only if the change is committed, once per event and recipient, in their language.
"""

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from members import mail, notify
from members.models import Message, User

from .models import Channel, Registration

KIND = "registration"
EVENTS = ("made", "changed", "cancelled")


# -- what an e-mail says about a convening ------------------------------------------------


def _utc_offset(moment):
    offset = moment.strftime("%z")  # "+0300"
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def comma():
    return "، " if translation.get_language_bidi() else ", "


def _long_date(moment):
    """ "Wednesday, 12 June 2030" in the active language (the weekday helps across zones)."""
    return formats.date_format(moment, "l") + comma() + formats.date_format(moment, "DATE_FORMAT")


def _long_moment(moment):
    """ "Wednesday, 12 June 2030, 10:00" in the active language."""
    return _long_date(moment) + comma() + formats.time_format(moment, "H:i")


def _when(start, end):
    """ "Wednesday, 12 June 2030, 10:00 – 16:00", with the end's date when it is another day."""
    if end.date() != start.date():
        return f"{_long_moment(start)} – {_long_moment(end)}"
    return f"{_long_moment(start)} – {formats.time_format(end, 'H:i')}"


def speakers_text(item):
    """An agenda item's speakers as people (with their organization), then its guests.
    Prefetch "speakers__organization" to avoid queries."""
    names = [
        f"{person} ({person.organization.name})" if person.organization_id else str(person)
        for person in item.speakers.all()
    ]
    if item.facilitators:
        names.append(item.facilitators)
    return comma().join(names)


def convening_details(convening, *, agenda=True):
    """What an e-mail says about the convening, in the active language and the venue's zone.
    With `agenda`, prefetch "agenda__speakers__organization"."""
    start, end = convening.local_start, convening.local_end
    place = []
    if convening.has_room:
        place = [
            part
            for part in (
                convening.venue_name,
                convening.venue_city,
                convening.venue_country.name if convening.venue_country else "",
            )
            if part
        ]
    items = []
    if agenda:
        items = [
            {
                "time": (
                    formats.time_format(timezone.localtime(item.starts_at, convening.tz), "H:i")
                    if item.starts_at
                    else ""
                ),
                "title": item.title,
                "topics": item.topics,
                "facilitators": speakers_text(item),
            }
            for item in convening.agenda.all()
        ]
    return {
        "starts_date": _long_date(start),
        "when": _when(start, end),
        "timezone_name": convening.timezone,
        "utc_offset": _utc_offset(start),
        "place": comma().join(str(part) for part in place),
        "join_url": convening.join_url if convening.has_online else "",
        "online_platform": convening.online_platform if convening.has_online else "",
        "agenda": items,
        "url": mail.absolute(reverse("events:convening_detail", kwargs={"slug": convening.slug})),
    }


# -- registration notices --------------------------------------------------------------------


def message_key(registration: Registration, event: str) -> str:
    """Unique per event: a registration is made once; each change or cancellation is a new
    moment (to the microsecond), so a later change is told again."""
    if event == "made":
        return f"registration-{registration.pk}-made"
    moment = registration.updated_at if event == "changed" else timezone.now()
    return f"registration-{registration.pk}-{event}-{int(moment.timestamp() * 1_000_000)}"


def _coordinators(organization):
    return User.objects.filter(
        is_active=True,
        affiliations__organization=organization,
        affiliations__role="coordinator",
    ).order_by("pk")


def registration_changed(*, registration: Registration, event: str, by: User) -> list[Message]:
    """Tell the organization's coordinators that its registration was made, changed or
    cancelled: the convening, the channel, the time in the venue's zone, the place or (online)
    the join link, the delegates and a link to the convening's page."""
    if event not in EVENTS:
        raise ValueError(f"Unknown registration event {event!r}.")
    convening, organization = registration.convening, registration.organization
    delegates = list(registration.delegates.select_related("person"))
    online = registration.channel == Channel.ONLINE

    def context(user):
        details = convening_details(convening, agenda=False)
        return {
            **details,
            # Only a registered organization is given the join link; the room has a place.
            "join_url": details["join_url"] if online and event != "cancelled" else "",
            "place": "" if online else details["place"],
            "online_platform": details["online_platform"] if online else "",
            "event": event,
            "convening": convening,
            "organization": organization,
            "channel": registration.get_channel_display(),
            "delegates": [
                {"name": str(delegate.person), "role": delegate.role} for delegate in delegates
            ],
            "by": (by.name or by.email) if by else "",
            "open": convening.registration_is_open(),
        }

    return notify.send(
        kind=KIND,
        key=message_key(registration, event),
        users=_coordinators(organization),
        template="registration",
        context=context,
    )


# -- invitations -----------------------------------------------------------------------------

INVITATION_KIND = "convening_invitation"


def invited(*, convening, organization) -> list[Message]:
    """Tell the organization's coordinators that the secretariat invites it: when, where, until
    when it can register, and the convening's page, where they register."""

    def context(user):
        details = convening_details(convening, agenda=False)
        deadline = timezone.localtime(convening.registration_closes_at(), convening.tz)
        lines = [
            _("The secretariat invites %(organization)s to “%(convening)s”.")
            % {"organization": organization, "convening": convening.title},
            _("When: %(when)s (%(zone)s, %(offset)s).")
            % {
                "when": details["when"],
                "zone": details["timezone_name"],
                "offset": details["utc_offset"],
            },
        ]
        if details["place"]:
            lines.append(_("Where: %(place)s.") % {"place": details["place"]})
        if details["online_platform"]:
            lines.append(_("Online: %(platform)s.") % {"platform": details["online_platform"]})
        lines.append(
            _("Register your organization before %(deadline)s on the convening's page.")
            % {"deadline": _long_moment(deadline)}
        )
        return notify.notice(
            subject=_("Invitation: %(convening)s") % {"convening": convening.title},
            lines=lines,
            url=details["url"],
            link_label=_("See the convening and register"),
        )

    return notify.send(
        kind=INVITATION_KIND,
        key=f"convening-{convening.pk}-invited-{organization.pk}",
        users=_coordinators(organization),
        template="notice",
        context=context,
    )
