"""Who takes part in a convening: registrations with their delegates, and attendance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Organization, Person

from .convenings import Channel, Convening


class Registration(models.Model):
    """An organization's registration for a planned convening, with its delegates."""

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="registrations")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convening", "organization"], name="one_registration_per_organization"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["room", "online"]), name="registration_channel_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organization} → {self.convening}"

    def delegate_list(self):
        """The delegates' people, in order (prefetch "delegates__person" to avoid queries)."""
        return [delegate.person for delegate in self.delegates.all()]


class Delegate(models.Model):
    """A person an organization sends to a convening, with the role they come in."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="delegates"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="delegations"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "person"], name="one_delegation"),
        ]

    def __str__(self):
        return str(self.person)


class Attendance(models.Model):
    """An organization that took part, and through which channel."""

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="attendances")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    registered = models.BooleanField(_("had registered"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["channel", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convening", "organization"], name="one_attendance_per_organization"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["room", "online"]), name="attendance_channel_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organization} @ {self.convening} ({self.get_channel_display()})"


def attendance_breakdown(convening) -> dict:
    """Who came and how: member organizations per channel and in all, from the list when there
    is one, else from the reported totals; `others` counts the listed organizations that are not
    members (partners, suspended), which are never counted as the members' attendance. Uses
    with_attendance_counts() annotations when present (no query)."""
    room = getattr(convening, "listed_room", None)
    online = getattr(convening, "listed_online", None)
    others = getattr(convening, "listed_others", 0)
    if room is None or online is None:
        member = Q(organization__status__in=Organization.MEMBER_STATUSES)
        counts = convening.attendances.aggregate(
            room=models.Count("pk", filter=member & Q(channel="room")),
            online=models.Count("pk", filter=member & Q(channel="online")),
            others=models.Count("pk", filter=~member),
        )
        room, online, others = counts["room"], counts["online"], counts["others"]
    listed = bool(room or online or others)
    if not listed and (
        convening.reported_room is not None or convening.reported_online is not None
    ):
        room, online = convening.reported_room or 0, convening.reported_online or 0
        return {
            "room": room,
            "online": online,
            "total": room + online,
            "listed": False,
            "at_least": convening.reported_at_least,
            "known": True,
            "words": convening.reported_in_words,
            "others": others,
        }
    # Only words ("dozens of participants") when the sources give no figure: shown as such,
    # never turned into a number.
    words = "" if listed else convening.reported_in_words
    return {
        "room": room,
        "online": online,
        "total": room + online,
        "listed": listed,
        "at_least": False,
        "known": listed,
        "words": words,
        "others": others,
    }
