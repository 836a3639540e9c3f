"""Creating and revoking personal API tokens (under My account)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.errors import NotAllowed, Refused
from members.models import User

from ..models import TOKEN_PREFIX, ApiToken, token_digest

# Enough for a few scripts; more is usually forgotten tokens nobody revoked.
MAX_ACTIVE_TOKENS = 10
NAME_MAX = ApiToken._meta.get_field("name").max_length


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the record and the token itself, which is shown once and never
    stored (only its hash is)."""
    if not (user.is_authenticated and user.is_active):
        raise NotAllowed()
    name = (name or "").strip()
    if not name:
        raise Refused(_("Give the token a name, to tell it from others."), code="name")
    if len(name) > NAME_MAX:
        raise Refused(
            _("The name is too long (at most %(max)d characters)."),
            code="name",
            params={"max": NAME_MAX},
        )
    # Locks the account's row: two forms sent at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Refused(
            _("You have %(max)d tokens in use; revoke one you no longer need first."),
            code="too_many",
            params={"max": MAX_ACTIVE_TOKENS},
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name, hint=token[: len(TOKEN_PREFIX) + 4], digest=token_digest(token)
    )
    return record, token


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Stop `token` from working, at once. Only its owner revokes it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise NotAllowed(_("This token is not yours."))
    if token.revoked_at is not None:
        raise Refused(_("This token was already revoked."), code="revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
