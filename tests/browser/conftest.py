"""Headless Chromium (Debian's) driven by Playwright against a live server.

Every request that does not go to the live server (map tiles above all) is
aborted: the machines have no internet, and a test must not depend on it.
Console errors, page errors and CSP violations fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.chromium import ARGS, CHROMIUM

# Playwright's sync API runs an event loop in this thread; the live server's
# ORM calls from the test body are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class PageProblems(list):
    """Console errors, uncaught exceptions and CSP violations seen by a page."""


@pytest.fixture
def page(browser, live_server, districts):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = PageProblems()
    blocked: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)

    def on_console(msg):
        # Aborted (blocked) requests log net::ERR_FAILED; those are expected. A 404 is not.
        if msg.type == "error" and "net::ERR_FAILED" not in msg.text:
            problems.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.problems = problems
    page.blocked = blocked
    page.base_url = live_server.url
    yield page
    context.close()
    assert not problems, f"The page reported errors: {problems}"
