"""Forms of the vote and of the follow-up sent twice save once (members.once): the online
ballot, the tally screen's forms, and a progress update. The second submit is told the form
was saved, and goes where the first one went."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members import once
from outcomes.models import Ballot, ProgressUpdate, Proxy
from tests.members.factories import AffiliationFactory

from .factories import RecommendationFactory
from .voting import PDF, attend, coordinator_of, open_motion, room, secretariat, teller_of

pytestmark = pytest.mark.django_db

ALREADY = "This form was already sent; it was saved once. Here is what it saved."


def texts(response):
    return [str(m) for m in response.context["messages"]]


def tokens_on(page: str) -> list[str]:
    return re.findall(r'name="form_token" value="([A-Za-z0-9_-]{22})"', page)


def twice(client, url, data):
    """Send the same form twice; return the second answer (followed)."""
    client.post(url, data, follow=True)
    return client.post(url, data, follow=True)


def test_a_ballot_sent_twice_from_the_vote_page_counts_once(client):
    motion = open_motion()
    organization = attend(motion)
    client.force_login(coordinator_of(organization))
    url = f"/en/convenings/{motion.convening.slug}/vote/"
    [token] = tokens_on(client.get(url).content.decode())
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes"}
    second = twice(client, url, {**data, once.FIELD: token})
    assert second.redirect_chain == [(url, 302)]
    assert texts(second) == [ALREADY]  # not "has already voted": it is the same ballot
    assert Ballot.objects.count() == 1


def test_the_tally_screens_ballots_sent_twice_are_saved_once(client):
    motion = open_motion()
    organizations = [attend(motion, "room") for _ in range(3)]
    client.force_login(teller_of(motion.convening))
    url = f"/en/convenings/{motion.convening.slug}/tally/"
    tokens = tokens_on(client.get(url).content.decode())
    assert len(tokens) == len(set(tokens)) >= 1
    prefix = f"m{motion.pk}"
    data = {
        "action": "ballots",
        "motion": motion.pk,
        f"{prefix}-TOTAL_FORMS": 3,
        f"{prefix}-INITIAL_FORMS": 3,
        once.FIELD: tokens[0],
    }
    for i, organization in enumerate(organizations):
        data[f"{prefix}-{i}-organization"] = organization.pk
        data[f"{prefix}-{i}-choice"] = "no"
    second = twice(client, url, data)
    assert second.redirect_chain == [(f"{url}#motion-{motion.pk}", 302)]
    assert texts(second) == [ALREADY]  # not three "has already voted"
    assert Ballot.objects.count() == 3


def test_a_void_and_a_proxy_sent_twice_are_saved_once(client):
    motion = open_motion()
    giver, holder, voter = (attend(motion, "room") for _ in range(3))
    client.force_login(secretariat())
    url = f"/en/convenings/{motion.convening.slug}/tally/"
    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    data = {"action": "proxy", "giver": giver.pk, "holder": holder.pk, once.FIELD: "P" * 22}
    client.post(url, {**data, "letter": letter}, follow=True)
    letter.seek(0)
    assert texts(client.post(url, {**data, "letter": letter}, follow=True)) == [ALREADY]
    assert Proxy.objects.count() == 1
    [ballot] = room(secretariat(), motion, {voter: "yes"}).saved
    void = {"action": "void", "ballot": ballot.pk, "reason": "Wrong row", once.FIELD: "V" * 22}
    assert texts(twice(client, url, void)) == [ALREADY]  # not "already void"
    ballot.refresh_from_db()
    assert ballot.void_reason == "Wrong row"


def test_a_progress_update_sent_twice_is_posted_once(client):
    affiliation = AffiliationFactory()
    recommendation = RecommendationFactory(committee=None, responsible=affiliation.organization)
    client.force_login(affiliation.user)
    url = recommendation.get_absolute_url()
    [token] = tokens_on(client.get(url).content.decode())
    data = {
        "status": "in_progress",
        "progress": "40",
        "note": "Met the ministry.",
        "form_token": token,
    }
    second = twice(client, url, data)
    assert second.redirect_chain == [(url, 302)]
    assert texts(second) == [ALREADY]
    assert ProgressUpdate.objects.filter(recommendation=recommendation).count() == 1


def test_a_refused_update_leaves_its_token_for_the_corrected_form(client):
    affiliation = AffiliationFactory()
    recommendation = RecommendationFactory(committee=None, responsible=affiliation.organization)
    client.force_login(affiliation.user)
    url = recommendation.get_absolute_url()
    data = {"status": "in_progress", "progress": "40", "note": "Met.", once.FIELD: "U" * 22}
    bad = SimpleUploadedFile("evidence.pdf", b"not a document", content_type="application/pdf")
    assert client.post(url, {**data, "attachment": bad}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert ProgressUpdate.objects.filter(recommendation=recommendation).count() == 1
