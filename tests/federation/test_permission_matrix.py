# ruff: noqa: E501  (the table below is read across: one row per URL, one column per role)
"""Who gets what from every page of the portal (the admin has its own permissions).

Every URL pattern of the project, except the admin's, has a row in EXPECTED: the answer each
role gets, requested with real records. A staff account without any permission or group gets
exactly what a plain signed-in user gets: 403 on the secretariat's and the tellers' pages, 404
where a record's existence must not leak, never more. A URL without a row fails the test, so a
new page cannot go unchecked.

To add a role: add its name to ROLES, say how to make that user in make_user(), and add one
status to every row (the columns are in the order of ROLES).
"""

import secrets

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from members.models import Affiliation, Organization
from outcomes import services as outcome_services
from tests.events.factories import AttendanceFactory, ConveningFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    BranchFactory,
    InvitationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.outcomes.factories import CommitteeFactory, MotionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "user", "staff", "secretariat")

LOGIN = "302 to sign in"  # a redirect to the sign-in page, told apart from other redirects
GONE = 404  # as if it did not exist
NO = 403

# key: the URL name (" [variant]" for a second case of the same URL);
# value: (path arguments from the world below, method, then one status per role in ROLES).
# fmt: off
EXPECTED = {
    # name                                         args, method         anon   user   staff  secr.
    "healthz":                                     ((), "GET",           200,   200,   200,   200),
    "set_language":                                ((), "GET",           302,   302,   302,   302),
    "home":                                        ((), "GET",           200,   200,   200,   200),
    "dashboard":                                   ((), "GET",           LOGIN, NO,    NO,    200),
    # members
    "members:organization_list":                   ((), "GET",           200,   200,   200,   200),
    "members:organization_register":               ((), "GET",           LOGIN, 200,   200,   200),
    "members:organization_detail":                 (("org.slug",), "GET", 200,  200,   200,   200),
    "members:organization_detail [applicant]":     (("applicant.slug",), "GET", GONE, GONE, GONE, 200),
    "members:organization_edit":                   (("org.slug",), "GET", LOGIN, NO,   NO,    200),
    "members:organization_edit [applicant]":       (("applicant.slug",), "GET", LOGIN, GONE, GONE, 200),
    "members:organization_people":                 (("org.slug",), "GET", LOGIN, NO,   NO,    200),
    "members:organization_people [applicant]":     (("applicant.slug",), "GET", LOGIN, GONE, GONE, 200),
    "members:affiliation_remove":                  (("org.slug", "affiliation.pk"), "GET", LOGIN, NO, NO, 200),
    "members:invitation_withdraw":                 (("org.slug", "invitation.pk"), "POST", LOGIN, NO, NO, 302),
    "members:invitation_accept":                   (("invitation.token",), "GET", 200, NO,  NO,    NO),
    "members:invitation_accept [unknown]":         (("unknown_token",), "GET", GONE, GONE, GONE, GONE),
    "members:branch_list":                         ((), "GET",           200,   200,   200,   200),
    "members:branch_detail":                       (("branch.slug",), "GET", 200, 200,  200,   200),
    "members:secretariat":                         ((), "GET",           200,   200,   200,   200),
    "members:profile":                             ((), "GET",           LOGIN, 200,   200,   200),
    "members:calendar_token":                      ((), "POST",          LOGIN, 302,   302,   302),
    # events
    "events:convening_list":                       ((), "GET",           200,   200,   200,   200),
    "events:feed_ics":                             ((), "GET",           200,   200,   200,   200),
    "events:convening_detail":                     (("public.slug",), "GET", 200, 200,  200,   200),
    "events:convening_detail [members only]":      (("members_only.slug",), "GET", GONE, GONE, GONE, 200),
    "events:convening_register":                   (("public.slug",), "GET", LOGIN, 200, 200,   200),
    "events:convening_register [members only]":    (("members_only.slug",), "GET", LOGIN, GONE, GONE, 200),
    "events:convening_checkin":                    (("public.slug",), "GET", LOGIN, NO,  NO,    200),
    "events:convening_checkin [POST]":             (("public.slug",), "POST", LOGIN, NO, NO,    302),
    "events:convening_checkin [members only]":     (("members_only.slug",), "GET", LOGIN, GONE, GONE, 200),
    "events:convening_ics":                        (("public.slug",), "GET", 200, 200,  200,   200),
    "events:convening_ics [members only]":         (("members_only.slug",), "GET", GONE, GONE, GONE, 200),
    # outcomes
    "outcomes:recommendation_list":                ((), "GET",           200,   200,   200,   200),
    "outcomes:recommendation_csv":                 ((), "GET",           200,   200,   200,   200),
    "outcomes:recommendation_report":              ((), "GET",           200,   200,   200,   200),
    "outcomes:personal_deadlines":                 (("feed_token",), "GET", 200, 200,   200,   200),
    "outcomes:personal_deadlines [unknown]":       (("unknown_token",), "GET", GONE, GONE, GONE, GONE),
    "outcomes:committee_deadlines":                (("committee.slug",), "GET", 200, 200, 200,  200),
    "outcomes:committee_deadlines [members only]": (("hidden_committee.slug",), "GET", GONE, GONE, GONE, 200),
    "outcomes:organization_deadlines":             (("org.slug",), "GET", 200,  200,   200,   200),
    "outcomes:committee_list":                     ((), "GET",           200,   200,   200,   200),
    "outcomes:committee_detail":                   (("committee.slug",), "GET", 200, 200, 200,  200),
    "outcomes:committee_detail [members only]":    (("hidden_committee.slug",), "GET", GONE, GONE, GONE, 200),
    "outcomes:recommendation_detail":              (("public.slug", "recommendation.number"), "GET", 200, 200, 200, 200),
    "outcomes:recommendation_detail [members only]": (("members_only.slug", "hidden_recommendation.number"), "GET", GONE, GONE, GONE, 200),
    "outcomes:convening_vote":                     (("public.slug",), "GET", LOGIN, 200, 200,   200),
    "outcomes:convening_vote [members only]":      (("members_only.slug",), "GET", LOGIN, GONE, GONE, 200),
    "outcomes:convening_tally":                    (("public.slug",), "GET", LOGIN, NO,  NO,    200),
    "outcomes:convening_tally [POST]":             (("public.slug",), "POST", LOGIN, NO, NO,    302),
    "outcomes:convening_tally [members only]":     (("members_only.slug",), "GET", LOGIN, GONE, GONE, 200),
    "outcomes:convening_live":                     (("public.slug",), "GET", 200, 200,  200,   200),
    "outcomes:convening_live [members only]":      (("members_only.slug",), "GET", GONE, GONE, GONE, 200),
    "outcomes:convening_live_json":                (("public.slug",), "GET", 200, 200,  200,   200),
    "outcomes:convening_live_json [members only]": (("members_only.slug",), "GET", GONE, GONE, GONE, 200),
    # accounts (allauth): a signed-in user is sent on from the pages for signing in or up
    "account_login":                               ((), "GET",           200,   302,   302,   302),
    "account_logout":                              ((), "GET",           302,   200,   200,   200),
    "account_inactive":                            ((), "GET",           200,   200,   200,   200),
    "account_signup":                              ((), "GET",           200,   302,   302,   302),
    "account_reauthenticate":                      ((), "GET",           LOGIN, 200,   200,   200),
    "account_email":                               ((), "GET",           LOGIN, 200,   200,   200),
    "account_email_verification_sent":             ((), "GET",           200,   200,   200,   200),
    "account_change_password":                     ((), "GET",           LOGIN, 200,   200,   200),
    "account_set_password":                        ((), "GET",           LOGIN, 302,   302,   302),
    "account_reset_password":                      ((), "GET",           200,   200,   200,   200),
    "account_confirm_login_code":                  ((), "GET",           LOGIN, 302,   302,   302),
    "account_confirm_email":                       (("unknown_token",), "GET", 200, 200, 200,   200),
    "account_reset_password_from_key_done":        ((), "GET",           200,   200,   200,   200),
    "account_reset_password_from_key":             (("uidb36", "unknown_token"), "GET", 200, 200, 200, 200),
    "account_reset_password_done":                 ((), "GET",           200,   200,   200,   200),
    # uploads, served by Django only in development
    "media/<path:path>":                           (("missing_file",), "GET", GONE, GONE, GONE, GONE),
}
# fmt: on


