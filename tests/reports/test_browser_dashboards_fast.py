"""The three dashboards on the demo data in Chromium: content within 4 s on the first visit and 2 s on the second,
which transfers at most 300 KB (assets come from the browser's cache); no serious or critical axe violation in
English or Georgian. Timed under the shared browser lock (COMMON.md), so no other browser competes."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from playwright.sync_api import Response, expect

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

FIRST_SECONDS, AGAIN_SECONDS, AGAIN_BYTES = 4.0, 2.0, 300 * 1024
# (dashboard, demo account, what shows that its content is there)
DASHBOARDS = (("me", "approver@demo.gov.ge", "#me-tiles"), ("hr", "hr@demo.gov.ge", "#hr-headline"),
              ("learning", "learning@demo.gov.ge", "#learning-headline"))


def _visit(page: Any, url: str, marker: str) -> tuple[float, int]:
    """Open ``url``; the seconds until ``marker`` shows, and the bytes the responses brought (headers and body as
    sent, so compressed; a response from the browser's cache brings none)."""
    responses: list[Response] = []
    started = time.monotonic()

    def note(response: Response) -> None:
        responses.append(response)

    page.on("response", note)
    started = time.monotonic()
    page.goto(url)
    expect(page.locator(marker)).to_be_visible(timeout=15_000)
    elapsed = time.monotonic() - started
    # The rest of the page (the charts, drawn once Plotly has loaded) before leaving it, as a reader would.
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", note)
    total = 0
    for response in responses:
        sizes = response.request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return elapsed, total


def test_each_dashboard_shows_content_fast_and_light_on_the_second_visit(app: Any, db: Any, playwright_driver: Any,
                                                                          live_server: str, tmp_path: Any,
                                                                          sign_in: Any, assert_accessible: Any,
                                                                          monkeypatch: Any) -> None:
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", PASSWORD)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 0, result.output
    report = []
    for slug, email, marker in DASHBOARDS:
        # A browser profile with a disk cache, as a person's browser has (a fresh Playwright context keeps only a
        # small in-memory cache, which does not hold Plotly's bundle).
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path / slug), executable_path=CHROMIUM, args=CHROMIUM_ARGS, base_url=live_server, locale="en-GB")
        context.set_default_timeout(10_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        sign_in(page, email)
        first, first_bytes = _visit(page, f"/dashboards/{slug}", marker)
        again, again_bytes = _visit(page, f"/dashboards/{slug}", marker)
        report.append(f"{slug}: first {first:.2f} s, {first_bytes / 1024:.0f} KB; "
                      f"again {again:.2f} s, {again_bytes / 1024:.0f} KB")
        assert first <= FIRST_SECONDS, report[-1]
        assert again <= AGAIN_SECONDS, report[-1]
        assert again_bytes <= AGAIN_BYTES, report[-1]
        assert len(page.locator(".js-plotly-plot, img.region-map").all()) <= 12, "at most 12 charts per view"
        assert not errors, errors
        assert_accessible(page)
        if os.environ.get("DASHBOARD_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['DASHBOARD_SCREENSHOTS']}/{slug}-en.png", full_page=True)
        page.get_by_role("button", name="ქართული").click()
        expect(page.locator(marker)).to_be_visible(timeout=15_000)
        expect(page.locator("html")).to_have_attribute("lang", "ka")
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        if os.environ.get("DASHBOARD_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['DASHBOARD_SCREENSHOTS']}/{slug}-ka.png", full_page=True)
        context.close()
    print("\n".join(report))
