"""Every HR page of ``tests/hrms/hr_pages.py`` on a 390 px phone: nothing scrolls sideways.

The page's width is measured in Chromium as laid out (``scrollWidth`` of the document against the viewport), in
English and in Georgian (whose words are longer), signed in as the person who works on each page.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.hrms.hr_pages import build_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide: [...new Set(wide)].slice(0, 6)};
}"""


def test_no_hr_page_scrolls_sideways_at_390_px(hr_world: Any, factory: Any, db: Any, new_context: Any,
                                               sign_in: Any) -> None:
    pages = build_pages(hr_world, factory, db)
    problems = []
    for persona in dict.fromkeys(page.persona for page in pages):
        context = new_context(viewport=PHONE)
        tab = context.new_page()
        sign_in(tab, hr_world.users[persona].email)
        for lang in ("en", "ka"):
            if lang == "ka":  # switched as a person would, with the header's language button
                tab.locator("form.language button[value=ka]").click()
                tab.wait_for_load_state()
            for page in (p for p in pages if p.persona == persona):
                tab.goto(page.path)
                measured = tab.evaluate(OVERFLOW)
                if measured["scroll"] > measured["width"]:
                    problems.append(f"{page.name} ({lang}): {measured['scroll']} px; too wide: {measured['wide']}")
        context.close()
    assert not problems, "\n".join(problems)
