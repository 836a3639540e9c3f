"""The tally screen's forms read ids strictly (members.ids): “٣” is not motion, organization or
ballot 3, and “²” or a 5,000-digit number says the form was not understood and saves nothing,
never a 500. (The online vote page has its own test in test_vote_page.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outcomes.models import Ballot, Proxy

from .voting import PDF, attend, open_motion, room, secretariat, teller_of

pytestmark = pytest.mark.django_db

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NOT_UNDERSTOOD = "This form was not understood; nothing was saved. Reload the page and try again."


def malformed(pk):
    return [str(pk).translate(ARABIC_DIGITS), "²", "9" * 5000, "9" * 25, f"{pk}.0", "0"]


def ballots(motion, organization, *, motion_id=None, row_id=None):
    prefix = f"m{motion.pk}"
    return {
        "action": "ballots",
        "motion": motion.pk if motion_id is None else motion_id,
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-0-organization": organization.pk if row_id is None else row_id,
        f"{prefix}-0-choice": "yes",
    }


@pytest.fixture
def screen(client):
    motion = open_motion()
    organization = attend(motion, "room")
    client.force_login(teller_of(motion.convening))
    return motion, organization, f"/en/convenings/{motion.convening.slug}/tally/"


def test_a_malformed_motion_id_saves_no_ballot(client, screen):
    motion, organization, url = screen
    for value in malformed(motion.pk):
        response = client.post(url, ballots(motion, organization, motion_id=value), follow=True)
        assert response.status_code == 200, value
        assert [str(m) for m in response.context["messages"]] in (
            [str(NOT_UNDERSTOOD)],
            ["This motion is not open for a vote; nothing was saved."],
        ), value
    assert not Ballot.objects.exists()


def test_a_malformed_organization_id_in_a_row_saves_no_ballot(client, screen):
    motion, organization, url = screen
    for value in malformed(organization.pk):
        response = client.post(url, ballots(motion, organization, row_id=value))
        assert response.status_code == 400, value
        assert NOT_UNDERSTOOD in response.content.decode(), value
    assert not Ballot.objects.exists()


def test_a_malformed_ballot_id_voids_nothing(client, screen):
    motion, organization, url = screen
    [ballot] = room(secretariat(), motion, {organization: "yes"}).saved
    for value in malformed(ballot.pk):
        data = {"action": "void", "ballot": value, "reason": "Wrong row"}
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, value
        assert [str(m) for m in response.context["messages"]] == [NOT_UNDERSTOOD], value
    ballot.refresh_from_db()
    assert ballot.voided_at is None


def test_a_malformed_organization_id_records_no_proxy(client):
    motion = open_motion()
    giver, holder = attend(motion, "room"), attend(motion, "room")
    client.force_login(secretariat())
    url = f"/en/convenings/{motion.convening.slug}/tally/"
    for value in malformed(giver.pk):
        letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
        data = {"action": "proxy", "giver": value, "holder": holder.pk, "letter": letter}
        response = client.post(url, data)
        assert response.status_code == 400, value
        assert "Choose an organization attending the convening." in response.content.decode()
    assert not Proxy.objects.exists()
