"""Calibration, the end of a cycle, and the consequences a person (never the software) decides.

A calibration change keeps the label before and after and a reason, inside a session per cycle and
unit. Finalising a cycle lets its rule set propose consequences per employee, in bulk; each stays a
proposal until HR confirms or rejects it with a note.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import insert, select

from common.audit import log_action
from common.errors import OperationError, ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.models.base import utcnow
from common.permissions import can_act_as_hr, can_manage_cycle
from hrms.models import (
    APPEALED,
    CALIBRATION,
    FINAL,
    LABELS,
    RELEASED,
    Appraisal,
    AppraisalCycle,
    CalibrationChange,
    CalibrationSession,
    ConsequenceProposal,
)
from hrms.operations import release as release_ops
from hrms.operations.workflow import check_version, move


def calibration_session(cycle: AppraisalCycle, unit: OrgUnit, *, actor: Any) -> CalibrationSession:
    session = db.session.execute(select(CalibrationSession).where(
        CalibrationSession.cycle_id == cycle.id, CalibrationSession.org_unit_id == unit.id)).scalar_one_or_none()
    if session is None:
        session = CalibrationSession(cycle_id=cycle.id, org_unit_id=unit.id, opened_by_id=getattr(actor, "id", None))
        db.session.add(session)
        db.session.flush()
    return session


def calibrate(appraisal: Appraisal, label: str, reason: str, *, unit: OrgUnit, actor: Any,
              version: int | None = None) -> CalibrationChange:
    """Change a proposed label in the calibration session of ``unit``; the reason is required."""
    ensure(can_act_as_hr(actor, appraisal), _l("Only HR calibrates ratings."))
    ensure(appraisal.state == CALIBRATION, _l("This appraisal is not in calibration."))
    ensure(appraisal.org_unit.path.startswith(unit.path), _l("This appraisal is not in the unit being calibrated."))
    ensure(label in LABELS, _l("Choose a label of the scale."), field="label")
    ensure(label != appraisal.label, _l("Choose a label different from the current one."), field="label")
    ensure(bool(reason.strip()), _l("Give the reason for the change."), field="reason")
    check_version(appraisal, version)
    session = calibration_session(appraisal.cycle, unit, actor=actor)
    change = CalibrationChange(session_id=session.id, appraisal_id=appraisal.id, label_before=appraisal.label,
                               label_after=label, reason=reason.strip(), changed_by_id=actor.id)
    db.session.add(change)
    before, appraisal.label = appraisal.label, label
    move(appraisal, CALIBRATION, "calibrate", actor, f"Appraisal {appraisal.id} calibrated: {before} -> {label}",
         label=[before, label], reason=[None, change.reason])
    return change


def finalise_cycle(cycle: AppraisalCycle, *, actor: Any) -> int:
    """Finalise every appraisal that may be, close the cycle, propose consequences. Returns the proposals."""
    ensure(actor is None or can_manage_cycle(actor, cycle), _l("Only HR of this cycle's unit closes it."))
    ensure(cycle.status == "open", _l("This cycle is already final."))
    appraisals = db.session.execute(select(Appraisal).where(Appraisal.cycle_id == cycle.id)).scalars().all()
    blocking = Counter()
    for appraisal in appraisals:
        if appraisal.state == FINAL or release_ops.may_finalise(appraisal):
            continue
        blocking["appeal" if appraisal.state == APPEALED else
                 "window" if appraisal.state == RELEASED else "unreleased"] += 1
    if blocking:
        raise OperationError(_l("The cycle cannot be closed yet: %(unreleased)d not released, %(window)d still in "
                                "the appeal window, %(appeal)d appeals open.", unreleased=blocking["unreleased"],
                                window=blocking["window"], appeal=blocking["appeal"]))
    for appraisal in appraisals:
        if appraisal.state != FINAL:
            release_ops.finalise(appraisal, actor=None, summary=f"Appraisal {appraisal.id} final with the cycle")
    cycle.status, cycle.finalised_at = "final", utcnow()
    proposals = propose_consequences(cycle)
    log_action("hrms", "finalise_cycle", cycle, f"Cycle {cycle.id} final; {proposals} consequences proposed",
               actor=actor, changes={"status": ["open", "final"]})
    return proposals


def propose_consequences(cycle: AppraisalCycle) -> int:
    """Apply the cycle's rules to each final label; the previous cycle of the same track tells "twice in a row"."""
    finals = db.session.execute(select(Appraisal.id, Appraisal.employee_id, Appraisal.label).where(
        Appraisal.cycle_id == cycle.id, Appraisal.state == FINAL)).all()
    previous: dict[int, str | None] = {}
    for employee_id, label in db.session.execute(
        select(Appraisal.employee_id, Appraisal.label).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .where(Appraisal.employee_id.in_([row.employee_id for row in finals]), Appraisal.state == FINAL,
               AppraisalCycle.track == cycle.track, AppraisalCycle.id != cycle.id,
               AppraisalCycle.period_end < cycle.period_end)
        .order_by(AppraisalCycle.period_end)
    ):
        previous[employee_id] = label  # the latest earlier cycle wins
    existing = set(db.session.execute(select(ConsequenceProposal.appraisal_id, ConsequenceProposal.kind)
                                      .where(ConsequenceProposal.cycle_id == cycle.id)).all())
    rules, now, rows = cycle.rules or {}, utcnow(), []
    for appraisal_id, employee_id, label in finals:
        kinds = list(rules.get(label or "", []))
        if label == "unsatisfactory" and previous.get(employee_id) == "unsatisfactory":
            kinds += rules.get("unsatisfactory_twice", [])
        rows += [{"cycle_id": cycle.id, "appraisal_id": appraisal_id, "employee_id": employee_id, "kind": kind,
                  "status": "proposed", "created_at": now} for kind in dict.fromkeys(kinds)
                 if (appraisal_id, kind) not in existing]
    if rows:
        db.session.execute(insert(ConsequenceProposal), rows)
    return len(rows)


def decide_consequence(proposal: ConsequenceProposal, *, confirm: bool, note: str, actor: Any) -> None:
    ensure(can_act_as_hr(actor, proposal.appraisal), _l("Only HR decides on consequences."))
    ensure(proposal.status == "proposed", _l("This proposal is already decided."))
    ensure(bool(note.strip()), _l("Write a note on the decision."), field="note")
    before = proposal.status
    proposal.status, proposal.note = ("confirmed" if confirm else "rejected"), note.strip()
    proposal.decided_at, proposal.decided_by_id = utcnow(), actor.id
    log_action("hrms", "decide_consequence", proposal.appraisal,
               f"Proposed {proposal.kind} {proposal.status} for employee {proposal.employee_id}", actor=actor,
               subject_employee_id=proposal.employee_id, changes={"status": [before, proposal.status]})
