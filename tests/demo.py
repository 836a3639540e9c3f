"""What the demo-loading tests share: a fixed "today", a pinned clock and the command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

# The demo's relative dates (planned convenings, due dates) are computed from this day.
DEMO_TODAY = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)


def pin_now(monkeypatch, moment):
    # Models and services read the clock through django.utils.timezone.now().
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def demo_settings(settings, monkeypatch):
    # pytest-django turns DEBUG off for tests; the command wants it on unless --force is given.
    settings.DEBUG = True
    pin_now(monkeypatch, DEMO_TODAY)


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()
