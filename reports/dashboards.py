"""The dashboards the suite offers: who may open each, and where. Without Dash.

The reports home, the route guard and the Dash app all read ``DASHBOARDS``, so a dashboard cannot be listed to
someone its URL would refuse. This module imports nothing of Dash or Plotly: a web process that does not mount the
dashboards (``MOUNT_DASHBOARDS`` off, the dashboards served by their own pool behind the same host, see
``deploy/SCALING.md``) still lists and links them. The Dash side (``reports.dash``) adds each page's layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.i18n import lazy_gettext as _l
from common.permissions import has_capability
from reports.learning_figures import CAPABILITY as LEARNING
from reports.me_figures import CAPABILITY as ME

PREFIX = "/dashboards/"
CAPABILITY = "reports.dashboards"  # any dashboard at all; each page also needs its own


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: Any  # lazy strings: translated when shown
    description: Any
    capability: str

    @property
    def url(self) -> str:
        return f"{PREFIX}{self.slug}"


DASHBOARDS: dict[str, Dashboard] = {page.slug: page for page in (
    Dashboard("hr", _l("HR dashboard"), _l("Headcount by unit, rank, category, gender and age; hires and leavers by "
                                           "year."), "reports.hr"),
    Dashboard("me", _l("Monitoring and evaluation dashboard"), _l(
        "Per strategy: headline status, indicator trends against targets, a regional map, pivots by region and sex, "
        "completeness of reporting."), ME),
    Dashboard("learning", _l("Learning dashboard"), _l(
        "Enrolments, completions and pass rates by course and unit; overdue and expiring mandatory training."),
        LEARNING),
)}


def visible_pages(user: Any) -> list[Dashboard]:
    if not has_capability(user, CAPABILITY):
        return []
    return [page for page in DASHBOARDS.values() if has_capability(user, page.capability)]
