"""What the permission matrix (test_permission_matrix.py) runs on: the records every URL names,
the people who play each role, every URL of the project, and one request as one role.

The table itself stays in the test module, where it is read."""

import datetime
import hashlib
import io
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from PIL import Image

from events.models import ConveningDocument, ConveningPhoto
from federation.services import api_token_create
from members import clock
from members.images import process_image
from members.models import Affiliation, Organization
from outcomes import services as outcome_services
from outcomes.services import minutes as minutes_services
from tests.events.factories import (
    AttendanceFactory,
    ConveningFactory,
    PastConveningFactory,
    RegistrationFactory,
)
from tests.members.activities import ActivityFactory
from tests.members.factories import (
    AffiliationFactory,
    BranchFactory,
    FederationFactory,
    InvitationFactory,
    OrganizationFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)
from tests.outcomes.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    RecommendationFactory,
)
from tests.outcomes.voting import PDF, teller_of

LOGIN = "302 to sign in"  # a redirect to the sign-in page, told apart from other redirects
SAVED = "302, saved"  # a POST that did its work: a redirect, and the database changed

# The apps whose every table a refused POST must leave exactly as it was.
WATCHED_APPS = ("members", "events", "outcomes", "federation")
# Written by signing in, before the request is made.
NOT_WATCHED = {("members", "user"): {"last_login"}}


@dataclass
class World:
    records: dict
    players: dict  # role -> the user who plays it (None: not signed in)
    # record name -> {role: user}: who plays a role for a URL naming that record, when it is
    # not the usual player (the coordinator of an applicant is the applicant's own, say).
    cast: dict = field(default_factory=dict)

    def argument(self, spec):
        """The value a path argument names: "org.slug" is the slug of the record `org`, and
        "applicant.logo.name" the name of the applicant's logo."""
        name, *attributes = spec.split(".")
        value = self.records[name]
        for attribute in attributes:
            value = getattr(value, attribute)
        return value

    def player(self, role, args):
        """Who plays `role` for a URL: the cast of the first record its path names, else the
        usual player."""
        subject = args.split()[0].partition(".")[0] if args else None
        return self.cast.get(subject, {}).get(role, self.players[role])


