# ruff: noqa: E501  (the table below is read across: one row per URL, one column per role)
"""Who gets what from every page of the portal (the admin has its own permissions).

Every URL pattern of the project, except the admin's, has a row in EXPECTED: the answer each
role gets, requested with real records (tests/federation/matrix.py builds them). A URL without
a row fails the test, so a new page cannot go unchecked. Where a URL writes, a POST row sends
a valid form: a role it refuses gets its refusal and changes nothing in any table of members,
events or outcomes; SAVED says the role's POST did its work.

Two rules hold across the table: a staff account without any permission or group gets exactly
what a plain signed-in user gets, and the superuser what the secretariat gets.

To add a role: add it to ROLES, make its user in matrix.build_world() (`players`), and add one
status to every row (the columns are in the order of ROLES).
"""

import pytest
from django.test import Client

from members import once

from .matrix import LOGIN, SAVED, ask, build_world, mismatch, path_of, project_urls, url_name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    # Staff accounts must have a second factor (every player has one: see matrix.py).
    settings.STAFF_MFA_REQUIRED = True
    # The API's rate limits have their own tests (test_api_errors.py).
    settings.API_RATE_LIMIT = settings.API_TOKEN_RATE_LIMIT = 100_000


ROLES = {
    "anonymous": "not signed in",
    "user": "signed in, in no organization",
    "member": "a member (not coordinator) of the active member organization the URLs name",
    "coordinator": "a coordinator of the organization the URL names (or in charge, registered, attending)",
    "other_coordinator": "a coordinator of another active member organization",
    "committee": "a current seat on the committee the URL names (or the recommendation's); no organization",
    # A named teller sees the members-only convening they work at as a member does (its page,
    # live panel, documents, outcomes), but casts no ballot and posts no progress.
    "teller": "in the teller group and named teller of the convening the URL names; no organization",
    "staff": "is_staff, without any permission or group",
    "secretariat": 'the "secretariat" group, not a superuser',
    "superuser": "a superuser",
}

NO = 403
GONE = 404  # as if it did not exist

