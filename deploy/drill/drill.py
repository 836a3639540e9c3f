#!/usr/bin/env python3
"""The production drill: docker-compose.yml started for real and checked through nginx.

Run by `make prod-drill` (deploy/drill/run.sh), after the images are built. It starts the stack
with Debian's docker-compose (project `tansiq-drill`, docker-compose.yml plus the one override
deploy/drill/docker-compose.drill.yml, settings in var/drill/drill.env), with two web replicas
behind nginx, a worker and one beat; loads the demo; checks, from this host, through the
proxy's published HTTPS port only, what a federation relies on; and removes every container,
network and volume of the project at the end, also when a check fails or on Ctrl-C.

Each check fails the run with a message naming what broke. Standard library only: the host's
python3 runs it, not the project's virtualenv.

Ports: DRILL_HTTP_PORT (18080) and DRILL_HTTPS_PORT (18443) on 127.0.0.1; the compose file also
publishes the mail catcher on 127.0.0.1:8025.
"""

import gzip
import hashlib
import io
import json
import re
import signal
import sys
import tarfile
import time
from urllib.parse import urlsplit

from stack import (
    HOST,
    HTTP_PORT,
    ORIGIN,
    PROJECT,
    WEB_REPLICAS,
    Browser,
    Failed,
    answered_by,
    both_replicas_answered,
    compose,
    compose_bytes,
    containers,
    dump_logs,
    health,
    inspect,
    logs,
    manage,
    prepare,
    start,
    stop,
    wait_for,
)

# Demo accounts (members/demo_data.py): a coordinator of a member organization, who may see
# members-only convenings and is not staff (staff must enrol a second factor first), and another
# for the rate limit and the e-mail sent while Redis is down.
MEMBER = "coordinator@example.org"
OTHER = "gloca@example.org"
DEMO_PASSWORD = "tansiq-demo"
# allauth's default: 5 failed sign-ins per address within 5 minutes, then refused.
FAILED_LOGINS_ALLOWED = 5


def check_started():
    migrate = containers("migrate")
    if not migrate or inspect(migrate[0], "{{.State.ExitCode}}") != "0":
        raise Failed("migrate did not exit 0:\n" + (logs(migrate[0])[-2000:] if migrate else ""))
    web = containers("web")
    if len(web) != WEB_REPLICAS:
        raise Failed(f"{len(web)} web containers running, {WEB_REPLICAS} wanted")
    for service in ("db", "redis", "web", "proxy", "worker"):
        for container in containers(service):
            wait_for(
                f"{service} ({container[:12]}) healthy",
                lambda c=container: health(c) == "healthy",
                timeout=120,
            )
    for service in ("beat", "mail"):
        for container in containers(service):
            if inspect(container, "{{.State.Running}}") != "true":
                raise Failed(f"{service} is not running:\n{logs(container)[-2000:]}")
    if len(containers("beat")) != 1:
        raise Failed("not exactly one beat")
    return (
        f"migrate exited 0; db, redis, {WEB_REPLICAS} x web, worker, proxy healthy; beat, mail up"
    )


def load_demo():
    out = manage("load_demo", "--force")
    return out.strip().splitlines()[-1][:100] if out.strip() else "loaded"


# -- the checks -------------------------------------------------------------------------------


def check_plain_http_redirects():
    response = Browser("http").get("/ar/", port=HTTP_PORT, tls=False)
    location = response.header("Location") or ""
    if response.status != 301 or not location.startswith(f"https://{HOST}"):
        raise Failed(f"http://.../ar/ answered {response.status} {location!r}, not 301 to https")
    return f"301 -> {location}"


def check_arabic_home():
    browser = Browser("home")
    response = browser.get("/")
    if response.status in (301, 302):
        response = browser.get(urlsplit(response.header("Location")).path)
    if response.status != 200:
        raise Failed(f"the home page answered {response.status}")
    if not re.search(r'<html[^>]*lang="ar"[^>]*dir="rtl"', response.text):
        raise Failed('the home page is not <html lang="ar" dir="rtl">')
    if not re.search("[\u0600-\u06ff]{4,}", response.text):
        raise Failed("the home page has no Arabic text")
    hsts = response.header("Strict-Transport-Security") or ""
    if "max-age=" not in hsts:
        raise Failed("no HSTS header: does the app see X-Forwarded-Proto: https from nginx?")
    return f"200, lang=ar dir=rtl, HSTS {hsts.split(';')[0]}"


def static_path():
    page = Browser("static-page").get("/ar/")
    found = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    if not found:
        raise Failed("no stylesheet under /static/ in the home page")
    return found.group(1)


