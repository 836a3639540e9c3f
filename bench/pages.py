"""`make bench`: the portal's pages under load, at a national registry's scale, side by side
with a hello-world view served by the same process (the framework's floor).

    make bench                         # 100,000 organizations, PostgreSQL, both cache settings
    make bench ARGS="--orgs 2000 --convenings 200 --recommendations 2000 --duration 5"

What it does, on PostgreSQL (DATABASE_URL must name a database whose name contains "bench";
default postgres://postgres@127.0.0.1:5432/tansiq_bench, created when missing):
1. migrate, `seed_bench` (idempotent per size), collectstatic;
2. for PAGE_CACHE on, then off: gunicorn with production settings (DEBUG off, 2 sync workers,
   persistent connections, Redis as the cache: REDIS_URL, or database 5 of the local Redis) on
   127.0.0.1; each page
   warmed once, then loaded by wrk (8 connections) for --duration seconds; req/s, p50/p95/p99
   and the share of hello-world's req/s from the same run;
3. with the cache on: one download of the tracker's CSV (time to first byte, worker memory
   growth), and the moment of the vote: --voters signed-in coordinators cast their ballots on
   one open motion within --vote-seconds while --pollers clients poll the live panel every 5 s;
   then the ballots are counted in the database.
Results are printed and written to var/bench-results.json; docs/performance.md records them.
Not a test: pytest does not collect it.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/tansiq_bench"
HOST = "127.0.0.1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--convenings", type=int, default=5_000)
    parser.add_argument("--recommendations", type=int, default=50_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--vote-seconds", type=int, default=60)
    parser.add_argument("--pollers", type=int, default=200)
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both")
    parser.add_argument(
        "--pages", help="page names to measure, separated by semicolons (default all)"
    )
    return parser.parse_args()


def django_env(**extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "federation.settings", **extra}
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    # One key for this process and the servers: the sessions it makes must be theirs too.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    return env


def manage(*args, env):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"DATABASE_URL must name a benchmark database (with 'bench' in it), not {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


# -- the server ----------------------------------------------------------------------------------


class Server:
    def __init__(self, port, page_cache, env):
        self.port, self.page_cache = port, page_cache
        self.env = {
            **env,
            "DEBUG": "false",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE": page_cache,
            "BENCH_HELLO": "true",
            # The open-data API answers 60 requests a minute per address: far fewer than wrk's.
            "API_RATE_LIMIT": "100000000",
            # The cache shared by both workers, as in production.
            "REDIS_URL": env.get("REDIS_URL") or "redis://127.0.0.1:6379/5",
            "LOG_LEVEL": "WARNING",
            "DATABASE_CONN_MAX_AGE": "600",
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "federation.wsgi",
                "--workers=2",
                "--worker-class=sync",
                f"--bind={HOST}:{self.port}",
                "--access-logfile=-"
                if os.environ.get("BENCH_ACCESS_LOG")
                else "--log-level=warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
        )
        for _ in range(100):
            try:
                if get(self.port, "/bench/hello/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.process.kill()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def worker_pids(self):
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [int(pid) for pid in children]


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def get(port, path, headers=None, method="GET", body=None):
    """(status, body, Location header) of one request on a new connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Location", "")
    finally:
        connection.close()


# -- wrk -----------------------------------------------------------------------------------------

LINE = re.compile(
    r"BENCH requests=(\d+) seconds=([\d.]+) p50=(\d+) p95=(\d+) p99=(\d+) errors=(\d+) "
    r"non2xx=(\d+) bytes=(\d+)"
)


def wrk(port, path, duration, connections):
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "-s",
            str(BASE_DIR / "bench" / "wrk_report.lua"),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = LINE.search(output)
    if match is None:
        sys.exit(f"wrk said nothing usable for {path}:\n{output}")
    requests, seconds, p50, p95, p99, errors, non2xx, size = match.groups()
    requests = int(requests)
    return {
        "rps": requests / float(seconds),
        "p50_ms": int(p50) / 1000,
        "p95_ms": int(p95) / 1000,
        "p99_ms": int(p99) / 1000,
        "errors": int(errors),
        "non2xx": int(non2xx),
        "bytes_per_response": int(size) // max(requests, 1),
    }


