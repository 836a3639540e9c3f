from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Convenings")

    def ready(self):
        from members import pagecache

        from .models import (
            AgendaItem,
            Attendance,
            Convening,
            ConveningDocument,
            ConveningPartner,
            ConveningPhoto,
        )

        # What anonymous visitors' cached pages show of this layer (registrations and their
        # delegates are shown to their organization and the secretariat only).
        pagecache.watch(
            "events",
            Convening,
            AgendaItem,
            ConveningPartner,
            ConveningPhoto,
            ConveningDocument,
            Attendance,
        )
