"""The hrms routes by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from common.extensions import db
from hrms.models import (
    RELEASED,
    Appeal,
    Appraisal,
    ConsequenceProposal,
    FeedbackRequest,
    FeedbackRound,
    InterimAssessment,
    Objective,
)
from tests.hrms.permissions_matrix import DEVELOPMENT, EXPECTED, WRITES
from tests.matrix import base_world, check, check_writes


def _world(app, factory, login_as):
    world = base_world(app, factory, login_as)
    cycle = factory.hr_cycle(world.units["a"])
    appraisals = {a.employee_id: a for a in db.session.execute(select(Appraisal)).scalars()}
    own = appraisals[world.employees["colleague"].id]  # the employee persona's
    objective = Objective(appraisal_id=own.id, title="Plan", weight=100)
    interim = InterimAssessment(appraisal_id=own.id, evaluator_id=world.employees["person"].id,
                                reason="manager_change")
    other = appraisals[world.employees["person"].id]
    other.state, other.label, other.released_at = RELEASED, "good", None
    appeal = Appeal(appraisal_id=other.id, reason="I disagree", decision_due=date.today() + timedelta(days=30))
    rounds = [FeedbackRound(appraisal_id=a.id, closes_on=date.today() + timedelta(days=7)) for a in (other, own)]
    feedback = FeedbackRequest(appraisal_id=other.id, round=rounds[0], respondent_id=world.employees["colleague"].id,
                               relation="peer")
    proposal = ConsequenceProposal(cycle_id=cycle.id, appraisal_id=other.id, employee_id=other.employee_id,
                                   kind="training_need")
    db.session.add_all([objective, interim, appeal, *rounds, feedback, proposal])
    db.session.flush()
    world.urls |= {"cycle": str(cycle.id), "appraisal": str(own.id), "objective": str(objective.id),
                   "interim": str(interim.id), "appeal": str(appeal.id), "feedback": str(feedback.id),
                   "proposal": str(proposal.id), "person_number": world.employees["person"].personal_number}
    return world


def test_hrms_routes_by_role(app, factory, login_as):
    world = _world(app, factory, login_as)
    problems = check(app, {k: v for k, v in EXPECTED.items() if k not in DEVELOPMENT}, world)
    assert not problems, "\n".join(problems)


def test_hrms_writes_with_valid_forms_by_role(app, factory, login_as):
    world = _world(app, factory, login_as)
    problems = check_writes(app, WRITES, world)
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    own = db.session.get(Appraisal, int(world.urls["appraisal"]))
    assert own.evaluator_id == world.employees["person"].id  # HR in scope did it; nobody refused changed it
