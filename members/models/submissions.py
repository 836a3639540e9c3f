"""Forms already sent: the one-time token each form of a page carries (members.once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form that was sent and saved, known by the random token its page put in it.

    The row is written in the same transaction as what the form saves, and `(user, token)` is
    unique: the same form sent again — a double click, a reload, the back button, two tabs, or
    three submits at the same moment — finds the row (or waits for it on the unique index)
    and goes to what the first one saved, `url`, instead of saving it twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(_("form token"), max_length=32)
    url = models.CharField(_("saved at"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_save_per_form_token")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.token}"
