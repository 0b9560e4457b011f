"""Who may open the professional-development routes (rows in ``permissions_matrix.DEVELOPMENT``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from hrms.development.models import CpdEntry, DevelopmentAction, TrainingNeed
from hrms.development.operations.plans import ensure_plan
from tests.hrms.permissions_matrix import DEVELOPMENT, DEVELOPMENT_WRITES
from tests.matrix import base_world, check, check_writes


def _world(app, db, factory, login_as):
    world = base_world(app, factory, login_as)
    person = world.employees["person"]
    need = TrainingNeed(employee_id=person.id, competency_id=factory.competency().id, source="manager",
                        org_unit_id=person.org_unit_id)
    plan = ensure_plan(person, None)
    db.session.add(need)
    db.session.flush()
    action = DevelopmentAction(plan_id=plan.id, kind="mentoring", title_ka="მენტორობა", title_en="Mentoring")
    # External training the person recorded as done, 12 hours declared, not yet approved.
    done = DevelopmentAction(plan_id=plan.id, kind="external", title_ka="სემინარი", title_en="Seminar", status="done",
                             hours=Decimal("12"), evidence="Certificate 7", completed_at=datetime(2025, 3, 1))
    db.session.add_all([action, done])
    db.session.flush()
    world.urls |= {"need": str(need.id), "plan": str(plan.id), "action": str(action.id), "done_action": str(done.id),
                   "competency": str(factory.competency().id),
                   "due_date": (date.today() + timedelta(days=200)).isoformat()}
    return world


def test_development_routes_by_role(app, db, factory, login_as):
    world = _world(app, db, factory, login_as)
    problems = check(app, DEVELOPMENT, world)
    assert not problems, "\n".join(problems)


def test_development_writes_with_valid_forms_by_role(app, db, factory, login_as):
    world = _world(app, db, factory, login_as)
    problems = check_writes(app, DEVELOPMENT_WRITES, world)
    assert not problems, "\n".join(problems)
    entry = db.session.execute(select(CpdEntry)).scalar_one()  # approved once, by the first allowed: the manager
    assert entry.hours == 12
