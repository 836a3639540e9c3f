import datetime

from celery import shared_task
from django.conf import settings

from . import digest


@shared_task(name="outcomes.send_followup_digest", ignore_result=True)
def send_followup_digest(*, day=None):
    """Beat calls this hourly; from the hour settings.DIGEST_HOUR of the federation's day on,
    it sends that day's digest. "From", not "in": a worker that was down at that hour catches
    up later the same day. Idempotent: the outbox holds one digest per member and day, so
    later runs queue nothing for those already served. `day` (an ISO date) forces a day."""
    if day is None:
        now = digest.federation_now()
        if now.hour < settings.DIGEST_HOUR:
            return 0
        today = now.date()
    else:
        today = datetime.date.fromisoformat(day)
    return len(digest.send_digest(today=today))