def pages(env):
    """The pages measured, with the objects they name picked from the benchmark data."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.update(
        {"DEBUG": "true", "DATABASE_URL": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]}
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federation.settings")
    import django

    django.setup()
    from django.urls import reverse

    from events.models import Convening
    from members.models import Organization, Sector
    from outcomes.models import Committee

    organization = (
        Organization.objects.filter(slug__startswith="bench-", status="active")
        .exclude(branch=None)
        .select_related("branch")
        .first()
    )
    sector = Sector.objects.filter(slug__startswith="bench-").first()
    committee = Committee.objects.filter(slug__startswith="bench-", is_active=True).first()
    big = Convening.objects.get(slug="bench-0")
    return {
        "hello-world": "/bench/hello/",
        "home": "/ar/",
        "directory": "/ar/organizations/",
        "directory, filtered": f"/ar/organizations/?country=SY&status=active&sector={sector.slug}",
        "directory, Arabic search": "/ar/organizations/?q=" + urllib.parse.quote("الاغاثه"),
        "directory, common word": "/ar/organizations/?q=" + urllib.parse.quote("جمعيه"),
        "directory, English search": "/en/organizations/?q=relief",
        "directory, page 500": "/ar/organizations/?page=500",
        "organization page": organization.get_absolute_url(),
        "branch page": organization.branch.get_absolute_url(),
        "convenings list": "/ar/convenings/",
        f"convening with {big.attendances.count()} attendances": big.get_absolute_url(),
        "tracker, overdue": "/ar/recommendations/?overdue=1",
        "committees": "/ar/committees/",
        "committee page": committee.get_absolute_url(),
        "who does what where": reverse("members:presence"),
        "minutes of that convening": reverse("outcomes:minutes", kwargs={"slug": big.slug}),
        "open data: organizations (JSON)": "/api/v1/organizations/",
    }


# -- the CSV ---------------------------------------------------------------------------------------


def csv_download(server):
    """One download of the whole tracker: time to first byte, total time, rows, and how much
    the worker that served it grew."""
    before = {pid: rss_kib(pid) for pid in server.worker_pids()}
    connection = http.client.HTTPConnection(HOST, server.port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", "/ar/recommendations/export.csv")
    response = connection.getresponse()
    response.read(1)
    first_byte = time.perf_counter() - started
    rows = response.read().count(b"\n")
    total = time.perf_counter() - started
    connection.close()
    after = {pid: rss_kib(pid) for pid in server.worker_pids()}
    growth = max((after.get(pid, 0) - rss) for pid, rss in before.items()) / 1024
    return {
        "status": response.status,
        "first_byte_s": first_byte,
        "total_s": total,
        "rows": rows,
        "worker_growth_mib": growth,
    }


# -- the moment of the vote ------------------------------------------------------------------------


def open_vote(voters):
    """A fresh open motion on the vote convening, and a signed-in session per coordinator."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from events.models import Convening
    from members.models import User
    from outcomes import services
    from outcomes.models import Motion

    convening = Convening.objects.get(slug="bench-vote")
    admin, _created = User.objects.get_or_create(
        email="benchmark-admin@example.org", defaults={"is_superuser": True, "is_staff": True}
    )
    for motion in Motion.objects.filter(convening=convening, status=Motion.Status.OPEN):
        services.motion_close(user=admin, motion=motion)
    number = (Motion.objects.filter(convening=convening).count() or 0) + 1
    motion = services.motion_create(
        user=admin,
        convening=convening,
        data={
            "number": number,
            "title_ar": f"مقترح القياس {number}",
            "title_en": f"Benchmark motion {number}",
            "kind": "resolution",
            "ballot_kind": "named",
        },
    )
    motion = services.motion_open(user=admin, motion=motion)
    users = list(User.objects.filter(email__startswith="bench-voter-").order_by("pk")[:voters])
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        organization = user.affiliations.get().organization_id
        sessions.append((store.session_key, organization))
    return motion, sessions, settings.SESSION_COOKIE_NAME


