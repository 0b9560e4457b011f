"""The grid paged by objective in a browser: on a phone, in English and Georgian, the pager's links lead from one
objective to the next without JavaScript-only controls, nothing scrolls sideways and axe finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.monitoring.test_browser_phone import PHONE, _no_sideways_scroll
from tests.monitoring.test_entry_grid import objectives  # noqa: F401 - three objectives on two pages

pytestmark = pytest.mark.browser


def test_the_pager_leads_to_the_next_objective_on_a_phone(new_context: Any, me: Any, objectives: Any,  # noqa: F811
                                                          sign_in: Any, assert_accessible: Any) -> None:
    plain = new_context(viewport=PHONE, java_script_enabled=False).new_page()  # plain links: no script needed
    sign_in(plain, me.officer.email)
    plain.goto("/me/entry")
    plain.get_by_role("link", name="1.3 Open data").click()
    expect(plain.get_by_text("Page 2 of 2 (7 indicators)")).to_be_visible()
    assert objectives["1.3"][0].code in plain.content() and objectives["1.1"][0].code not in plain.content()

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, me.officer.email)
    page.goto("/me/entry")
    for language in ("en", "ka"):
        if language == "ka":
            page.locator("button[name=lang][value=ka]").click()
            page.wait_for_load_state()
            expect(page.get_by_text("ყველა ამოცანა")).to_be_visible()
        _no_sideways_scroll(page)
        assert_accessible(page)
