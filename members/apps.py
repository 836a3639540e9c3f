from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            pagecache,
            places_data,
            roles,
            tasks,  # noqa: F401  (registers the outbox's tasks, which mail publishes by name)
        )
        from .models import (
            Activity,
            BoardSeat,
            Branch,
            Federation,
            Office,
            Organization,
            Person,
            Place,
            Sector,
        )

        # After every migrate and flush: the roles' groups hold what members.roles defines.
        post_migrate.connect(roles.ensure_roles, sender=self, dispatch_uid="members-ensure-roles")
        # …and the places dataset (members/data/places.json) is in the Place table.
        post_migrate.connect(
            places_data.ensure_places, sender=self, dispatch_uid="members-ensure-places"
        )
        # What anonymous visitors' cached pages show of this layer.
        pagecache.watch(
            "members",
            Federation,
            Sector,
            Branch,
            Organization,
            BoardSeat,
            Person,
            Office,
            Activity,
            Place,
        )
