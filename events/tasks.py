import datetime

from celery import shared_task

from . import reminders


@shared_task(name="events.send_convening_reminders", ignore_result=True)
def send_convening_reminders_task(*, day=None):
    """Queue the reminders due today (the federation's date), or for `day` (an ISO date).

    Idempotent: the outbox's rows are unique per convening and recipient, so beat's hourly runs
    and a task delivered twice queue each reminder once.
    """
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return len(reminders.send_convening_reminders(today=day))
