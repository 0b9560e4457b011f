"""Multi-rater feedback: peers, direct reports (upward) and the manager's manager.

The relation is read from the directory, not chosen, so nobody can be asked as a "peer" who is not
one. Answers are ratings only and are shown nowhere one by one (see ``queries.feedback_summary``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.models import Employee
from common.models.base import utcnow
from common.permissions import can_act_as_employee, can_act_as_hr
from hrms.models import CALIBRATION, FINAL, RELEASED_STATES, Appraisal, FeedbackRequest


def relation_of(appraisal: Appraisal, respondent: Employee) -> str | None:
    person = appraisal.employee
    if respondent.id in (person.id, appraisal.evaluator_id) or respondent.deleted_at is not None:
        return None
    if respondent.manager_id == person.id:
        return "report"
    if person.manager is not None and person.manager.manager_id == respondent.id:
        return "manager_manager"
    if person.manager_id is not None and respondent.manager_id == person.manager_id:
        return "peer"
    return None


def request_feedback(appraisal: Appraisal, respondent: Employee, *, actor: Any) -> FeedbackRequest:
    ensure(can_act_as_employee(actor, appraisal) or can_act_as_hr(actor, appraisal),
            _l("Only the employee or HR requests feedback."))
    ensure(appraisal.state not in (*RELEASED_STATES, CALIBRATION, FINAL), _l("Feedback can no longer be requested."))
    relation = relation_of(appraisal, respondent)
    ensure(relation is not None, _l("Feedback can be asked of peers, direct reports and the manager's manager."),
            field="respondent")
    already = db.session.query(FeedbackRequest.id).filter_by(appraisal_id=appraisal.id,
                                                             respondent_id=respondent.id).first()
    ensure(already is None, _l("This person has already been asked."), field="respondent")
    request = FeedbackRequest(appraisal_id=appraisal.id, respondent_id=respondent.id, relation=relation,
                              requested_by_id=actor.id)
    db.session.add(request)
    db.session.flush()
    log_action("hrms", "request_feedback", appraisal, f"Feedback requested from employee {respondent.id} ({relation})",
               actor=actor, subject_employee_id=appraisal.employee_id)
    return request


def answer_feedback(request: FeedbackRequest, rating: int, *, actor: Any) -> None:
    ensure(actor.employee_id == request.respondent_id, _l("Only the person asked answers this request."))
    ensure(request.answered_at is None, _l("You have already answered."))
    ensure(request.appraisal.state not in (*RELEASED_STATES, CALIBRATION),
            _l("The appraisal has moved on; answers are closed."))
    top = request.appraisal.cycle.template.rating_max
    ensure(1 <= rating <= top, _l("Ratings run from 1 to %(top)d.", top=top), field="rating")
    request.rating, request.answered_at = rating, utcnow()
    # The audit entry names the request only: who rated how is not written anywhere readable.
    log_action("hrms", "answer_feedback", request, f"Feedback request {request.id} answered", actor=actor)