def make_user(role):
    """The user who plays `role`; None for a visitor who is not signed in."""
    if role == "anonymous":
        return None
    if role == "user":
        return UserFactory()
    if role == "staff":
        # Lets the admin sign it in, and nothing else: no permission, no group.
        return UserFactory(is_staff=True)
    if role == "secretariat":
        return SecretariatFactory()  # the "secretariat" group, not a superuser
    raise AssertionError(f"make_user() does not know the role {role!r}")


def build_world():
    """Real records for every URL's arguments: a public convening and a members-only one
    (each with an open motion, a committee and a recommendation), a member organization
    with a coordinator, a person invited and a user's calendar link, an applicant."""
    public = ConveningFactory(slug="public-forum")
    members_only = PastConveningFactory(slug="members-forum", visibility="members")
    organization = OrganizationFactory(slug="member-org")
    coordinator = AffiliationFactory(organization=organization)
    AffiliationFactory(organization=organization, role=Affiliation.Role.MEMBER)
    for convening in (public, members_only):
        AttendanceFactory(convening=convening, organization=organization, channel="room")
        outcome_services.motion_open(
            user=SecretariatFactory(), motion=MotionFactory(convening=convening)
        )
    committee = CommitteeFactory(convening=public)
    hidden_committee = CommitteeFactory(convening=members_only)
    feed_owner = UserFactory(feed_token=secrets.token_urlsafe(24))
    return {
        "public": public,
        "members_only": members_only,
        "org": organization,
        "applicant": OrganizationFactory(slug="applicant", status=Organization.Status.APPLICANT),
        "affiliation": coordinator,
        "invitation": InvitationFactory(organization=organization),
        "branch": BranchFactory(),
        "committee": committee,
        "hidden_committee": hidden_committee,
        "recommendation": RecommendationFactory(convening=public, committee=committee),
        "hidden_recommendation": RecommendationFactory(
            convening=members_only, committee=hidden_committee
        ),
        "feed_token": feed_owner.feed_token,
        "unknown_token": "no-such-token-" + "x" * 20,
        "uidb36": "zz",
        "missing_file": "nothing/here.pdf",
    }