def check_static_through_nginx():
    path = static_path()
    browser = Browser("static")
    response = browser.get(path, headers={"Accept-Encoding": "gzip, br"})
    if response.status != 200:
        raise Failed(f"{path} answered {response.status}")
    encoding = response.header("Content-Encoding")
    if encoding != "gzip":
        raise Failed(f"{path} was sent uncompressed ({encoding!r}): no .gz beside it?")
    if b"{" not in gzip.decompress(response.body)[:2000]:
        raise Failed(f"{path} is not the stylesheet")
    cache = response.header("Cache-Control") or ""
    if "max-age=31536000" not in cache or "immutable" not in cache:
        raise Failed(f"{path}: Cache-Control {cache!r}, not a year and immutable")
    if any(answered_by([response.tag]).values()):
        raise Failed(f"{path} was passed on to gunicorn instead of served by nginx")
    return f"{path.rsplit('/', 1)[-1]}: gzip {len(response.body)} B, {cache}, by nginx"


def check_static_by_whitenoise():
    """The same file from gunicorn itself (no nginx in front: whitenoise), inside the network."""
    path = static_path()
    probe = (
        "import urllib.request as r, sys; "
        f"q = r.Request('http://127.0.0.1:8000{path}', headers={{'Host': '{HOST}', "
        "'Accept-Encoding': 'br, gzip', 'X-Forwarded-Proto': 'https'}); "
        "a = r.urlopen(q, timeout=10); "
        "print(a.status, a.headers.get('Content-Encoding'), a.headers.get('Cache-Control'))"
    )
    out = compose("exec", "-T", "web", "python", "-c", probe).stdout.strip().split(maxsplit=2)
    if out[0] != "200" or out[1] not in ("br", "gzip"):
        raise Failed(f"whitenoise answered {' '.join(out)} for {path}, not compressed")
    if "max-age=315360000" not in out[2] and "immutable" not in out[2]:
        raise Failed(f"whitenoise's Cache-Control for {path}: {out[2]!r}")
    return f"{out[1]}, {out[2]}"


def sign_in(browser, email, password):
    return browser.form("/ar/accounts/login/", {"login": email, "password": password})


def check_session_across_replicas():
    browser = Browser("member")
    response = sign_in(browser, MEMBER, DEMO_PASSWORD)
    if "/accounts/login" in (response.header("Location") or ""):
        raise Failed(f"sign-in as {MEMBER} went back to the login page")
    if "sessionid" not in browser.cookies:
        raise Failed("sign-in set no session cookie")
    tags = []
    for _ in range(6):
        page = browser.get("/ar/accounts/profile/")
        tags.append(page.tag)
        if page.status != 200 or MEMBER not in page.text:
            raise Failed(
                f"signed in, /ar/accounts/profile/ answered {page.status} "
                f"({page.header('Location')}): the session did not carry over to this replica"
            )
    seen = both_replicas_answered(tags, "the signed-in pages")
    return f"{MEMBER} signed in; 6 pages signed in, answered per replica {seen}"


def check_shared_login_rate_limit():
    browser = Browser("limit")
    tags, texts = [], []
    for _ in range(FAILED_LOGINS_ALLOWED + 1):
        response = browser.form(
            "/en/accounts/login/", {"login": OTHER, "password": "wrong-password"}, expect=(200,)
        )
        tags.append(response.tag)
        texts.append(response.text)
    refused = "Too many failed login attempts"
    early = [n + 1 for n, text in enumerate(texts[:-1]) if refused in text]
    if early:
        raise Failed(f"sign-in refused as too many already at attempt(s) {early}")
    if refused not in texts[-1]:
        raise Failed(
            f"attempt {FAILED_LOGINS_ALLOWED + 1} was not refused: the replicas do not share "
            "the rate limit (is the cache Redis?)"
        )
    seen = both_replicas_answered(tags, "the failed sign-ins")
    # The limit is on the address, not on everyone behind the proxy: the member still gets in.
    if "/accounts/login" in (
        sign_in(Browser("after"), MEMBER, DEMO_PASSWORD).header("Location") or ""
    ):
        raise Failed("after another address was limited, the member could not sign in")
    return f"attempt {FAILED_LOGINS_ALLOWED + 1} refused, attempts per replica {seen}"


SEED = """
import hashlib, io, json
from django.core.files.base import ContentFile
from PIL import Image
from events.models import Convening, ConveningDocument
from members.models import Organization, User

member = User.objects.get(email=%(member)r)
organization = Organization.objects.filter(
    status__in=Organization.MEMBER_STATUSES, pk__in=member.affiliations.values("organization_id")
).first()
png = io.BytesIO()
Image.new("RGB", (64, 64), (20, 110, 90)).save(png, "PNG")
organization.logo.save("drill-logo.png", ContentFile(png.getvalue()), save=True)
convening = Convening.objects.filter(visibility="members").first()
pdf = b"%%PDF-1.4\\n%% tansiq drill\\n%%%%EOF\\n"
document = ConveningDocument(convening=convening, title="Drill minutes")
document.file.save("minutes.pdf", ContentFile(pdf), save=True)
print(json.dumps({
    "logo": organization.logo.url, "logo_sha": hashlib.sha256(png.getvalue()).hexdigest(),
    "document": document.file.url, "document_sha": hashlib.sha256(pdf).hexdigest(),
    "organization": organization.slug, "convening": convening.slug,
}))
"""


