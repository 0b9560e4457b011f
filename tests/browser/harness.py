"""Browser-test harness: the session's app on a live server, Debian's Chromium driven by Playwright, axe-core.

One Chromium per session (starting it costs about a second) and a fresh browser context per test
(cookies and storage start empty, so tests stay independent). The server runs the same ``app`` the
other tests use, in a thread; its database is a file (SQLite) or a PostgreSQL database, so rows a
test creates with ``factory`` and commits are what the browser sees.

The browser is never downloaded: ``make browser`` installs Debian's ``chromium`` and we point
Playwright at it. axe-core comes inside the ``axe-playwright-python`` wheel, so checking a page
needs no network either. Its script is evaluated through the DevTools protocol, which the page's
CSP (``script-src 'self'``) does not govern, so the CSP under test stays switched on.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# What a test waits for, at most: the same 10 s for an assertion (``expect``) as for an action (the contexts'
# default below). Playwright's own 5 s for assertions timed out on a loaded CI machine while a SCORM package was
# still loading its three nested frames, and 10 s did for the M&E dashboard's Georgian tables (drawn on demand by
# the Dash server) while the machine ran at a load average of 10-17; what is asserted does not change, only how
# long the page may take.
WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The rules axe runs: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The session's app served on 127.0.0.1 and a free port; yields its base URL.

    The browser reaches the application as ``localhost`` and the learning content as ``127.0.0.1`` on the same
    port: two origins, one server, as ``CONTENT_ORIGIN``'s default gives ``make run``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: the browser tests need it. "
                    "Run `make browser` (installs Debian's chromium) or set CHROMIUM_PATH.", pytrace=False)
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture()
def new_context(browser: Browser, live_server: str, db: Any) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(**options)``: a browser context on the live server, closed after the test.

    Depends on ``db`` so the test's rows are removed after it; English is the browser's language so
    that a switch to Georgian is the user's doing.
    """
    contexts: list[BrowserContext] = []

    def _new(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server, locale="en-GB", **options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture()
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture()
def sign_in() -> Callable[..., None]:
    """``sign_in(page, email)`` signs in through the real form, as a person would: type, then press the button."""

    def _sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
        page.goto("/auth/login")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if "/auth/login" in page.url:
            pytest.fail(f"Signing in as {email} failed; the page says: {page.locator('main').inner_text()}")

    return _sign_in


_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.x A/AA violations axe-core finds on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options).response
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.fixture()
def assert_accessible() -> Callable[[Page], None]:
    """``assert_accessible(page)`` fails with each rule, its help and the offending elements' selectors."""

    def _check(page: Page) -> None:
        violations = axe_violations(page)
        report = describe_violations(violations)
        assert not violations, f"axe-core found accessibility problems on {page.url}:\n{report}"

    return _check
