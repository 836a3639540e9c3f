"""The audit log: who did what, when, to which record, from what to what."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is written once and never changed.")

    def delete(self):
        raise TypeError("The audit log is written once and never deleted.")

    def about(self, obj):
        return self.filter(
            object_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEntry(models.Model):
    """One act on the record. Rows are only ever added: the model refuses to save an existing
    row or delete one, the queryset refuses bulk updates and deletes, the admin shows them
    read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0008)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system itself acted (a task, the demo)."),
    )
    action = models.CharField(_("what"), max_length=60, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record"), max_length=40)
    object_repr = models.CharField(_("record"), max_length=250)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Field: [before, after].")
    )
    note = models.TextField(_("note"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is written once and never deleted.")
