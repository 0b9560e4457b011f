"""The dashboards of the Dash app: each page says who may open it and builds its layout for that user.

Page modules add themselves to ``PAGES``; the landing page, the reports home and the route guard all
read it, so a dashboard cannot be listed to someone its URL would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.permissions import has_capability

PREFIX = "/dashboards/"


@dataclass(frozen=True)
class DashboardPage:
    slug: str
    title: Any  # lazy strings: translated when shown
    description: Any
    capability: str
    layout: Callable[..., Any]  # (user, query string as a dict) -> Dash component tree, built per request

    @property
    def url(self) -> str:
        return f"{PREFIX}{self.slug}"


PAGES: dict[str, DashboardPage] = {}


def add_page(page: DashboardPage) -> None:
    PAGES[page.slug] = page


def visible_pages(user: Any) -> list[DashboardPage]:
    if not has_capability(user, "reports.dashboards"):
        return []
    return [page for page in PAGES.values() if has_capability(user, page.capability)]
