"""The appraisal's state machine: each transition checks who acts and when, saves, logs, or refuses.

objectives drafted → objectives agreed (employee and manager) → self-assessed → manager-assessed
(in calibration) → released → acknowledged or appealed → final. Every save touches the appraisal
row, so its version column moves; a form carries the version it was opened at, and a save from an
older version is refused instead of overwriting what someone else saved meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from common.audit import log_action
from common.errors import OperationError, ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from common.permissions import can_act_as_employee, can_act_as_manager
from hrms import scoring
from hrms.models import (
    AGREED,
    CALIBRATION,
    DRAFT,
    LABELS,
    SELF_ASSESSED,
    Appraisal,
    CompetencyRating,
    Objective,
    ObjectiveNote,
)

STALE = _l("Someone else saved this appraisal after you opened it. Nothing of yours was saved: the page now shows "
           "the current version, please make your changes again.")


def stale() -> OperationError:
    return OperationError(STALE, stale=True)


def check_version(appraisal: Appraisal, version: int | None) -> None:
    """Refuse a form opened at an older version of the appraisal."""
    if version is not None and int(version) != appraisal.version:
        raise stale()


def save(appraisal: Appraisal, action: str, actor: Any, summary: str, changes: dict[str, Any] | None = None) -> None:
    """Touch the row (its version moves), write the audit entry, flush; a concurrent save makes this stale."""
    appraisal.updated_at = utcnow()
    log_action("hrms", action, appraisal, summary, actor=actor, changes=changes,
               subject_employee_id=appraisal.employee_id)
    try:
        db.session.flush()
    except StaleDataError:
        raise stale() from None


def move(appraisal: Appraisal, state: str, action: str, actor: Any, summary: str, **changes: Any) -> None:
    before = appraisal.state
    appraisal.state = state
    save(appraisal, action, actor, summary, {"state": [before, state], **changes})


@dataclass
class ObjectiveInput:
    title: str
    weight: int
    measure: str = ""
    id: int | None = None


def save_objectives(appraisal: Appraisal, rows: list[ObjectiveInput], *, actor: Any, version: int | None) -> None:
    """Replace the objectives while they are drafted; any change asks both sides to agree again."""
    check_version(appraisal, version)
    ensure(appraisal.state == DRAFT, _l("Objectives can only be changed while they are being drafted."))
    ensure(can_act_as_employee(actor, appraisal) or can_act_as_manager(actor, appraisal),
            _l("Only the employee and their evaluator set the objectives."))
    rows = [r for r in rows if r.title.strip()]
    ensure(bool(rows), _l("Give at least one objective."), field="objectives")
    total = sum(r.weight or 0 for r in rows)
    ensure(all(1 <= (r.weight or 0) <= 100 for r in rows) and total == 100,
            _l("The objective weights must total 100; they total %(total)d.", total=total), field="objectives")
    existing = {o.id: o for o in appraisal.objectives}
    kept = []
    for position, row in enumerate(rows):
        objective = existing.get(row.id) if row.id else None
        if objective is None:
            objective = Objective(title=row.title.strip(), measure=row.measure.strip(), weight=row.weight)
        objective.title, objective.measure = row.title.strip()[:255], row.measure.strip()
        objective.weight, objective.position = row.weight, position
        kept.append(objective)
    appraisal.objectives = kept
    appraisal.employee_agreed_at = appraisal.manager_agreed_at = None
    save(appraisal, "save_objectives", actor, f"Objectives of appraisal {appraisal.id} saved ({len(rows)})")


def agree_objectives(appraisal: Appraisal, *, actor: Any, version: int | None) -> None:
    check_version(appraisal, version)
    ensure(appraisal.state == DRAFT, _l("The objectives are not waiting for agreement."))
    ensure(bool(appraisal.objectives), _l("There are no objectives to agree to yet."))
    if can_act_as_employee(actor, appraisal):
        appraisal.employee_agreed_at = utcnow()
    elif can_act_as_manager(actor, appraisal):
        appraisal.manager_agreed_at = utcnow()
    else:
        raise OperationError(_l("Only the employee and their evaluator agree the objectives."))
    if appraisal.employee_agreed_at and appraisal.manager_agreed_at:
        move(appraisal, AGREED, "agree_objectives", actor, f"Objectives of appraisal {appraisal.id} agreed by both")
    else:
        save(appraisal, "agree_objectives", actor, f"Objectives of appraisal {appraisal.id} agreed by one side")


def add_evidence(objective: Objective, text: str, noted_on: date, *, actor: Any) -> ObjectiveNote:
    appraisal = objective.appraisal
    ensure(appraisal.state in (DRAFT, AGREED, SELF_ASSESSED), _l("Evidence can no longer be added."))
    role = "employee" if can_act_as_employee(actor, appraisal) else "manager"
    ensure(role == "employee" or can_act_as_manager(actor, appraisal),
            _l("Only the employee and their evaluator note evidence."))
    ensure(bool(text.strip()), _l("Write the note."), field="text")
    ensure(noted_on <= date.today(), _l("The date cannot be in the future."), field="noted_on")
    note = ObjectiveNote(objective_id=objective.id, author_id=actor.id, author_role=role, noted_on=noted_on,
                         text=text.strip())
    db.session.add(note)
    log_action("hrms", "add_evidence", appraisal, f"Evidence noted on objective {objective.id} by the {role}",
               actor=actor, subject_employee_id=appraisal.employee_id)
    return note


def record_midyear(appraisal: Appraisal, comment: str, *, actor: Any, version: int | None) -> None:
    check_version(appraisal, version)
    ensure(can_act_as_manager(actor, appraisal), _l("Only the evaluator records the mid-year check-in."))
    ensure(appraisal.state == AGREED, _l("The mid-year check-in follows the agreement of the objectives."))
    ensure(bool(comment.strip()), _l("Write what was discussed."), field="comment")
    appraisal.midyear_comment, appraisal.midyear_at = comment.strip(), utcnow()
    save(appraisal, "record_midyear", actor, f"Mid-year check-in of appraisal {appraisal.id} recorded")


def _rate(appraisal: Appraisal, field: str, objectives: dict[int, int | None], competencies: dict[int, int | None],
          *, complete: bool) -> None:
    """Store ratings (``field``: ``self_rating`` or ``manager_rating``); ``complete`` demands every one."""
    cycle, top = appraisal.cycle, appraisal.cycle.template.rating_max
    values = [*objectives.values(), *competencies.values()]
    ensure(all(v is None or 1 <= v <= top for v in values), _l("Ratings run from 1 to %(top)d.", top=top))
    if cycle.uses("objectives"):
        for objective in appraisal.objectives:
            setattr(objective, field, objectives.get(objective.id))
            ensure(not complete or getattr(objective, field) is not None, _l("Rate every objective."))
    section = appraisal.cycle.template.section("competencies")
    if section is not None and cycle.uses("competencies"):
        rows = {r.criterion_id: r for r in appraisal.competency_ratings}
        for criterion in section.criteria:
            row = rows.get(criterion.id)
            if row is None:
                row = CompetencyRating(criterion_id=criterion.id, competency_id=criterion.competency_id)
                appraisal.competency_ratings.append(row)
            setattr(row, field, competencies.get(criterion.id))
            ensure(not complete or getattr(row, field) is not None, _l("Rate every competency."))


def save_self_assessment(appraisal: Appraisal, objectives: dict[int, int | None], competencies: dict[int, int | None],
                         comment: str, *, submit: bool, actor: Any, version: int | None) -> None:
    check_version(appraisal, version)
    ensure(can_act_as_employee(actor, appraisal), _l("Only the employee assesses themselves."))
    ensure(appraisal.state == AGREED, _l("The self-assessment is not open."))
    _rate(appraisal, "self_rating", objectives, competencies, complete=submit)
    appraisal.self_comment = comment.strip() or None
    if submit:
        appraisal.self_submitted_at = utcnow()
        move(appraisal, SELF_ASSESSED, "submit_self_assessment", actor, f"Self-assessment {appraisal.id} submitted")
    else:
        save(appraisal, "save_self_assessment", actor, f"Self-assessment {appraisal.id} saved")


def manager_may_assess(appraisal: Appraisal, today: date | None = None) -> bool:
    """After the self-assessment, or once its deadline passed without one."""
    today = today or date.today()
    return appraisal.state == SELF_ASSESSED or (appraisal.state == AGREED
                                                and today > appraisal.cycle.self_assessment_due)


def save_manager_assessment(appraisal: Appraisal, objectives: dict[int, int | None],
                            competencies: dict[int, int | None], *, comment: str, private_note: str,
                            proposed_label: str | None, justification: str, submit: bool, actor: Any,
                            version: int | None, close_open_feedback: bool = False) -> None:
    """Ratings, comments and, on submit, the score and label; a different label needs a justification.

    Submitting while a feedback round is still open needs ``close_open_feedback`` (the manager was
    warned and agreed): the round then closes with the answers received so far.
    """
    check_version(appraisal, version)
    ensure(can_act_as_manager(actor, appraisal), _l("Only the evaluator assesses this appraisal."))
    ensure(manager_may_assess(appraisal), _l("The manager assessment is not open yet."))
    ensure(proposed_label in (None, "", *LABELS), _l("Choose a label of the scale."), field="proposed_label")
    _rate(appraisal, "manager_rating", objectives, competencies, complete=submit)
    appraisal.manager_comment = comment.strip() or None
    appraisal.manager_private_note = private_note.strip() or None
    appraisal.label_justification = justification.strip() or None
    if not submit:
        save(appraisal, "save_manager_assessment", actor, f"Manager assessment {appraisal.id} saved")
        return
    from hrms.operations import feedback  # feedback builds on this module's ``require``

    open_round = feedback.round_of(appraisal)
    feedback.close_if_due(open_round)
    if open_round is not None and open_round.closed_at is None:
        ensure(close_open_feedback, _l("Feedback from colleagues is still open until %(date)s. Tick the box to "
                                        "submit now: the round then closes with the answers received so far.",
                                        date=open_round.closes_on.isoformat()), field="close_feedback")
        feedback.close_round(open_round, actor=actor, reason=" by the manager's submitted assessment")
    db.session.flush()  # the new rating rows join appraisal.competency_ratings before scoring
    result = scoring.appraisal_score(appraisal)
    appraisal.score, appraisal.computed_label = result.score, result.label
    appraisal.label = proposed_label or result.label
    changes: dict[str, Any] = {"score": [None, result.score]}
    if appraisal.label != result.label:
        ensure(bool(appraisal.label_justification),
                _l("A label different from the score's needs a written justification."), field="justification")
        changes["label"] = [result.label, appraisal.label]
        changes["justification"] = [None, appraisal.label_justification]
    appraisal.manager_submitted_at = utcnow()
    move(appraisal, CALIBRATION, "submit_manager_assessment", actor,
         f"Manager assessment {appraisal.id} submitted: score {result.score}, label {appraisal.label}", **changes)


def appeal_window_end(appraisal: Appraisal) -> date | None:
    if appraisal.released_at is None:
        return None
    return appraisal.released_at.date() + timedelta(days=appraisal.cycle.appeal_days)
