import datetime

from celery import shared_task
from django.conf import settings

from members import clock

from . import digest, escalation, notifications
from .models import Motion


@shared_task(name="outcomes.send_followup_digest", ignore_result=True)
def send_followup_digest(*, day=None):
    """Beat calls this hourly; from the hour settings.DIGEST_HOUR of the federation's day on,
    it sends that day's digest. "From", not "in": a worker that was down at that hour catches
    up later the same day. Idempotent: the outbox holds one digest per member and day, so
    later runs queue nothing for those already served. `day` (an ISO date) forces a day."""
    if day is None:
        now = clock.federation_now()
        if now.hour < settings.DIGEST_HOUR:
            return 0
        today = now.date()
    else:
        today = datetime.date.fromisoformat(day)
    return len(digest.send_digest(today=today))


@shared_task(name="outcomes.notify_vote_opened", ignore_result=True)
def notify_vote_opened(*, motion_id):
    """E-mail the online delegates that a vote opened. Idempotent: one row per motion and
    recipient in the outbox, so a second run queues nothing."""
    motion = Motion.objects.select_related("convening").filter(pk=motion_id).first()
    if motion is None:
        return 0
    return notifications.vote_opened(motion=motion)


@shared_task(name="outcomes.send_escalation_digest", ignore_result=True)
def send_escalation_digest(*, day=None):
    """Beat calls this hourly; from settings.DIGEST_HOUR of the federation's day on, it sends
    the week's escalation e-mail to the secretariat if something is long overdue. The first
    such run of an ISO week sends it (Tuesday's, when the worker was down on Monday); the
    outbox holds one per member and week, so later runs that week queue nothing for those
    already served. `day` (an ISO date) forces a day."""
    if day is None:
        now = clock.federation_now()
        if now.hour < settings.DIGEST_HOUR:
            return 0
        today = now.date()
    else:
        today = datetime.date.fromisoformat(day)
    return len(escalation.send_escalation(today=today))
