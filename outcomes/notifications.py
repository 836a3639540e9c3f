"""Who hears about what in the follow-up and the votes, and what the e-mail says.

Each function queues its e-mails in the outbox (members.notify), keyed so that the same event
never makes a second e-mail, whichever door (portal, admin, task) caused it and however often
it runs.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from events.models import Attendance, Channel
from members import mail, notify, roles
from members.models import Affiliation, Organization, User

from .models import CommitteeMember, Motion, ProgressUpdate, Recommendation


def owners(recommendation: Recommendation) -> list[User]:
    """The people who answer for a recommendation: the current members of its committee who
    have an account, and the active coordinators of the organization in charge."""
    users = []
    if recommendation.committee_id:
        seats = (
            CommitteeMember.objects.reporters()
            .filter(committee_id=recommendation.committee_id)
            .select_related("person__user")
        )
        users += [seat.person.user for seat in seats]
    if recommendation.responsible_id:
        users += list(
            User.objects.filter(
                is_active=True,
                affiliations__organization_id=recommendation.responsible_id,
                affiliations__role=Affiliation.Role.COORDINATOR,
            )
        )
    return users


def _owner_words(recommendation: Recommendation) -> str:
    committee, organization = recommendation.committee, recommendation.responsible
    if committee and organization:
        return _("%(committee)s and %(organization)s") % {
            "committee": committee,
            "organization": organization,
        }
    return str(committee or organization)


def _recommendation_context(recommendation: Recommendation, subject: str, *lines: str) -> dict:
    return notify.notice(
        subject=subject,
        lines=[
            *lines,
            _("%(convening)s, recommendation %(number)s: %(text)s")
            % {
                "convening": recommendation.convening.title,
                "number": recommendation.number,
                "text": recommendation.text,
            },
        ],
        url=mail.absolute(recommendation.get_absolute_url()),
        link_label=_("See the recommendation and post progress"),
    )


def assigned(*, recommendation: Recommendation, reassigned: bool) -> None:
    """Tell the (new) owners that the recommendation is theirs to follow up."""
    stamp = recommendation.updated_at.strftime("%Y%m%d%H%M%S%f")

    def context(user):
        subject = (
            _("A recommendation is reassigned to you: %(convening)s, no. %(number)s")
            if reassigned
            else _("A recommendation is assigned to you: %(convening)s, no. %(number)s")
        ) % {"convening": recommendation.convening.title, "number": recommendation.number}
        due = (
            _("Due date: %(date)s.") % {"date": formats.date_format(recommendation.due_date)}
            if recommendation.due_date
            else _("No due date is set.")
        )
        return _recommendation_context(
            recommendation,
            subject,
            _("Follow-up is in the hands of: %(owner)s.") % {"owner": _owner_words(recommendation)},
            due,
        )

    notify.send(
        kind="recommendation_assigned",
        key=f"recommendation-{recommendation.pk}-owner-{stamp}",
        users=owners(recommendation),
        template="notice",
        context=context,
    )


def status_changed(*, recommendation: Recommendation, update: ProgressUpdate) -> None:
    """Tell the owners and the secretariat, except whoever made the change."""
    recipients = [
        user
        for user in [*owners(recommendation), *roles.secretariat_users()]
        if user.pk != update.author_id
    ]

    def context(user):
        labels = dict(Recommendation.Status.choices)
        return _recommendation_context(
            recommendation,
            _("Recommendation %(number)s of %(convening)s: %(status)s")
            % {
                "number": recommendation.number,
                "convening": recommendation.convening.title,
                "status": labels[update.to_status],
            },
            _("The status changed from “%(from)s” to “%(to)s” (progress %(progress)s%%).")
            % {
                "from": labels.get(update.from_status, "—"),
                "to": labels[update.to_status],
                "progress": update.progress,
            },
            update.note,
        )

    notify.send(
        kind="recommendation_status",
        key=f"progress-update-{update.pk}",
        users=recipients,
        template="notice",
        context=context,
    )


def vote_opened(*, motion: Motion) -> int:
    """Tell the coordinators of the active members attending online that a vote has opened.
    Returns how many e-mails were queued now (0 when run again)."""
    online = Attendance.objects.filter(
        convening_id=motion.convening_id,
        channel=Channel.ONLINE,
        organization__status__in=Organization.VOTING_STATUSES,
    ).values("organization_id")
    coordinators = User.objects.filter(
        is_active=True,
        affiliations__role=Affiliation.Role.COORDINATOR,
        affiliations__organization_id__in=online,
    ).distinct()
    convening = motion.convening

    def context(user):
        return notify.notice(
            subject=_("A vote is open: %(convening)s, motion %(number)s")
            % {"convening": convening.title, "number": motion.number},
            lines=[
                _("Voting on motion %(number)s, “%(title)s”, is open.")
                % {"number": motion.number, "title": motion.title},
                _("Your organization attends online: cast its ballot on the voting page."),
            ],
            url=mail.absolute(reverse("outcomes:convening_vote", args=[convening.slug])),
            link_label=_("Open the voting page"),
        )

    return len(
        notify.send(
            kind="vote_opened",
            key=f"motion-{motion.pk}-opened",
            users=coordinators,
            template="notice",
            context=context,
        )
    )
