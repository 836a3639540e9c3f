"""The outbox end to end: a real Celery worker, Redis as broker, PostgreSQL, an SMTP server.

The worker is a subprocess (`celery -A federation worker`) pointed at pytest-django's test
database; the test process publishes to the same Redis. Rows must be committed for the worker to
see them, hence transaction=True.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import quote

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection, transaction

from members import mail, services
from members.models import Message, Organization
from tests.members.factories import (
    AffiliationFactory,
    FederationFactory,
    OrganizationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"
WORKER_READY_TIMEOUT = 30
DELIVERY_TIMEOUT = 20


def wait_for(condition, timeout, interval=0.1):
    """Poll until condition() is truthy; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# -- the SMTP server ---------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler: keeps what it receives (it runs in the controller's thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._received = []

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._received.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"

    @property
    def received(self):
        with self._lock:
            return list(self._received)

    def to(self, address):
        return [content for recipients, content in self.received if address in recipients]

    def recipients(self):
        return sorted(address for recipients, _ in self.received for address in recipients)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


# -- the worker --------------------------------------------------------------------------------


def database_url():
    """pytest-django's test database, for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{db['NAME']}"


class Worker:
    def __init__(self, process):
        self.process = process
        self._lines = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self._lines.append(line)

    @property
    def output(self):
        with self._lock:
            return "".join(self._lines)

    def wait_ready(self, timeout):
        ready = wait_for(
            lambda: " ready." in self.output or self.process.poll() is not None, timeout
        )
        if not ready or self.process.poll() is not None:
            pytest.fail(f"the Celery worker did not start:\n{self.output}", pytrace=False)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._reader.join(timeout=5)


@contextmanager
def broker(url):
    """Point this process's Celery app at `url`, publishing for real (not eagerly)."""
    from federation.celery import app

    def forget_connections():
        # kombu keeps connection and producer pools, bound to the URL they were made for.
        app.pool.force_close_all()
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    before = (app.conf.broker_url, app.conf.task_always_eager)
    forget_connections()
    app.conf.broker_url, app.conf.task_always_eager = url, False
    try:
        yield app
    finally:
        forget_connections()
        app.conf.broker_url, app.conf.task_always_eager = before


@pytest.fixture
def worker(require_postgres, require_redis, smtp, request):
    # Tasks another test left in the queue refer to rows of its own: drop them.
    with broker(settings.REDIS_URL) as app:
        app.control.purge()
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "federation",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Worker(process)
    try:
        running.wait_ready(WORKER_READY_TIMEOUT)
        yield running
    finally:
        running.stop()
        # Shown by pytest when the test fails.
        print(f"--- Celery worker output ---\n{running.output}")


@pytest.fixture
def live_broker(worker):
    with broker(settings.REDIS_URL) as app:
        yield app


def subject_of(content):
    return str(make_header(decode_header(message_from_bytes(content)["Subject"])))


def send_sentinel():
    """Queue one more message and return its address: the solo worker takes tasks in order, so
    once it arrives, every task published before it has run."""
    user = UserFactory(email="sentinel@example.org")
    with transaction.atomic():
        mail.queue(
            user=user,
            kind="test",
            key="sentinel",
            template="status_change",
            context={
                "organization": OrganizationFactory.build(name_en="Sentinel"),
                "status_label": "—",
                "note": "",
                "url": mail.absolute("/"),
            },
        )
    return user.email


def assert_arrives(smtp, worker, address, count=1):
    arrived = wait_for(lambda: len(smtp.to(address)) >= count, DELIVERY_TIMEOUT)
    assert arrived, (
        f"no e-mail to {address} within {DELIVERY_TIMEOUT} s; received {smtp.recipients()}\n"
        f"worker output:\n{worker.output}"
    )


# -- the tests ---------------------------------------------------------------------------------


def test_approval_mails_each_coordinator_once_through_the_worker(smtp, worker, live_broker):
    FederationFactory()
    staff = StaffFactory()
    organization = OrganizationFactory(status=Organization.Status.APPLICANT)
    coordinators = sorted(
        AffiliationFactory(organization=organization, user__preferred_language=language).user.email
        for language in ("ar", "en")
    )

    # The service commits; its on_commit hook publishes one task per message to Redis.
    services.organization_change_status(
        organization=organization, to_status=Organization.Status.REGISTERED, user=staff
    )

    arrived = wait_for(lambda: len(smtp.received) >= 2, DELIVERY_TIMEOUT)
    assert arrived, f"received {smtp.recipients()}\nworker output:\n{worker.output}"
    assert smtp.recipients() == coordinators
    sent = wait_for(
        lambda: Message.objects.filter(status=Message.Status.SENT).count() == 2, DELIVERY_TIMEOUT
    )
    assert sent, list(Message.objects.values_list("to_address", "status", "last_error"))
    names = (organization.name_ar, organization.name_en)
    assert all(any(name in subject_of(c) for name in names) for _, c in smtp.received)

    # A duplicate task for each message (a redelivery, a retried publish): nothing more is sent.
    for message_id in Message.objects.values_list("pk", flat=True):
        mail.publish(message_id)
    sentinel = send_sentinel()
    assert_arrives(smtp, worker, sentinel)
    time.sleep(1)
    assert smtp.recipients() == sorted([*coordinators, sentinel])
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_a_broker_outage_delays_the_email_until_the_drain(smtp, worker):
    FederationFactory()
    staff = StaffFactory()
    organization = OrganizationFactory(status=Organization.Status.APPLICANT)
    coordinator = AffiliationFactory(organization=organization).user

    with broker(UNREACHABLE_BROKER):
        started = time.monotonic()
        services.organization_change_status(
            organization=organization, to_status=Organization.Status.REGISTERED, user=staff
        )
        elapsed = time.monotonic() - started
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    time.sleep(1)
    assert smtp.received == []

    # The broker is back: beat's drain (run here through the worker) sends what waited.
    with broker(settings.REDIS_URL) as app:
        app.send_task("members.drain_outbox")
        assert_arrives(smtp, worker, coordinator.email)
        sent = wait_for(
            lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT,
            DELIVERY_TIMEOUT,
        )
        assert sent, f"worker output:\n{worker.output}"

        # A second drain finds nothing to do.
        app.send_task("members.drain_outbox")
        sentinel = send_sentinel()
        assert_arrives(smtp, worker, sentinel)
        time.sleep(1)
    assert len(smtp.to(coordinator.email)) == 1
    assert smtp.recipients() == sorted([coordinator.email, sentinel])
    # Publishing gave up on the dead broker at once instead of holding up the caller.
    assert elapsed < 2, f"the approval took {elapsed:.1f} s with the broker down"
