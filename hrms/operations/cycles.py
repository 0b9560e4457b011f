"""Cycles and who is appraised by whom: one action creates every appraisal, in bulk.

``generate_appraisals`` reads the eligible staff in one query and writes the appraisals in a few
multi-row inserts, so a ministry of 300 or a government of 100,000 costs the same number of
statements; an employee who already has an appraisal in the cycle is skipped (and a unique
constraint backs that up), so repeating the action creates none. When the directory reports that
someone's manager or position changed, the outgoing manager is asked for an interim assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import exists, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from common import signals
from common.audit import log_action
from common.errors import OperationError, ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, OrgUnit
from common.models.base import utcnow
from common.permissions import can_act_as_hr, can_name_for_duty, is_interim_evaluator, unit_in_scope
from hrms.models import (
    AGREED,
    CALIBRATION,
    DRAFT,
    LABELS,
    SELF_ASSESSED,
    Appraisal,
    AppraisalCycle,
    AppraisalTemplate,
    InterimAssessment,
)
from hrms.operations.cycle_safety import overlapping_cycles
from hrms.operations.workflow import save

CHUNK = 5000
OPEN_FOR_INTERIM = (DRAFT, AGREED, SELF_ASSESSED)


@dataclass
class CycleSpec:
    name_ka: str
    name_en: str
    track: str
    period_start: date
    period_end: date
    template_id: int
    root_unit_id: int
    objectives_due: date
    self_assessment_due: date
    manager_assessment_due: date
    calibration_due: date
    release_due: date
    midyear_due: date | None = None
    employment_types: list[str] = field(default_factory=lambda: ["professional"])
    unused_sections: list[str] = field(default_factory=list)
    appeal_days: int = 14
    appeal_decision_days: int = 30
    excellent_cap: int = 20
    need_below: int | None = None
    override_reason: str = ""  # required when the cycle overlaps an open one for the same people


def create_cycle(spec: CycleSpec, *, actor: Any) -> tuple[AppraisalCycle, int]:
    """Create the cycle and, in the same action, one appraisal per eligible employee."""
    unit = db.session.get(OrgUnit, spec.root_unit_id)
    ensure(unit is not None and (actor is None or unit_in_scope(actor, "hr.manage_cycles", unit)),
            _l("Choose an org unit inside your scope."), field="root_unit")
    template = db.session.get(AppraisalTemplate, spec.template_id)
    ensure(template is not None, _l("Choose a template."), field="template")
    ensure(spec.period_start < spec.period_end, _l("The period must end after it starts."), field="period_end")
    dates = [spec.objectives_due, spec.self_assessment_due, spec.manager_assessment_due, spec.calibration_due,
             spec.release_due]
    ensure(all(a <= b for a, b in pairwise(dates)),
            _l("The phase deadlines must follow each other: objectives, self-assessment, manager assessment, "
               "calibration, release."), field="objectives_due")
    kinds = {s.kind for s in template.sections}
    ensure(bool(kinds - set(spec.unused_sections)), _l("At least one section of the template must be used."),
            field="unused_sections")
    ensure(bool(spec.employment_types), _l("Choose at least one employment type."), field="employment_types")
    overlaps = overlapping_cycles(unit, spec.period_start, spec.period_end, spec.employment_types)
    ensure(not overlaps or bool(spec.override_reason.strip()),
           _l("This cycle overlaps the open cycle %(names)s for the same people and period. Give the reason it is "
              "needed beside it, or choose another unit or period.", names=", ".join(c.name for c in overlaps)),
           field="override_reason")
    cycle = AppraisalCycle(
        name_ka=spec.name_ka, name_en=spec.name_en, track=spec.track, period_start=spec.period_start,
        period_end=spec.period_end, template_id=template.id, methodology_ref=template.methodology_ref,
        methodology_ref_ka=template.methodology_ref_ka,
        root_unit_id=unit.id, employment_types=list(spec.employment_types),
        unused_sections=[k for k in spec.unused_sections if k in kinds], objectives_due=spec.objectives_due,
        midyear_due=spec.midyear_due, self_assessment_due=spec.self_assessment_due,
        manager_assessment_due=spec.manager_assessment_due, calibration_due=spec.calibration_due,
        release_due=spec.release_due, appeal_days=spec.appeal_days, appeal_decision_days=spec.appeal_decision_days,
        guideline={"excellent": spec.excellent_cap}, need_below=spec.need_below,
        overlap_reason=spec.override_reason.strip() if overlaps else None, created_by_id=getattr(actor, "id", None))
    db.session.add(cycle)
    db.session.flush()
    log_action("hrms", "create_cycle", cycle, f"Appraisal cycle {spec.name_en!r} created for {unit.code} "
                                              f"under template {template.family} v{template.version}", actor=actor)
    return cycle, generate_appraisals(cycle, actor=actor)


def eligible_staff(cycle: AppraisalCycle) -> list[Any]:
    """Employees in the cycle's subtree and employment types, in post during the period, not yet appraised."""
    manager = aliased(Employee)
    already = exists().where(Appraisal.cycle_id == cycle.id, Appraisal.employee_id == Employee.id)
    return list(db.session.execute(
        select(Employee.id, Employee.org_unit_id, Employee.position_id, manager.id)
        .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
        .outerjoin(manager, (Employee.manager_id == manager.id) & manager.deleted_at.is_(None))
        .where(OrgUnit.path.startswith(cycle.root_unit.path, autoescape=True), Employee.deleted_at.is_(None),
               Employee.employment_type.in_(cycle.employment_types),
               or_(Employee.hire_date.is_(None), Employee.hire_date <= cycle.period_end),
               or_(Employee.leave_date.is_(None), Employee.leave_date >= cycle.period_start), ~already)
        .order_by(Employee.id)
    ).all())


