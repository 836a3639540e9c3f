"""The vote record in the admin: ballots, tallies, stored results and proxies are read and never
changed, by anyone; deleting what holds ballots is refused with the admin's own page; a named
choice never shows before its vote closes; motions are made and moved through the services."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import AuditEntry
from outcomes import services
from outcomes.models import Ballot, Motion, MotionResult, SecretCount, Tally, VotingRules
from tests.events.factories import AttendanceFactory, PastConveningFactory
from tests.members.factories import (
    OrganizationFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

from .factories import BallotFactory, MotionFactory, TallyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"  # the admin's texts are read in English
    return client


@pytest.fixture
def superuser_client(client):
    return signed_in(client, StaffFactory())


@pytest.fixture
def secretariat_client(client):
    return signed_in(client, SecretariatFactory())


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def present(motion, channel="room"):
    organization = OrganizationFactory()
    AttendanceFactory(convening=motion.convening, organization=organization, channel=channel)
    return organization


def opened(**kwargs):
    return services.motion_open(user=SecretariatFactory(), motion=MotionFactory(**kwargs))


def room_ballots(motion, choices):
    """The tellers' submit: {organization: choice}, recorded by the secretariat."""
    return services.room_ballots_record(
        user=SecretariatFactory(), motion=motion, choices={o.pk: c for o, c in choices.items()}
    )


