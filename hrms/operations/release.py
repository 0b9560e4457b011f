"""After the manager's assessment: release, acknowledgement, appeal, and the final state.

Finalising sends ``appraisal_finalized`` (other modules turn weak competencies into training
needs). An appeal is filed within the cycle's window after release; HR assigns a reviewer or a
committee and records the decision, which closes the appeal and finalises the appraisal.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from common import signals
from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, User
from common.models.base import utcnow
from common.notifications import notify
from common.permissions import can_act_as_employee, can_act_as_hr, can_name_for_duty
from hrms.models import (
    ACKNOWLEDGED,
    APPEALED,
    CALIBRATION,
    FINAL,
    LABELS,
    RELEASED,
    Appeal,
    Appraisal,
    AppraisalCycle,
)
from hrms.operations.cycle_safety import check_confirmed
from hrms.operations.workflow import appeal_window_end, check_version, move


def release(appraisal: Appraisal, *, actor: Any) -> None:
    ensure(can_act_as_hr(actor, appraisal), _l("Only HR releases ratings."))
    ensure(appraisal.state == CALIBRATION, _l("Only a calibrated assessment can be released."))
    appraisal.released_at = utcnow()
    move(appraisal, RELEASED, "release", actor, f"Appraisal {appraisal.id} released with label {appraisal.label}")
    user = db.session.execute(select(User).where(User.employee_id == appraisal.employee_id)).scalar_one_or_none()
    if user is not None:
        notify(user, _l("Your appraisal has been released"),
               _l("You can read your ratings, then acknowledge them or appeal."),
               link=f"/hr/appraisals/{appraisal.id}")


def release_cycle(cycle: AppraisalCycle, *, actor: Any, confirmed: int | None) -> int:
    """Release every assessed appraisal of the cycle inside the officer's scope, if their number is the one HR
    ``confirmed`` on the confirmation page; returns how many."""
    released = check_confirmed(cycle, actor, confirmed)
    for appraisal in released:
        release(appraisal, actor=actor)
    return len(released)


def acknowledge(appraisal: Appraisal, comment: str, *, actor: Any, version: int | None) -> None:
    check_version(appraisal, version)
    ensure(can_act_as_employee(actor, appraisal), _l("Only the employee acknowledges their appraisal."))
    ensure(appraisal.state == RELEASED, _l("This appraisal is not waiting for acknowledgement."))
    appraisal.acknowledged_at, appraisal.acknowledgement_comment = utcnow(), comment.strip() or None
    move(appraisal, ACKNOWLEDGED, "acknowledge", actor, f"Appraisal {appraisal.id} acknowledged")


def appeal(appraisal: Appraisal, reason: str, *, actor: Any, version: int | None, today: date | None = None) -> Appeal:
    check_version(appraisal, version)
    today = today or date.today()
    ensure(can_act_as_employee(actor, appraisal), _l("Only the employee appeals their appraisal."))
    ensure(appraisal.state == RELEASED, _l("This appraisal cannot be appealed now."))
    end = appeal_window_end(appraisal)
    ensure(end is not None and today <= end, _l("The appeal window closed on %(day)s.", day=end))
    ensure(bool(reason.strip()), _l("Give the reason for the appeal."), field="reason")
    filed = Appeal(appraisal_id=appraisal.id, reason=reason.strip(), label_before=appraisal.label,
                   decision_due=today + timedelta(days=appraisal.cycle.appeal_decision_days))
    db.session.add(filed)
    move(appraisal, APPEALED, "appeal", actor, f"Appraisal {appraisal.id} appealed")
    return filed


def assign_appeal_reviewer(filed: Appeal, *, reviewer: Employee | None, committee: str, actor: Any) -> None:
    appraisal = filed.appraisal
    ensure(can_act_as_hr(actor, appraisal), _l("Only HR assigns appeal reviewers."))
    ensure(filed.decided_at is None, _l("This appeal is already decided."))
    ensure(reviewer is not None or bool(committee.strip()), _l("Name a reviewer or a committee."), field="reviewer")
    ensure(reviewer is None or reviewer.id not in (appraisal.employee_id, appraisal.evaluator_id),
            _l("The reviewer cannot be the employee or the evaluator."), field="reviewer")
    ensure(reviewer is None or can_name_for_duty(actor, reviewer),
           _l("You may name only people of the units you are responsible for."), field="reviewer")
    filed.reviewer_id = reviewer.id if reviewer else None
    filed.committee, filed.assigned_at = committee.strip() or None, utcnow()
    log_action("hrms", "assign_appeal_reviewer", appraisal, f"Appeal {filed.id} assigned", actor=actor,
               subject_employee_id=appraisal.employee_id,
               changes={"reviewer_id": [None, filed.reviewer_id], "committee": [None, filed.committee]})


def decide_appeal(filed: Appeal, *, outcome: str, label: str | None, reason: str, actor: Any) -> None:
    """Upheld keeps the label, changed sets a new one; either way the appeal closes and the appraisal is final."""
    appraisal = filed.appraisal
    ensure(can_act_as_hr(actor, appraisal), _l("Only HR records appeal decisions."))
    ensure(filed.decided_at is None, _l("This appeal is already decided."))
    ensure(filed.assigned_at is not None, _l("Assign a reviewer or a committee first."))
    ensure(outcome in ("upheld", "changed"), _l("Choose the outcome."), field="outcome")
    ensure(bool(reason.strip()), _l("Give the reason for the decision."), field="reason")
    if outcome == "changed":
        ensure(label in LABELS and label != appraisal.label, _l("Choose the new label."), field="label")
        appraisal.label = label
    filed.outcome, filed.label_after = outcome, appraisal.label
    filed.decision_reason, filed.decided_at, filed.decided_by_id = reason.strip(), utcnow(), actor.id
    finalise(appraisal, actor=actor, summary=f"Appeal {filed.id} {outcome}: label {filed.label_before} -> "
                                              f"{appraisal.label}", changes={"label": [filed.label_before,
                                                                                       appraisal.label]})


def may_finalise(appraisal: Appraisal, today: date | None = None) -> bool:
    today = today or date.today()
    if appraisal.state == ACKNOWLEDGED:
        return True
    end = appeal_window_end(appraisal)
    return appraisal.state == RELEASED and end is not None and today > end


def finalise(appraisal: Appraisal, *, actor: Any, summary: str | None = None,
             changes: dict[str, Any] | None = None) -> None:
    ensure(actor is None or can_act_as_hr(actor, appraisal), _l("Only HR finalises appraisals."))
    ensure(may_finalise(appraisal) or (appraisal.state == APPEALED and appraisal.appeal is not None
                                        and appraisal.appeal.decided_at is not None),
            _l("Only an acknowledged appraisal, or one whose appeal window has closed, can be finalised."))
    appraisal.finalised_at = utcnow()
    move(appraisal, FINAL, "finalise", actor, summary or f"Appraisal {appraisal.id} final with label {appraisal.label}",
         **(changes or {}))
    signals.appraisal_finalized.send(appraisal, employee_id=appraisal.employee_id, cycle_id=appraisal.cycle_id)