def check_media():
    out = manage("shell", input=SEED % {"member": MEMBER})
    seed = json.loads(out.strip().splitlines()[-1])
    stranger, member = Browser("stranger"), Browser("media-member")

    logo = stranger.get(seed["logo"])
    if logo.status != 200 or hashlib.sha256(logo.body).hexdigest() != seed["logo_sha"]:
        raise Failed(f"the uploaded logo {seed['logo']} answered {logo.status} to a visitor")
    if logo.header("Content-Type") != "image/png" or "public" not in (
        logo.header("Cache-Control") or ""
    ):
        raise Failed(
            f"the logo's headers: {logo.header('Content-Type')}, {logo.header('Cache-Control')}"
        )

    refused = stranger.get(seed["document"])
    if refused.status != 404 or b"%PDF" in refused.body:
        raise Failed(f"the members-only document answered {refused.status} to a stranger")
    direct = stranger.get("/protected-media/" + seed["document"].removeprefix("/media/"))
    if direct.status != 404:
        raise Failed(f"nginx's internal /protected-media/ answered {direct.status} to a client")

    sign_in(member, MEMBER, DEMO_PASSWORD)
    document = member.get(seed["document"])
    if document.status != 200 or hashlib.sha256(document.body).hexdigest() != seed["document_sha"]:
        raise Failed(f"the members-only document answered {document.status} to {MEMBER}")
    if "private" not in (document.header("Cache-Control") or ""):
        raise Failed(f"the members-only document is cacheable: {document.header('Cache-Control')}")
    return (
        f"logo of {seed['organization']} 200 to anyone (public); document of "
        f"{seed['convening']} 404 to a stranger, 200 to a member (private); "
        "/protected-media/ 404"
    )


def check_backup():
    """The backup commands of docs/deployment.md ("Under docker compose"), run as written."""
    dump = compose_bytes("exec", "-T", "db", "pg_dump", "-U", "tansiq", "-d", "tansiq",
                         "--format=custom")  # fmt: skip
    if not dump.startswith(b"PGDMP") or len(dump) < 100_000:
        raise Failed(f"pg_dump through `exec -T db` gave {len(dump)} bytes, not a custom dump")
    archive = compose_bytes("exec", "-T", "web", "tar", "czf", "-", "-C", "/app/media", ".")
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        names = tar.getnames()
    if not any(name.startswith("./logos/") for name in names) or not any(
        name.startswith("./convenings/documents/") for name in names
    ):
        raise Failed(f"the media archive lacks the uploads: {names[:10]}")
    return f"database.dump {len(dump) // 1024} KB (PGDMP), media.tar.gz {len(names)} entries"


def caught():
    """What the mail catcher holds: [{from, to, subject, body}]."""
    probe = (
        "import urllib.request as r; "
        "print(r.urlopen('http://127.0.0.1:8025/messages', timeout=5).read().decode())"
    )
    return json.loads(compose("exec", "-T", "mail", "python3", "-c", probe).stdout)["messages"]


def mails_to(address):
    return [message for message in caught() if address in message["to"]]


def request_password_reset(email):
    browser = Browser("reset")
    began = time.monotonic()
    response = browser.form("/en/accounts/password/reset/", {"email": email})
    if "/password/reset/done" not in (response.header("Location") or ""):
        raise Failed(
            f"the password-reset form did not go on to 'done': {response.header('Location')}"
        )
    return time.monotonic() - began


RESET_SUBJECT = []


def check_mail_through_worker():
    before = len(mails_to(MEMBER))
    request_password_reset(MEMBER)
    message = wait_for(
        f"the password-reset e-mail to {MEMBER} in the mail catcher (outbox -> worker -> SMTP)",
        lambda: mails_to(MEMBER)[before:],
        timeout=60,
    )[0]
    RESET_SUBJECT[:] = [message["subject"]]
    if ORIGIN not in message["body"]:
        raise Failed(f"the e-mail's link does not start with SITE_URL {ORIGIN}")
    worker = "".join(logs(c) for c in containers("worker"))
    if "members.deliver" not in worker and "succeeded" not in worker:
        raise Failed("the worker's log shows no task")
    return f"{message['subject']!r} to {MEMBER}, link to {ORIGIN}"


