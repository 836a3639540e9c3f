"""The same form sent several times at the same moment (a double click, a slow network, a
retrying proxy), on PostgreSQL with a connection per request: one record, and every answer a
redirect to it — never a second record and never a 500 (members.once). Two organizations of
the same name registered at the same moment get two slugs."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.utils import translation

from events.models import Registration
from members import once
from members.models import Invitation, Message, Organization
from members.services import organizations as organization_services
from outcomes.models import Ballot, ProgressUpdate
from tests.events.factories import ConveningFactory
from tests.members.factories import AffiliationFactory, UserFactory
from tests.outcomes.factories import RecommendationFactory
from tests.outcomes.voting import attend, coordinator_of, open_motion, teller_of

ALREADY = "This form was already sent; it was saved once. Here is what it saved."
AT_ONCE = 3


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):  # the URLs built here are the /en/ ones requested
        yield


@pytest.fixture
def postgres(require_postgres):
    """PostgreSQL; its flush after a transactional test is followed by
    members.roles.ensure_roles (post_migrate), so the roles' groups are there."""


def at_once(user_for, path, data_for, count=AT_ONCE):
    """POST `data_for(i)` to `path` from `count` signed-in clients released together; the
    answers (followed), or the exception a request raised."""
    clients = []
    for index in range(count):
        client = Client()
        client.force_login(user_for(index))
        clients.append(client)
    start = threading.Barrier(count)
    answers = [None] * count

    def send(index):
        try:
            start.wait()
            answers[index] = clients[index].post(path, data_for(index), follow=True)
        except Exception as error:  # a 500 in a real server
            answers[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def all_went_to(answers, url):
    return all(
        not isinstance(a, Exception) and a.redirect_chain and a.redirect_chain[-1][0] == url
        for a in answers
    )


def once_and_already(answers, first):
    """One answer's page says `first` (the save), the others' that it was already saved. (The
    pages, not response.context: the test client collects the templates of every thread.)"""
    pages = [answer.content.decode() for answer in answers]
    said = [(first in page, ALREADY in page) for page in pages]
    return sorted(said) == sorted([(True, False)] + [(False, True)] * (len(answers) - 1))


@pytest.mark.django_db(transaction=True)
def test_one_organization_form_sent_three_times_at_once_registers_one(postgres):
    user = UserFactory()
    data = {"name_en": "Hope Society", once.FIELD: once.new_token()}
    answers = at_once(lambda i: user, "/en/organizations/register/", lambda i: data)
    organization = Organization.objects.get()
    assert all_went_to(answers, organization.get_absolute_url()), answers
    assert once_and_already(
        answers,
        "Hope Society is registered as an applicant. The secretariat will review it; you are "
        "its coordinator.",
    )


@pytest.mark.django_db(transaction=True)
def test_organizations_of_one_name_registered_at_once_get_their_own_slugs(postgres, monkeypatch):
    # Every request picks its slug before any of them saves: "hope" for all, the race the
    # unique index settles (without a retry, all but one answered 500).
    count = 4
    picked = threading.Barrier(count, timeout=10)
    first_pick = threading.local()
    unique_slug = organization_services.unique_slug

    def slug_then_wait(*args, **kwargs):
        slug = unique_slug(*args, **kwargs)
        if not getattr(first_pick, "done", False):
            first_pick.done = True
            picked.wait()
        return slug

    monkeypatch.setattr(organization_services, "unique_slug", slug_then_wait)
    users = [UserFactory() for _ in range(count)]
    answers = at_once(
        lambda i: users[i],
        "/en/organizations/register/",
        lambda i: {"name_en": "Hope", once.FIELD: once.new_token()},
        count=count,
    )
    assert not [a for a in answers if isinstance(a, Exception)], answers
    slugs = sorted(Organization.objects.values_list("slug", flat=True))
    assert slugs == ["hope", "hope-2", "hope-3", "hope-4"]
    for organization in Organization.objects.all():
        assert organization.affiliations.get().role == "coordinator"


@pytest.mark.django_db(transaction=True)
def test_one_registration_form_sent_at_once_registers_once(postgres):
    coordination = AffiliationFactory()
    convening = ConveningFactory()
    data = {
        "organization": coordination.organization.pk,
        "channel": "room",
        "delegates-TOTAL_FORMS": 1,
        "delegates-INITIAL_FORMS": 0,
        "delegates-0-name": "Huda Ahmad",
        once.FIELD: once.new_token(),
    }
    answers = at_once(
        lambda i: coordination.user, f"/en/convenings/{convening.slug}/register/", lambda i: data
    )
    assert all_went_to(answers, convening.get_absolute_url()), answers
    assert Registration.objects.count() == 1
    assert once_and_already(answers, f"{coordination.organization.name} is registered.")


@pytest.mark.django_db(transaction=True)
def test_one_ballot_form_sent_at_once_counts_once(postgres):
    motion = open_motion()
    organization = attend(motion)
    user = coordinator_of(organization)
    url = f"/en/convenings/{motion.convening.slug}/vote/"
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes"}
    answers = at_once(lambda i: user, url, lambda i: {**data, once.FIELD: "B" * 22})
    assert all_went_to(answers, url), answers
    assert Ballot.objects.count() == 1
    assert once_and_already(
        answers,
        f"The ballot of <bdi>{organization.name}</bdi> on motion {motion.number} is recorded.",
    )


@pytest.mark.django_db(transaction=True)
def test_one_tally_screen_submit_sent_at_once_saves_each_ballot_once(postgres):
    motion = open_motion()
    organizations = [attend(motion, "room") for _ in range(5)]
    teller = teller_of(motion.convening)
    prefix = f"m{motion.pk}"
    data = {
        "action": "ballots",
        "motion": motion.pk,
        f"{prefix}-TOTAL_FORMS": 5,
        f"{prefix}-INITIAL_FORMS": 5,
        once.FIELD: "T" * 22,
    }
    for i, organization in enumerate(organizations):
        data[f"{prefix}-{i}-organization"] = organization.pk
        data[f"{prefix}-{i}-choice"] = "abstain"
    url = f"/en/convenings/{motion.convening.slug}/tally/"
    answers = at_once(lambda i: teller, url, lambda i: data)
    assert all_went_to(answers, f"{url}#motion-{motion.pk}"), answers
    assert Ballot.objects.count() == 5
    assert once_and_already(answers, "5 ballots saved.")


@pytest.mark.django_db(transaction=True)
def test_one_progress_update_sent_at_once_is_posted_once(postgres):
    affiliation = AffiliationFactory()
    recommendation = RecommendationFactory(committee=None, responsible=affiliation.organization)
    data = {"status": "in_progress", "progress": "40", "note": "Met.", once.FIELD: "U" * 22}
    url = recommendation.get_absolute_url()
    answers = at_once(lambda i: affiliation.user, url, lambda i: data)
    assert all_went_to(answers, url), answers
    assert ProgressUpdate.objects.count() == 1
    assert once_and_already(answers, "The update is saved.")


@pytest.mark.django_db(transaction=True)
def test_one_invitation_form_sent_at_once_sends_one_invitation(postgres):
    coordination = AffiliationFactory()
    url = f"/en/organizations/{coordination.organization.slug}/people/"
    data = {"email": "colleague@example.org", "role": "member", once.FIELD: "I" * 22}
    answers = at_once(lambda i: coordination.user, url, lambda i: data)
    assert all_went_to(answers, url), answers
    assert Invitation.objects.count() == 1
    assert Message.objects.filter(kind="invitation").count() == 1
