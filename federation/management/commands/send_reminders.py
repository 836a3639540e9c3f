"""Run the day's reminders once: the follow-up digest of recommendations (outcomes) and the
convening reminders (events). Beat runs both hourly; this command is for cron users and the
demo. It prints one line per e-mail and a total; with --dry-run it only prints.
"""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError

from events.reminders import send_convening_reminders
from outcomes.digest import send_digest


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
        "Send the day's follow-up digest and convening reminders once (beat does it hourly). "
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
        verb = "would be sent" if dry_run else "queued"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(digests) + len(reminders)} e-mails {verb}: "
                f"{len(digests)} follow-up digests, {len(reminders)} convening reminders."
            )
        )
