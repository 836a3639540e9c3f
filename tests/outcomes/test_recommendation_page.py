"""A recommendation's own page: who sees it, who posts progress there, with what evidence."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from members.errors import Refused
from outcomes.models import ProgressUpdate, Recommendation
from tests.events.factories import PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

from .factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
S = Recommendation.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def committee(db):
    return CommitteeFactory(slug="follow-up", name_en="Follow-up office")


@pytest.fixture
def recommendation(committee):
    return RecommendationFactory(
        convening=committee.convening, committee=committee, number=7, progress=10
    )


@pytest.fixture
def member(committee):
    return CommitteeMemberFactory(committee=committee, user__name="Huda Ahmad").user


@pytest.fixture
def in_charge():
    """An organization in charge of a recommendation that has no committee, and its
    coordinator."""
    affiliation = AffiliationFactory(user=UserFactory(name="Samer Youssef"))
    recommendation = RecommendationFactory(
        committee=None, responsible=affiliation.organization, number=3
    )
    return recommendation, affiliation.user


def data(**overrides):
    values = {"status": S.IN_PROGRESS, "progress": "40", "note": "Met the ministry."}
    values.update(overrides)
    return values


def unchanged(recommendation, status=S.NOT_STARTED, progress=10):
    recommendation.refresh_from_db()
    return (
        recommendation.status == status
        and recommendation.progress == progress
        and not ProgressUpdate.objects.filter(recommendation=recommendation).exists()
    )


# Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "html"), [("ar", '<html lang="ar" dir="rtl">'), ("en", '<html lang="en" dir="ltr">')]
)
def test_the_page_renders_in_both_languages(client, recommendation, member, lang, html):
    with translation.override(lang):
        path = recommendation.get_absolute_url()
    assert path.startswith(f"/{lang}/recommendations/{recommendation.convening.slug}/7/")
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert html in body
    assert "Huda Ahmad" in body  # the committee's current members are named
    assert response.context["form"] is None  # anonymous: no form, an invitation to sign in


def test_the_tracker_committee_and_convening_pages_link_to_it(client, recommendation):
    url = recommendation.get_absolute_url()
    for page in (
        "/en/recommendations/",
        recommendation.committee.get_absolute_url(),
        recommendation.convening.get_absolute_url(),
    ):
        assert url in client.get(page).content.decode(), page


@pytest.mark.parametrize(
    "path",
    [
        "/en/recommendations/no-such-convening/7/",
        "/en/recommendations/{slug}/999/",
        "/en/recommendations/{slug}/" + "9" * 5000 + "/",
        "/en/recommendations/{slug}/٧/",
        "/en/recommendations/{slug}/-7/",
    ],
)
def test_unknown_or_malformed_addresses_are_404(client, recommendation, path):
    assert client.get(path.format(slug=recommendation.convening.slug)).status_code == 404


def test_a_members_only_recommendation_is_404_for_strangers(client):
    private = RecommendationFactory(convening=PastConveningFactory(visibility="members"))
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(private.get_absolute_url()).status_code == 404


def test_the_coordinator_in_charge_sees_a_members_only_item_they_answer_for(client):
    affiliation = AffiliationFactory(organization=OrganizationFactory(status="applicant"))
    private = RecommendationFactory(
        convening=PastConveningFactory(visibility="members"),
        committee=None,
        responsible=affiliation.organization,
    )
    client.force_login(affiliation.user)
    response = client.get(private.get_absolute_url())
    assert response.status_code == 200
    assert response.context["form"] is not None


def test_an_item_with_no_one_to_report_says_so(client):
    lonely = RecommendationFactory(committee=CommitteeFactory())  # a committee with no members
    body = client.get(lonely.get_absolute_url()).content.decode()
    assert "No owner" in body


def test_the_page_costs_the_same_for_1_and_30_updates(client, recommendation, member):
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(recommendation.get_absolute_url()).status_code == 200
        return len(queries)

    ProgressUpdateFactory(recommendation=recommendation)
    CommitteeMemberFactory(committee=recommendation.committee)
    one = count()
    ProgressUpdateFactory.create_batch(29, recommendation=recommendation)
    CommitteeMemberFactory.create_batch(5, committee=recommendation.committee)
    assert count() == one


# Posting -----------------------------------------------------------------------------------


def test_a_committee_member_posts_an_update(client, recommendation, member):
    client.force_login(member)
    response = client.post(recommendation.get_absolute_url(), data())
    assert response.status_code == 302
    assert response.url == recommendation.get_absolute_url()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (S.IN_PROGRESS, 40)
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert (update.from_status, update.to_status, update.author) == (
        S.NOT_STARTED,
        S.IN_PROGRESS,
        member,
    )
    page = client.get(response.url)
    assert "Met the ministry." in page.content.decode()
    assert "The update is saved." in [str(m) for m in page.context["messages"]]


def test_the_coordinator_of_the_organization_in_charge_posts_with_a_pdf(client, in_charge):
    recommendation, coordinator = in_charge
    client.force_login(coordinator)
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = client.post(recommendation.get_absolute_url(), data(attachment=upload))
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert update.attachment.name.endswith(".pdf")
    assert update.attachment.read() == PDF
    assert update.attachment.url in client.get(response.url).content.decode()


def test_an_image_as_evidence_is_reencoded(client, in_charge):
    recommendation, coordinator = in_charge
    client.force_login(coordinator)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    assert (
        client.post(recommendation.get_absolute_url(), data(attachment=upload)).status_code == 302
    )
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert Image.open(update.attachment).format == "PNG"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evidence.pdf", b"<html><script>alert(1)</script></html>"),
        ("evidence.png", b"not an image at all"),
        ("evidence.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1)),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(client, in_charge, name, content):
    recommendation, coordinator = in_charge
    client.force_login(coordinator)
    upload = SimpleUploadedFile(name, content)
    response = client.post(recommendation.get_absolute_url(), data(attachment=upload))
    assert response.status_code == 400
    assert response.context["form"].errors["attachment"]
    assert unchanged(recommendation, progress=0)


def test_the_secretariat_posts_on_any_item(client, recommendation):
    client.force_login(SecretariatFactory())
    assert client.post(recommendation.get_absolute_url(), data(status=S.DONE)).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == S.DONE


@pytest.mark.parametrize(
    "who",
    [
        "outsider",
        "staff without the role",
        "former member",
        "inactive coordinator",
        "member of another organization",
    ],
)
def test_others_get_403_and_nothing_changes(client, recommendation, in_charge, who):
    target = recommendation
    if who == "outsider":
        user = AffiliationFactory().user
    elif who == "staff without the role":
        user = UserFactory(is_staff=True)
    elif who == "former member":
        seat = CommitteeMemberFactory(committee=recommendation.committee)
        seat.ends_on = seat.starts_on
        seat.save()
        user = seat.user
    elif who == "inactive coordinator":
        target, coordinator = in_charge
        coordinator.is_active = False
        coordinator.save()
        user = coordinator
    else:  # a staff member (not a coordinator) of the organization in charge
        target, _coordinator = in_charge
        user = AffiliationFactory(organization=target.responsible, role="member").user
    client.force_login(user)
    response = client.post(target.get_absolute_url(), data())
    if who == "inactive coordinator":
        assert response.status_code == 302  # an inactive account is signed out
    else:
        assert response.status_code == 403
    assert unchanged(target, progress=target.progress)


def test_anonymous_visitors_are_sent_to_sign_in(client, recommendation):
    response = client.post(recommendation.get_absolute_url(), data())
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert unchanged(recommendation)


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
    client, recommendation, member, overrides
):
    client.force_login(member)
    response = client.post(recommendation.get_absolute_url(), data(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert unchanged(recommendation)


def test_arabic_digits_in_the_progress_are_read(client, recommendation, member):
    client.force_login(member)
    assert client.post(recommendation.get_absolute_url(), data(progress="٤٠")).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.progress == 40


def test_a_refusal_from_the_service_is_shown_and_nothing_is_saved(
    client, recommendation, member, monkeypatch
):
    def refuse(**kwargs):
        raise Refused("Refused by a rule.", code="rule")

    monkeypatch.setattr("outcomes.services.progress_update_post", refuse)
    client.force_login(member)
    response = client.post(recommendation.get_absolute_url(), data())
    assert response.status_code == 400
    assert "Refused by a rule." in response.content.decode()
    assert unchanged(recommendation)


def test_a_superuser_may_post(client, recommendation):
    client.force_login(StaffFactory())
    assert client.post(recommendation.get_absolute_url(), data()).status_code == 302
