"""Benchmark of the follow-up digest (outcomes.digest): 500 committees of 5 members and 10,000
recommendations due over ±30 days, then one digest run with the e-mails rendered, queued and
sent (locmem backend, Celery eager).

    DEBUG=true .venv/bin/python bench/digest_bench.py

SQLite by default, in a fresh var/bench.sqlite3. To measure PostgreSQL, point DATABASE_URL at a
database whose name contains "bench" (it is flushed):

    createdb -h 127.0.0.1 -U postgres tansiq_bench
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/tansiq_bench \\
        .venv/bin/python bench/digest_bench.py

Results are recorded in docs/performance.md. Not a test: pytest does not collect it.
"""

import collections
import datetime
import gc
import os
import platform
import random
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SQLITE_PATH = BASE_DIR / "var" / "bench.sqlite3"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ["EMAIL_URL"] = "locmem:"
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per eager task
os.environ.pop("REDIS_URL", None)  # Celery runs tasks in-process (CELERY_TASK_ALWAYS_EAGER)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federation.settings")

COMMITTEES = 500
MEMBERS_PER_COMMITTEE = 5
USERS = 2000  # 2,500 seats: 500 users sit on two committees
CONVENINGS = 100
RECOMMENDATIONS = 10_000
FIRST_STAGE = 1_000
SPREAD_DAYS = 30
TODAY = datetime.date(2026, 3, 11)
SEED = 20260311


def fresh_database():
    import django

    if os.environ["DATABASE_URL"].startswith("sqlite"):
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Refusing to flush {name!r}: the benchmark's database name must contain 'bench'.")
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False)
    # DEBUG=true only lets the development settings load; the run itself is measured like
    # production: no query log kept in memory.
    settings.DEBUG = False
    return connection


def create_people(rng):
    from events.models import Convening
    from members.models import Federation, User
    from outcomes.models import Committee, CommitteeMember

    Federation.objects.create(
        name_ar="اتحاد منظمات المجتمع المدني",
        name_en="Union of Civil Society Organizations",
        timezone="Europe/Istanbul",
    )
    start = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)
    Convening.objects.bulk_create(
        Convening(
            slug=f"bench-convening-{n}",
            title=f"لقاء {n}",
            title_ar=f"لقاء {n}",
            title_en=f"Convening {n}",
            kind=Convening.Kind.FORUM,
            status=Convening.Status.HELD,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            venue_name="Hotel",
        )
        for n in range(CONVENINGS)
    )
    convenings = list(Convening.objects.order_by("slug"))
    convenings.sort(key=lambda c: int(c.slug.rsplit("-", 1)[1]))
    User.objects.bulk_create(
        User(
            email=f"member{n}@bench.example.org",
            name=f"Member {n}",
            preferred_language="ar" if n % 3 else "en",
            password="!",  # unusable
        )
        for n in range(USERS)
    )
    users = list(User.objects.order_by("pk"))
    Committee.objects.bulk_create(
        Committee(
            slug=f"bench-committee-{n}",
            name=f"لجنة {n}",
            name_ar=f"لجنة {n}",
            name_en=f"Committee {n}",
            convening=convenings[n % CONVENINGS],
            is_active=n % 50 != 49,  # a few committees have been wound up
        )
        for n in range(COMMITTEES)
    )
    committees = list(Committee.objects.order_by("pk"))
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, user=users[(5 * n + k) % USERS])
        for n, committee in enumerate(committees)
        for k in range(MEMBERS_PER_COMMITTEE)
    )
    return committees


