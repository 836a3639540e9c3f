"""Real services the failure drills start, stop and break (tests/integration/test_drills.py):
a Redis server of their own, an SMTP server that can refuse, gunicorn, a Celery worker, a small
HTTP client with cookies and forms, and a look at PostgreSQL's connections."""

import http.client
import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
import redis
from django.conf import settings

from tests.conftest import _missing
from tests.integration.test_celery_worker import (
    WORKER_READY_TIMEOUT,
    Inbox,
    Worker,
    database_url,
    wait_for,
)

# Ports kept for the drills' own Redis, away from the shared one on 6379.
DRILL_REDIS_PORTS = range(6390, 6400)


def port_is_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# -- Redis -------------------------------------------------------------------------------------


class RedisProcess:
    """A redis-server of our own, keeping nothing on disk, that a drill can kill and restart on
    the same port (as a crashed Redis restarted by its supervisor comes back empty)."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server") or (
            "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
        )
        if not self.binary:
            _missing("redis-server (apt-get install redis-server)")
        self.port = next((p for p in DRILL_REDIS_PORTS if port_is_free(p)), None)
        if self.port is None:
            _missing(f"a free port for Redis in {DRILL_REDIS_PORTS}")
        self.folder = folder
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self):
        if self.running():
            return
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder), "--logfile", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

        def answers():
            try:
                return self.client().ping()
            except redis.RedisError:
                return False

        if not wait_for(answers, 10):
            self.stop()
            pytest.fail(f"redis-server did not start on port {self.port}", pytrace=False)

    def stop(self):
        """Like a crash: SIGKILL, nothing saved, every connection cut."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


# -- SMTP --------------------------------------------------------------------------------------


class Mailbox(Inbox):
    """An SMTP server that accepts, defers (451 at DATA), rejects (550 at RCPT), or is down."""

    ACCEPT, DEFER, REJECT = "accept", "defer", "reject"

    def __init__(self):
        super().__init__()
        self.mode = self.ACCEPT
        self.refused = 0
        self.controller = None
        self.port = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == self.REJECT:
            self.refused += 1
            return "550 5.7.1 Relaying refused for now"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == self.DEFER:
            self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        return await super().handle_DATA(server, session, envelope)

    def start(self):
        from aiosmtpd.controller import Controller

        if self.port is None:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# -- gunicorn ----------------------------------------------------------------------------------


class Gunicorn:
    """The site served as in production (gunicorn, one sync worker), on a port of its own."""

    def __init__(self, env):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "federation.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "30",
             "--access-logfile", "-"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        self._lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self._lines.append(line)

    @property
    def output(self):
        return "".join(self._lines)

    def wait_ready(self, timeout=30):
        def answers():
            if self.process.poll() is not None:
                return True
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                return connection.getresponse().status in (200, 503)
            except OSError:
                return False

        if not wait_for(answers, timeout, interval=0.2) or self.process.poll() is not None:
            pytest.fail(f"gunicorn did not start:\n{self.output}", pytrace=False)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._reader.join(timeout=5)


# -- HTTP, as a browser would ------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the first <form method="post"> holding an input named `marker`: hidden
    inputs (CSRF, the once-only token) with their values, a select's selected option."""

    def __init__(self, marker):
        super().__init__()
        self.marker = marker
        self.forms, self._current, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {}
        elif self._current is None:
            return
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
                self._current[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._current.setdefault(self._select, None)
        elif (
            tag == "option"
            and self._select
            and (self._current[self._select] is None or "selected" in attrs)
        ):
            self._current[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def form_fields(html, marker):
    parser = FormFields(marker)
    parser.feed(html)
    for fields in parser.forms:
        if marker in fields:
            return fields
    raise AssertionError(f"no form with a field {marker!r} in the page")


class Browser:
    """Requests to a live server with a cookie jar; redirects are returned, not followed."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method, path, data=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        response.elapsed = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


# -- the app's processes, and this one's settings -------------------------------------------


def production_settings(**environment):
    """What federation/settings.py computes with these variables set (DEBUG on for its key)."""
    before = dict(os.environ)
    os.environ.update({"DEBUG": "true", **environment})
    try:
        return runpy.run_path(str(settings.BASE_DIR / "federation" / "settings.py"))
    finally:
        os.environ.clear()
        os.environ.update(before)


def app_environment(*, redis_url, smtp_port, application_name):
    """The environment of a worker or gunicorn: the test database (named in pg_stat_activity,
    so that a drill can cut exactly its connection), our Redis, our SMTP server."""
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"{database_url()}?application_name={application_name}",
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "PAGE_CACHE": "on",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def celery_worker(env):
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "federation", "worker", "--pool", "solo",
         "--loglevel", "INFO", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    running = Worker(process)
    try:
        running.wait_ready(WORKER_READY_TIMEOUT)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)  # in case a drill paused it
        running.stop()
        print(f"--- Celery worker output ---\n{running.output}")


# -- PostgreSQL, seen from a connection of our own ---------------------------------------------


def backends(application_name):
    """Server processes serving `application_name`, seen from a connection of our own."""
    with psycopg.connect(database_url(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name]
        ).fetchall()
    return {pid for (pid,) in rows}


def terminate(*application_names):
    with psycopg.connect(database_url(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = ANY(%s)",
            [list(application_names)],
        ).fetchall()
    return sum(1 for (done,) in rows if done)
