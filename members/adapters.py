from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the visitor signed up in, with the name they
        # gave (the sign-up form then creates the account's person with it).
        user.preferred_language = (get_language() or "ar")[:2]
        name = form.cleaned_data.get("name")
        if name:
            user.name = name
        return super().save_user(request, user, form, commit=commit)