def create_recommendations(rng, committees, per_committee_from, per_committee_to):
    from outcomes.models import Recommendation

    statuses = ["not_started", "in_progress", "done", "dropped"]
    weights = [40, 35, 20, 5]
    words = [
        "تعزيز",
        "التنسيق",
        "بين",
        "المنظمات",
        "الأعضاء",
        "في",
        "مجالات",
        "الحماية",
        "والتعليم",
        "وسبل",
        "العيش",
    ]

    def recommendation(n, committee, j):
        text_ar = " ".join(rng.choices(words, k=18))
        return Recommendation(
            convening_id=committee.convening_id,
            # Five committees share a convening; numbers 1..100 within it.
            number=(n // CONVENINGS) * 20 + j + 1,
            text=text_ar,
            text_ar=text_ar,
            text_en=f"Strengthen coordination between member organizations, item {n}-{j}.",
            committee=committee,
            due_date=TODAY + datetime.timedelta(days=rng.randint(-SPREAD_DAYS, SPREAD_DAYS)),
            status=rng.choices(statuses, weights)[0],
        )

    Recommendation.objects.bulk_create(
        (
            recommendation(n, committee, j)
            for j in range(per_committee_from, per_committee_to)
            for n, committee in enumerate(committees)
        ),
        batch_size=2000,
    )


class QueryCounter:
    """Counts every statement sent to the database (SQLite or PostgreSQL), by its first word."""

    def __init__(self):
        self.counts = collections.Counter()

    def __call__(self, execute, sql, params, many, context):
        self.counts[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    @property
    def total(self):
        return sum(self.counts.values())


@contextmanager
def counting(connection):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


@contextmanager
def timing(totals, name, function_owner, attribute):
    """Wrap function_owner.attribute to add the time spent inside it to totals[name]."""
    original = getattr(function_owner, attribute)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - start

    setattr(function_owner, attribute, timed)
    try:
        yield
    finally:
        setattr(function_owner, attribute, original)


def measure_select(connection, label):
    from outcomes import digest
    from outcomes.models import Recommendation

    with counting(connection) as queries:
        start = time.perf_counter()
        selected = digest.select(TODAY)
        elapsed = time.perf_counter() - start
    print(
        f"select() at {Recommendation.objects.count():>6,} recommendations ({label}): "
        f"{queries.total} queries, {elapsed * 1000:.0f} ms, {len(selected)} members to mail"
    )
    return queries.total


def reset_outbox():
    from django.core import mail

    from members.models import Message

    Message.objects.all().delete()
    mail.outbox = []


def main():
    overall = time.perf_counter()
    connection = fresh_database()
    from django.core import mail

    from members import mail as outbox
    from members.models import Message
    from outcomes import digest
    from outcomes.models import Recommendation

    rng = random.Random(SEED)
    print(
        f"Python {platform.python_version()}, {connection.vendor} "
        f"{connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
        f"{connection.pg_version if connection.vendor == 'postgresql' else ''}, "
        f"{os.cpu_count()} CPUs"
    )
    start = time.perf_counter()
    committees = create_people(rng)
    per_committee = RECOMMENDATIONS // COMMITTEES
    first = FIRST_STAGE // COMMITTEES
    create_recommendations(rng, committees, 0, first)
    first_stage = measure_select(connection, "first stage")
    create_recommendations(rng, committees, first, per_committee)
    print(f"data created in {time.perf_counter() - start:.1f} s")
    second_stage = measure_select(connection, "full")
    assert first_stage == second_stage, "select() must not grow with the recommendations"
    open_count = Recommendation.objects.open().count()

    # The run, as beat would make it: select, render, queue, then (after commit) deliver.
    gc.collect()
    phases = collections.defaultdict(float)
    with (
        timing(phases, "select", digest, "select"),
        timing(phases, "render", outbox, "render"),
        timing(phases, "deliver", outbox, "deliver"),
        counting(connection) as queries,
    ):
        start = time.perf_counter()
        sent = digest.send_digest(today=TODAY)
        wall = time.perf_counter() - start
    messages = Message.objects.count()
    delivered = Message.objects.filter(status=Message.Status.SENT).count()
    items = sum(sum(d.counts().values()) for _user, d in sent)
    assert messages == len(sent) == len(mail.outbox) == delivered

    # The same day again: the outbox already holds every digest.
    with counting(connection) as again_queries:
        start = time.perf_counter()
        again = digest.send_digest(today=TODAY)
        again_wall = time.perf_counter() - start
    assert again == [] and Message.objects.count() == messages

    # Peak memory of the same run up to its commit, measured separately (tracemalloc slows
    # Python down). Delivery is left out: the worker sends one message at a time, and here
    # the locmem backend would keep every sent e-mail in mail.outbox.
    reset_outbox()
    published = []
    original_publish = outbox.publish
    outbox.publish = published.append
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        digest.send_digest(today=TODAY)
    finally:
        traced_wall = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        outbox.publish = original_publish
    assert Message.objects.count() == len(published) == messages

    # Peak memory of select() alone.
    gc.collect()
    tracemalloc.start()
    digest.select(TODAY)
    _current, select_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    other = wall - phases["select"] - phases["render"] - phases["deliver"]
    by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(queries.counts.items()))
    print(f"recommendations: {RECOMMENDATIONS:,} ({open_count:,} open)")
    print(f"committees: {COMMITTEES} x {MEMBERS_PER_COMMITTEE} members ({USERS:,} users)")
    print(f"digests sent: {len(sent):,} e-mails listing {items:,} items in all")
    print(f"send_digest wall time: {wall:.2f} s ({wall / len(sent) * 1000:.2f} ms per e-mail)")
    print(f"  select():           {phases['select']:.2f} s")
    print(f"  rendering:          {phases['render']:.2f} s (3 templates per e-mail)")
    print(f"  delivery:           {phases['deliver']:.2f} s (claim, send to locmem, mark sent)")
    print(f"  rest (queue, ...):  {other:.2f} s (inserts, savepoints, contexts, links, commit)")
    print(
        f"queries: {queries.total:,} ({queries.total / len(sent):.1f} per e-mail; {by_kind}); "
        f"select() itself: {second_stage}"
    )
    print(
        f"second run the same day: {again_queries.total} queries, {again_wall * 1000:.0f} ms, "
        f"nothing sent"
    )
    print(
        f"peak traced memory: send_digest up to commit {peak / 2**20:.1f} MiB "
        f"(took {traced_wall:.2f} s under tracemalloc), select() {select_peak / 2**20:.1f} MiB"
    )
    print(f"total benchmark time: {time.perf_counter() - overall:.1f} s")


if __name__ == "__main__":
    main()
