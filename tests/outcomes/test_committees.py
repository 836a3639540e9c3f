"""Follow-up committees: the list, a committee's page, who may see them and their flags."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from outcomes.models import CommitteeMember, Recommendation
from tests.events.factories import PastConveningFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, UserFactory

from .factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
S = Recommendation.Status


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"outcomes:{name}", kwargs=kwargs or None)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def committee(db):
    return CommitteeFactory(
        slug="follow-up", name_en="Follow-up office", mandate_en="Track the recommendations."
    )


@pytest.fixture
def recommendation(committee):
    return RecommendationFactory(
        convening=committee.convening, committee=committee, number=7, progress=10
    )


@pytest.fixture
def member(committee):
    """A committee member who also works for an active member organization."""
    affiliation = AffiliationFactory(user=UserFactory(name="Huda Ahmad"))
    CommitteeMemberFactory(
        committee=committee,
        user=affiliation.user,
        organization=affiliation.organization,
        role=CommitteeMember.Role.RAPPORTEUR,
    )
    return affiliation.user


@pytest.fixture
def outsider(db):
    """Signed in, of a member organization, but not on the committee."""
    return AffiliationFactory().user


# The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "html"), [("ar", '<html lang="ar" dir="rtl">'), ("en", '<html lang="en" dir="ltr">')]
)
def test_the_list_renders_in_both_languages(client, committee, lang, html):
    response = client.get(url("committee_list", lang))
    assert response.status_code == 200
    assert html in response.content.decode()
    assert committee.get_absolute_url() in response.content.decode()


def test_the_list_shows_active_committees_first_with_open_and_overdue_counts(client):
    old = CommitteeFactory(slug="a-old", is_active=False)
    current = CommitteeFactory(slug="b-current")
    convening = current.convening
    RecommendationFactory(committee=current, convening=convening, due_date=days(-3))
    RecommendationFactory(
        committee=current, convening=convening, status=S.IN_PROGRESS, due_date=days(30)
    )
    RecommendationFactory(committee=current, convening=convening, status=S.DONE, due_date=days(-3))
    response = client.get(url("committee_list"))
    assert [c.slug for c in response.context["active"]] == ["b-current"]
    assert [c.slug for c in response.context["inactive"]] == ["a-old"]
    shown = response.context["active"][0]
    assert (shown.open_count, shown.overdue_count) == (2, 1)
    body = response.content.decode()
    assert body.index(current.name_en) < body.index(old.name_en)
    assert "2 open recommendations" in body
    assert "1 overdue" in body


def test_the_list_has_an_empty_state(client):
    response = client.get(url("committee_list"))
    assert response.status_code == 200
    assert "No follow-up committee is listed yet." in response.content.decode()


def test_the_list_costs_the_same_for_1_and_20_committees(client):
    def grow(n):
        for _ in range(n):
            c = CommitteeFactory()
            RecommendationFactory(committee=c, convening=c.convening, due_date=days(-1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("committee_list")).status_code == 200
        return len(queries)

    grow(1)
    one = count()
    grow(19)
    assert count() == one


# A committee's page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "html"), [("ar", '<html lang="ar" dir="rtl">'), ("en", '<html lang="en" dir="ltr">')]
)
def test_the_committee_page_renders_in_both_languages(client, committee, member, lang, html):
    RecommendationFactory(
        convening=committee.convening, committee=committee, progress=40, due_date=days(-1)
    )
    with translation.override(lang):
        path = committee.get_absolute_url()
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert html in body
    assert 'max="100" value="40"' in body
    assert "40%" in body


def test_the_committee_page_shows_mandate_members_recommendations_and_history(
    client, committee, member, recommendation
):
    recommendation.due_date = days(-2)
    recommendation.save()
    ProgressUpdateFactory(
        recommendation=recommendation,
        author=UserFactory(name="Omar Khalil"),
        note_en="Wrote to the ministry.",
        from_status=S.NOT_STARTED,
        to_status=S.IN_PROGRESS,
        progress=20,
    )
    response = client.get(committee.get_absolute_url())
    body = response.content.decode()
    assert "Track the recommendations." in body
    assert committee.convening.get_absolute_url() in body
    assert "Huda Ahmad" in body and "Rapporteur" in body
    assert member.email not in body  # names are shown, never addresses
    assert f'id="rec-{recommendation.pk}"' in body
    assert "Recommendation 7" in body
    assert '<span class="badge overdue">Overdue</span>' in body
    assert "Wrote to the ministry." in body and "Omar Khalil" in body
    assert "Not started" in body and "10%" in body
    # Each recommendation links to its own page, where progress is posted.
    assert recommendation.get_absolute_url() in body


def test_an_unknown_committee_is_404(client, committee):
    assert client.get(url("committee_detail", slug="no-such-committee")).status_code == 404
    assert client.get("/en/committees/not a slug/").status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_the_committee_page_costs_the_same_for_1_and_50_recommendations(
    client, committee, member, viewer
):
    if viewer == "member":
        client.force_login(member)
    CommitteeMemberFactory(committee=committee, organization=OrganizationFactory())

    def grow(n):
        for _ in range(n):
            rec = RecommendationFactory(
                convening=committee.convening,
                committee=committee,
                responsible=OrganizationFactory(),
                due_date=days(-1),
            )
            ProgressUpdateFactory.create_batch(2, recommendation=rec)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(committee.get_absolute_url()).status_code == 200
        return len(queries)

    grow(1)
    one = count()
    grow(49)
    assert count() == one


# Visibility --------------------------------------------------------------------------------


def test_a_members_only_committee_is_hidden_from_anonymous_visitors(client):
    private = CommitteeFactory(convening=PastConveningFactory(visibility="members"))
    assert client.get(private.get_absolute_url()).status_code == 404
    assert private not in client.get(url("committee_list")).context["active"]


def test_a_members_only_committee_is_shown_to_a_member_organization_user(client, outsider):
    private = CommitteeFactory(convening=PastConveningFactory(visibility="members"))
    client.force_login(outsider)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert private in client.get(url("committee_list")).context["active"]


def test_a_committee_formed_by_no_convening_is_public(client):
    loose = CommitteeFactory(convening=None)
    assert client.get(loose.get_absolute_url()).status_code == 200


def test_a_committee_member_outside_the_member_organizations_sees_their_committee(client):
    """Whoever may report on an item may also see it, members-only convening or not."""
    private = CommitteeFactory(convening=PastConveningFactory(visibility="members"))
    rec = RecommendationFactory(convening=private.convening, committee=private)
    seat = CommitteeMemberFactory(committee=private)  # no member organization
    client.force_login(seat.user)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert client.get(rec.get_absolute_url()).status_code == 200
    assert private in client.get(url("committee_list")).context["active"]
    # A former member no longer does.
    seat.ends_on = datetime.date(2001, 1, 1)
    seat.save()
    assert client.get(private.get_absolute_url()).status_code == 404


def test_committees_without_members_or_chair_are_flagged(client):
    empty = CommitteeFactory(slug="a-empty")
    chairless = CommitteeFactory(slug="b-chairless")
    CommitteeMemberFactory(committee=chairless)
    chaired = CommitteeFactory(slug="c-chaired")
    CommitteeMemberFactory(committee=chaired, role=CommitteeMember.Role.CHAIR)
    response = client.get(url("committee_list"))
    flags = {c.slug: (c.has_members, c.has_chair) for c in response.context["active"]}
    assert flags == {
        "a-empty": (False, False),
        "b-chairless": (True, False),
        "c-chaired": (True, True),
    }
    body = response.content.decode()
    assert "No members" in body and "No chair" in body
    assert "No owner" in client.get(empty.get_absolute_url()).content.decode()