def generate_appraisals(cycle: AppraisalCycle, *, actor: Any) -> int:
    """One appraisal per eligible employee without one; the evaluator is their manager. Returns how many."""
    ensure(cycle.status == "open", _l("This cycle is closed."))
    state = DRAFT if cycle.uses("objectives") else AGREED
    now = utcnow()
    rows = [{"cycle_id": cycle.id, "employee_id": employee_id, "org_unit_id": unit_id, "position_id": position_id,
             "evaluator_id": manager_id, "state": state, "version": 1, "created_at": now, "updated_at": now}
            for employee_id, unit_id, position_id, manager_id in eligible_staff(cycle)]
    try:
        with db.session.begin_nested():
            for start in range(0, len(rows), CHUNK):
                db.session.execute(insert(Appraisal), rows[start:start + CHUNK])
    except IntegrityError:
        raise OperationError(_l("Someone else is creating the appraisals of this cycle; try again in a moment.")) \
            from None
    if rows:
        log_action("hrms", "create_appraisals", cycle, f"{len(rows)} appraisals created in cycle {cycle.id}",
                   actor=actor, changes={"appraisals": [None, len(rows)]})
    return len(rows)


def _ask_interim(appraisal: Appraisal, reason: str) -> None:
    if appraisal.evaluator_id is not None and appraisal.evaluator_id not in appraisal.interim_evaluator_ids:
        appraisal.interims.append(InterimAssessment(evaluator_id=appraisal.evaluator_id, reason=reason))


def change_evaluator(appraisal: Appraisal, evaluator: Employee | None, *, actor: Any) -> None:
    """HR names another evaluator; the outgoing one is asked for an interim assessment."""
    ensure(can_act_as_hr(actor, appraisal), _l("Only HR changes the evaluator."))
    ensure(appraisal.state in (*OPEN_FOR_INTERIM, CALIBRATION), _l("The evaluator can no longer change."))
    ensure(evaluator is None or evaluator.id != appraisal.employee_id,
            _l("Nobody evaluates themselves."), field="evaluator")
    ensure(evaluator is None or can_name_for_duty(actor, evaluator),
           _l("You may name only people of the units you are responsible for."), field="evaluator")
    before = appraisal.evaluator_id
    if evaluator is not None and evaluator.id == before:
        return
    if appraisal.state in OPEN_FOR_INTERIM:
        _ask_interim(appraisal, "manager_change")
    appraisal.evaluator_id = evaluator.id if evaluator else None
    save(appraisal, "change_evaluator", actor, f"Evaluator of appraisal {appraisal.id} changed",
         {"evaluator_id": [before, appraisal.evaluator_id]})


def record_interim(interim: InterimAssessment, *, label: str | None, comment: str, actor: Any) -> None:
    appraisal = db.session.get(Appraisal, interim.appraisal_id)
    ensure(is_interim_evaluator(actor, interim), _l("Only the outgoing manager records this assessment."))
    ensure(interim.recorded_at is None, _l("This interim assessment is already recorded."))
    ensure(label in (None, "", *LABELS), _l("Choose a label of the scale."), field="label")
    ensure(bool(comment.strip()), _l("Write the interim assessment."), field="comment")
    interim.label, interim.comment, interim.recorded_at = label or None, comment.strip(), utcnow()
    log_action("hrms", "record_interim", appraisal, f"Interim assessment {interim.id} recorded", actor=actor,
               subject_employee_id=appraisal.employee_id)


def follow_directory(employee_ids: list[int]) -> int:
    """Open appraisals whose person changed manager or position: interim by the outgoing manager, new evaluator."""
    appraisals = db.session.execute(
        select(Appraisal, Employee).join(Employee, Appraisal.employee_id == Employee.id)
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .where(Appraisal.employee_id.in_(employee_ids), Appraisal.state.in_(OPEN_FOR_INTERIM),
               AppraisalCycle.status == "open")
    ).all()
    changed = 0
    for appraisal, employee in appraisals:
        manager_moved = employee.manager_id != appraisal.evaluator_id
        position_moved = employee.position_id != appraisal.position_id
        if not (manager_moved or position_moved):
            continue
        _ask_interim(appraisal, "manager_change" if manager_moved else "position_change")
        before = (appraisal.evaluator_id, appraisal.position_id)
        appraisal.evaluator_id, appraisal.position_id = employee.manager_id, employee.position_id
        appraisal.org_unit_id = employee.org_unit_id
        save(appraisal, "change_evaluator", None, f"Appraisal {appraisal.id} follows a directory change",
             {"evaluator_id": [before[0], appraisal.evaluator_id], "position_id": [before[1], appraisal.position_id]})
        changed += 1
    return changed


@signals.employees_changed.connect
def _on_employees_changed(_sender: Any, employee_ids: list[int] | None = None, **_extra: Any) -> None:
    if employee_ids:
        follow_directory(list(employee_ids))
