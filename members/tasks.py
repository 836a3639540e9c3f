from celery import shared_task

from . import mail


@shared_task(name=mail.SEND_TASK, ignore_result=True)
def send_message(*, message_id):
    # Idempotent: mail.deliver() claims the row first; a second run finds it claimed or sent.
    mail.deliver(message_id)


@shared_task(name="members.drain_outbox", ignore_result=True)
def drain_outbox():
    return mail.drain()
