import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from events import services
from events.files import validate_pdf
from events.models import Attendance, Convening, ConveningDocument, attendance_breakdown
from tests.members.factories import OrganizationFactory, StaffFactory

from .factories import (
    AttendanceFactory,
    ConveningFactory,
    PastConveningFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_attendance_breakdown_counts_the_list_per_channel():
    convening = PastConveningFactory()
    AttendanceFactory.create_batch(3, convening=convening, channel="room")
    AttendanceFactory.create_batch(2, convening=convening, channel="online")
    breakdown = attendance_breakdown(convening)
    assert {key: breakdown[key] for key in ("room", "online", "total", "others")} == {
        "room": 3,
        "online": 2,
        "total": 5,
        "others": 0,
    }
    assert (breakdown["listed"], breakdown["at_least"], breakdown["known"]) == (True, False, True)


def test_attendance_breakdown_uses_reported_totals_when_there_is_no_list():
    istanbul = PastConveningFactory(reported_room=25, reported_online=29)
    breakdown = attendance_breakdown(istanbul)
    assert (breakdown["room"], breakdown["online"], breakdown["total"]) == (25, 29, 54)
    assert not breakdown["listed"]


def test_a_40_plus_report_is_marked_as_a_minimum():
    damascus = PastConveningFactory(
        format="in_person", join_url="", reported_room=40, reported_at_least=True
    )
    assert attendance_breakdown(damascus)["at_least"]


def test_recording_attendance_marks_whether_the_organization_had_registered():
    convening = ConveningFactory()
    registered = RegistrationFactory(convening=convening).organization
    walk_in = OrganizationFactory()
    staff = StaffFactory()
    first = services.attendance_record(
        user=staff, convening=convening, organization_id=registered.pk, channel="room"
    )
    second = services.attendance_record(
        user=staff, convening=convening, organization_id=walk_in.pk, channel="online"
    )
    assert (first.registered, second.registered) == (True, False)
    assert first.recorded_by == staff


def test_attendance_for_an_organization_that_does_not_exist_is_refused():
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=StaffFactory(),
            convening=ConveningFactory(),
            organization_id=987654,
            channel="room",
        )
    assert error.value.code == "no_organization"
    assert not Attendance.objects.exists()


def test_one_attendance_per_organization_per_convening():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(convening=attendance.convening, organization=attendance.organization)


def test_the_admin_bulk_action_marks_registrations_attended(client):
    staff = StaffFactory()
    registrations = RegistrationFactory.create_batch(2, convening=ConveningFactory())
    client.force_login(staff)
    client.post(
        "/admin/events/registration/",
        {
            "action": "mark_attended",
            "_selected_action": [r.pk for r in registrations],
        },
    )
    assert Attendance.objects.filter(registered=True, recorded_by=staff).count() == 2


def test_the_check_in_page_is_for_staff_only(client):
    convening = ConveningFactory()
    organization = OrganizationFactory()
    url = f"/en/convenings/{convening.slug}/check-in/"
    assert client.get(url).status_code == 302
    client.force_login(RegistrationFactory().registered_by)
    client.post(url, {"organization": organization.pk, "channel": "room"})
    assert not Attendance.objects.exists()


def test_the_check_in_page_records_walk_ins_and_refuses_bad_input(client):
    convening = ConveningFactory()
    organization = OrganizationFactory()
    client.force_login(StaffFactory())
    url = f"/ar/convenings/{convening.slug}/check-in/"
    for data in (
        {"organization": "x", "channel": "room"},
        {"organization": 999999, "channel": "room"},
        {"organization": organization.pk, "channel": "moon"},
    ):
        assert client.post(url, data).status_code == 302
    assert not Attendance.objects.exists()
    client.post(url, {"organization": organization.pk, "channel": "online"})
    assert Attendance.objects.get().channel == "online"
    page = client.get(url, follow=True).content.decode()
    assert "حاضرة" in page or "online" in page.lower() or "عبر الإنترنت" in page


