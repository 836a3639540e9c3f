"""Staff enrol a second factor before they reach the administration or any secretariat or teller
page (settings.STAFF_MFA_REQUIRED; on in production, off in the demo).

A staff account here is one the admin site lets in (is_staff) or one holding the secretariat or
teller role: these accounts can change every member's record or a vote's count, so a stolen
password alone must not be enough. Signed in without an active authenticator app (allauth.mfa's
TOTP), such an account is sent to allauth's set-up page with a message, whatever it asks for,
except the pages it needs to set one up (the two-factor pages, re-authentication, verifying its
e-mail address, the language switch) and to sign out. Every page rather than a list of the
secretariat's: a secretariat page written tomorrow is covered without anyone remembering to.
Once set up, allauth asks for the code at every sign-in (its AuthenticateStage).

The admin's own sign-in is allauth's (federation/urls.py: secure_admin_login), with its rate
limits, so there is one door.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from . import roles

# View names a staff account without a second factor may still reach.
ALLOWED_VIEWS = {
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_confirm_email",
    "account_email_verification_sent",
    "admin:logout",
    "set_language",
    "healthz",
}
ALLOWED_PREFIX = "mfa_"  # allauth.mfa's pages: set-up, recovery codes, code entry


def is_staff_account(user) -> bool:
    """The admin's door is is_staff (Django's own check); the roles are permissions."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.is_staff
        or user.has_perm(roles.ACT_FOR_SECRETARIAT)
        or user.has_perm(roles.ACT_AS_TELLER)
    )


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def must_enrol(user) -> bool:
    return settings.STAFF_MFA_REQUIRED and is_staff_account(user) and not has_second_factor(user)


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_MFA_REQUIRED or not request.user.is_authenticated:
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        url_name = view_name.rpartition(":")[2]
        if view_name in ALLOWED_VIEWS or url_name.startswith(ALLOWED_PREFIX):
            return None
        if not must_enrol(request.user):
            return None
        language = translation.get_language()
        if not request.path_info.startswith(f"/{language}/"):
            # The admin's URLs carry no language: the set-up page in the account's own.
            language = request.user.preferred_language or language
        with translation.override(language):
            messages.warning(
                request,
                _(
                    "Staff accounts need a second factor. Set up an authenticator app on your "
                    "phone to continue; you will then be asked for its code when you sign in."
                ),
            )
            return redirect("mfa_activate_totp")
