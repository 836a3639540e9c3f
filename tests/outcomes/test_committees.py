"""Follow-up committees: the list, a committee's page and the progress updates posted there."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from outcomes.models import CommitteeMember, ProgressUpdate, Recommendation
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


def update_url(recommendation, committee=None, lang="en"):
    committee = committee or recommendation.committee
    return url("progress_update", lang, slug=committee.slug, pk=recommendation.pk)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def post_data(recommendation, **overrides):
    prefix = f"update-{recommendation.pk}"
    data = {"status": S.IN_PROGRESS, "progress": "40", "note": "Met the ministry."}
    data.update(overrides)
    return {f"{prefix}-{key}": value for key, value in data.items()}


def texts(response):
    return [str(m) for m in response.context["messages"]]


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


def unchanged(recommendation, status=S.NOT_STARTED, progress=10):
    recommendation.refresh_from_db()
    return (
        recommendation.status == status
        and recommendation.progress == progress
        and not ProgressUpdate.objects.filter(recommendation=recommendation).exists()
    )


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
    assert "Not started" in body and "20%" in body
    # Anonymous visitors read the page but get no form.
    assert response.context["can_post"] is False
    assert "update-" not in body


def test_a_committee_member_gets_one_labelled_form_per_recommendation(
    client, committee, member, recommendation
):
    other = RecommendationFactory(convening=committee.convening, committee=committee)
    client.force_login(member)
    response = client.get(committee.get_absolute_url())
    body = response.content.decode()
    assert response.context["can_post"] is True
    for rec in (recommendation, other):
        assert f'action="{update_url(rec)}"' in body
        assert f'<label for="id_update-{rec.pk}-progress">' in body
        assert f'id="id_update-{rec.pk}-note"' in body


def test_a_signed_in_outsider_gets_no_form(client, committee, recommendation, outsider):
    client.force_login(outsider)
    response = client.get(committee.get_absolute_url())
    assert response.status_code == 200
    assert response.context["can_post"] is False


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


# Posting an update -------------------------------------------------------------------------


def test_a_member_posts_an_update(client, committee, member, recommendation):
    client.force_login(member)
    response = client.post(update_url(recommendation), post_data(recommendation))
    assert response.status_code == 302
    assert response.url == f"{committee.get_absolute_url()}#rec-{recommendation.pk}"
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (S.IN_PROGRESS, 40)
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert (update.from_status, update.to_status, update.progress) == (
        S.NOT_STARTED,
        S.IN_PROGRESS,
        40,
    )
    assert update.author == member
    assert update.note_en == "Met the ministry."
    page = client.get(response.url)
    assert "The update to recommendation 7 is saved." in texts(page)
    assert "Met the ministry." in page.content.decode()


def test_staff_may_post_an_update(client, recommendation):
    client.force_login(UserFactory(is_staff=True))
    client.post(update_url(recommendation), post_data(recommendation, status=S.DONE))
    recommendation.refresh_from_db()
    assert recommendation.status == S.DONE


def test_a_signed_in_non_member_gets_403_and_nothing_changes(client, recommendation, outsider):
    client.force_login(outsider)
    response = client.post(update_url(recommendation), post_data(recommendation))
    assert response.status_code == 403
    assert unchanged(recommendation)


def test_anonymous_visitors_are_sent_to_sign_in(client, recommendation):
    response = client.post(update_url(recommendation), post_data(recommendation))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert unchanged(recommendation)


def test_updates_are_post_only(client, member, recommendation):
    client.force_login(member)
    assert client.get(update_url(recommendation)).status_code == 405


@pytest.mark.parametrize(
    "overrides",
    [
        {"progress": "101"},
        {"progress": "-1"},
        {"progress": "abc"},
        {"progress": ""},
        {"status": "finished"},
        {"note": "   "},
        {"note": "x" * 2001},
    ],
)
def test_an_invalid_update_is_refused_and_nothing_is_saved(
    client, committee, member, recommendation, overrides
):
    client.force_login(member)
    response = client.post(
        update_url(recommendation), post_data(recommendation, **overrides), follow=True
    )
    assert (
        response.redirect_chain[0][0] == f"{committee.get_absolute_url()}#rec-{recommendation.pk}"
    )
    [message] = texts(response)
    assert message.startswith("Recommendation 7: the update was not saved.")
    assert unchanged(recommendation)


def test_a_progress_out_of_range_is_explained(client, member, recommendation):
    client.force_login(member)
    response = client.post(
        update_url(recommendation), post_data(recommendation, progress="101"), follow=True
    )
    assert "Progress is a whole number from 0 to 100." in texts(response)[0]


def test_a_refusal_from_the_service_is_shown_and_nothing_is_saved(
    client, member, recommendation, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("Refused by a rule.", code="rule")

    monkeypatch.setattr("outcomes.services.progress_update_post", refuse)
    client.force_login(member)
    response = client.post(update_url(recommendation), post_data(recommendation), follow=True)
    assert texts(response) == ["Recommendation 7: the update was not saved. Refused by a rule."]
    assert unchanged(recommendation)


def test_a_recommendation_of_another_committee_is_404(client, committee, member):
    elsewhere = RecommendationFactory()
    client.force_login(member)
    response = client.post(update_url(elsewhere, committee=committee), post_data(elsewhere))
    assert response.status_code == 404
    assert unchanged(elsewhere, progress=0)


def test_unknown_committees_and_recommendations_are_404(client, member, recommendation):
    client.force_login(member)
    data = post_data(recommendation)
    assert (
        client.post(url("progress_update", slug="nope", pk=recommendation.pk), data).status_code
        == 404
    )
    assert (
        client.post(
            url("progress_update", slug=recommendation.committee.slug, pk=999999), data
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/en/committees/{recommendation.committee.slug}/recommendations/abc/update/", data
        ).status_code
        == 404
    )


def test_a_member_cannot_update_a_members_only_committee_they_cannot_see(client):
    private = CommitteeFactory(convening=PastConveningFactory(visibility="members"))
    rec = RecommendationFactory(convening=private.convening, committee=private)
    seat = CommitteeMemberFactory(committee=private)  # no member organization
    client.force_login(seat.user)
    assert client.post(update_url(rec), post_data(rec)).status_code == 404
    assert unchanged(rec, progress=0)
