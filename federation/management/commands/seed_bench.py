"""Fill the database with a national registry's worth of data, for `make bench`.

    manage.py seed_bench --orgs 100000 --convenings 5000 --recommendations 50000

Bulk inserts (no per-row save, no signals), seeded so every run builds the same data, with the
variety that makes search and filters honest: Arabic names with hamza forms, diacritics and
«ال», English names, every status, country, sector and branch, attendance (one convening with
500 organizations), motions with stored results, recommendations with owners and updates.

Idempotent per size: the rows it makes are marked (slugs starting with "bench-"); run again
with the same sizes it does nothing; with other sizes it removes its rows and builds anew. It
never touches other rows, and refuses to run where DEBUG is off unless --force is given.
"""

import datetime
import random
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from events.models import Attendance, Channel, Convening
from members import roles, search
from members.models import Affiliation, Branch, MembershipChange, Organization, Sector, User
from outcomes.models import (
    Ballot,
    Committee,
    Minutes,
    Motion,
    MotionResult,
    MotionResultChannel,
    ProgressUpdate,
    Recommendation,
    SecretCount,
    Tally,
)
from outcomes.services.minutes import minutes_approve, minutes_publish, minutes_start

PREFIX = "bench-"
BATCH = 5000
SEED = 20261201

KINDS_AR = ["جمعية", "منظمة", "مؤسسة", "اتحاد", "رابطة", "هيئة", "مركز", "شبكة", "ملتقى"]
KINDS_EN = [
    "Association",
    "Organization",
    "Foundation",
    "Union",
    "League",
    "Council",
    "Centre",
    "Network",
    "Forum",
]
# Topics with the spellings Arabic writers use for the same word: hamza forms, diacritics,
# ة/ه, ى/ي, and with or without «ال».
TOPICS = [
    ("الإغاثة", "Relief"),
    ("الاغاثة", "Relief"),
    ("إغاثة", "Relief"),
    ("التنمية", "Development"),
    ("التنميه", "Development"),
    ("الأمل", "Hope"),
    ("الامل", "Hope"),
    ("آفاق", "Horizons"),
    ("افاق", "Horizons"),
    ("إشراقة", "Sunrise"),
    ("الأيتام", "Orphans"),
    ("الطفولة", "Childhood"),
    ("المرأة", "Women"),
    ("المراة", "Women"),
    ("الشباب", "Youth"),
    ("التعليم", "Education"),
    ("التَّعليم", "Education"),
    ("الصحة", "Health"),
    ("الصحّة", "Health"),
    ("المياه", "Water"),
    ("البناء", "Building"),
    ("الإعمار", "Reconstruction"),
    ("السلام", "Peace"),
    ("الكرامة", "Dignity"),
    ("العطاء", "Giving"),
    ("الهدى", "Guidance"),
    ("الهدي", "Guidance"),
    ("النور", "Light"),
    ("الرحمة", "Mercy"),
    ("الرَّحمة", "Mercy"),
    ("الوفاء", "Loyalty"),
    ("الخير", "Goodness"),
]
PLACES = [
    ("حلب", "Aleppo", "SY"),
    ("إدلب", "Idlib", "SY"),
    ("ادلب", "Idlib", "SY"),
    ("دمشق", "Damascus", "SY"),
    ("حمص", "Homs", "SY"),
    ("الغوطة", "Ghouta", "SY"),
    ("غازي عنتاب", "Gaziantep", "TR"),
    ("أنطاكيا", "Antakya", "TR"),
    ("اسطنبول", "Istanbul", "TR"),
    ("عمّان", "Amman", "JO"),
    ("إربد", "Irbid", "JO"),
    ("بيروت", "Beirut", "LB"),
    ("طرابلس", "Tripoli", "LB"),
    ("شندي", "Shendi", "SD"),
    ("الخرطوم", "Khartoum", "SD"),
    ("الموصل", "Mosul", "IQ"),
    ("أربيل", "Erbil", "IQ"),
    ("الرياض", "Riyadh", "SA"),
    ("سراييفو", "Sarajevo", "BA"),
    ("برلين", "Berlin", "DE"),
]
STATUSES = [  # (status, weight): most of a registry are members
    ("active", 45),
    ("registered", 25),
    ("applicant", 12),
    ("suspended", 6),
    ("withdrawn", 7),
    ("partner", 5),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Command(BaseCommand):
    help = "Fill the database with bulk data for the benchmarks (idempotent per size)."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=100_000)
        parser.add_argument("--convenings", type=int, default=5_000)
        parser.add_argument("--recommendations", type=int, default=50_000)
        parser.add_argument(
            "--voters",
            type=int,
            default=500,
            help="Coordinators of organizations attending the vote convening online.",
        )
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, orgs, convenings, recommendations, voters, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_bench fills the database with made-up data; pass --force.")
        if min(orgs, convenings, recommendations) < 1:
            raise CommandError("Every size must be at least 1.")
        voters = min(voters, orgs)
        if self._present() == (orgs, convenings + 1, recommendations, voters):
            self._minutes()
            self.stdout.write("The benchmark data of this size is already in place.")
            return
        started = time.monotonic()
        self.rng = random.Random(SEED)
        with transaction.atomic():
            self._remove()
            sectors, branches = self._reference()
            organizations = self._organizations(orgs, sectors, branches)
            convening_ids = self._convenings(convenings, branches)
            self._attendance(convening_ids, organizations)
            committees = self._committees(convening_ids)
            self._motions(convening_ids)
            self._recommendations(
                recommendations, convening_ids, committees, organizations, sectors
            )
            self._vote_convening(voters, organizations)
            self._minutes()
        if connection.vendor == "postgresql":
            # VACUUM too, as autovacuum would soon after a bulk load: until the visibility map
            # is set, an index-only scan still visits the table (members 0014).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark data: {orgs} organizations, {convenings} convenings, "
                f"{recommendations} recommendations in {time.monotonic() - started:.0f} s."
            )
        )

    # -- what is there -----------------------------------------------------------------------

    def _present(self):
        return (
            Organization.objects.filter(slug__startswith=PREFIX).count(),
            Convening.objects.filter(slug__startswith=PREFIX).count(),
            Recommendation.objects.filter(convening__slug__startswith=PREFIX).count(),
            Attendance.objects.filter(convening__slug=f"{PREFIX}vote").count(),
        )

    def _remove(self):
        """Delete the rows an earlier run made, children first (ballots and results are
        protected, so they go explicitly)."""
        convenings = Convening.objects.filter(slug__startswith=PREFIX)
        Ballot.objects.filter(motion__convening__in=convenings).delete()
        SecretCount.objects.filter(motion__convening__in=convenings).delete()
        ProgressUpdate.objects.filter(recommendation__convening__in=convenings).delete()
        Recommendation.objects.filter(convening__in=convenings).delete()
        MotionResultChannel.objects.filter(result__motion__convening__in=convenings).delete()
        MotionResult.objects.filter(motion__convening__in=convenings).delete()
        Tally.objects.filter(motion__convening__in=convenings).delete()
        Minutes.objects.filter(convening__in=convenings).delete()
        Motion.objects.filter(convening__in=convenings).delete()
        Committee.objects.filter(slug__startswith=PREFIX).delete()
        Attendance.objects.filter(convening__in=convenings).delete()
        convenings.delete()
        organizations = Organization.objects.filter(slug__startswith=PREFIX)
        Affiliation.objects.filter(organization__in=organizations).delete()
        MembershipChange.objects.filter(organization__in=organizations).delete()
        Organization.sectors.through.objects.filter(organization__in=organizations).delete()
        organizations.delete()
        # The voters' accounts stay: the audit log names them, and it is never deleted.
        Branch.objects.filter(slug__startswith=PREFIX).delete()
        Sector.objects.filter(slug__startswith=PREFIX).delete()

    # -- reference data ----------------------------------------------------------------------

    def _reference(self):
        sectors = Sector.objects.bulk_create(
            Sector(
                slug=f"{PREFIX}sector-{n}",
                name=f"قطاع {topic_ar}",
                name_ar=f"قطاع {topic_ar}",
                name_en=f"{topic_en} sector",
                position=100 + n,
            )
            for n, (topic_ar, topic_en) in enumerate(TOPICS[::3])
        )
        branches = Branch.objects.bulk_create(
            Branch(
                slug=f"{PREFIX}branch-{n}",
                name=f"فرع {place_ar}",
                name_ar=f"فرع {place_ar}",
                name_en=f"{place_en} branch",
                countries=[code],
            )
            for n, (place_ar, place_en, code) in enumerate(PLACES[::2])
        )
        return sectors, branches

    # -- organizations -----------------------------------------------------------------------

    def _organization(self, n, branches):
        rng = self.rng
        kind = rng.randrange(len(KINDS_AR))
        # A third of the names start with «جمعية»: a common word for the search to find.
        if n % 3 == 0:
            kind = 0
        topic_ar, topic_en = rng.choice(TOPICS)
        place_ar, place_en, code = rng.choice(PLACES)
        name_ar = f"{KINDS_AR[kind]} {topic_ar} في {place_ar} {n}"
        name_en = f"{topic_en} {KINDS_EN[kind]} of {place_en} {n}"
        acronym = "".join(word[0] for word in name_en.split()[:3]).upper()
        description_ar = f"تعمل في {place_ar} في مجال {topic_ar}."
        organization = Organization(
            slug=f"{PREFIX}{n}",
            name=name_ar,
            name_ar=name_ar,
            name_en=name_en,
            acronym=acronym,
            description=description_ar,
            description_ar=description_ar,
            description_en=f"Works in {place_en} on {topic_en.lower()}.",
            country=code,
            city=place_ar,
            city_ar=place_ar,
            city_en=place_en,
            branch=rng.choice(branches) if rng.random() < 0.8 else None,
            status=_weighted(rng, STATUSES),
        )
        organization.search_text = search.document(
            name_ar, name_en, acronym, place_ar, place_en, description_ar
        )
        return organization

    def _organizations(self, count, sectors, branches):
        created = []
        for start in range(0, count, BATCH):
            batch = [
                self._organization(n, branches) for n in range(start, min(count, start + BATCH))
            ]
            created += Organization.objects.bulk_create(batch)
        now = timezone.now()
        MembershipChange.objects.bulk_create(
            (
                MembershipChange(organization=o, from_status="", to_status=o.status, changed_at=now)
                for o in created
            ),
            batch_size=BATCH,
        )
        Link = Organization.sectors.through
        Link.objects.bulk_create(
            (
                Link(organization_id=o.pk, sector_id=sector.pk)
                for o in created
                for sector in self.rng.sample(sectors, 2)
            ),
            batch_size=BATCH,
        )
        return created

    # -- convenings, attendance, committees, motions ------------------------------------------

    def _convenings(self, count, branches):
        rng = self.rng
        now = timezone.now()
        kinds = [k for k, _label in Convening.Kind.choices]
        rows = []
        for n in range(count):
            # Spread over thirty years, a few in the coming months.
            starts = now - datetime.timedelta(
                days=rng.randrange(-120, 30 * 365), hours=rng.randrange(24)
            )
            if n == 0:  # the big one (see _attendance) has taken place: its minutes are out
                starts = min(starts, now - datetime.timedelta(days=30))
            fmt = rng.choice(["in_person", "online", "hybrid"])
            place_ar, place_en, code = rng.choice(PLACES)
            title_ar = f"لقاء {rng.choice(TOPICS)[0]} في {place_ar} رقم {n}"
            rows.append(
                Convening(
                    slug=f"{PREFIX}{n}",
                    title=title_ar,
                    title_ar=title_ar,
                    title_en=f"{place_en} meeting no. {n}",
                    kind=rng.choice(kinds),
                    format=fmt,
                    status="held" if starts < now else "planned",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=6),
                    timezone="Europe/Istanbul",
                    venue_name="" if fmt == "online" else "قاعة",
                    venue_name_ar="" if fmt == "online" else "قاعة",
                    venue_city_ar=place_ar,
                    venue_city_en=place_en,
                    venue_country=code,
                    join_url="" if fmt == "in_person" else "https://meet.example.org/bench",
                    organizer_branch=rng.choice(branches) if rng.random() < 0.5 else None,
                    visibility="members" if rng.random() < 0.1 else "public",
                )
            )
        created = Convening.objects.bulk_create(rows, batch_size=BATCH)
        return [c.pk for c in created]

    def _attendance(self, convening_ids, organizations):
        rng = self.rng
        members = [o for o in organizations if o.is_member]
        rows = []
        # The first convening is the big one: 500 organizations, half of them online.
        for n, convening_id in enumerate(convening_ids):
            size = 500 if n == 0 else rng.randrange(0, 21)
            for organization in rng.sample(members, min(size, len(members))):
                rows.append(
                    Attendance(
                        convening_id=convening_id,
                        organization_id=organization.pk,
                        channel=Channel.ONLINE if rng.random() < 0.5 else Channel.ROOM,
                    )
                )
        Attendance.objects.bulk_create(rows, batch_size=BATCH)

    def _committees(self, convening_ids):
        count = max(1, len(convening_ids) // 10)
        return Committee.objects.bulk_create(
            Committee(
                slug=f"{PREFIX}{n}",
                name=f"لجنة متابعة {n}",
                name_ar=f"لجنة متابعة {n}",
                name_en=f"Follow-up committee {n}",
                convening_id=convening_ids[n],
                is_active=n % 7 != 0,
            )
            for n in range(count)
        )

    def _motions(self, convening_ids):
        """A closed vote with a stored result at one convening in twenty."""
        rng = self.rng
        ids = convening_ids[::20]
        closed_at = timezone.now() - datetime.timedelta(days=1)
        motions = Motion.objects.bulk_create(
            Motion(
                convening_id=convening_id,
                number=1,
                title=f"مقترح {n}",
                title_ar=f"مقترح {n}",
                title_en=f"Motion {n}",
                status="closed",
                opened_at=closed_at,
                closed_at=closed_at,
            )
            for n, convening_id in enumerate(ids)
        )
        results = []
        for motion in motions:
            yes, no = rng.randrange(5, 20), rng.randrange(0, 5)
            results.append(
                MotionResult(
                    motion=motion,
                    source="tallies",
                    majority_rule="simple",
                    quorum=0,
                    ballot_kind="named",
                    eligible=yes + no + 5,
                    yes=yes,
                    no=no,
                    abstain=0,
                    quorum_met=True,
                    majority_met=yes > no,
                    adopted=yes > no,
                    closed_at=closed_at,
                )
            )
        MotionResult.objects.bulk_create(results)
        MotionResultChannel.objects.bulk_create(
            MotionResultChannel(
                result=r, channel="room", eligible=r.eligible, yes=r.yes, no=r.no, abstain=0
            )
            for r in results
        )

    # -- recommendations -----------------------------------------------------------------------

    def _recommendations(self, count, convening_ids, committees, organizations, sectors):
        rng = self.rng
        today = timezone.localdate()
        members = [o for o in organizations if o.is_member]
        statuses = [("not_started", 35), ("in_progress", 35), ("done", 25), ("dropped", 5)]
        numbers = {}
        rows = []
        for n in range(count):
            convening_id = rng.choice(convening_ids)
            numbers[convening_id] = numbers.get(convening_id, 0) + 1
            topic_ar, topic_en = rng.choice(TOPICS)
            status = _weighted(rng, statuses)
            text_ar = f"تعزيز {topic_ar} بالتنسيق بين المنظمات، التوصية {n}"
            rows.append(
                Recommendation(
                    convening_id=convening_id,
                    number=numbers[convening_id],
                    text=text_ar,
                    text_ar=text_ar,
                    text_en=f"Strengthen {topic_en.lower()} through coordination, item {n}",
                    sector=rng.choice(sectors),
                    committee=rng.choice(committees) if rng.random() < 0.6 else None,
                    responsible=rng.choice(members) if rng.random() < 0.5 else None,
                    due_date=today + datetime.timedelta(days=rng.randrange(-400, 200)),
                    status=status,
                    progress={"done": 100, "not_started": 0}.get(status, rng.randrange(5, 95)),
                )
            )
        created = Recommendation.objects.bulk_create(rows, batch_size=BATCH)
        ProgressUpdate.objects.bulk_create(
            (
                ProgressUpdate(
                    recommendation=r,
                    note="تقدّم العمل وفق الخطة.",
                    note_ar="تقدّم العمل وفق الخطة.",
                    to_status=r.status,
                    progress=r.progress,
                )
                for r in created
                if r.status != "not_started"
            ),
            batch_size=BATCH,
        )

    # -- the moment of the vote ----------------------------------------------------------------

    def _minutes(self):
        """Published minutes of bench-0, the convening bench/pages.py loads, written through the
        services as the secretariat writes them (also added to data seeded before them)."""
        convening = Convening.objects.get(slug=f"{PREFIX}0")
        if Minutes.objects.filter(convening=convening, state=Minutes.State.PUBLISHED).exists():
            return
        secretary, _created = User.objects.get_or_create(
            email=f"{PREFIX}secretary@example.org",
            defaults={"name": "Secretary (benchmark)", "password": "!"},
        )
        secretary.groups.add(Group.objects.get(name=roles.SECRETARIAT))
        minutes = minutes_start(user=secretary, convening=convening)
        if minutes.state == Minutes.State.DRAFT:
            minutes = minutes_approve(user=secretary, minutes=minutes)
        minutes_publish(user=secretary, minutes=minutes)

    def _vote_convening(self, count, organizations):
        """A hybrid general assembly with `count` active members attending online, each with a
        coordinator account (bench-voter-N@example.org, no usable password: the benchmark makes
        their sessions). bench/pages.py opens a fresh motion on it for each run."""
        now = timezone.now()
        convening = Convening.objects.create(
            slug=f"{PREFIX}vote",
            title="الهيئة العامة (قياس الأداء)",
            title_ar="الهيئة العامة (قياس الأداء)",
            title_en="General assembly (benchmark)",
            kind="general_assembly",
            format="hybrid",
            status="held",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=5),
            timezone="Europe/Istanbul",
            venue_name="قاعة",
            venue_name_ar="قاعة",
            join_url="https://meet.example.org/bench",
        )
        active = [o for o in organizations if o.may_vote][:count]
        emails = [f"{PREFIX}voter-{n}@example.org" for n in range(len(active))]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            User(
                email=email,
                name=f"Voter {n}",
                password="!",  # unusable: the benchmark signs them in by session
                preferred_language="ar",
                muted_notifications=["vote_opened", "registration", "digest"],
            )
            for n, email in enumerate(emails)
            if email not in existing
        )
        by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
        users = [by_email[email] for email in emails]
        Affiliation.objects.bulk_create(
            Affiliation(user=user, organization=o, role="coordinator")
            for user, o in zip(users, active, strict=True)
        )
        Attendance.objects.bulk_create(
            Attendance(convening=convening, organization=o, channel=Channel.ONLINE) for o in active
        )
