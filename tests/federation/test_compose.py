"""docker-compose.yml, .env.example and deploy/nginx.conf say the same thing as the settings.

Every environment variable the code reads reaches the containers and is described for whoever
deploys; only nginx is published; start-up waits on health; and the proxy example, run here with
a real nginx, does what the app trusts it to do.
"""

import ast
import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.conftest import _missing

ROOT = Path(settings.BASE_DIR)
APP_PACKAGES = ("federation", "members", "events", "outcomes")
# Read by the code, but not for a deployment: the test runner's flag and `make bench`'s page.
NOT_FOR_DEPLOYMENT = {"CI": "tests only", "BENCH_HELLO": "make bench only"}
# Read by something else than the settings: gunicorn's worker count.
READ_ELSEWHERE = {"WEB_CONCURRENCY"}
# The Makefile's own (make backup / make restore).
MAKE_VARIABLES = {"BACKUP_DIR"}
# Read by Compose itself.
COMPOSE_VARIABLES = {"COMPOSE_PROJECT_NAME"}
APP_SERVICES = ("migrate", "web", "worker", "beat")
ENV_FUNCTIONS = {"env_str", "env_bool", "env_int", "env_list"}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def nginx_conf():
    return (ROOT / "deploy" / "nginx.conf").read_text()


def variables_read_by_the_code():
    """Names read from the environment anywhere in the apps: env_*("NAME"), os.environ.get,
    os.environ["NAME"], os.getenv."""
    names = set()
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                name = _read_name(node)
                if name:
                    names.add(name)
    return names


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _read_name(node):
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ENV_FUNCTIONS:
            return _literal(node.args[0])
        text = ast.unparse(func)
        if text in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
            return _literal(node.args[0])
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
        return _literal(node.slice)
    return None


def described_in_env_example():
    """Each `NAME=` or `# NAME=` line of .env.example, in order (a name twice is a mistake)."""
    text = (ROOT / ".env.example").read_text()
    return re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def compose_references():
    """Every ${NAME...} of docker-compose.yml: what .env can set."""
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text()))


# -- every variable, everywhere --------------------------------------------------------------


def test_the_scan_finds_the_variables_the_settings_read():
    found = variables_read_by_the_code()
    assert {"SECRET_KEY", "SITE_URL", "DIGEST_HOUR", "LOG_LEVEL", "MEDIA_ACCEL_REDIRECT"} <= found


def test_every_variable_the_code_reads_is_passed_to_every_app_container():
    wanted = variables_read_by_the_code() - set(NOT_FOR_DEPLOYMENT)
    services = compose()["services"]
    for service in APP_SERVICES:
        environment = services[service]["environment"]
        missing = sorted(wanted - set(environment))
        assert not missing, f"docker-compose.yml does not pass {missing} to {service}"


def test_every_variable_the_code_reads_is_described_in_env_example():
    wanted = variables_read_by_the_code() - set(NOT_FOR_DEPLOYMENT)
    missing = sorted(wanted - set(described_in_env_example()))
    assert not missing, f".env.example does not describe {missing}"


def test_env_example_describes_each_variable_once_and_only_real_ones():
    names = described_in_env_example()
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f".env.example describes {twice} more than once"
    known = (
        variables_read_by_the_code()
        | compose_references()
        | READ_ELSEWHERE
        | MAKE_VARIABLES
        | COMPOSE_VARIABLES
    )
    stale = sorted(set(names) - known)
    assert not stale, f".env.example describes {stale}, which nothing reads"


def test_everything_compose_lets_env_set_is_described():
    missing = sorted(compose_references() - set(described_in_env_example()))
    assert not missing, f"docker-compose.yml reads {missing} from .env, undescribed"


def test_links_in_emails_cannot_silently_point_at_127_0_0_1():
    # Required, with no default: compose refuses to start without it.
    assert compose()["services"]["web"]["environment"]["SITE_URL"].startswith("${SITE_URL:?")


# -- the network: nginx is the way in --------------------------------------------------------


def published(service):
    return [str(port) for port in service.get("ports", [])]


def test_only_the_proxy_is_published_beyond_this_host():
    for name, service in compose()["services"].items():
        if name == "proxy":
            assert published(service), "the proxy publishes nothing"
            continue
        public = [port for port in published(service) if not port.startswith("127.0.0.1:")]
        assert not public, f"{name} is published on every interface: {public}"


