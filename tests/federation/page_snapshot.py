"""Render a few pages against the database in DATABASE_URL, with the clock pinned, and print
them as JSON: {path: [status, html]}. Run in a subprocess by tests/federation/test_backup.py,
once per database, so that the same code renders each.

    PIN_NOW=2026-11-22T12:00:00+00:00 DATABASE_URL=... python -m tests.federation.page_snapshot
"""

import datetime
import json
import os
import re
import sys

# Anonymous: the home page, the directory, a convening, the tracker, in both languages.
PAGES = [
    "/ar/",
    "/en/",
    "/ar/organizations/",
    "/en/organizations/?page=2",
    "/ar/convenings/",
    "/ar/convenings/istanbul-general-assembly-2017/",
    "/en/convenings/istanbul-general-assembly-2017/",
    "/ar/recommendations/",
    "/en/recommendations/?status=open",
    "/en/committees/",
]
# Signed in: a coordinator's view of their organization's users (pending invitations, roles).
SIGNED_IN = {"coordinator@example.org": ["/en/organizations/ghiras-ghouta/people/", "/ar/"]}

# Differ on every render by design; nothing the database holds.
VOLATILE = [
    (re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]+'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
]


def normalise(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federation.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from members.models import User

    moment = datetime.datetime.fromisoformat(os.environ["PIN_NOW"])
    timezone.now = lambda: moment

    pages = {}
    anonymous = Client(HTTP_HOST="localhost")
    for path in PAGES:
        response = anonymous.get(path)
        pages[path] = [response.status_code, normalise(response.content.decode())]
    for email, paths in SIGNED_IN.items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=email))
        for path in paths:
            response = client.get(path)
            pages[f"{email} {path}"] = [response.status_code, normalise(response.content.decode())]
    json.dump(pages, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
