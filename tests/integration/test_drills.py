"""Failure drills with the real services: Redis killed and restarted under requests and tasks,
the PostgreSQL connection cut, SMTP refusing or down. Pages answer, nothing is lost, every
e-mail is sent exactly once when the service returns.

Each drill starts what it breaks: its own redis-server (a port in 6390-6399, never the shared
6379), an SMTP server (aiosmtpd), a Celery worker, and for the database drill gunicorn, all
pointed at pytest-django's test database. The settings of this process (cache, broker) are the
production ones computed from federation/settings.py for that Redis, so the drill exercises
what a deployment runs, fallbacks included.
"""

import datetime
import itertools
import signal
import time
from contextlib import contextmanager

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.test import Client
from django.utils import timezone

from members import mail, memo, notify
from members.models import Invitation, Message
from tests.events.factories import ConveningFactory
from tests.integration.real_services import (
    Browser,
    Gunicorn,
    Mailbox,
    RedisProcess,
    app_environment,
    backends,
    celery_worker,
    form_fields,
    production_settings,
    terminate,
)
from tests.integration.test_celery_worker import broker, wait_for
from tests.members.factories import (
    PASSWORD,
    AffiliationFactory,
    FederationFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.outcomes.factories import RecommendationFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# A worker reconnecting to a restarted broker waits up to a few seconds between attempts.
RECOVERY_TIMEOUT = 60
# "At once": well under the 10 s SMTP timeout and any broker retry, on a busy 2-core machine.
AT_ONCE = 5.0


# -- the services ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_process(tmp_path_factory):
    server = RedisProcess(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def drill_redis(redis_process):
    """Our Redis, running and empty at the start of each drill."""
    redis_process.start()
    redis_process.client().flushall()
    yield redis_process
    redis_process.start()  # a drill that failed halfway leaves it up for the next


@pytest.fixture
def site_on(settings, monkeypatch):
    """Point this process (pages, cache, publishing) at a Redis, as production would, with the
    page cache and its memo on: the paths that touch the cache are the ones under test."""

    @contextmanager
    def use(redis_server):
        computed = production_settings(REDIS_URL=redis_server.url)
        settings.REDIS_URL = computed["REDIS_URL"]
        settings.CACHES = computed["CACHES"]
        settings.PAGE_CACHE = True
        monkeypatch.setattr(memo, "remembered", memo.remembered.__wrapped__)
        memo.forget()
        with broker(redis_server.url) as app:
            yield app

    return use


@pytest.fixture
def mailbox():
    server = Mailbox()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def worker(drill_redis, mailbox, require_postgres):
    env = app_environment(
        redis_url=drill_redis.url, smtp_port=mailbox.port, application_name="drill-worker"
    )
    with celery_worker(env) as running:
        yield running


# -- what the drills do ------------------------------------------------------------------------


def coordinator_and_organization():
    FederationFactory()
    organization = OrganizationFactory()
    coordinator = AffiliationFactory(organization=organization).user
    return coordinator, organization


def invite(client, organization, email):
    """What a coordinator does in the page: the form's own fields (CSRF, once-only token),
    filled in, posted. Returns the answer and how long it took."""
    path = f"/en/organizations/{organization.slug}/people/"
    page = client.get(path)
    content = page[1] if isinstance(page, tuple) else page.content.decode()
    fields = {**form_fields(content, "email"), "email": email}
    started = time.monotonic()
    response = client.post(path, fields)
    elapsed = time.monotonic() - started
    response = response[0] if isinstance(response, tuple) else response
    return response, elapsed


def status(response):
    return getattr(response, "status_code", None) or response.status


_sentinels = itertools.count(1)


def send_sentinel():
    """Queue one more e-mail and return its address: the solo worker takes tasks in order, so
    once it is handled, every task published before it has run."""
    address = f"sentinel-{next(_sentinels)}@example.org"
    with transaction.atomic():
        mail.queue_to_address(
            address=address,
            language="en",
            kind="test",
            key=address,
            template="notice",
            context=notify.notice(subject="Sentinel", lines=["—"]),
        )
    return address


def drain(app):
    """What beat does every minute: the outbox's drain, through the broker, run by the worker."""
    app.send_task("members.drain_outbox")


def sent_once(mailbox, worker, app, *addresses):
    """Each address got its e-mail, and one more drain sends none of them again."""
    for address in addresses:
        arrived = wait_for(lambda a=address: mailbox.to(a), RECOVERY_TIMEOUT)
        assert arrived, f"nothing reached {address}; got {mailbox.recipients()}\n{worker.output}"
    drain(app)
    sentinel = send_sentinel()  # the solo worker runs tasks in order: the drain has run
    assert wait_for(lambda: mailbox.to(sentinel), RECOVERY_TIMEOUT), worker.output
    for address in addresses:
        assert len(mailbox.to(address)) == 1, f"{address} got {len(mailbox.to(address))} e-mails"
        message = Message.objects.get(to_address=address)
        assert message.status == Message.Status.SENT


def public_pages(organization, convening, recommendation):
    return [
        "/ar/",
        "/en/",
        "/en/organizations/",
        f"/en/organizations/{organization.slug}/",
        "/ar/convenings/",
        f"/en/convenings/{convening.slug}/",
        "/en/recommendations/",
        recommendation.get_absolute_url(),
    ]


# -- Redis killed during requests and tasks ----------------------------------------------------


def test_redis_killed_under_requests_and_tasks_loses_no_email(
    drill_redis, site_on, mailbox, worker
):
    coordinator, organization = coordinator_and_organization()
    convening = ConveningFactory()
    recommendation = RecommendationFactory(responsible=organization)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    pages = public_pages(organization, convening, recommendation)

    with site_on(drill_redis) as app:
        # Before: pages fill the cache; an invitation goes through Redis to the worker.
        for path in pages:
            assert client.get(path).status_code == 200, path
        response, _ = invite(client, organization, "before@example.org")
        assert response.status_code == 302
        assert wait_for(lambda: mailbox.to("before@example.org"), RECOVERY_TIMEOUT), worker.output

        # A task in flight when Redis dies: the worker is paused, the task is published, then
        # Redis is killed (it keeps nothing on disk). Whether the paused worker had already
        # taken the task or it died with Redis, the outbox row decides: sent once either way.
        worker.process.send_signal(signal.SIGSTOP)
        response, _ = invite(client, organization, "in-flight@example.org")
        assert response.status_code == 302
        drill_redis.stop()
        worker.process.send_signal(signal.SIGCONT)

        # During: every page answers, signed in or not; health says the broker is down.
        anonymous = Client(raise_request_exception=False)
        for path in pages:
            for visitor in (anonymous, client):
                started = time.monotonic()
                response = visitor.get(path)
                assert response.status_code == 200, f"{path}: {response.status_code}"
                assert time.monotonic() - started < AT_ONCE, f"{path} hung on the dead cache"
        assert anonymous.get("/healthz").status_code == 503
        # An e-mail caused while Redis is down: the request answers at once, the message waits.
        response, elapsed = invite(client, organization, "during@example.org")
        assert response.status_code == 302
        assert elapsed < AT_ONCE, f"the invitation took {elapsed:.1f} s with Redis down"
        waiting = Message.objects.get(to_address="during@example.org")
        assert waiting.status == Message.Status.PENDING
        assert Invitation.objects.filter(email="during@example.org").exists()

        # After: Redis is back (empty); the worker reconnects; beat's drain sends what waited.
        drill_redis.start()
        assert wait_for(lambda: anonymous.get("/healthz").status_code == 200, RECOVERY_TIMEOUT)
        for path in pages:
            assert anonymous.get(path).status_code == 200, path
        drain(app)
        sent_once(mailbox, worker, app, "before@example.org", "in-flight@example.org")
        sent_once(mailbox, worker, app, "during@example.org")


def test_sign_in_answers_with_redis_killed(drill_redis, site_on):
    user = UserFactory(email="signing-in@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(raise_request_exception=False)

    with site_on(drill_redis):
        assert client.get("/en/accounts/login/").status_code == 200  # Redis up: connections made
        drill_redis.stop()
        assert client.get("/en/accounts/login/").status_code == 200
        wrong = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
        assert wrong.status_code == 200  # the form again, with its error; not a 500
        right = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert right.status_code == 302
        assert client.get("/en/").context["user"] == user
        reset = client.post("/en/accounts/password/reset/", {"email": user.email})
        assert reset.status_code in (200, 302)


# -- PostgreSQL connections cut ----------------------------------------------------------------


def test_a_cut_database_connection_is_reopened_and_nothing_is_lost(
    drill_redis, site_on, mailbox, worker
):
    coordinator, organization = coordinator_and_organization()
    # The session gunicorn will read: made here, in the shared database.
    login = Client()
    login.force_login(coordinator)
    env = app_environment(
        redis_url=drill_redis.url, smtp_port=mailbox.port, application_name="drill-web"
    )
    web = Gunicorn(env)
    try:
        web.wait_ready()
        browser = Browser(web.port, cookies={"sessionid": login.cookies["sessionid"].value})
        people = f"/en/organizations/{organization.slug}/people/"

        with site_on(drill_redis) as app:
            response, _ = invite(browser, organization, "first@example.org")
            assert status(response) == 302, web.output
            assert wait_for(lambda: mailbox.to("first@example.org"), RECOVERY_TIMEOUT)
            # gunicorn keeps its connection between requests (CONN_MAX_AGE). (Celery closes
            # the worker's after every task, so a cut between tasks cannot reach it.)
            web_before = backends("drill-web")
            assert web_before

            # The database drops it (a restart, a failover, an idle-connection killer).
            assert terminate("drill-web", "drill-worker") >= 1
            assert wait_for(lambda: not backends("drill-web"), 10)

            # The next request checks its connection (CONN_HEALTH_CHECKS), opens a new one, and
            # answers; so does the next task.
            response, content = browser.get(people)
            assert status(response) == 200, web.output
            assert "first@example.org" in content  # written before the cut, still there
            assert backends("drill-web") - web_before
            response, _ = invite(browser, organization, "second@example.org")
            assert status(response) == 302, web.output
            sent_once(mailbox, worker, app, "first@example.org", "second@example.org")
        assert set(Invitation.objects.values_list("email", flat=True)) == {
            "first@example.org",
            "second@example.org",
        }
        assert '" 500 ' not in web.output, web.output
    finally:
        web.stop()


# -- SMTP refusing, then down, then back -------------------------------------------------------


def make_due(message):
    """The backoff has passed (rather than waiting minutes in a test)."""
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_smtp_refusing_delays_the_email_with_backoff_and_sends_it_once(
    drill_redis, site_on, mailbox, worker
):
    coordinator, organization = coordinator_and_organization()
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)

    with site_on(drill_redis) as app:
        # The relay answers 451 (try again later): the request does not wait for it.
        mailbox.mode = Mailbox.DEFER
        started = timezone.now()
        response, elapsed = invite(client, organization, "patient@example.org")
        assert response.status_code == 302
        assert elapsed < AT_ONCE
        message = Message.objects.get(to_address="patient@example.org")

        def attempted(count):
            return wait_for(
                lambda: Message.objects.filter(
                    pk=message.pk, attempts=count, status=Message.Status.PENDING
                ).exists(),
                RECOVERY_TIMEOUT,
            )

        assert attempted(1), worker.output
        message.refresh_from_db()
        assert "451" in message.last_error
        # Backoff: the first retry waits a minute; a drain before then leaves it alone.
        assert message.next_attempt_at >= started + datetime.timedelta(seconds=55)
        drain(app)
        send_sentinel()
        # The sentinel is deferred too: its refusal shows the drain before it has run.
        assert wait_for(lambda: mailbox.refused >= 2, RECOVERY_TIMEOUT), worker.output
        message.refresh_from_db()
        assert message.attempts == 1

        # Then a permanent-looking refusal (550 at RCPT): retried too, with a longer wait.
        mailbox.mode = Mailbox.REJECT
        make_due(message)
        retried_at = timezone.now()
        drain(app)
        assert attempted(2), worker.output
        message.refresh_from_db()
        assert "550" in message.last_error
        assert message.next_attempt_at >= retried_at + datetime.timedelta(seconds=115)

        # Then the server is down altogether (connection refused).
        mailbox.stop()
        make_due(message)
        drain(app)
        assert attempted(3), worker.output
        message.refresh_from_db()
        assert "refused" in message.last_error.lower() or "Errno" in message.last_error

        # It accepts again: the next drain sends the message, once.
        mailbox.mode = Mailbox.ACCEPT
        mailbox.start()
        make_due(message)
        drain(app)
        sent_once(mailbox, worker, app, "patient@example.org")
        message.refresh_from_db()
        assert message.attempts == 4
        assert message.last_error == ""


def test_smtp_down_without_a_broker_the_request_still_answers(settings, mailbox):
    """The embedded set-up (no REDIS_URL: tasks run in the request): the send fails inside the
    request, which answers all the same; the message waits for the drain."""
    from federation.celery import app

    coordinator, organization = coordinator_and_organization()
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    mailbox.stop()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mailbox.port
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        response, elapsed = invite(client, organization, "later@example.org")
    finally:
        app.conf.task_always_eager = before
    assert response.status_code == 302
    assert elapsed < AT_ONCE
    message = Message.objects.get(to_address="later@example.org")
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error

    mailbox.start()
    make_due(message)
    assert mail.drain() == 1
    assert len(mailbox.to("later@example.org")) == 1
    assert mail.drain() == 0