def test_gunicorn_is_reachable_from_the_proxy_only_since_it_trusts_forwarded_headers():
    web = compose()["services"]["web"]
    assert "ports" not in web
    assert web["environment"]["TRUST_X_FORWARDED_PROTO"] == "true"
    # One proxy, nginx, appends the client's address; more only with a balancer in front.
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_start_up_is_gated_on_health():
    services = compose()["services"]
    for name in ("db", "redis", "web"):
        check = services[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    assert services["migrate"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["migrate"]["restart"] == "no"
    assert services["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_the_existing_services_are_all_kept_and_beat_is_never_scaled():
    services = compose()["services"]
    assert {"db", "redis", "migrate", "web", "worker", "beat", "mail", "proxy"} <= set(services)
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def volume_target(service, volume):
    for mount in service.get("volumes", []):
        source, target, *_ = str(mount).split(":")
        if source == volume:
            return target
    return None


def test_uploads_are_one_volume_shared_by_the_app_and_the_proxy():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        assert (
            volume_target(services[name], "media") == services[name]["environment"]["MEDIA_ROOT"]
        ), name
    proxy_media = volume_target(services["proxy"], "media")
    assert proxy_media
    assert f"alias {proxy_media}/;" in location_block(nginx_conf(), "/protected-media/")


def test_the_proxy_serves_the_static_files_migrate_copies_from_the_image():
    services = compose()["services"]
    copied_to = volume_target(services["migrate"], "static")
    assert f"/app/var/static/. {copied_to}/" in services["migrate"]["command"][-1]
    served_from = volume_target(services["proxy"], "static")
    assert f"alias {served_from}/;" in location_block(nginx_conf(), "/static/")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]


def location_block(conf, prefix):
    start = conf.index(f"location {prefix} {{")
    depth, end = 0, start
    for end in range(start, len(conf)):
        depth += {"{": 1, "}": -1}.get(conf[end], 0)
        if conf[end] == "}" and depth == 0:
            break
    return conf[start : end + 1]


def test_the_accelerated_file_location_is_internal_and_the_one_the_app_names():
    default = re.search(
        r"MEDIA_ACCEL_REDIRECT: \$\{MEDIA_ACCEL_REDIRECT:-([^}]*)\}",
        (ROOT / "docker-compose.yml").read_text(),
    ).group(1)
    assert default == "/protected-media/"
    assert re.search(r"^\s*internal;", location_block(nginx_conf(), default), re.MULTILINE)


# -- the proxy example, run with a real nginx -------------------------------------------------


class Upstream(BaseHTTPRequestHandler):
    """Stands in for gunicorn: records what nginx passed on; for /media/ answers like the
    media view behind nginx (an empty body and X-Accel-Redirect)."""

    seen: list

    def do_GET(self):
        self.seen.append((self.path, dict(self.headers)))
        if self.path.startswith("/media/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Disposition", 'attachment; filename="minutes.pdf"')
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", "default-src 'none'; sandbox")
            self.send_header("Cache-Control", "private, max-age=3600")
            self.send_header("X-Accel-Redirect", "/protected-media/documents/Zq3.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"page"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def local_nginx_conf(conf, *, upstream, http_port, https_port, tls, static, media):
    """deploy/nginx.conf with this machine's ports and folders instead of compose's."""
    replacements = {
        "server web:8000;": f"server 127.0.0.1:{upstream};",
        "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
        "listen 443 ssl default_server;": f"listen 127.0.0.1:{https_port} ssl default_server;",
        "/etc/nginx/tls/": f"{tls}/",
        "/srv/tansiq/static/": f"{static}/",
        "/srv/tansiq/media/": f"{media}/",
    }
    for old, new in replacements.items():
        assert old in conf, old
        conf = conf.replace(old, new)
    return conf


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("proxy")
    nginx = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )
    if not nginx:
        _missing("nginx (apt-get install nginx-light)")
    tls, static, media = (tmp_path / name for name in ("tls", "static", "media"))
    for folder in (tls, static / "css", media / "documents"):
        folder.mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", tls / "privkey.pem", "-out", tls / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    css = b"body { color: black; }\n" * 50
    (static / "css" / "tansiq.0123456789ab.css").write_bytes(css)
    (static / "css" / "tansiq.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    (static / "css" / "tansiq.css").write_bytes(css)
    (media / "documents" / "Zq3.pdf").write_bytes(b"%PDF-1.4 minutes")

    seen = []
    handler = type("Recording", (Upstream,), {"seen": seen})
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()

    ports = {"http": free_port(), "https": free_port()}
    site = local_nginx_conf(
        nginx_conf(),
        upstream=upstream.server_address[1],
        http_port=ports["http"],
        https_port=ports["https"],
        tls=tls,
        static=static,
        media=media,
    )
    temp = tmp_path / "nginx"
    temp.mkdir()
    (temp / "site.conf").write_text(site)
    mime_types = "/etc/nginx/mime.types"
    # As root, nginx's workers would run as `nobody`, who cannot read pytest's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (temp / "nginx.conf").write_text(
        f"{user}daemon off; pid {temp}/nginx.pid; error_log {temp}/error.log;\n"
        "events {}\n"
        f"http {{ include {mime_types}; default_type application/octet-stream;\n"
        f"  access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/f; uwsgi_temp_path {temp}/u; scgi_temp_path {temp}/s;\n"
        f"  include {temp}/site.conf; }}\n"
    )
    check = subprocess.run([nginx, "-t", "-c", temp / "nginx.conf"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-c", temp / "nginx.conf"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", ports["https"]), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"nginx did not start: {(temp / 'error.log').read_text()}")
                time.sleep(0.05)
        yield {**ports, "seen": seen}
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def fetch(port, path, *, tls=True, headers=None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=5)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Host": "tansiq.example.org", **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_the_proxy_redirects_plain_http_to_https(proxy):
    response, _ = fetch(proxy["http"], "/ar/?q=1", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == "https://tansiq.example.org/ar/?q=1"


def test_the_proxy_overwrites_the_scheme_and_appends_the_address_it_saw(proxy):
    forged = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9"}
    response, body = fetch(proxy["https"], "/ar/", headers=forged)
    assert (response.status, body) == (200, b"page")
    path, headers = proxy["seen"][-1]
    assert path == "/ar/"
    assert headers["X-Forwarded-Proto"] == "https"
    # The app, trusting one proxy, reads the last entry: the address nginx saw, not the forgery.
    assert headers["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert headers["Host"] == "tansiq.example.org"


def test_the_proxy_serves_hashed_static_files_compressed_and_for_a_year(proxy):
    response, body = fetch(
        proxy["https"], "/static/css/tansiq.0123456789ab.css", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body).startswith(b"body {")
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    plain, _ = fetch(proxy["https"], "/static/css/tansiq.css")
    assert plain.getheader("Cache-Control") == "public, max-age=3600"
    assert not any(path.startswith("/static/") for path, _ in proxy["seen"]), "static went on"


def test_uploads_are_sent_only_on_the_apps_word(proxy):
    direct, _ = fetch(proxy["https"], "/protected-media/documents/Zq3.pdf")
    assert direct.status == 404

    response, body = fetch(proxy["https"], "/media/documents/Zq3.pdf")
    assert response.status == 200
    assert body == b"%PDF-1.4 minutes"
    assert proxy["seen"][-1][0] == "/media/documents/Zq3.pdf"
    # The app's headers, not nginx's guesses.
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == 'attachment; filename="minutes.pdf"'
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"
    assert response.getheader("Cache-Control") == "private, max-age=3600"


def test_the_proxy_example_runs_unchanged_but_for_ports_and_folders():
    # The substitutions above are the only ones: the file that compose mounts is the one tested.
    conf = nginx_conf()
    assert conf.count("server web:8000;") == 1
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf


# -- what `make prod-drill` runs (deploy/drill/) ----------------------------------------------


def test_the_compose_file_is_one_debian_s_docker_compose_1_29_reads():
    # 1.29 (what `make prod-drill` runs it with) refuses any other top-level key, `name:` too.
    assert set(compose()) - {"services", "volumes", "networks"} <= {"x-app"}


def test_the_drill_changes_only_where_images_come_from_and_how_often_health_is_polled():
    drill = yaml.safe_load((ROOT / "deploy" / "drill" / "docker-compose.drill.yml").read_text())
    assert set(drill) == {"services"}
    assert set(drill["services"]) == set(compose()["services"])
    for name, service in drill["services"].items():
        assert set(service) <= {"image", "build", "healthcheck"}, name
        assert set(service.get("healthcheck", {})) <= {"interval"}, name
        if "build" in service:
            assert service["build"]["args"] == {"BASE_IMAGE": "tansiq-drill/python:3.11"}
    # The stand-ins images.sh builds, and the app image run.sh builds.
    built = {f"tansiq-drill/{image}" for image in re.findall(
        r"^for image in (.*); do$",
        (ROOT / "deploy" / "drill" / "images.sh").read_text(),
        flags=re.MULTILINE,
    )[0].split()} | {"tansiq:drill"}  # fmt: skip
    assert {service["image"] for service in drill["services"].values()} <= built


def test_the_dockerfile_takes_its_base_image_as_a_build_argument():
    dockerfile = (ROOT / "Dockerfile").read_text()
    first_from = dockerfile.index("\nFROM ")
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in dockerfile[:first_from]
    froms = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert froms == ["${BASE_IMAGE}", "${BASE_IMAGE}"]
    # Built by the classic builder too (Debian's docker.io, docker-compose 1.29): no BuildKit
    # syntax, which would also pull docker/dockerfile from Docker Hub.
    assert "# syntax=" not in dockerfile and "--mount=" not in dockerfile
