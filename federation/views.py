import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from members import memo, pagecache
from members.models import Branch, Organization


def _member_counts():
    """How many organizations are in each status, and in how many countries the members are:
    one pass over the status index, remembered until an organization changes."""
    counts = Organization.objects.aggregate(
        active=Count("pk", filter=Q(status=Organization.Status.ACTIVE)),
        registered=Count("pk", filter=Q(status=Organization.Status.REGISTERED)),
        partners=Count("pk", filter=Q(status=Organization.Status.PARTNER)),
    )
    codes = Organization.objects.countries_in_use(Organization.MEMBER_STATUSES)
    return {**counts, "countries": len(codes - {""})}


@pagecache.public_page("members", "events", "outcomes")
def home(request):
    counts = memo.remembered("home-counts", ("members",), _member_counts)
    branches = Branch.objects.filter(is_active=True).order_by("slug")
    return render(request, "home.html", {"counts": counts, "branches": branches})


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_status():
    if not settings.REDIS_URL:
        return "in-process"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return "ok" if client.ping() else "error"
    except redis.RedisError:
        return "error"


@never_cache
def healthz(request):
    """Database and broker reachability, for the deployment's health checks."""
    database = "ok" if _database_ok() else "error"
    broker = _broker_status()
    healthy = database == "ok" and broker in ("ok", "in-process")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
