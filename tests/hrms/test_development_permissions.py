"""Who may open the professional-development routes (rows in ``permissions_matrix.DEVELOPMENT``)."""

from __future__ import annotations

from hrms.development.models import DevelopmentAction, TrainingNeed
from hrms.development.operations.plans import ensure_plan
from tests.hrms.permissions_matrix import DEVELOPMENT
from tests.matrix import base_world, check


def test_development_routes_by_role(app, db, factory, login_as):
    world = base_world(app, factory, login_as)
    person = world.employees["person"]
    need = TrainingNeed(employee_id=person.id, competency_id=factory.competency().id, source="manager",
                        org_unit_id=person.org_unit_id)
    plan = ensure_plan(person, None)
    db.session.add(need)
    db.session.flush()
    action = DevelopmentAction(plan_id=plan.id, kind="mentoring", title_ka="მენტორობა", title_en="Mentoring")
    db.session.add(action)
    db.session.flush()
    world.urls |= {"need": str(need.id), "plan": str(plan.id), "action": str(action.id)}
    problems = check(app, DEVELOPMENT, world)
    assert not problems, "\n".join(problems)
