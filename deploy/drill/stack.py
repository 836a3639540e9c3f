"""The drill's stack: docker-compose run for project `tansiq-drill`, and a small HTTPS client
that talks to it through nginx's published port (deploy/drill/drill.py uses both)."""

import http.client
import os
import re
import secrets
import ssl
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "drill"
PROJECT = "tansiq-drill"
HOST = "localhost"
HTTP_PORT = int(os.environ.get("DRILL_HTTP_PORT", "18080"))
HTTPS_PORT = int(os.environ.get("DRILL_HTTPS_PORT", "18443"))
ORIGIN = f"https://{HOST}:{HTTPS_PORT}"
DOCKER = os.environ.get("DOCKER") or "docker"
COMPOSE = os.environ.get("DOCKER_COMPOSE") or "docker-compose"
WEB_REPLICAS = 2


class Failed(Exception):
    """A check found the stack not doing what it should."""


# -- running things ---------------------------------------------------------------------------


def run(args, *, input=None, timeout=600, check=True):
    result = subprocess.run(
        [str(arg) for arg in args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=compose_environment(),
    )
    if check and result.returncode != 0:
        raise Failed(
            f"`{' '.join(map(str, args[:8]))} ...` exited {result.returncode}:\n"
            f"{(result.stdout + result.stderr)[-3000:]}"
        )
    return result


def compose_environment():
    # Nothing from the caller's shell (DEBUG=true from make, a developer's SECRET_KEY...) may
    # reach the stack: only var/drill/drill.env does.
    keep = ("PATH", "HOME", "DOCKER_HOST", "LANG")
    return {name: os.environ[name] for name in keep if name in os.environ}


def compose(*args, **kwargs):
    return run(
        [COMPOSE, "--project-name", PROJECT, "--env-file", VAR / "drill.env",
         "--file", ROOT / "docker-compose.yml",
         "--file", ROOT / "deploy" / "drill" / "docker-compose.drill.yml", *args],
        **kwargs,
    )  # fmt: skip


def compose_bytes(*args, timeout=300):
    """stdout of a compose command, as bytes (a dump, an archive)."""
    command = [COMPOSE, "--project-name", PROJECT, "--env-file", VAR / "drill.env",
               "--file", ROOT / "docker-compose.yml",
               "--file", ROOT / "deploy" / "drill" / "docker-compose.drill.yml", *args]  # fmt: skip
    result = subprocess.run(
        [str(arg) for arg in command], capture_output=True, timeout=timeout,
        env=compose_environment(),
    )  # fmt: skip
    if result.returncode != 0:
        raise Failed(f"`docker-compose {' '.join(args)}` exited {result.returncode}: "
                     f"{result.stderr.decode(errors='replace')[-2000:]}")  # fmt: skip
    return result.stdout


def manage(*args, input=None, service="web"):
    return compose("exec", "-T", service, "python", "manage.py", *args, input=input).stdout


def containers(service=None):
    """Ids of the project's containers (of one service), running or not."""
    labels = [f"com.docker.compose.project={PROJECT}"]
    if service:
        labels.append(f"com.docker.compose.service={service}")
    filters = [arg for label in labels for arg in ("--filter", f"label={label}")]
    return sorted(run([DOCKER, "ps", "--all", "--quiet", *filters]).stdout.split())


def inspect(container, template):
    return run([DOCKER, "inspect", "--format", template, container]).stdout.strip()


def logs(container):
    result = run([DOCKER, "logs", container])
    return result.stdout + result.stderr


def wait_for(what, probe, *, timeout, every=1.0):
    """probe() until it returns something true; Failed naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = probe()
        except (OSError, http.client.HTTPException, Failed) as error:
            value, last = None, error
        if value:
            return value
        time.sleep(every)
    raise Failed(f"{what}: not within {timeout:.0f} s" + (f" (last error: {last})" if last else ""))


# -- a browser of sorts -----------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """HTTPS to the proxy's published port, as a browser at https://localhost:18443 would:
    cookies kept, the Host and Origin of that address, every request tagged in its User-Agent so
    that the gunicorn access log of the replica that answered it can be found."""

    counter = 0

    def __init__(self, name):
        self.name = name
        self.cookies = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # the drill's self-signed certificate

    def request(self, method, path, *, data=None, headers=None, port=HTTPS_PORT, tls=True):
        Browser.counter += 1
        tag = f"tansiq-drill-{self.name}-{Browser.counter}"
        sent = {"Host": f"{HOST}:{port}", "User-Agent": tag, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Origin", ORIGIN)
            sent.setdefault("Referer", ORIGIN + path)
        if tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", port, context=self.context, timeout=30
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
            for header in raw.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                for key, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
        finally:
            connection.close()
        response.tag = tag
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def form(self, path, fields, *, expect=(302,)):
        """GET the form at `path` (its CSRF token), then POST `fields` to it."""
        page = self.get(path)
        if page.status != 200:
            raise Failed(f"GET {path} answered {page.status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            raise Failed(f"GET {path}: no CSRF token in the form")
        response = self.post(path, {"csrfmiddlewaretoken": token.group(1), **fields})
        if expect and response.status not in expect:
            raise Failed(f"POST {path} answered {response.status}, expected {expect}")
        return response


def answered_by(tags):
    """{web container: number of the tagged requests in its access log}."""
    seen = {}
    for container in containers("web"):
        log = logs(container)
        seen[container[:12]] = sum(1 for tag in tags if f'"{tag}"' in log)
    return seen


def both_replicas_answered(tags, what):
    seen = answered_by(tags)
    if len(seen) != WEB_REPLICAS or not all(seen.values()):
        raise Failed(f"{what}: not spread over {WEB_REPLICAS} web replicas: {seen}")
    return seen


# -- the stack --------------------------------------------------------------------------------


def prepare():
    """var/drill/drill.env (fresh secrets) and a self-signed certificate for localhost."""
    tls = VAR / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    if not (tls / "fullchain.pem").exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
             "-keyout", tls / "privkey.pem", "-out", tls / "fullchain.pem"],
            check=True, capture_output=True,
        )  # fmt: skip
        # nginx's workers read it as www-data.
        (tls / "privkey.pem").chmod(0o644)
    settings = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "POSTGRES_PASSWORD": secrets.token_hex(24),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": ORIGIN,
        "SITE_URL": ORIGIN,
        "HTTP_PORT": HTTP_PORT,
        "HTTPS_PORT": HTTPS_PORT,
        "TLS_CERTS_DIR": tls,
        # The demo coordinator is not staff, but the secretariat's accounts are: as in the local
        # trial of docs/deployment.md.
        "STAFF_MFA_REQUIRED": "false",
        # Two small replicas on a small machine.
        "WEB_CONCURRENCY": 2,
    }
    (VAR / "drill.env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))


def start():
    compose("down", "--volumes", "--remove-orphans", timeout=120)  # a previous run's leftovers
    # `up` waits for each depends_on condition: db and redis healthy, migrate exited 0, web
    # healthy before the proxy starts.
    compose("up", "--detach", "--no-build", "--scale", f"web={WEB_REPLICAS}", timeout=900)


def stop():
    result = compose("down", "--volumes", "--remove-orphans", "--timeout", "20", check=False)
    left = containers() if result.returncode == 0 else ["?"]
    label = f"label=com.docker.compose.project={PROJECT}"
    volumes = run(
        [DOCKER, "volume", "ls", "--quiet", "--filter", label], check=False
    ).stdout.split()
    if result.returncode != 0 or left or volumes:
        print(f"!! clean-up incomplete: {result.stderr[-500:]} containers {left} volumes {volumes}")
        return False
    return True


def health(container):
    return inspect(container, "{{if .State.Health}}{{.State.Health.Status}}{{end}}")


def dump_logs():
    """The last lines of every service's log, for whoever reads the failed run."""
    try:
        out = compose("logs", "--no-color", "--tail", "40", check=False, timeout=60)
        (VAR / "failed-run.log").write_text(out.stdout + out.stderr)
        print(f"   (the services' last log lines: {VAR / 'failed-run.log'})")
    except Exception as error:  # the clean-up must run whatever this does
        print(f"   (no logs: {error})")
