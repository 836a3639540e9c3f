"""Run the day's reminders once: the follow-up digest of recommendations (outcomes), the
convening reminders (events) and the secretariat's weekly escalation of long-overdue
recommendations (outcomes; sent once per ISO week, so a daily cron sends it on the week's first
day that has something to escalate). Beat runs them hourly; this command is for cron users and
the demo. It prints one line per e-mail and a total; with --dry-run it only prints.
"""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError

from events.reminders import send_convening_reminders
from outcomes.digest import send_digest
from outcomes.escalation import send_escalation


def parse_date(value):
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--date must be a real date written YYYY-MM-DD (for example 2026-03-11), "
            f"not {value!r}."
        ) from None


class Command(BaseCommand):
    help = (
        "Send the day's follow-up digest, convening reminders and the week's escalation to the "
        "secretariat once (beat does it hourly). "
        "Prints one line per e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Run as if this were today (default: today where the federation is).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only print what would be sent; queue nothing and write nothing.",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = parse_date(date) if date else None
        digests = send_digest(today=today, dry_run=dry_run, stdout=self.stdout)
        reminders = send_convening_reminders(today=today, dry_run=dry_run, stdout=self.stdout)
        escalations = send_escalation(today=today, dry_run=dry_run, stdout=self.stdout)
        verb = "would be sent" if dry_run else "queued"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(digests) + len(reminders) + len(escalations)} e-mails {verb}: "
                f"{len(digests)} follow-up digests, {len(reminders)} convening reminders, "
                f"{len(escalations)} escalations."
            )
        )
