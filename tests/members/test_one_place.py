"""Every rule in one place: the services keep it whichever door a change comes from (portal or
admin), with the same history, and refuse with a clear message."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from events import services as event_services
from events.models import Attendance, attendance_breakdown
from members import roles, services
from members.errors import NotAllowed, Refused
from members.models import AuditEntry, BoardSeat, MembershipChange, Organization
from outcomes.models import ProgressUpdate, Recommendation
from tests.events.factories import ConveningFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    BoardSeatFactory,
    BranchFactory,
    OrganizationFactory,
    StaffFactory,
    UserFactory,
)
from tests.outcomes.factories import MotionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched by their English text."""
    with translation.override("en"):
        yield


# Status sets and the coordinator predicate ---------------------------------------------------


def test_status_sets_are_defined_once_on_the_model():
    S = Organization.Status
    assert Organization.MEMBER_STATUSES == (S.REGISTERED, S.ACTIVE)
    assert Organization.VOTING_STATUSES == (S.ACTIVE,)
    assert set(Organization.REGISTRATION_BARRED_STATUSES) == {S.APPLICANT, S.SUSPENDED, S.WITHDRAWN}
    for status in S.values:
        organization = Organization(status=status)
        assert organization.may_register == (
            status not in Organization.REGISTRATION_BARRED_STATUSES
        )
        assert organization.may_vote == (status == S.ACTIVE)


def test_no_code_spells_a_status_set_out_as_strings():
    for path in [*ROOT.glob("members/**/*.py"), *ROOT.glob("events/**/*.py")]:
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert '("registered", "active")' not in text, path
        assert '("applicant", "suspended", "withdrawn")' not in text, path


def test_one_coordinator_predicate_and_one_way_to_refuse():
    organization = OrganizationFactory()
    coordinator = AffiliationFactory(organization=organization).user
    stranger = UserFactory()
    assert roles.is_coordinator(coordinator, organization)
    assert not roles.is_coordinator(stranger, organization)
    assert organization.can_edit(coordinator) and not organization.can_edit(stranger)
    with pytest.raises(NotAllowed):
        services.organization_update(
            organization=organization, user=stranger, data={"acronym": "X"}
        )
    coordinator.is_active = False
    coordinator.save()
    assert not roles.is_coordinator(coordinator, organization)
    assert not Organization.objects.coordinated_by(coordinator).exists()


def test_the_registration_rule_lives_in_the_service():
    for status in Organization.REGISTRATION_BARRED_STATUSES:
        organization = OrganizationFactory(status=status)
        user = AffiliationFactory(organization=organization).user
        with pytest.raises(Refused) as refused:
            event_services.registration_create(
                user=user,
                convening=ConveningFactory(),
                organization=organization,
                channel="room",
                delegates=[event_services.DelegateData(name="Samer")],
            )
        assert refused.value.code == "barred"


# Business rules --------------------------------------------------------------------------------


def test_an_organization_holds_one_seat_on_a_board():
    seat = BoardSeatFactory()
    twice = BoardSeat(
        branch=seat.branch, organization=seat.organization, term_start=seat.term_start
    )
    with pytest.raises(ValidationError, match="already has a seat on this board"):
        twice.full_clean()
    with pytest.raises(Refused):
        services.board_seat_save(by=StaffFactory(), seat=twice)
    with pytest.raises(IntegrityError), transaction.atomic():
        twice.save()


def test_a_branch_is_chaired_by_one_of_its_own_members():
    branch, other = BranchFactory(), BranchFactory()
    outsider = OrganizationFactory(branch=other)
    applicant = OrganizationFactory(branch=branch, status=Organization.Status.APPLICANT)
    today = datetime.date.today()
    for organization, message in (
        (outsider, "chaired by one of its own member organizations"),
        (applicant, "Only registered or active member organizations"),
    ):
        chair = BoardSeat(
            branch=branch, organization=organization, role=BoardSeat.Role.CHAIR, term_start=today
        )
        with pytest.raises(Refused, match=message):
            services.board_seat_save(by=StaffFactory(), seat=chair)
    own = OrganizationFactory(branch=branch)
    seat = services.board_seat_save(
        by=StaffFactory(),
        seat=BoardSeat(
            branch=branch, organization=own, role=BoardSeat.Role.CHAIR, term_start=today
        ),
    )
    assert AuditEntry.objects.filter(action="board_seat.create", object_id=str(seat.pk)).exists()


def test_only_the_secretariat_changes_a_board():
    seat = BoardSeat(
        branch=BranchFactory(), organization=OrganizationFactory(), term_start=datetime.date.today()
    )
    with pytest.raises(NotAllowed):
        services.board_seat_save(by=UserFactory(), seat=seat)


def test_a_recommendation_cites_a_motion_of_its_own_convening():
    recommendation = RecommendationFactory()
    elsewhere = MotionFactory(convening=PastConveningFactory())
    recommendation.motion = elsewhere
    with pytest.raises(ValidationError, match="motion of its own convening"):
        recommendation.full_clean()
    own = MotionFactory(convening=recommendation.convening)
    recommendation.motion = own
    recommendation.full_clean()


def test_registration_cannot_close_after_the_convening_ends():
    convening = ConveningFactory()
    convening.registration_deadline = convening.ends_at + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="cannot close after the convening has ended"):
        convening.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        convening.save()


