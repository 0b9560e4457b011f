"""Reports: aggregate statistics, staff annexes and background jobs' files."""

from __future__ import annotations

from collections.abc import Iterable
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


# The M&E dashboard and monitoring report of a strategy: whoever has its owner agency in scope reads all of it; an
# agency that carries some of its activities or indicators reads it too, its breakdowns limited to the agencies in
# its scope. ``agencies`` are the units the strategy involves (owner, responsible and partner agencies).


def can_read_whole_me_strategy(user: Any, document: Any) -> bool:
    return has_capability(user, "reports.me") and (scope_paths(user, "reports.me") is None or unit_in_scope(
        user, "reports.me", document.owner_unit))


def can_read_me_strategy(user: Any, document: Any, agencies: Iterable[Any]) -> bool:
    if can_read_whole_me_strategy(user, document):
        return True
    return has_capability(user, "reports.me") and any(unit_in_scope(user, "reports.me", unit) for unit in agencies)


def can_see_me_agency(user: Any, unit: Any) -> bool:
    """An agency's line in the breakdowns of a strategy the user reads only in part."""
    return unit_in_scope(user, "reports.me", unit)


def can_read_learning_statistics(user: Any, unit: OrgUnit | None) -> bool:
    """Course compliance figures of a unit's subtree: learning staff and HR with the unit in scope."""
    return unit is not None and has_capability(user, "learning.learners") and unit_in_scope(
        user, "learning.learners", unit)
