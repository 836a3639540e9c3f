from django.urls import path

from .views import accounts, branches, organizations

app_name = "members"

urlpatterns = [
    path("organizations/", organizations.organization_list, name="organization_list"),
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
    path("branches/", branches.branch_list, name="branch_list"),
    path("branches/<slug:slug>/", branches.branch_detail, name="branch_detail"),
    path("secretariat/", branches.secretariat, name="secretariat"),
    path("accounts/profile/", accounts.profile, name="profile"),
]
