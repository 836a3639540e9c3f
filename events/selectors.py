"""Reads the convening pages build on, as plain rows rather than model instances."""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Value

from members.links import slug_urls
from members.models import Organization
from members.querysets import name_in_language

from .models import Channel, Convening, Registration


@dataclass
class RollChannel:
    channel: str
    label: str
    # (URL of the organization's page, its name in the page's language)
    organizations: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Invited:
    url: str
    name: str  # in the page's language
    registered: bool


INVITED = "invited"  # the invitation list's rows in named_organizations()' one query


def named_organizations(convening: Convening, user) -> tuple[list[RollChannel], list[Invited]]:
    """The organizations a convening's page names, each alphabetical in the page's language:
    who attended, by channel (room first), and those the secretariat invited that `user` may
    see, with whether each has registered.

    One query for both lists (a union): a convening of 500 attendances built 1,000 model
    instances and reversed 500 URLs through the template, half of the page's time; rows of
    four columns and one URL pattern avoid both.
    """
    url = slug_urls("members:organization_detail")
    labels = dict(Channel.choices)
    # Every column an annotation, so both halves list them in the same order.
    attended = (
        convening.attendances.annotate(
            part=F("channel"),
            organization_slug=F("organization__slug"),
            display_name=name_in_language("organization__"),
            has_registered=Value(False),
        )
        .order_by()
        .values_list("part", "organization_slug", "display_name", "has_registered")
    )
    # From the link table: Organization's translating queryset reorders annotated columns.
    invited = (
        Convening.invited.through.objects.filter(
            convening=convening, organization__in=Organization.objects.visible_to(user)
        )
        .annotate(
            part=Value(INVITED),
            organization_slug=F("organization__slug"),
            display_name=name_in_language("organization__"),
            has_registered=Exists(
                Registration.objects.filter(
                    convening=convening, organization=OuterRef("organization_id")
                )
            ),
        )
        .order_by()  # SQLite takes an order only for the whole union
        .values_list("part", "organization_slug", "display_name", "has_registered")
    )
    rows = attended.union(invited, all=True).order_by("part", "display_name", "organization_slug")
    roll: list[RollChannel] = []
    invitations: list[Invited] = []
    for part, slug, name, registered in rows:
        if part == INVITED:
            invitations.append(Invited(url(slug), name, bool(registered)))
            continue
        if not roll or roll[-1].channel != part:
            roll.append(RollChannel(channel=part, label=str(labels[part])))
        roll[-1].organizations.append((url(slug), name))
    order = list(labels)  # the channels' order of declaration: the room, then online
    return sorted(roll, key=lambda channel: order.index(channel.channel)), invitations