# Convening rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at_offset": -1}, "ends_at"),
        ({"format": "online", "join_url": ""}, "join_url"),
        ({"format": "hybrid", "join_url": ""}, "join_url"),
        ({"format": "in_person", "venue_name_ar": "", "venue_name_en": ""}, "venue_name"),
        ({"format": "hybrid", "venue_name_ar": "", "venue_name_en": ""}, "venue_name"),
    ],
)
def test_invalid_convenings_are_refused_with_a_message_on_the_field(changes, field):
    convening = ConveningFactory.build(slug="x")
    offset = changes.pop("ends_at_offset", None)
    if offset is not None:
        convening.ends_at = convening.starts_at + datetime.timedelta(hours=offset)
    for name, value in changes.items():
        setattr(convening, name, value)
    with pytest.raises(ValidationError) as error:
        convening.full_clean()
    assert field in error.value.message_dict


def test_the_database_refuses_an_end_before_the_start():
    convening = ConveningFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Convening.objects.filter(pk=convening.pk).update(
            ends_at=convening.starts_at - datetime.timedelta(hours=1)
        )


def test_the_database_refuses_an_online_convening_without_a_join_link():
    convening = ConveningFactory(format="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        Convening.objects.filter(pk=convening.pk).update(join_url="")


def pdf(size=0):
    return SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF")


def test_a_pdf_is_accepted():
    validate_pdf(pdf())


def test_a_document_that_is_not_a_pdf_is_refused_whatever_its_name():
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("agenda.pdf", b"<html>not a pdf</html>"))
    assert error.value.code == "not_pdf"


def test_a_document_over_10_mb_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf(pdf(11 * 1024 * 1024))
    assert error.value.code == "too_large"


def test_a_fake_pdf_document_fails_model_validation_as_in_the_admin():
    # The admin's inline forms validate through the model field, so this is what they show.
    document = ConveningDocument(
        convening=ConveningFactory(),
        kind="minutes",
        title_en="Minutes",
        file=SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 an executable"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict
    assert not ConveningDocument.objects.exists()


def test_times_are_entered_in_the_venue_time_zone(client):
    from events.forms import ConveningAdminForm

    convening = ConveningFactory(timezone="Asia/Damascus")
    form = ConveningAdminForm(instance=convening)
    shown = form.initial["starts_at"]
    assert shown.tzinfo is None
    assert shown.hour == convening.starts_at.astimezone(convening.tz).hour


def admin_form_data(convening, **changes):
    """The convening admin's POST: its fields plus empty inline formsets."""
    data = {
        "title_ar": convening.title_ar,
        "title_en": convening.title_en,
        "slug": convening.slug,
        "kind": convening.kind,
        "format": convening.format,
        "status": convening.status,
        "timezone": convening.timezone,
        "starts_at_0": "2030-03-10",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-03-10",
        "ends_at_1": "16:00",
        "venue_name_ar": "فندق",
        "venue_name_en": "Hotel",
        "venue_country": "SY",
        "join_url": "https://meet.example.org/x",
        "visibility": "public",
    }
    for prefix in ("agenda", "partners", "photos", "documents", "attendances"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_the_admin_reads_typed_times_in_the_venue_time_zone(client):
    convening = ConveningFactory()
    client.force_login(StaffFactory())
    url = f"/admin/events/convening/{convening.pk}/change/"
    response = client.post(url, admin_form_data(convening, timezone="Asia/Damascus"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    convening.refresh_from_db()
    assert convening.local_start.hour == 10
    assert convening.starts_at.astimezone(datetime.UTC).hour == 7  # Damascus is UTC+3


def test_the_admin_refuses_an_end_before_the_start_and_saves_nothing(client):
    convening = ConveningFactory()
    before = convening.starts_at
    client.force_login(StaffFactory())
    url = f"/admin/events/convening/{convening.pk}/change/"
    response = client.post(url, admin_form_data(convening, ends_at_1="09:00"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_at"]
    convening.refresh_from_db()
    assert convening.starts_at == before


@pytest.mark.parametrize("year", ["0", "99999", "2017", "abc", "", "²", "٢٠١٧", "9" * 5000])
def test_the_admin_year_filter_never_fails(client, year):
    ConveningFactory()
    client.force_login(StaffFactory())
    assert client.get("/admin/events/convening/", {"year": year}).status_code == 200
