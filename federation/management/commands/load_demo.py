"""Load the demo: the members layer (federation, branches, organizations, accounts), the events
layer (the convenings of the source articles and two planned ones), then the outcomes layer
(the Istanbul vote, recommendations, follow-up committees and their progress).

Each layer has its own loader (`members.demo`, `events.demo`, `outcomes.demo`); this command,
which sits above them, runs them in order inside one transaction and reports. Running it again
changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events import demo as events_demo
from members import demo as members_demo
from members.demo import activities as activities_demo
from outcomes import demo as outcomes_demo


class Command(BaseCommand):
    help = (
        "Load the demo federation, its members, branches, convenings, outcomes and accounts "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even when DEBUG is off.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates demo accounts with a published password, so it runs only "
                "when DEBUG is on. Pass --force to load the demo data anyway."
            )
        changes = members_demo.Changes()
        with transaction.atomic():
            members = members_demo.load(changes=changes)
            activities = activities_demo.load(
                changes=changes, organizations=members["organizations"], users=members["users"]
            )
            events = events_demo.load(
                changes=changes,
                organizations=members["organizations"],
                users=members["users"],
                people=members["people"],
            )
            outcomes = outcomes_demo.load(
                changes=changes,
                convenings=events["convenings"],
                organizations=members["organizations"],
                sectors=members["sectors"],
                users=members["users"],
                people=members["people"],
            )
        self.stdout.write(self.style.SUCCESS(members_demo.summary(members["federation"])))
        self.stdout.write(self.style.SUCCESS(activities_demo.summary(activities)))
        self.stdout.write(self.style.SUCCESS(events_demo.summary(events["convenings"])))
        self.stdout.write(self.style.SUCCESS(outcomes_demo.summary(outcomes)))
        if changes:
            for label, counter in (("Created", changes.created), ("Updated", changes.updated)):
                if counter:
                    parts = ", ".join(f"{name} {n}" for name, n in counter.items())
                    self.stdout.write(f"{label}: {parts}.")
        else:
            self.stdout.write("Nothing changed: the demo data was already loaded.")
        self.stdout.write(members_demo.accounts())