def argument(world, spec):
    name, _dot, attribute = spec.partition(".")
    value = world[name]
    return getattr(value, attribute) if attribute else value


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
    return key.split(" [")[0]


def path_of(key, world):
    args, *_rest = EXPECTED[key]
    values = [str(argument(world, spec)) for spec in args]
    name = url_name(key)
    if name.startswith("media/"):
        return "/media/" + "/".join(values)
    with translation.override("en"):
        return reverse(name, args=values)


def test_every_url_of_the_project_has_a_row():
    missing = sorted(set(project_urls()) - {url_name(key) for key in EXPECTED})
    assert not missing, "\n".join(f"add a row for {name}" for name in missing)


# Routes that exist only when the project starts with DEBUG on.
DEVELOPMENT_ONLY = {"media/<path:path>"}


def test_every_row_is_a_url_of_the_project():
    stale = sorted({url_name(key) for key in EXPECTED} - set(project_urls()) - DEVELOPMENT_ONLY)
    assert not stale, "\n".join(f"no URL named {name}: remove its row" for name in stale)


def test_every_row_has_one_status_per_role():
    for key, (_args, method, *statuses) in EXPECTED.items():
        assert len(statuses) == len(ROLES), key
        assert method in ("GET", "POST"), key


def test_a_staff_account_without_a_role_gets_what_a_signed_in_user_gets():
    staff, user = ROLES.index("staff"), ROLES.index("user")
    for key, (_args, _method, *statuses) in EXPECTED.items():
        assert statuses[staff] == statuses[user], key


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(EXPECTED))
def test_the_answer_to_each_role(key, role):
    if url_name(key) in DEVELOPMENT_ONLY and url_name(key) not in project_urls():
        pytest.skip("served by Django only when the project starts with DEBUG on")
    world = build_world()
    _args, method, *statuses = EXPECTED[key]
    expected = dict(zip(ROLES, statuses, strict=True))[role]
    client = Client(raise_request_exception=False)
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    path = path_of(key, world)
    response = client.post(path, {}) if method == "POST" else client.get(path)
    where = f"{role} {method} {path}"
    with translation.override("en"):
        sign_in = reverse("account_login")
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(sign_in), where
    else:
        assert response.status_code == expected, where
        if expected == 302:
            assert not response["Location"].startswith(sign_in), where