@pytest.mark.parametrize("status", ["suspended", "partner"])
def test_check_in_of_a_non_member_warns_and_counts_it_apart(client, status):
    convening = PastConveningFactory()
    member = OrganizationFactory()
    guest = OrganizationFactory(status=status)
    staff = StaffFactory()
    event_services.attendance_record(
        user=staff, convening=convening, organization_id=member.pk, channel="room"
    )
    client.force_login(staff)
    response = client.post(
        reverse("events:convening_checkin", args=[convening.slug]),
        {"organization": guest.pk, "channel": "room", "action": "record"},
        follow=True,
    )
    assert response.status_code == 200
    assert event_services.attendance_warning(guest)
    assert not event_services.attendance_warning(member)
    shown = [str(m) for m in response.context["messages"]]
    assert event_services.attendance_warning(guest) in shown
    assert Attendance.objects.filter(convening=convening).count() == 2
    breakdown = attendance_breakdown(convening)
    assert (breakdown["room"], breakdown["total"], breakdown["others"]) == (1, 1, 1)


# Admin writes leave the portal's history -------------------------------------------------------


def test_the_admins_status_action_leaves_the_services_history(client):
    by_service = OrganizationFactory(status=Organization.Status.REGISTERED)
    by_admin = OrganizationFactory(status=Organization.Status.REGISTERED)
    staff = StaffFactory()
    services.organization_change_status(organization=by_service, to_status="suspended", user=staff)
    client.force_login(staff)
    client.post(
        "/admin/members/organization/",
        {"action": "move_to_suspended", "_selected_action": [by_admin.pk]},
    )
    for organization in (by_service, by_admin):
        organization.refresh_from_db()
        assert organization.status == "suspended"
        assert MembershipChange.objects.filter(
            organization=organization, from_status="registered", to_status="suspended"
        ).exists()
        assert AuditEntry.objects.filter(
            action="organization.status", object_id=str(organization.pk)
        ).exists()


def test_attendance_typed_in_the_admin_is_audited_like_the_check_in(client):
    convening = PastConveningFactory()
    organization = OrganizationFactory()
    client.force_login(StaffFactory())
    page = client.get(f"/admin/events/convening/{convening.pk}/change/")
    data = _form_data(page)
    data.update(
        {
            "attendances-TOTAL_FORMS": "1",
            "attendances-INITIAL_FORMS": "0",
            "attendances-0-organization": str(organization.pk),
            "attendances-0-channel": "room",
            "attendances-0-convening": str(convening.pk),
        }
    )
    response = client.post(f"/admin/events/convening/{convening.pk}/change/", data)
    assert response.status_code == 302, _errors(response)
    attendance = Attendance.objects.get(convening=convening, organization=organization)
    assert AuditEntry.objects.filter(
        action="attendance.record", object_id=str(attendance.pk)
    ).exists()


def test_a_status_set_in_the_admin_is_kept_like_a_progress_update(client):
    recommendation = RecommendationFactory()
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(f"/admin/outcomes/recommendation/{recommendation.pk}/change/")
    data = _form_data(page)
    data["status"] = Recommendation.Status.IN_PROGRESS
    response = client.post(f"/admin/outcomes/recommendation/{recommendation.pk}/change/", data)
    assert response.status_code == 302, _errors(response)
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert (update.from_status, update.to_status, update.author) == (
        "not_started",
        "in_progress",
        staff,
    )


def _form_data(page):
    """The change form's fields as the browser would post them, from the rendered form."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple | set):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, datetime.datetime):  # the admin's split date and time
            data[f"{name}_0"] = value.strftime("%Y-%m-%d")
            data[f"{name}_1"] = value.strftime("%H:%M:%S")
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = str(management.initial.get(name, 0))
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value not in (None, "", False):
                    data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def _errors(response):
    context = response.context
    if not context or "adminform" not in context:
        return response.content[:500]
    errors = [context["adminform"].form.errors]
    errors += [formset.formset.errors for formset in context["inline_admin_formsets"]]
    return errors


# The code itself -----------------------------------------------------------------------------


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
            names.update(f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names)
    return names


def test_the_outbox_publishes_its_task_by_name_without_importing_it():
    imported = _imports(ROOT / "members" / "mail.py")
    assert not any("tasks" in name for name in imported)


def test_the_code_names_no_path_of_a_particular_machine():
    for app in ("members", "events", "outcomes", "federation"):
        for path in (ROOT / app).rglob("*.py"):
            assert "/work/" not in path.read_text(encoding="utf-8"), path


def test_an_organization_added_in_the_admin_starts_its_history_like_the_services():
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    staff = StaffFactory()
    by_service = services.organization_create(
        data={"name_en": "Made by the service", "country": "SY"}, status="registered", user=staff
    )
    request = RequestFactory().post("/admin/members/organization/add/")
    request.user = staff
    by_admin = Organization(name_en="Made in the admin", country="SY", status="registered")
    by_admin.slug = "made-in-the-admin"
    site._registry[Organization].save_model(request, by_admin, form=_NoLogo(), change=False)
    for organization in (by_service, by_admin):
        [first] = MembershipChange.objects.filter(organization=organization)
        assert (first.from_status, first.to_status, first.changed_by) == ("", "registered", staff)


class _NoLogo:
    cleaned_data = {}
