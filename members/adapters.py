from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the visitor signed up in.
        user.preferred_language = (get_language() or "ar")[:2]
        return super().save_user(request, user, form, commit=commit)
