"""Reports: aggregate statistics, staff annexes and background jobs' files."""

from __future__ import annotations

from typing import Any

from common.models import OrgUnit
from common.permissions.core import has_capability, scope_paths, unit_in_scope

# --- reports ----------------------------------------------------------------------------------------------------
# Aggregate HR statistics for a unit subtree (``None``: the whole civil service, for unscoped holders only); a
# staff annex names people, so it needs the directory's own right over the unit. A job's file is its owner's alone.


def can_read_hr_statistics(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "reports.hr"):
        return False
    return scope_paths(user, "reports.hr") is None if unit is None else unit_in_scope(user, "reports.hr", unit)


def can_list_staff_of(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "directory.browse"):
        return False
    return scope_paths(user, "directory.browse") is None if unit is None else unit_in_scope(
        user, "directory.browse", unit)


def can_view_job(user: Any, job: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and job.owner_id == user.id
