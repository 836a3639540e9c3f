"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server."""

import os
import shutil
import urllib.parse

import pytest

from tests.conftest import _missing

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def chromium():
    # Module scope: Playwright's event loop must stop before the rest of the suite runs, or
    # every later ORM call would see a running loop and refuse.
    if not shutil.which(CHROMIUM):
        _missing(f"chromium at {CHROMIUM} (apt-get install --no-install-recommends chromium)")
    from playwright.sync_api import sync_playwright

    # While the loop runs, the ORM calls these tests make around it (set-up, flushes) are still
    # synchronous and safe; the variable lives exactly as long as the loop, so no other test
    # (or process, such as `check --deploy`, which warns about it) inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.outside_requests = []

    def watch(request):
        host = urllib.parse.urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in ("127.0.0.1", "localhost"):
            page.outside_requests.append(request.url)

    page.on("request", watch)
    yield page
    context.close()
