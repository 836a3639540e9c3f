from django.urls import path

from .views import (
    accounts,
    activities,
    branches,
    calendar_token,
    exports,
    invitations,
    organizations,
    people,
    presence,
)

app_name = "members"

urlpatterns = [
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(
        "organizations/export.csv",
        exports.organization_export,
        {"fmt": "csv"},
        name="organization_csv",
    ),
    path(
        "organizations/export.xlsx",
        exports.organization_export,
        {"fmt": "xlsx"},
        name="organization_xlsx",
    ),
    path(
        "organizations/register/",
        organizations.organization_register,
        name="organization_register",
    ),
    path(
        "organizations/<slug:slug>/",
        organizations.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<slug:slug>/edit/", organizations.organization_edit, name="organization_edit"
    ),
    path(
        "organizations/<slug:slug>/people/",
        people.organization_people,
        name="organization_people",
    ),
    path(
        "organizations/<slug:slug>/people/<int:pk>/remove/",
        people.affiliation_remove,
        name="affiliation_remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/withdraw/",
        people.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "organizations/<slug:slug>/activities/",
        activities.organization_activities,
        name="organization_activities",
    ),
    path(
        "organizations/<slug:slug>/activities/<int:pk>/",
        activities.activity_edit,
        name="activity_edit",
    ),
    path(
        "organizations/<slug:slug>/activities/<int:pk>/end/",
        activities.activity_end,
        name="activity_end",
    ),
    path("presence/", presence.presence_page, name="presence"),
    path("presence/<slug:sector>/<slug:place>/", presence.presence_cell, name="presence_cell"),
    path("presence/export.csv", presence.presence_export, {"fmt": "csv"}, name="presence_csv"),
    path("presence/export.xlsx", presence.presence_export, {"fmt": "xlsx"}, name="presence_xlsx"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("branches/", branches.branch_list, name="branch_list"),
    path("branches/<slug:slug>/", branches.branch_detail, name="branch_detail"),
    path("secretariat/", branches.secretariat, name="secretariat"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/calendar-link/", calendar_token.calendar_token, name="calendar_token"),
]