def check_beat_drains():
    def fired():
        beat = "".join(logs(c) for c in containers("beat"))
        worker = "".join(logs(c) for c in containers("worker"))
        return "drain-outbox" in beat and re.search(
            r"members\.drain_outbox\[.*\] succeeded", worker
        )

    wait_for("beat sending drain-outbox and the worker running it", fired, timeout=90, every=3)
    return "beat sent drain-outbox; the worker ran members.drain_outbox"


def healthz():
    response = Browser("health").get("/healthz")
    return response.status, json.loads(response.body or b"{}")


def check_redis_outage():
    compose("stop", "redis", timeout=60)
    wait_for("/healthz answering 503 with Redis stopped", lambda: healthz()[0] == 503, timeout=30)
    status, body = healthz()
    if body.get("broker") != "error" or body.get("database") != "ok":
        raise Failed(f"/healthz with Redis stopped: {status} {body}")
    home = Browser("outage").get("/ar/")
    if home.status != 200:
        raise Failed(f"with Redis stopped the home page answered {home.status}")
    took = request_password_reset(OTHER)
    if took > 10:
        raise Failed(f"with Redis stopped the password-reset request took {took:.1f} s")
    time.sleep(3)
    if mails_to(OTHER):
        raise Failed("an e-mail went out while Redis was stopped: how?")

    compose("start", "redis", timeout=60)
    wait_for("/healthz answering 200 once Redis is back", lambda: healthz()[0] == 200, timeout=60)
    began = time.monotonic()
    wait_for(
        f"the e-mail to {OTHER} queued while Redis was down (the drain sends it)",
        lambda: mails_to(OTHER),
        timeout=150,
        every=3,
    )
    arrived = time.monotonic() - began
    time.sleep(5)
    # Each password reset asked for arrived once: none lost, none sent twice.
    resets = {
        address: [m["subject"] for m in mails_to(address) if m["subject"] == RESET_SUBJECT[0]]
        for address in (MEMBER, OTHER)
    }
    if [len(subjects) for subjects in resets.values()] != [1, 1]:
        everything = [(m["to"], m["subject"]) for m in caught()]
        raise Failed(f"password-reset e-mails caught: {resets}, one each expected: {everything}")
    return (
        f"503 {body} while down; reset answered in {took:.1f} s; 200 when back; "
        f"its e-mail arrived {arrived:.0f} s later; one e-mail per address"
    )


CHECKS = [
    ("stack healthy: 2 web replicas, worker, one beat", check_started),
    ("demo loaded (manage.py load_demo)", load_demo),
    ("plain HTTP redirected to HTTPS", check_plain_http_redirects),
    ("Arabic home page through nginx", check_arabic_home),
    ("static file by nginx: gzip, cached a year", check_static_through_nginx),
    ("static file by whitenoise (no proxy)", check_static_by_whitenoise),
    ("sign-in, session shared by both replicas", check_session_across_replicas),
    ("login rate limit shared by both replicas", check_shared_login_rate_limit),
    ("uploads: public logo, members-only document", check_media),
    ("backup commands of docs/deployment.md", check_backup),
    ("e-mail: outbox -> worker -> SMTP catcher", check_mail_through_worker),
    ("beat fires the outbox drain", check_beat_drains),
    ("Redis down: /healthz 503, no e-mail lost", check_redis_outage),
]


def main():
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    began = time.monotonic()
    done, failure = [], None
    try:
        step = time.monotonic()
        prepare()
        print(f"   starting the stack (project {PROJECT}, web x{WEB_REPLICAS})...", flush=True)
        start()
        done.append(("stack started (docker-compose up)", time.monotonic() - step, "", True))
        for name, check in CHECKS:
            step = time.monotonic()
            try:
                detail = check()
            except Failed as error:
                done.append((name, time.monotonic() - step, str(error), False))
                failure = name
                break
            done.append((name, time.monotonic() - step, detail, True))
            print(f"   ok  {name} ({time.monotonic() - step:.1f} s)", flush=True)
    except Failed as error:
        failure = "starting the stack"
        done.append((failure, time.monotonic() - step, str(error), False))
    except KeyboardInterrupt:
        failure = "interrupted"
        done.append((failure, time.monotonic() - step, "", False))
    finally:
        if failure:
            dump_logs()
        step = time.monotonic()
        clean = stop()
        done.append(("everything removed (containers, network, volumes)",
                     time.monotonic() - step, "" if clean else "see above", clean))  # fmt: skip
    print("\nProduction drill (docker-compose.yml, through nginx on " + ORIGIN + "):")
    for name, seconds, detail, ok in done:
        print(f"  {'PASS' if ok else 'FAIL'} {seconds:6.1f} s  {name}")
        if detail:
            print("                  " + detail.replace("\n", "\n                  "))
    print(f"  {time.monotonic() - began:.0f} s in all")
    if failure:
        print(f"\nprod-drill FAILED: {failure}", file=sys.stderr)
        return 1
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