def build_world(*, files=False):
    """Real records for every URL's arguments, and the people of each role.

    `org`, an active member, is the organization the URLs name: its coordinator is "the
    coordinator of this organization", it is in charge of the recommendations, attends every
    convening online (so its coordinator votes there) and is registered at the members-only
    one. `other_org` is another active member with its own coordinator. The committee member
    sits on the committee of each convening and belongs to no organization; the teller is
    named at the public and the members-only convenings. `elsewhere` (a convening), `stray`
    (a members-only committee) and `stray_rec` belong to none of them, and the committee
    member's seat on `former` (with `former_rec`) ended yesterday: the rows that name them
    check that a role held elsewhere, or no longer, opens nothing here.

    With `files`, uploads too (they cost an image or a PDF each): see _add_files()."""
    secretariat_helper = SecretariatFactory()  # opens the motions; plays no role
    public = ConveningFactory(slug="public-forum")
    members_only = PastConveningFactory(slug="members-forum", visibility="members")
    elsewhere = ConveningFactory(slug="elsewhere-forum")
    org = OrganizationFactory(slug="member-org")
    other_org = OrganizationFactory(slug="other-org")
    room_org = OrganizationFactory(slug="room-org")  # votes in the room; nobody of the cast
    applicant = OrganizationFactory(slug="applicant", status=Organization.Status.APPLICANT)
    coordinator = AffiliationFactory(organization=org)
    member = AffiliationFactory(organization=org, role=Affiliation.Role.MEMBER)
    motions = {}
    for convening in (public, members_only, elsewhere):
        AttendanceFactory(convening=convening, organization=org, channel="online")
        AttendanceFactory(convening=convening, organization=room_org, channel="room")
        motion = MotionFactory(convening=convening)
        outcome_services.motion_open(user=secretariat_helper, motion=motion)
        motions[convening.slug] = motion
    RegistrationFactory(
        convening=members_only, organization=org, registered_by=coordinator.user, delegates=1
    )
    committee = CommitteeFactory(convening=public)
    hidden_committee = CommitteeFactory(convening=members_only)
    stray = CommitteeFactory(convening=members_only)
    former = CommitteeFactory(convening=members_only)
    seat = CommitteeMemberFactory(committee=committee)
    CommitteeMemberFactory(committee=hidden_committee, user=seat.person.user)
    CommitteeMemberFactory(committee=stray)  # someone else's seat
    # The committee member's term on `former` ended yesterday.
    yesterday = clock.federation_today() - datetime.timedelta(days=1)
    CommitteeMemberFactory(
        committee=former,
        user=seat.person.user,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=yesterday,
    )
    # Minutes: published at the members-only convening, a draft at `held` (public, over).
    held = PastConveningFactory(slug="held-forum")
    minutes = minutes_services.minutes_start(user=secretariat_helper, convening=members_only)
    minutes_services.minutes_approve(user=secretariat_helper, minutes=minutes)
    minutes_services.minutes_publish(user=secretariat_helper, minutes=minutes)
    minutes_services.minutes_start(user=secretariat_helper, convening=held)
    other_coordinator = AffiliationFactory(organization=other_org)
    feed_owner = UserFactory(feed_token=secrets.token_urlsafe(24))
    api_token, _token = api_token_create(user=member.user, name="Script")

    records = {
        "public": public,
        "members_only": members_only,
        "elsewhere": elsewhere,
        "held": held,
        "org": org,
        "other_org": other_org,
        "room_org": room_org,
        "applicant": applicant,
        "affiliation": member,  # the plain member's account in `org`
        "other_affiliation": other_coordinator,  # the other coordinator's, in `other_org`
        "invitation": InvitationFactory(organization=org),
        "branch": BranchFactory(),
        "committee": committee,
        "hidden_committee": hidden_committee,
        "stray": stray,
        "former": former,
        "rec": RecommendationFactory(convening=public, committee=committee, responsible=org),
        "hidden_rec": RecommendationFactory(
            convening=members_only, committee=hidden_committee, responsible=org
        ),
        "stray_rec": RecommendationFactory(
            convening=members_only, committee=stray, responsible=room_org
        ),
        "former_rec": RecommendationFactory(
            convening=members_only, committee=former, responsible=room_org
        ),
        "motions": motions,
        "motion": motions["public-forum"],
        "hidden_motion": motions["members-forum"],
        "api_token": api_token,  # the plain member's
        "api_nowhere": "nothing-here/",
        "activity": ActivityFactory(organization=org),
        "applicant_activity": ActivityFactory(organization=applicant),
        "feed_token": feed_owner.feed_token,
        "unknown_token": "no-such-token-" + "x" * 20,
        "uidb36": "zz",
        "missing_file": "nothing/here.pdf",
    }
    players = {
        "anonymous": None,
        "user": UserFactory(),
        "member": member.user,
        "coordinator": coordinator.user,
        "other_coordinator": other_coordinator.user,
        "committee": seat.person.user,
        "teller": teller_of(public, members_only),
        # Lets the admin sign it in, and nothing else: no permission, no group.
        "staff": UserFactory(is_staff=True),
        "secretariat": SecretariatFactory(),  # the "secretariat" group, not a superuser
        "superuser": StaffFactory(),
    }
    cast = {"applicant": {"coordinator": AffiliationFactory(organization=applicant).user}}
    cast["applicant_activity"] = cast["applicant"]  # the applicant's own coordinator
    world = World(records=records, players=players, cast=cast)
    if files:
        _add_files(world, secretariat_helper)
    everyone = [*players.values(), *(u for roles in cast.values() for u in roles.values())]
    for user in {user.pk: user for user in everyone if user is not None}.values():
        if user is not None:
            _enrol_second_factor(user)
    return world


def _enrol_second_factor(user):
    """An authenticator app, as every staff account must have where STAFF_MFA_REQUIRED is on
    (production): given to every player, so that what a role gets is the same with the
    requirement on or off, and the two-factor pages answer every signed-in role alike."""
    TOTP.activate(user, generate_totp_secret())


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 90)).save(buffer, "PNG")
    return _upload("image.png", buffer.getvalue())


def _document(convening):
    document = ConveningDocument(convening=convening, title_en="Minutes", title_ar="محضر")
    document.file = _upload("minutes.pdf", PDF)
    document.full_clean()
    document.save()
    return document