def a_proxy(motion):
    from django.core.files.uploadedfile import SimpleUploadedFile

    giver, holder = present(motion), present(motion)
    return services.proxy_record(
        user=SecretariatFactory(),
        convening=motion.convening,
        giver=giver,
        holder=holder,
        letter=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


def url(name, *args):
    return reverse(f"admin:outcomes_{name}", args=args)


# 1. Ballots that cannot vanish -------------------------------------------------------------------


@pytest.fixture
def record():
    """A closed motion with a ballot, a tally-less result, and a proxy at its convening."""
    motion = opened()
    proxy = a_proxy(motion)
    room_ballots(motion, {present(motion): "yes"})
    services.motion_close(user=SecretariatFactory(), motion=motion)
    return {
        "ballot": Ballot.objects.get(motion=motion),
        "motionresult": MotionResult.objects.get(motion=motion),
        "proxy": proxy,
    }


@pytest.mark.parametrize("model", ["ballot", "motionresult", "proxy"])
def test_the_record_is_read_but_never_added_changed_or_deleted_even_by_a_superuser(
    superuser_client, record, model
):
    obj = record[model]
    model_class = type(obj)
    before = model_class.objects.count()
    assert superuser_client.get(url(f"{model}_changelist")).status_code == 200
    detail = page(superuser_client, url(f"{model}_change", obj.pk))
    assert 'name="_save"' not in detail  # a read-only detail
    assert superuser_client.get(url(f"{model}_add")).status_code == 403
    assert superuser_client.post(url(f"{model}_change", obj.pk), {}).status_code == 403
    assert superuser_client.get(url(f"{model}_delete", obj.pk)).status_code == 403
    assert superuser_client.post(url(f"{model}_delete", obj.pk), {"post": "yes"}).status_code == 403
    bulk = superuser_client.post(
        url(f"{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)  # no such action: the admin says so and does nothing
    assert model_class.objects.count() == before


def test_secret_counters_and_tallies_have_no_admin_of_their_own(superuser_client):
    # A counter per channel would show a small channel's secret choice; the stored result
    # shows the counts with the secrecy rule. Tallies are read on their motion.
    assert superuser_client.get("/admin/outcomes/secretcount/").status_code == 404
    assert superuser_client.get("/admin/outcomes/tally/").status_code == 404


def test_the_tally_inline_on_a_motion_is_read_only_and_links_to_the_tally_screen(
    superuser_client,
):
    motion = MotionFactory(convening__reported_room=25)
    TallyFactory(motion=motion, channel="room", eligible=25, yes=20, no=2, abstain=1)
    body = page(superuser_client, url("motion_change", motion.pk))
    assert 'name="tallies-0-yes"' not in body and 'name="tallies-0-eligible"' not in body
    assert "hidden until the vote closes" in body  # a draft's totals are not a result yet
    try:
        tally_url = reverse("outcomes:convening_tally", args=[motion.convening.slug])
    except Exception:  # the tally screen is being built: the label stays, without a link
        assert "Record room ballots and totals on the tally screen" in body
    else:
        assert f'href="{tally_url}"' in body
    # Posting tally rows changes nothing.
    data = motion_post_data(superuser_client, motion)
    data.update(
        {
            "tallies-TOTAL_FORMS": 1,
            "tallies-INITIAL_FORMS": 0,
            "tallies-0-channel": "online",
            "tallies-0-eligible": 5,
            "tallies-0-yes": 5,
            "tallies-0-no": 0,
            "tallies-0-abstain": 0,
        }
    )
    superuser_client.post(url("motion_change", motion.pk), data)
    assert list(Tally.objects.values_list("channel", "yes")) == [("room", 20)]


def test_deleting_a_motion_with_ballots_shows_the_cannot_delete_page(superuser_client):
    motion = opened()
    room_ballots(motion, {present(motion): "yes"})
    for response in (
        superuser_client.get(url("motion_delete", motion.pk)),
        superuser_client.post(url("motion_delete", motion.pk), {"post": "yes"}),
        superuser_client.post(
            url("motion_changelist"),
            {"action": "delete_selected", "_selected_action": [motion.pk], "post": "yes"},
        ),
    ):
        assert response.status_code == 200
        body = response.content.decode()
        assert "Cannot delete motion" in body and "protected" in body
    assert Motion.objects.filter(pk=motion.pk).exists() and Ballot.objects.exists()


def test_deleting_a_convening_or_an_organization_with_ballots_is_refused(superuser_client):
    motion = opened()
    organization = present(motion)
    room_ballots(motion, {organization: "no"})
    for delete_url in (
        reverse("admin:events_convening_delete", args=[motion.convening_id]),
        reverse("admin:members_organization_delete", args=[organization.pk]),
    ):
        for response in (
            superuser_client.get(delete_url),
            superuser_client.post(delete_url, {"post": "yes"}),
        ):
            assert response.status_code == 200, delete_url
            assert "Cannot delete" in response.content.decode()
    assert Ballot.objects.filter(organization=organization, motion=motion).exists()


def test_a_draft_motion_without_ballots_can_still_be_deleted(superuser_client):
    motion = MotionFactory()
    response = superuser_client.post(url("motion_delete", motion.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Motion.objects.filter(pk=motion.pk).exists()


def test_the_ballot_list_hides_a_named_choice_until_the_vote_closes(superuser_client):
    motion = opened(title_en="Budget")
    voter = present(motion)
    room_ballots(motion, {voter: "no"})
    body = page(superuser_client, url("ballot_changelist"))
    assert voter.name in body  # who voted is on the record...
    assert "hidden until the vote closes" in body  # ...how, only once it is closed
    assert ">No<" not in body
    detail = page(superuser_client, url("ballot_change", Ballot.objects.get().pk))
    assert "hidden until the vote closes" in detail and ">No<" not in detail
    services.motion_close(user=SecretariatFactory(), motion=motion)
    assert "hidden until the vote closes" not in page(superuser_client, url("ballot_changelist"))


def test_the_ballot_list_cannot_be_filtered_by_choice(superuser_client):
    motion = opened()
    room_ballots(motion, {present(motion): "yes"})
    for query in ("choice=yes", "choice__exact=no", "choice__in=yes,no"):
        assert superuser_client.get(url("ballot_changelist") + "?" + query).status_code == 400


def test_a_secret_ballot_shows_no_choice_in_the_admin(superuser_client):
    motion = opened(ballot_kind=Motion.BallotKind.SECRET)
    room_ballots(motion, {present(motion): "yes", present(motion): "no"})
    services.motion_close(user=SecretariatFactory(), motion=motion)
    body = page(superuser_client, url("ballot_changelist"))
    assert body.count(">secret<") == 2
    assert ">Yes<" not in body and ">No<" not in body


def test_the_ballot_list_shows_voids_with_who_and_why(superuser_client):
    teller = SecretariatFactory(name="Teller Tamam")
    motion = opened()
    ballot = room_ballots(motion, {present(motion): "yes"}).saved[0]
    services.ballot_void(user=teller, ballot=ballot, reason="Recorded for the wrong table")
    body = page(superuser_client, url("ballot_changelist"))
    assert "Void" in body and "Teller Tamam" in body and "Recorded for the wrong table" in body
    only_void = page(superuser_client, url("ballot_changelist") + "?void=yes")
    assert "Recorded for the wrong table" in only_void
    assert "Recorded for the wrong table" not in page(
        superuser_client, url("ballot_changelist") + "?void=no"
    )


def test_the_ballot_list_costs_the_same_for_1_and_30_ballots(superuser_client):
    motion = opened()
    proxy = a_proxy(motion)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url("ballot_changelist")).status_code == 200
        return len(queries)

    BallotFactory(
        motion=motion,
        proxy=proxy,
        voided_at=motion.opened_at,
        void_reason="x",
        voided_by=UserFactory(),
        recorded_by=UserFactory(),
    )
    one = count()
    for _ in range(29):
        BallotFactory(motion=motion, proxy=proxy, recorded_by=UserFactory())
    assert count() == one


def test_a_stored_result_of_a_secret_ballot_hides_a_small_channel(superuser_client):
    motion = opened(ballot_kind=Motion.BallotKind.SECRET)
    room_ballots(motion, {present(motion): "yes", present(motion): "yes", present(motion): "no"})
    online = present(motion, "online")
    SecretCount.objects.create(motion=motion, channel="online", choice="no", count=1)
    Ballot.objects.create(motion=motion, organization=online, channel="online")
    services.motion_close(user=SecretariatFactory(), motion=motion)
    result = MotionResult.objects.get(motion=motion)
    body = page(superuser_client, url("motionresult_change", result.pk))
    assert "shown only inside the total" in body
    assert 'id="channels-group"' not in body


def test_the_motion_page_shows_its_stored_result_once_closed(superuser_client):
    motion = opened()
    room_ballots(motion, {present(motion): "yes"})
    assert "Shown when the vote is closed." in page(
        superuser_client, url("motion_change", motion.pk)
    )
    services.motion_close(user=SecretariatFactory(), motion=motion)
    assert "Adopted" in page(superuser_client, url("motion_change", motion.pk))


def test_a_stored_result_shows_its_channels_when_they_are_not_secret(superuser_client):
    motion = opened()
    room_ballots(motion, {present(motion): "yes"})
    services.motion_close(user=SecretariatFactory(), motion=motion)
    body = page(superuser_client, url("motionresult_change", motion.result.pk))
    assert 'id="channels-group"' in body


# 2. Motions through the services ----------------------------------------------------------------


def motion_post_data(client, motion):
    """The motion's change form as the admin shows it, ready to post back."""
    response = client.get(url("motion_change", motion.pk))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            value = ""
        data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def set_rules(kind, **values):
    VotingRules.objects.update_or_create(kind=kind, defaults=values)


def add_data(convening, **overrides):
    data = {
        "convening": convening.pk,
        "number": "",
        "title_ar": "مقترح",
        "title_en": "A motion",
        "text_ar": "",
        "text_en": "",
        "kind": Motion.Kind.RESOLUTION,
        "majority_rule": "",
        "quorum": "",
        "ballot_kind": Motion.BallotKind.NAMED,
        "corrects": "",
        "tallies-TOTAL_FORMS": 0,
        "tallies-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_a_motion_added_in_the_admin_starts_from_its_kinds_defaults(secretariat_client):
    convening = PastConveningFactory(kind="general_assembly")
    set_rules("general_assembly", may_amend_bylaws=True, majority_rule="two_thirds", quorum=50)
    MotionFactory(convening=convening, number=4)
    form = page(secretariat_client, url("motion_add"))
    assert "The kind&#x27;s default" in form or "The kind's default" in form
    response = secretariat_client.post(url("motion_add"), add_data(convening))
    assert response.status_code == 302
    motion = Motion.objects.get(title_en="A motion")
    assert (motion.majority_rule, motion.quorum, motion.number) == ("two_thirds", 50, 5)
    entry = AuditEntry.objects.get(action="motion.create")
    assert entry.object_id == str(motion.pk) and entry.actor.email.startswith("user")


def test_a_motion_added_in_the_admin_keeps_the_rule_and_quorum_it_is_given(secretariat_client):
    convening = PastConveningFactory(kind="general_assembly")
    set_rules("general_assembly", majority_rule="two_thirds", quorum=50)
    data = add_data(convening, majority_rule="absolute", quorum=0, number=3)
    assert secretariat_client.post(url("motion_add"), data).status_code == 302
    motion = Motion.objects.get()
    assert (motion.majority_rule, motion.quorum, motion.number) == ("absolute", 0, 3)


@pytest.mark.parametrize(
    "rules, kind, message",
    [
        ({"may_vote": False}, Motion.Kind.RESOLUTION, "does not hold votes"),
        ({"may_amend_bylaws": False}, Motion.Kind.BYLAW, "does not adopt bylaw amendments"),
    ],
)
def test_the_admin_refuses_a_motion_its_convening_kind_may_not_vote(
    secretariat_client, rules, kind, message
):
    convening = PastConveningFactory(kind="workshop")
    set_rules("workshop", **{"may_vote": True, "may_amend_bylaws": True, **rules})
    response = secretariat_client.post(url("motion_add"), add_data(convening, kind=kind))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Motion.objects.exists() and not AuditEntry.objects.exists()


def test_a_staff_account_with_the_model_permission_but_not_the_secretariat_cannot_add(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_motion", "view_motion", "change_motion"])
    )
    signed_in(client, user)
    assert client.get(url("motion_add")).status_code == 403
    assert client.post(url("motion_add"), add_data(PastConveningFactory())).status_code == 403
    assert not Motion.objects.exists()


def test_a_correction_names_a_closed_motion_of_this_or_an_earlier_convening(secretariat_client):
    convening = PastConveningFactory()
    earlier = MotionFactory(
        status=Motion.Status.CLOSED,
        convening=PastConveningFactory(starts_at=convening.starts_at - datetime.timedelta(days=90)),
    )
    later = MotionFactory(
        status=Motion.Status.CLOSED,
        convening=PastConveningFactory(starts_at=convening.starts_at + datetime.timedelta(days=9)),
    )
    still_open = MotionFactory(status=Motion.Status.OPEN, convening=convening)
    refused = secretariat_client.post(
        url("motion_add"), add_data(convening, corrects=later.pk, title_en="Later")
    )
    assert refused.status_code == 200
    assert "same convening or of an earlier one" in refused.content.decode()
    refused = secretariat_client.post(
        url("motion_add"), add_data(convening, corrects=still_open.pk, title_en="Open")
    )
    assert refused.status_code == 200  # not offered: only closed motions are
    ok = secretariat_client.post(
        url("motion_add"), add_data(convening, corrects=earlier.pk, title_en="Fix")
    )
    assert ok.status_code == 302
    assert Motion.objects.get(title_en="Fix").corrects == earlier


def test_editing_a_draft_is_a_plain_save_written_in_the_audit_log(secretariat_client):
    motion = MotionFactory(title_en="Old title", quorum=0)
    data = motion_post_data(secretariat_client, motion)
    data.update({"title_en": "New title", "quorum": 30})
    response = secretariat_client.post(url("motion_change", motion.pk), data)
    assert response.status_code == 302
    motion.refresh_from_db()
    assert (motion.title_en, motion.quorum) == ("New title", 30)
    entry = AuditEntry.objects.get(action="motion.change")
    assert entry.changes == {"title_en": ["Old title", "New title"], "quorum": [0, 30]}
    # Saving again unchanged adds nothing to the log.
    secretariat_client.post(
        url("motion_change", motion.pk), motion_post_data(secretariat_client, motion)
    )
    assert AuditEntry.objects.filter(action="motion.change").count() == 1


def test_an_opened_motion_shows_its_settings_read_only(superuser_client):
    motion = opened()
    body = page(superuser_client, url("motion_change", motion.pk))
    for name in ("majority_rule", "quorum", "kind", "corrects", "title_en"):
        assert f'name="{name}"' not in body


def act(client, action, motion):
    return client.post(
        url("motion_changelist"),
        {"action": action, "_selected_action": [motion.pk]},
        follow=True,
    )


def test_the_actions_open_close_and_withdraw_through_the_services_as_the_user(
    client,
):
    user = SecretariatFactory()
    signed_in(client, user)
    motion = MotionFactory(convening=PastConveningFactory())
    act(client, "motion_open", motion)
    room_ballots(Motion.objects.get(pk=motion.pk), {present(motion): "yes"})
    act(client, "motion_close", motion)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.CLOSED
    assert motion.result.closed_by == user
    assert set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True)) >= {
        "motion.open",
        "motion.closed",
        "motion.result_stored",
    }
    other = MotionFactory()
    act(client, "motion_withdraw", other)
    assert AuditEntry.objects.filter(action="motion.withdrawn", actor=user).exists()


def test_a_refused_action_is_shown_as_a_warning(client):
    signed_in(client, SecretariatFactory())
    motion = MotionFactory()
    response = act(client, "motion_close", motion)
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [level for level, _text in shown] == ["warning"]
    assert "cannot become" in shown[0][1]
    motion.refresh_from_db()
    assert motion.status == Motion.Status.DRAFT


# Voting rules -----------------------------------------------------------------------------------


def test_the_secretariat_sets_the_voting_rules_of_a_kind_and_the_log_keeps_it(
    secretariat_client,
):
    list_page = page(secretariat_client, reverse("admin:outcomes_votingrules_changelist"))
    assert "may hold votes" in list_page.lower()
    rules = VotingRules.objects.get(kind="forum")  # every kind has its row (a migration)
    set_rules("forum", may_vote=True, may_amend_bylaws=False, majority_rule="simple", quorum=50)
    change_url = reverse("admin:outcomes_votingrules_change", args=[rules.pk])
    changed = secretariat_client.post(
        change_url,
        {"may_vote": "on", "may_amend_bylaws": "on", "majority_rule": "two_thirds", "quorum": 60},
    )
    assert changed.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id) == ("voting_rules.change", str(rules.pk))
    assert entry.changes == {
        "may_amend_bylaws": [False, True],
        "majority_rule": ["simple", "two_thirds"],
        "quorum": [50, 60],
    }
    assert (
        secretariat_client.post(
            reverse("admin:outcomes_votingrules_delete", args=[rules.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert VotingRules.objects.filter(pk=rules.pk).exists()


# The audit log keeps a running vote's choices out of sight ---------------------------------------


def test_the_audit_log_hides_a_named_choice_until_the_vote_closes(client):
    signed_in(client, SecretariatFactory())
    motion = opened()
    room_ballots(motion, {present(motion): "abstain"})
    log = reverse("admin:members_auditentry_changelist")
    body = page(client, log + "?action=ballot.cast")
    assert "hidden until the vote closes" in body and "Abstain" not in body
    entry = AuditEntry.objects.get(action="ballot.cast")
    detail = page(client, reverse("admin:members_auditentry_change", args=[entry.pk]))
    assert "hidden until the vote closes" in detail and "Abstain" not in detail
    services.motion_close(user=SecretariatFactory(), motion=motion)
    assert "Abstain" in page(client, log + "?action=ballot.cast")


def test_the_audit_log_cannot_be_filtered_on_what_it_hides(client):
    signed_in(client, SecretariatFactory())
    motion = opened()
    room_ballots(motion, {present(motion): "yes"})
    log = reverse("admin:members_auditentry_changelist")
    for query in ("changes__choice__1=yes", "changes__has_key=choice", "note__contains=x"):
        assert client.get(f"{log}?{query}").status_code == 400


def test_hiding_choices_in_the_log_costs_one_query_whatever_the_page(client):
    signed_in(client, SecretariatFactory())
    motion = opened()
    log = reverse("admin:members_auditentry_changelist") + "?action=ballot.cast"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(log).status_code == 200
        return len(queries)

    room_ballots(motion, {present(motion): "yes"})
    one = count()
    room_ballots(motion, {present(motion): "no" for _ in range(20)})
    assert count() == one