# key: the URL name (" [variant]" for a second case of the same URL);
# value: (path arguments from matrix.build_world(), method, then one status per role in ROLES):
# a status code (302: a redirect elsewhere than the sign-in page), LOGIN (a redirect to sign
# in), NO (403), GONE (404) or SAVED. For a POST, anything but SAVED must write nothing.
# Rows naming `elsewhere`, `stray`, `stray_rec`, `former` or `former_rec`, or a record through
# `other_org`, name records where the committee member, the teller and the coordinator hold no
# role (or held one until yesterday): what they hold elsewhere must not count.
# fmt: off
EXPECTED = {
    # name                                                  path arguments                         method  anon   user   memb   coord  other  comm   tell   staff  secr   super
    "healthz":                                             ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "set_language":                                        ("",                                    "GET",  302,   302,   302,   302,   302,   302,   302,   302,   302,   302),
    "home":                                                ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "dashboard":                                           ("",                                    "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    200,   200),
    # members
    "members:organization_list":                           ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # exports: whatever the directory shows this visitor
    "members:organization_csv":                            ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:organization_xlsx":                           ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:organization_register":                       ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:organization_register [POST]":                ("",                                    "POST", LOGIN, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED),
    "members:organization_detail":                         ("org.slug",                            "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:organization_detail [applicant]":             ("applicant.slug",                      "GET",  GONE,  GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "members:organization_edit":                           ("org.slug",                            "GET",  LOGIN, NO,    NO,    200,   NO,    NO,    NO,    NO,    200,   200),
    "members:organization_edit [POST]":                    ("org.slug",                            "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:organization_edit [applicant]":               ("applicant.slug",                      "GET",  LOGIN, GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "members:organization_edit [applicant POST]":          ("applicant.slug",                      "POST", LOGIN, GONE,  GONE,  SAVED, GONE,  GONE,  GONE,  GONE,  SAVED, SAVED),
    "members:organization_people":                         ("org.slug",                            "GET",  LOGIN, NO,    NO,    200,   NO,    NO,    NO,    NO,    200,   200),
    "members:organization_people [POST]":                  ("org.slug",                            "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:organization_people [applicant]":             ("applicant.slug",                      "GET",  LOGIN, GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "members:affiliation_remove":                          ("org.slug affiliation.pk",             "GET",  LOGIN, NO,    NO,    200,   NO,    NO,    NO,    NO,    200,   200),
    "members:affiliation_remove [POST]":                   ("org.slug affiliation.pk",             "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:affiliation_remove [other org's account]":    ("org.slug other_affiliation.pk",       "GET",  LOGIN, NO,    NO,    GONE,  NO,    NO,    NO,    NO,    GONE,  GONE),
    "members:affiliation_remove [via other org POST]":     ("other_org.slug affiliation.pk",       "POST", LOGIN, NO,    NO,    NO,    GONE,  NO,    NO,    NO,    GONE,  GONE),
    "members:invitation_withdraw":                         ("org.slug invitation.pk",              "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:invitation_withdraw [via other org]":         ("other_org.slug invitation.pk",        "POST", LOGIN, NO,    NO,    NO,    GONE,  NO,    NO,    NO,    GONE,  GONE),
    # who does what where: the presence page for everyone, activities for their organization
    "members:presence":                                    ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:presence_cell":                               ("activity.sector.slug activity.place_id", "GET", 200, 200, 200,   200,   200,   200,   200,   200,   200,   200),
    "members:presence_csv":                                ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:presence_xlsx":                               ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:organization_activities":                     ("org.slug",                            "GET",  LOGIN, NO,    NO,    200,   NO,    NO,    NO,    NO,    200,   200),
    "members:organization_activities [POST]":              ("org.slug",                            "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:organization_activities [applicant]":         ("applicant.slug",                      "GET",  LOGIN, GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "members:activity_edit":                               ("org.slug activity.pk",                "GET",  LOGIN, NO,    NO,    200,   NO,    NO,    NO,    NO,    200,   200),
    "members:activity_edit [POST]":                        ("org.slug activity.pk",                "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:activity_edit [via other org]":               ("other_org.slug activity.pk",          "GET",  LOGIN, NO,    NO,    NO,    GONE,  NO,    NO,    NO,    GONE,  GONE),
    "members:activity_edit [applicant's]":                 ("applicant.slug applicant_activity.pk", "GET", LOGIN, GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "members:activity_end":                                ("org.slug activity.pk",                "POST", LOGIN, NO,    NO,    SAVED, NO,    NO,    NO,    NO,    SAVED, SAVED),
    "members:activity_end [via other org]":                ("other_org.slug activity.pk",          "POST", LOGIN, NO,    NO,    NO,    GONE,  NO,    NO,    NO,    GONE,  GONE),
    "api:activities":                                      ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:activity":                                        ("activity.pk",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:activity [applicant's]":                          ("applicant_activity.pk",               "GET",  GONE,  GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    # the invitation is addressed to none of the roles
    "members:invitation_accept":                           ("invitation.token",                    "GET",  200,   NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    "members:invitation_accept [POST]":                    ("invitation.token",                    "POST", 200,   NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    "members:invitation_accept [unknown]":                 ("unknown_token",                       "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "members:branch_list":                                 ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:branch_detail":                               ("branch.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:secretariat":                                 ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:profile":                                     ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "members:profile [POST]":                              ("",                                    "POST", LOGIN, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED),
    "members:calendar_token":                              ("",                                    "POST", LOGIN, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED),
    # events
    "events:convening_list":                               ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:feed_ics":                                     ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:convening_detail":                             ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:convening_detail [members only]":              ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,   200,  GONE,  200,   200),
    "events:convening_register":                           ("public.slug",                         "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    # registers `org`: only its coordinator may; the form offers the others no such choice
    "events:convening_register [POST]":                    ("public.slug",                         "POST", LOGIN, 200,   200,   SAVED, 200,   200,   200,   200,   200,   200),
    "events:convening_register [members only]":            ("members_only.slug",                   "GET",  LOGIN, GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "events:convening_checkin":                            ("public.slug",                         "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    200,   NO,    200,   200),
    "events:convening_checkin [POST]":                     ("public.slug",                         "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    SAVED, NO,    SAVED, SAVED),
    "events:convening_checkin [members only]":             ("members_only.slug",                   "GET",  LOGIN, GONE,  NO,    NO,    NO,    GONE,  200,   GONE,  200,   200),
    "events:convening_checkin [members only POST]":        ("members_only.slug",                   "POST", LOGIN, GONE,  NO,    NO,    NO,    GONE,  SAVED, GONE,  SAVED, SAVED),
    "events:convening_checkin [not their convening]":      ("elsewhere.slug",                      "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    200,   200),
    "events:convening_checkin [not their convening POST]": ("elsewhere.slug",                      "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    SAVED, SAVED),
    "events:convening_ics":                                ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:convening_ics [members only]":                 ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,   200,  GONE,  200,   200),
    # exports: the attendance list to those who see the convening; registrations to its tellers and the secretariat
    "events:convening_attendance_csv":                     ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:convening_attendance_csv [members only]":      ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "events:convening_attendance_xlsx":                    ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:convening_attendance_xlsx [members only]":     ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    # outcomes
    "outcomes:recommendation_list":                        ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:recommendation_csv":                         ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:recommendation_report":                      ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:recommendation_report_csv":                  ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:recommendation_report_xlsx":                 ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:personal_deadlines":                         ("feed_token",                          "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:personal_deadlines [unknown]":               ("unknown_token",                       "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "outcomes:committee_deadlines":                        ("committee.slug",                      "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:committee_deadlines [members only]":         ("hidden_committee.slug",               "GET",  GONE,  GONE,  200,   200,   200,   200,  200,  GONE,  200,   200),
    "outcomes:committee_deadlines [not their committee]":  ("stray.slug",                          "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "outcomes:organization_deadlines":                     ("org.slug",                            "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:organization_deadlines [applicant]":         ("applicant.slug",                      "GET",  GONE,  GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "outcomes:committee_list":                             ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:committee_detail":                           ("committee.slug",                      "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:committee_detail [members only]":            ("hidden_committee.slug",               "GET",  GONE,  GONE,  200,   200,   200,   200,  200,  GONE,  200,   200),
    "outcomes:committee_detail [not their committee]":     ("stray.slug",                          "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "outcomes:committee_detail [seat ended]":              ("former.slug",                         "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "outcomes:recommendation_detail":                      ("public.slug rec.number",              "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:recommendation_detail [POST]":               ("public.slug rec.number",              "POST", LOGIN, NO,    NO,    SAVED, NO,    SAVED, NO,    NO,    SAVED, SAVED),
    "outcomes:recommendation_detail [members only]":       ("members_only.slug hidden_rec.number", "GET",  GONE,  GONE,  200,   200,   200,   200,  200,  GONE,  200,   200),
    "outcomes:recommendation_detail [members only POST]":  ("members_only.slug hidden_rec.number", "POST", GONE,  GONE,  NO,    SAVED, NO,    SAVED,  NO ,  GONE,  SAVED, SAVED),
    "outcomes:recommendation_detail [not theirs]":         ("members_only.slug stray_rec.number",  "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "outcomes:recommendation_detail [not theirs POST]":    ("members_only.slug stray_rec.number",  "POST", GONE,  GONE,  NO,    NO,    NO,    GONE,  NO ,  GONE,  SAVED, SAVED),
    "outcomes:recommendation_detail [seat ended POST]":    ("members_only.slug former_rec.number", "POST", GONE,  GONE,  NO,    NO,    NO,    GONE,  NO ,  GONE,  SAVED, SAVED),
    "outcomes:convening_vote":                             ("public.slug",                         "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    # a ballot for `org`, which attends online: its coordinator's; the others are sent back, nothing cast
    "outcomes:convening_vote [POST]":                      ("public.slug",                         "POST", LOGIN, 302,   302,   SAVED, 302,   302,   302,   302,   302,   302),
    "outcomes:convening_vote [members only]":              ("members_only.slug",                   "GET",  LOGIN, GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "outcomes:convening_vote [members only POST]":         ("members_only.slug",                   "POST", LOGIN, GONE,  302,   SAVED, 302,   GONE,  302,  GONE,  302,   302),
    "outcomes:convening_tally":                            ("public.slug",                         "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    200,   NO,    200,   200),
    "outcomes:convening_tally [POST]":                     ("public.slug",                         "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    SAVED, NO,    SAVED, SAVED),
    # reported totals: the secretariat's, not the tellers'
    "outcomes:convening_tally [POST totals]":              ("public.slug",                         "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    SAVED, SAVED),
    "outcomes:convening_tally [members only]":             ("members_only.slug",                   "GET",  LOGIN, GONE,  NO,    NO,    NO,    GONE,  200,   GONE,  200,   200),
    "outcomes:convening_tally [members only POST]":        ("members_only.slug",                   "POST", LOGIN, GONE,  NO,    NO,    NO,    GONE,  SAVED, GONE,  SAVED, SAVED),
    "outcomes:convening_tally [not their convening]":      ("elsewhere.slug",                      "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    200,   200),
    "outcomes:convening_tally [not their convening POST]": ("elsewhere.slug",                      "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    SAVED, SAVED),
    "outcomes:convening_live":                             ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:convening_live [members only]":              ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,   200,  GONE,  200,   200),
    "outcomes:convening_live_json":                        ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:convening_live_json [members only]":         ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,   200,  GONE,  200,   200),
    # the stored results, as the convening page shows them
    "outcomes:convening_results_csv":                      ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:convening_results_csv [members only]":       ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "outcomes:convening_results_xlsx":                     ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "outcomes:convening_results_xlsx [members only]":      ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    # minutes: published at the members-only convening, a draft at `held`, none before a convening is held
    "outcomes:minutes":                                    ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "outcomes:minutes [draft]":                            ("held.slug",                           "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  200,   200),
    "outcomes:minutes [not held]":                         ("public.slug",                         "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "outcomes:minutes_pdf":                                ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "outcomes:minutes_pdf [draft]":                        ("held.slug",                           "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  200,   200),
    "outcomes:minutes_docx":                               ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "outcomes:minutes_docx [draft]":                       ("held.slug",                           "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  200,   200),
    "outcomes:minutes_edit":                               ("held.slug",                           "GET",  LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    200,   200),
    "outcomes:minutes_edit [members only]":                ("members_only.slug",                   "GET",  LOGIN, GONE,  NO,    NO,    NO,    GONE,  NO,    GONE,  200,   200),
    "outcomes:minutes_edit [POST]":                        ("held.slug",                           "POST", LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    SAVED, SAVED),
    # accounts (allauth): a signed-in user is sent on from the pages for signing in or up
    "account_login":                                       ("",                                    "GET",  200,   302,   302,   302,   302,   302,   302,   302,   302,   302),
    "account_logout":                                      ("",                                    "GET",  302,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_inactive":                                    ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_signup":                                      ("",                                    "GET",  200,   302,   302,   302,   302,   302,   302,   302,   302,   302),
    "account_reauthenticate":                              ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_email":                                       ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_email_verification_sent":                     ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_change_password":                             ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_set_password":                                ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "account_reset_password":                              ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_confirm_login_code":                          ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "account_confirm_email":                               ("unknown_token",                       "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_reset_password_from_key_done":                ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_reset_password_from_key":                     ("uidb36 unknown_token",                "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "account_reset_password_done":                         ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # two-factor sign-in (allauth.mfa): every signed-in role has an authenticator app here
    "mfa_index":                                           ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "mfa_activate_totp":                                   ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "mfa_deactivate_totp":                                 ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "mfa_authenticate":                                    ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "mfa_reauthenticate":                                  ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "mfa_view_recovery_codes":                             ("",                                    "GET",  LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "mfa_generate_recovery_codes":                         ("",                                    "GET",  LOGIN, 302,   302,   302,   302,   302,   302,   302,   302,   302),
    "mfa_download_recovery_codes":                         ("",                                    "GET",  LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    # uploads, through the view that asks the record holding the file who may see it
    "media/<path:path> [federation logo]":                 ("federation.logo.name",                "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "media/<path:path> [applicant logo]":                  ("applicant.logo.name",                 "GET",  GONE,  GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "media/<path:path> [public document]":                 ("public_document.file.name",           "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "media/<path:path> [members only document]":           ("hidden_document.file.name",           "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "media/<path:path> [members only photo]":              ("hidden_photo.image.name",             "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "media/<path:path> [evidence]":                        ("hidden_evidence.attachment.name",     "GET",  GONE,  GONE,  200,   200,   200,   200,  200,  GONE,  200,   200),
    "media/<path:path> [evidence not theirs]":             ("stray_evidence.attachment.name",      "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,  GONE,  200,   200),
    "media/<path:path> [proxy letter]":                    ("proxy.letter.name",                   "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  200,   GONE,  200,   200),
    "media/<path:path> [proxy letter elsewhere]":          ("stray_proxy.letter.name",             "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  200,   200),
    "media/<path:path> [POST]":                            ("public_document.file.name",           "POST", 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "media/<path:path> [missing]":                         ("missing_file",                        "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    # open-data API (JSON; rows the role may not see are 404, as on the pages)
    "api:index":                                           ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:openapi":                                         ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:unknown":                                         ("api_nowhere",                         "GET",  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "api:organizations":                                   ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:organization":                                    ("org.slug",                            "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:organization [applicant]":                        ("applicant.slug",                      "GET",  GONE,  GONE,  GONE,  200,   GONE,  GONE,  GONE,  GONE,  200,   200),
    "api:branches":                                        ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:branch":                                          ("branch.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:convenings":                                      ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:convening":                                       ("public.slug",                         "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:convening [members only]":                        ("members_only.slug",                   "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "api:motions":                                         ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:motion":                                          ("motion.pk",                           "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:motion [members only]":                           ("hidden_motion.pk",                    "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "api:recommendations":                                 ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:recommendation":                                  ("rec.pk",                              "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:recommendation [members only]":                   ("hidden_rec.pk",                       "GET",  GONE,  GONE,  200,   200,   200,   200,   200,   GONE,  200,   200),
    "api:recommendation [not theirs]":                     ("stray_rec.pk",                        "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "api:committees":                                      ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:committee":                                       ("committee.slug",                      "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:committee [members only]":                        ("hidden_committee.slug",               "GET",  GONE,  GONE,  200,   200,   200,   200,   200,   GONE,  200,   200),
    "api:committee [seat ended]":                          ("former.slug",                         "GET",  GONE,  GONE,  200,   200,   200,   GONE,  200,   GONE,  200,   200),
    "api_docs":                                            ("",                                    "GET",  200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api_tokens":                                          ("",                                    "GET",  LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api_tokens [POST]":                                   ("",                                    "POST", LOGIN, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED, SAVED),
    # only its owner (the plain member) revokes a token; to anyone else it does not exist
    "api_token_revoke":                                    ("api_token.pk",                        "POST", LOGIN, GONE,  SAVED, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
}
# fmt: on


def _ballots(world, convening):
    """The room's ballot of `room_org` on the convening's open motion, as a teller sends it."""
    motion = world.records["motions"][convening]
    prefix = f"m{motion.pk}"
    return {
        "action": "ballots",
        "motion": motion.pk,
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-0-organization": world.records["room_org"].pk,
        f"{prefix}-0-choice": "yes",
    }


def _ballot(world, convening):
    """`org`'s ballot on the convening's open motion, cast online."""
    motion = world.records["motions"][convening]
    return {"motion": motion.pk, "organization": world.records["org"].pk, "choice": "yes"}


def _check_in(world):
    """`other_org` arrives in the room."""
    return {"organization": world.records["other_org"].pk, "channel": "room", "action": "record"}


def _progress(world):
    """A progress update on the recommendation."""
    return {"status": "in_progress", "progress": "40", "note": "Met the partners."}


def _activity(w, **overrides):
    activity = w.records["activity"]
    return {
        "sector": activity.sector.slug,
        "country": activity.country.code,
        "place": activity.place_id,
        "start": "2025-03-01",
        "end": "",
        "reached": "",
        "description_ar": "",
        "description_en": "",
        **overrides,
    }


# What each POST row sends: a form its rightful user would send from the page (with its
# one-time form token), so that a refusal is the permission's, never the form's. Rows not
# listed send only the token.
POSTED = {
    "members:organization_register [POST]": lambda w: {
        "name_en": "Hope",
        "name_ar": "الأمل",
        "country": "SY",
    },
    "members:organization_edit [POST]": lambda w: {"name_en": "Renamed", "name_ar": "اسم جديد"},
    "members:organization_edit [applicant POST]": lambda w: {
        "name_en": "Renamed",
        "name_ar": "اسم جديد",
    },
    "members:organization_people [POST]": lambda w: {
        "email": "colleague@example.org",
        "role": "member",
    },
    "members:affiliation_remove [POST]": lambda w: {},
    "members:organization_activities [POST]": lambda w: _activity(w),
    "members:activity_edit [POST]": lambda w: _activity(w, reached="12"),
    "members:profile [POST]": lambda w: {"name": "New name", "preferred_language": "en"},
    "api_tokens [POST]": lambda w: {"name": "Reports"},
    "events:convening_register [POST]": lambda w: {
        "organization": w.records["org"].pk,
        "channel": "room",
        "delegates-TOTAL_FORMS": 1,
        "delegates-INITIAL_FORMS": 0,
        "delegates-MIN_NUM_FORMS": 0,
        "delegates-MAX_NUM_FORMS": 20,
        "delegates-0-name": "Huda Ahmad",
        "delegates-0-role": "",
        "delegates-0-email": "",
    },
    "events:convening_checkin [POST]": _check_in,
    "events:convening_checkin [members only POST]": _check_in,
    "events:convening_checkin [not their convening POST]": _check_in,
    "outcomes:recommendation_detail [POST]": _progress,
    "outcomes:recommendation_detail [members only POST]": _progress,
    "outcomes:recommendation_detail [not theirs POST]": _progress,
    "outcomes:recommendation_detail [seat ended POST]": _progress,
    "outcomes:convening_vote [POST]": lambda w: _ballot(w, "public-forum"),
    "outcomes:convening_vote [members only POST]": lambda w: _ballot(w, "members-forum"),
    "outcomes:convening_tally [POST]": lambda w: _ballots(w, "public-forum"),
    "outcomes:convening_tally [members only POST]": lambda w: _ballots(w, "members-forum"),
    "outcomes:convening_tally [not their convening POST]": lambda w: _ballots(w, "elsewhere-forum"),
    "outcomes:minutes_edit [POST]": lambda w: {"action": "approve", "motion": ""},
    "outcomes:convening_tally [POST totals]": lambda w: {
        "action": "tally",
        "motion": w.records["motions"]["public-forum"].pk,
        "channel": "room",
        "eligible": 1,  # one organization attends in the room
        "yes": 1,
        "no": 0,
        "abstain": 0,
    },
}


def test_every_url_of_the_project_has_a_row():
    missing = sorted(set(project_urls()) - {url_name(key) for key in EXPECTED})
    assert not missing, "\n".join(f"add a row for {name}" for name in missing)


def test_every_row_is_a_url_of_the_project():
    stale = sorted({url_name(key) for key in EXPECTED} - set(project_urls()))
    assert not stale, "\n".join(f"no URL named {name}: remove its row" for name in stale)


def test_every_row_has_one_status_per_role():
    for key, (_args, method, *statuses) in EXPECTED.items():
        assert len(statuses) == len(ROLES), key
        assert method in ("GET", "POST"), key
        assert SAVED not in statuses or method == "POST", key
    assert set(POSTED) <= {key for key, row in EXPECTED.items() if row[1] == "POST"}


def _column(role):
    index = list(ROLES).index(role)
    return {key: statuses[index] for key, (_args, _method, *statuses) in EXPECTED.items()}


def test_a_staff_account_without_a_role_gets_what_a_signed_in_user_gets():
    assert _column("staff") == _column("user")


def test_the_superuser_gets_what_the_secretariat_gets():
    assert _column("superuser") == _column("secretariat")


@pytest.mark.parametrize("key", list(EXPECTED))
def test_the_answer_to_each_role(key):
    world = build_world(files=url_name(key).startswith("media/"))
    assert list(world.players) == list(ROLES), "matrix.build_world() makes one player per role"
    args, method, *statuses = EXPECTED[key]
    path = path_of(key, args, world)
    data = POSTED.get(key, lambda w: {})(world)
    if method == "POST":
        data[once.FIELD] = once.new_token()  # as every form of the portal carries
    client = Client(raise_request_exception=False)
    wrong = []
    for role, expected in zip(ROLES, statuses, strict=True):
        answer = ask(client, world.player(role, args), method, path, data)
        problem = mismatch(expected, answer, method)
        if problem:
            wrong.append(f"{role}: {problem}")
    assert not wrong, f"{method} {path}\n" + "\n".join(wrong)
