"""Enqueueing tasks so that a broker outage never loses the work.

`enqueue` is called after commit (inside transaction.on_commit); when the broker cannot be
reached it runs the task here instead. Tasks are idempotent, so a task that was published and
also run here (a publish that failed late) does its work once.
"""

import logging

log = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> None:
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception as error:
        log.warning("broker unavailable, running %s here: %s", task.name, error)
        task.run(**kwargs)
