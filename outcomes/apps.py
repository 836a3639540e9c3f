from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from members import pagecache

        from .models import (
            Committee,
            CommitteeMember,
            Minutes,
            MinutesDiscussion,
            Motion,
            MotionResult,
            MotionResultChannel,
            ProgressUpdate,
            Recommendation,
        )

        # What anonymous visitors' cached pages show of this layer. Ballots are not watched:
        # pages show no ballot while a vote runs, and closing it stores the result (watched).
        pagecache.watch(
            "outcomes",
            Motion,
            MotionResult,
            MotionResultChannel,
            Recommendation,
            ProgressUpdate,
            Committee,
            CommitteeMember,
            Minutes,
            MinutesDiscussion,
        )
