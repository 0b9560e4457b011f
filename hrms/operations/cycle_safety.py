"""Bulk actions that cannot be undone, made safe: a confirmed count, a cancellation with a reason, no overlaps.

A bulk release acts on the set HR saw on the confirmation page, not on whatever the cycle holds when the POST
arrives: the form carries the number confirmed, and a different number now refuses the release. A cycle is
cancelled only before anything of it was released (a released rating is the employee's). A second open cycle
over the same people and period (same units, shared employment types) produced duplicate training needs and
plans: it is refused unless HR gives the reason it is wanted, which is stored on the cycle.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, func, or_, select

from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.models.base import utcnow
from common.permissions import can_act_as_hr, can_manage_cycle
from hrms.models import CALIBRATION, RELEASED_STATES, Appraisal, AppraisalCycle


def releasable(cycle: AppraisalCycle, actor: Any) -> list[Appraisal]:
    """The calibrated appraisals a bulk release would release now (those the officer acts on as HR)."""
    pending = db.session.execute(select(Appraisal).where(Appraisal.cycle_id == cycle.id,
                                                         Appraisal.state == CALIBRATION)).scalars().all()
    return [a for a in pending if can_act_as_hr(actor, a)]


def check_confirmed(cycle: AppraisalCycle, actor: Any, confirmed: int | None) -> list[Appraisal]:
    """The appraisals to release, if their number is still the one HR confirmed; refused otherwise."""
    ensure(cycle.status == "open", _l("Only an open cycle's ratings are released."))
    ensure(confirmed is not None, _l("Confirm the release on its confirmation page first."))
    now = releasable(cycle, actor)
    ensure(len(now) == confirmed,
           _l("The appraisals to release changed since you confirmed (%(then)d then, %(now)d now). "
              "Check the confirmation page again.", then=confirmed, now=len(now)), stale=True)
    return now


def cancel_cycle(cycle: AppraisalCycle, reason: str, *, actor: Any) -> None:
    """Cancel an open cycle of which nothing was released; its appraisals stay, read-only, for the record."""
    ensure(can_manage_cycle(actor, cycle), _l("Only HR in scope of the cycle cancels it."))
    ensure(cycle.status == "open", _l("Only an open cycle can be cancelled."))
    ensure(bool(reason.strip()), _l("Give the reason for cancelling the cycle."), field="reason")
    released = db.session.execute(select(exists().where(Appraisal.cycle_id == cycle.id,
                                                        Appraisal.state.in_(RELEASED_STATES)))).scalar()
    ensure(not released, _l("Ratings of this cycle are already released: it can no longer be cancelled."))
    cycle.status, cycle.cancelled_at, cycle.cancel_reason = "cancelled", utcnow(), reason.strip()
    log_action("hrms", "cancel_cycle", cycle, f"Appraisal cycle {cycle.id} cancelled: {reason.strip()}", actor=actor,
               changes={"status": ["open", "cancelled"]})


def overlapping_cycles(root_unit: OrgUnit, period_start: date, period_end: date,
                       employment_types: list[str]) -> list[AppraisalCycle]:
    """Open cycles whose people could be the same: one root unit inside the other, periods that overlap, and
    at least one employment type in common."""
    candidates = db.session.execute(
        select(AppraisalCycle).join(OrgUnit, AppraisalCycle.root_unit_id == OrgUnit.id)
        .where(AppraisalCycle.status == "open", AppraisalCycle.period_start <= period_end,
               AppraisalCycle.period_end >= period_start,
               or_(OrgUnit.path.startswith(root_unit.path, autoescape=True),
                   func.substr(root_unit.path, 1, func.length(OrgUnit.path)) == OrgUnit.path))
        .order_by(AppraisalCycle.period_start)).scalars().all()
    return [c for c in candidates if set(c.employment_types or []) & set(employment_types)]