def _add_files(world, secretariat_helper):
    """An upload of every kind the media view serves, each held by a record of the world:
    the federation's logo, the applicant's logo, documents and a photo of the convenings,
    evidence on the members-only recommendations, and proxy letters (at a convening where
    the teller is named, and `elsewhere`)."""
    records = world.records
    federation = FederationFactory()
    federation.logo.save("federation.png", process_image(_png()))
    applicant = records["applicant"]
    applicant.logo.save("applicant.png", process_image(_png()))
    photo = ConveningPhoto.objects.create(
        convening=records["members_only"],
        caption_en="The hall",
        caption_ar="القاعة",
        image=process_image(_png()),
    )
    proxies = {}
    for convening in (records["public"], records["elsewhere"]):
        holder = OrganizationFactory()
        AttendanceFactory(convening=convening, organization=holder, channel="room")
        proxies[convening.slug] = outcome_services.proxy_record(
            user=secretariat_helper,
            convening=convening,
            giver=records["room_org"],
            holder=holder,
            letter=_upload("letter.pdf", PDF),
        )

    def evidence(recommendation):
        return outcome_services.progress_update_post(
            user=secretariat_helper,
            recommendation=recommendation,
            note="Report attached.",
            status="in_progress",
            progress=10,
            attachment=_upload("report.pdf", PDF),
        )

    records.update(
        {
            "federation": federation,
            "public_document": _document(records["public"]),
            "hidden_document": _document(records["members_only"]),
            "hidden_photo": photo,
            "hidden_evidence": evidence(records["hidden_rec"]),
            "stray_evidence": evidence(records["stray_rec"]),
            "proxy": proxies["public-forum"],
            "stray_proxy": proxies["elsewhere-forum"],
        }
    )


# Every URL of the project ---------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name is None:
                yield route, route
            else:
                yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name


def project_urls():
    """{key: route} of every URL pattern but the admin's: its name, or its route if unnamed."""
    with translation.override("en"):
        return {
            key: route
            for route, key in _walk(get_resolver().url_patterns)
            if not route.startswith("admin/")
        }


def url_name(key):
    """The URL name of a row's key: "name [variant]" is a second case of the same URL."""
    return key.split(" [")[0]


def path_of(key, args, world):
    values = [str(world.argument(spec)) for spec in args.split()]
    name = url_name(key)
    if "/" in name:  # an unnamed route, keyed by its pattern
        return "/" + name.split("<")[0] + "/".join(values)
    with translation.override("en"):
        return reverse(name, args=values)


# One request ----------------------------------------------------------------------------------


def fingerprint():
    """Every row of every watched table, as stored: equal before and after a request if and
    only if the request wrote nothing there. Read in one language: modeltranslation reads a
    translated field (`name`) in the active one, which a request changes."""
    with translation.override("en"):
        return _fingerprint()


def _fingerprint():
    state = {}
    for app in WATCHED_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            meta = model._meta
            skipped = NOT_WATCHED.get((meta.app_label, meta.model_name), set())
            columns = [f.attname for f in meta.concrete_fields if f.attname not in skipped]
            rows = model._base_manager.order_by("pk").values_list(*columns)
            state[meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return state


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


@dataclass
class Answer:
    status: int
    location: str
    changed: list  # the watched tables the request wrote to (POST only)


def ask(client, user, method, path, data):
    """The answer to one request by `user`, and what it wrote; everything it wrote is rolled
    back, so the next role finds the world as it was. One client serves every role (its
    middleware is loaded once): it starts each request without cookies."""
    with transaction.atomic():
        client.cookies = SimpleCookie()
        if user is not None:
            client.force_login(user)
        before = fingerprint() if method == "POST" else None
        response = client.post(path, data) if method == "POST" else client.get(path)
        changed = changed_tables(before, fingerprint()) if method == "POST" else []
        transaction.set_rollback(True)
    return Answer(response.status_code, response.get("Location", ""), changed)


def sign_in_path():
    with translation.override("en"):
        return reverse("account_login")


def mismatch(expected, answer, method):
    """What is wrong with `answer` when `expected` was due; "" when nothing is."""
    got = f"got {answer.status} {answer.location}".rstrip()
    if answer.changed:
        got += f", wrote to {', '.join(answer.changed)}"
    to_sign_in = answer.status == 302 and answer.location.startswith(sign_in_path())
    if expected == LOGIN:
        ok = to_sign_in
    elif expected == SAVED:
        ok = answer.status == 302 and not to_sign_in and bool(answer.changed)
    else:
        ok = answer.status == expected and not (expected == 302 and to_sign_in)
    if method == "POST" and expected != SAVED:
        ok = ok and not answer.changed  # refused: nothing written
    return "" if ok else f"expected {expected}, {got}"
