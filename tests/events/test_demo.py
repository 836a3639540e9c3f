"""The events part of `load_demo`: the source articles' convenings and two planned ones."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from events.models import (
    AgendaItem,
    Attendance,
    Convening,
    ConveningPartner,
    Delegate,
    Registration,
    attendance_breakdown,
)
from members.models import Person, User
from tests.demo import DEMO_TODAY, load_demo
from tests.demo import pin_now as _pin_now

ARTICLES = {
    "istanbul-general-assembly-2017",
    "damascus-coordination-forum-2025",
    "aleppo-consultative-meeting",
    "balkans-capacity-forum",
    "shendi-matamma-networking-meeting",
}
PLANNED = "recommendations-follow-up-2026"
MEMBERS_ONLY = "branch-chairs-consultation-2027"


pytestmark = pytest.mark.usefixtures("demo_settings")


def local(slug):
    convening = Convening.objects.get(slug=slug)
    return convening, convening.local_start


def co_organizers(convening):
    return set(
        convening.partners.filter(role=ConveningPartner.Role.CO_ORGANIZER).values_list(
            "organization__slug", flat=True
        )
    )


@pytest.mark.django_db
def test_the_istanbul_general_assembly_is_hybrid_with_reported_counts():
    load_demo()
    convening, start = local("istanbul-general-assembly-2017")
    assert convening.timezone == "Europe/Istanbul"
    assert start == datetime.datetime(2017, 1, 16, 10, tzinfo=ZoneInfo("Europe/Istanbul"))
    assert start.date() == datetime.date(2017, 1, 16)
    assert not convening.date_is_approximate
    assert convening.kind == Convening.Kind.GENERAL_ASSEMBLY
    assert convening.format == Convening.Format.HYBRID
    assert convening.status == Convening.Status.HELD
    assert convening.venue_name_ar == "فندق غراند أنكا"
    assert convening.venue_name_en == "Grand Anka Hotel"
    assert convening.online_platform == "Webex"
    assert convening.organizer_organization is None and convening.organizer_branch is None
    assert (convening.reported_room, convening.reported_online) == (25, 29)
    assert not convening.attendances.exists()
    breakdown = attendance_breakdown(convening)
    assert breakdown["total"] == 54 and not breakdown["listed"] and not breakdown["at_least"]
    assert convening.agenda.count() == 5
    assert convening.agenda.filter(title_en__icontains="bylaw").exists()


@pytest.mark.django_db
def test_the_damascus_forum_has_its_co_organizers_and_40_plus():
    load_demo()
    convening, start = local("damascus-coordination-forum-2025")
    assert start.date() == datetime.date(2025, 6, 26)
    assert not convening.date_is_approximate
    assert convening.kind == Convening.Kind.FORUM
    assert convening.format == Convening.Format.IN_PERSON
    assert convening.venue_country.code == "SY"
    assert convening.organizer_organization.slug == "damascus-charities-union"
    assert co_organizers(convening) == {"syrian-networks-league", "aleppo-charities-union"}
    assert convening.slogan_ar == "العمل المدني بعد التحرير وآفاق التشارك"
    assert convening.reported_room == 40 and convening.reported_at_least
    breakdown = attendance_breakdown(convening)
    assert breakdown["total"] == 40 and breakdown["at_least"] and not breakdown["listed"]


@pytest.mark.django_db
def test_convenings_whose_article_gives_no_date_say_it_is_not_stated(client):
    """Neither the Aleppo nor the Shendi article gives a date, not even a year: the pages say
    "not stated" rather than show a placeholder as if it were approximately right."""
    load_demo()
    expected = {
        "aleppo-consultative-meeting": ("gloca", {"dcaf"}, "SY"),
        "shendi-matamma-networking-meeting": ("shendi-matamma-gathering", set(), "SD"),
    }
    for slug, (organizer, partners, country) in expected.items():
        convening = Convening.objects.get(slug=slug)
        assert convening.date_not_stated and not convening.date_is_approximate, slug
        assert "2025" not in slug
        assert convening.organizer_organization.slug == organizer
        assert co_organizers(convening) == partners
        assert convening.venue_country.code == country
        assert convening.status == Convening.Status.HELD
        page = client.get(f"/en/convenings/{slug}/").content.decode()
        assert "Not stated in the sources" in page, slug
        # the placeholder start is neither shown nor offered to calendars
        assert convening.starts_at.isoformat()[:10] not in page, slug
        assert "approximate date" not in page and "calendar.ics" not in page, slug
    assert Convening.objects.get(slug="shendi-matamma-networking-meeting").venue_name_ar == (
        "حديقة السنتر"
    )


@pytest.mark.django_db
def test_the_balkans_forum_states_neither_date_nor_place_and_invents_none(client):
    load_demo()
    convening = Convening.objects.get(slug="balkans-capacity-forum")
    assert convening.date_not_stated and convening.place_not_stated
    assert not convening.date_is_approximate
    assert not (convening.venue_name_ar or convening.venue_name_en)
    assert not (convening.venue_city_ar or convening.venue_city_en or convening.venue_country)
    assert convening.organizer_organization.slug == "uniw"
    assert co_organizers(convening) == {"toplum-vakfi", "usva-vakfi"}
    convening.full_clean()
    page = client.get("/en/convenings/balkans-capacity-forum/").content.decode()
    assert page.count("Not stated in the sources") == 2  # when and where
    assert "Sarajevo" not in page and "calendar.ics" not in page
    assert "سراييفو" not in client.get("/ar/convenings/balkans-capacity-forum/").content.decode()


@pytest.mark.django_db
def test_the_aleppo_meeting_reports_dozens_not_a_list_of_attendees(client):
    load_demo()
    convening = Convening.objects.get(slug="aleppo-consultative-meeting")
    assert convening.reported_room is None and convening.reported_online is None
    # «اللقاء يجمع العشرات من قادة المجتمع المدني»: words, no figure, no list.
    assert not convening.attendances.exists()
    assert convening.reported_in_words_ar.startswith("العشرات")
    assert convening.reported_in_words_en.startswith("Dozens")
    breakdown = attendance_breakdown(convening)
    assert not breakdown["known"] and not breakdown["listed"]
    assert breakdown["words"] == convening.reported_in_words
    page = client.get("/ar/convenings/aleppo-consultative-meeting/").content.decode()
    assert "العشرات من قادة المجتمع المدني" in page
    assert "مثال للعرض" not in convening.summary_ar


@pytest.mark.django_db
def test_every_convening_is_bilingual_with_an_agenda_in_order():
    load_demo()
    assert ARTICLES | {PLANNED, MEMBERS_ONLY} <= set(
        Convening.objects.values_list("slug", flat=True)
    )
    for convening in Convening.objects.all():
        assert convening.title_ar and convening.title_en, convening.slug
        assert convening.summary_ar and convening.summary_en, convening.slug
        agenda = list(convening.agenda.all())
        assert agenda, convening.slug
        assert [item.position for item in agenda] == list(range(1, len(agenda) + 1))
        for item in agenda:
            assert item.title_ar and item.title_en
        convening.full_clean()


# The people each article says spoke, per agenda session (by position), by English name.
SPEAKERS = {
    "istanbul-general-assembly-2017": {
        1: {"Dr. Khudr al-Sotari"},
        3: {"Dr. Mohammad Said"},
        4: {"Rushdi Mufti"},
        # «قانون الأفرع الجديد الذي تحدث عنه كل من الدكتور خضر والدكتور سعيد»
        5: {"Dr. Khudr al-Sotari", "Dr. Mohammad Said"},
    },
    "damascus-coordination-forum-2025": {
        1: {"Sariya al-Sirwan"},
        3: {"Dr. Hassan Maghribiya", "Haitham Saltaji"},
        4: {"Safwan al-Hamawi"},
    },
    "aleppo-consultative-meeting": {
        1: {"Wassim al-Hajj", "Ayman Ayoub"},
        2: {"Mohammad Khalilo"},  # «ميسر اللقاء»
    },
}


@pytest.mark.django_db
def test_agenda_sessions_name_the_articles_speakers_as_people():
    load_demo()
    for slug, expected in SPEAKERS.items():
        for item in Convening.objects.get(slug=slug).agenda.prefetch_related("speakers"):
            names = {person.name_en for person in item.speakers.all()}
            assert names == expected.get(item.position, set()), (slug, item.position)
            # A speaker recorded as a person is not repeated in the free text for guests.
            if names:
                assert not item.facilitators_ar and not item.facilitators_en, (slug, item.position)
    sotari = Person.objects.get(name_en="Dr. Khudr al-Sotari")
    assert sotari.name_ar == "د. خضر السوطري"
    assert sotari.agenda_items.count() == 2
    # Guests who are not people keep their free text.
    planned = Convening.objects.get(slug=PLANNED).agenda.get(position=1)
    assert planned.facilitators_en == "The general secretariat" and not planned.speakers.exists()


@pytest.mark.django_db
def test_the_planned_hybrid_convening_is_open_and_the_coordinator_registered_once():
    load_demo()
    convening = Convening.objects.get(slug=PLANNED)
    assert convening.status == Convening.Status.PLANNED
    assert convening.format == Convening.Format.HYBRID
    assert convening.visibility == Convening.Visibility.PUBLIC
    assert convening.organizer_organization is None and convening.organizer_branch is None
    assert (convening.capacity_room, convening.capacity_online) == (40, 100)
    assert convening.join_url
    assert convening.registration_deadline < convening.starts_at
    assert convening.registration_is_open()
    assert 3 <= convening.agenda.count() <= 4

    coordinator = User.objects.get(email="coordinator@example.org")
    organization = coordinator.affiliations.get(role="coordinator").organization
    registration = Registration.objects.get(convening=convening)
    assert registration.organization == organization
    assert registration.channel == "room"
    # The delegates are people of the organization, with their roles.
    delegates = list(registration.delegates.select_related("person"))
    assert [(d.person.name_ar, d.role) for d in delegates] == [
        ("ليلى حداد", "منسّقة الجمعية"),
        ("محمود العلي", "مسؤول البرامج"),
    ]
    assert {d.person.organization for d in delegates} == {organization}
    assert registration.registered_by == coordinator

    people = Person.objects.count()
    load_demo()
    assert Registration.objects.filter(convening=convening).count() == 1
    assert Person.objects.count() == people


@pytest.mark.django_db
def test_the_members_only_convening_is_hidden_from_visitors():
    load_demo()
    convening = Convening.objects.get(slug=MEMBERS_ONLY)
    assert convening.visibility == Convening.Visibility.MEMBERS
    assert convening.status == Convening.Status.PLANNED
    assert convening.format == Convening.Format.ONLINE
    assert not Convening.objects.visible_to(AnonymousUser()).filter(pk=convening.pk).exists()
    member = User.objects.get(email="member@example.org")
    assert Convening.objects.visible_to(member).filter(pk=convening.pk).exists()


def events_snapshot():
    """Row counts of every events model and the columns a save would touch."""
    return {
        "counts": {
            m.__name__: m.objects.count() for m in apps.get_app_config("events").get_models()
        },
        "convenings": set(Convening.objects.values_list("pk", "updated_at")),
        "agenda": set(AgendaItem.objects.values_list("pk", "convening", "position", "title_en")),
        "speakers": set(AgendaItem.speakers.through.objects.values_list("pk", "person")),
        "partners": set(ConveningPartner.objects.values_list("pk", "organization", "role")),
        "attendance": set(Attendance.objects.values_list("pk", "recorded_at")),
        "registrations": set(Registration.objects.values_list("pk", "updated_at")),
        "delegates": set(Delegate.objects.values_list("pk", "person", "role", "position")),
        "people": set(
            Person.objects.values_list("pk", "name_ar", "name_en", "email", "updated_at")
        ),
    }


@pytest.mark.django_db
def test_running_twice_changes_nothing_in_events(monkeypatch):
    load_demo()
    before = events_snapshot()
    # Later the same day: anything saved again would get a new timestamp.
    _pin_now(monkeypatch, DEMO_TODAY + datetime.timedelta(hours=1))
    output = load_demo()
    assert events_snapshot() == before
    assert "Nothing changed" in output


@pytest.mark.django_db
def test_a_demo_first_loaded_later_still_has_its_convening_weeks_ahead(monkeypatch):
    later = DEMO_TODAY + datetime.timedelta(days=45)
    _pin_now(monkeypatch, later)
    load_demo()
    planned = Convening.objects.get(slug=PLANNED)
    assert datetime.timedelta(days=14) < planned.starts_at - later < datetime.timedelta(days=35)
    assert planned.local_start.hour == 10
    assert planned.registration_is_open()
    assert Registration.objects.filter(convening=planned).count() == 1
    assert all(
        planned.starts_at <= session.starts_at <= planned.ends_at
        for session in planned.agenda.exclude(starts_at=None)
    )


@pytest.mark.django_db
def test_a_second_load_on_a_later_day_keeps_the_planned_dates(monkeypatch):
    load_demo()
    first = Convening.objects.get(slug=PLANNED).starts_at
    before = events_snapshot()
    _pin_now(monkeypatch, DEMO_TODAY + datetime.timedelta(days=10))
    load_demo()
    assert Convening.objects.get(slug=PLANNED).starts_at == first
    assert events_snapshot() == before