def vote_moment(server, args):
    motion, sessions, cookie_name = open_vote(args.voters)
    slug = motion.convening.slug
    vote_path = f"/ar/convenings/{slug}/vote/"
    live_path = f"/ar/convenings/{slug}/live.json"
    rng = random.Random(7)
    choices = {organization: rng.choice(["yes", "no", "abstain"]) for _s, organization in sessions}
    ballot_times, poll_times, failures = [], [], []
    lock = threading.Lock()
    start = time.perf_counter() + 1.0
    end = start + args.vote_seconds

    def cast(session_key, organization, at):
        time.sleep(max(0.0, at - time.perf_counter()))
        token = secrets.token_hex(16)  # 32 characters: a CSRF secret, as the cookie holds
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "motion": motion.pk,
                "organization": organization,
                "choice": choices[organization],
            }
        )
        headers = {
            "Cookie": f"{cookie_name}={session_key}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": HOST,
        }
        began = time.perf_counter()
        try:
            status, _body, location = get(server.port, vote_path, headers, "POST", body)
        except OSError as error:
            status, location = str(error), ""
        elapsed = time.perf_counter() - began
        with lock:
            ballot_times.append(elapsed)
            # A cast ballot goes back to the vote page; anything else (sign-in, 403) failed.
            if status != 302 or not location.endswith(vote_path):
                failures.append(("ballot", status, location))

    def poll(offset):
        at = start + offset
        while at < end:
            time.sleep(max(0.0, at - time.perf_counter()))
            began = time.perf_counter()
            try:
                status, _body, _location = get(server.port, live_path)
            except OSError as error:
                status = str(error)
            with lock:
                poll_times.append(time.perf_counter() - began)
                if status != 200:
                    failures.append(("poll", status))
            at += 5.0

    threads = [
        threading.Thread(target=poll, args=(rng.uniform(0, 5),)) for _ in range(args.pollers)
    ]
    threads += [
        threading.Thread(
            target=cast, args=(key, organization, start + rng.uniform(0, args.vote_seconds))
        )
        for key, organization in sessions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    from collections import Counter

    from outcomes.models import Ballot

    cast_rows = Ballot.objects.filter(motion=motion, voided_at=None)
    counted = Counter(cast_rows.values_list("choice", flat=True))
    expected = Counter(choices.values())

    def percentile(values, p):
        return statistics.quantiles(values, n=100)[p - 1] * 1000 if len(values) > 1 else 0

    return {
        "ballots_sent": len(sessions),
        "ballots_in_database": cast_rows.count(),
        "counts_right": counted == expected,
        "failures": len(failures),
        "failure_sample": failures[:5],
        "ballot_p50_ms": percentile(ballot_times, 50),
        "ballot_p95_ms": percentile(ballot_times, 95),
        "polls": len(poll_times),
        "poll_p50_ms": percentile(poll_times, 50),
        "poll_p95_ms": percentile(poll_times, 95),
    }


# -- main ------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    env = django_env(DEBUG="true")
    ensure_database(env["DATABASE_URL"])
    manage("migrate", "--noinput", "-v0", env=env)
    manage(
        "seed_bench",
        f"--orgs={args.orgs}",
        f"--convenings={args.convenings}",
        f"--recommendations={args.recommendations}",
        f"--voters={args.voters}",
        env=env,
    )
    manage("collectstatic", "--noinput", "-v0", env={**env, "DEBUG": "false", "SECRET_KEY": "x"})
    targets = pages(env)
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(";")} | {"hello-world"}
        targets = {name: path for name, path in targets.items() if name in wanted}
    results = {"sizes": vars(args), "runs": {}}
    for page_cache in ("on", "off") if args.cache == "both" else (args.cache,):
        run = results["runs"][page_cache] = {"pages": {}}
        with Server(args.port, page_cache, env) as server:
            for name, path in targets.items():
                status, _body, _location = get(server.port, path)
                if status != 200:
                    sys.exit(f"{name} ({path}) answered {status}")
                run["pages"][name] = {
                    "path": path,
                    **wrk(server.port, path, args.duration, args.connections),
                }
            floor = run["pages"]["hello-world"]["rps"]
            for measured in run["pages"].values():
                measured["share_of_hello"] = measured["rps"] / floor
            if page_cache == "on":
                run["csv"] = csv_download(server)
                run["vote"] = vote_moment(server, args)
        report(page_cache, run)
    out = BASE_DIR / "var" / "bench-results.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nWritten to {out.relative_to(BASE_DIR)}")


def report(page_cache, run):
    print(f"\n## PAGE_CACHE={page_cache}\n")
    print("| page | req/s | share of hello-world | p50 ms | p95 ms | p99 ms | KB | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, m in run["pages"].items():
        print(
            f"| {name} | {m['rps']:,.0f} | {100 * m['share_of_hello']:.1f}% | {m['p50_ms']:.1f} "
            f"| {m['p95_ms']:.1f} | {m['p99_ms']:.1f} | {m['bytes_per_response'] / 1024:.0f} "
            f"| {m['errors'] + m['non2xx']} |"
        )
    if "csv" in run:
        c = run["csv"]
        print(
            f"\nTracker CSV: {c['rows'] - 1:,} rows, first byte {c['first_byte_s']:.2f} s, "
            f"all in {c['total_s']:.1f} s, worker grew {c['worker_growth_mib']:.1f} MiB."
        )
    if "vote" in run:
        v = run["vote"]
        print(
            f"Vote moment: {v['ballots_in_database']} of {v['ballots_sent']} ballots stored, "
            f"counts right: {v['counts_right']}, failures: {v['failures']} {v['failure_sample']}; "
            f"ballot p50 {v['ballot_p50_ms']:.0f} ms, p95 {v['ballot_p95_ms']:.0f} ms; "
            f"{v['polls']} panel polls, p50 {v['poll_p50_ms']:.0f} ms, "
            f"p95 {v['poll_p95_ms']:.0f} ms."
        )


if __name__ == "__main__":
    main()
