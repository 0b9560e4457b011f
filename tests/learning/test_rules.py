"""Mandatory training: a rule assigns its course to a subtree with the right due date, reaches new hires, renews
expired completions (keeping the earlier one), and a second sync changes nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from learning import operations as ops
from learning import queries as q
from learning.models import Certificate, Enrolment
from tests.learning.helpers import correct_responses, make_course, quiz_of, text_lessons

START = date(2026, 1, 1)


@pytest.fixture()
def government(factory, db):
    ministry = factory.unit("MOF")
    department = factory.unit("MOF-D", parent=ministry, kind="department")
    division = factory.unit("MOF-D-1", parent=department, kind="division")
    other = factory.unit("MOJ")
    senior, junior = factory.position(rank=2), factory.position(rank=4)
    people = {
        "head": factory.employee(ministry, hire_date=date(2015, 3, 1), position=senior),
        "deep": factory.employee(division, hire_date=date(2020, 5, 4), position=junior),
        "outside": factory.employee(other, hire_date=date(2018, 1, 1), position=senior),
        "left": factory.employee(division, hire_date=date(2010, 1, 1), leave_date=date(2025, 12, 1)),
    }
    course = make_course("CYB-101")
    return ministry, division, people, course


def snapshot(db):
    return sorted(db.session.execute(select(Enrolment.id, Enrolment.employee_id, Enrolment.cycle, Enrolment.state,
                                            Enrolment.due_date, Enrolment.is_current, Enrolment.rule_id)).all())


def current(db, employee):
    return db.session.execute(select(Enrolment).where(Enrolment.employee_id == employee.id,
                                                      Enrolment.is_current.is_(True))).scalar_one_or_none()


def finish(enrolment, course, when):
    for lesson in text_lessons(course):
        ops.complete_lesson(enrolment, lesson, now=when)
    attempt = ops.start_attempt(enrolment, quiz_of(course), now=when)
    ops.submit_attempt(attempt, correct_responses(attempt), now=when)
    assert enrolment.state == "completed"


def test_a_unit_rule_assigns_the_subtree_with_the_due_date_and_a_second_run_changes_nothing(government, db):
    ministry, _division, people, course = government
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30, "recert_months": 12},
                    actor=None)
    result = ops.sync_rules(today=date(2026, 1, 10))
    assert result.assigned == 2
    assert current(db, people["head"]).due_date == date(2026, 1, 31)
    assert current(db, people["deep"]).due_date == date(2026, 1, 31)
    assert current(db, people["head"]).source == "rule"
    assert current(db, people["outside"]) is None and current(db, people["left"]) is None

    before = snapshot(db)
    again = ops.sync_rules(today=date(2026, 1, 10))
    assert again.changed == 0 and snapshot(db) == before


def test_new_hires_get_the_course_due_from_their_hire_date(government, factory, db):
    ministry, division, _people, course = government
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30}, actor=None)
    ops.sync_rules(today=date(2026, 1, 10))
    newcomer = factory.employee(division, hire_date=date(2026, 2, 15))
    future = factory.employee(division, hire_date=date(2026, 3, 1))  # not started yet
    result = ops.sync_rules(today=date(2026, 2, 20))
    assert result.assigned == 1
    assert current(db, newcomer).due_date == date(2026, 3, 17)
    assert current(db, future) is None
    before = snapshot(db)
    assert ops.sync_rules(today=date(2026, 2, 20)).changed == 0 and snapshot(db) == before


def test_a_new_hires_rule_leaves_earlier_staff_alone(government, factory, db):
    ministry, division, people, course = government
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 14, "new_hires_only": True},
                    actor=None)
    newcomer = factory.employee(division, hire_date=date(2026, 1, 5))
    ops.sync_rules(today=date(2026, 1, 10))
    assert current(db, newcomer).due_date == date(2026, 1, 19)
    assert current(db, people["head"]) is None and current(db, people["deep"]) is None


def test_a_rank_rule_covers_only_that_rank(government, db):
    _ministry, _division, people, course = government
    ops.create_rule(course, {"unit_id": None, "rank": 2, "starts_on": START, "due_days": 30}, actor=None)
    ops.sync_rules(today=date(2026, 1, 10))
    assert current(db, people["head"]) and current(db, people["outside"])
    assert current(db, people["deep"]) is None


def test_an_expired_completion_is_reassigned_and_kept_in_the_history(government, db):
    ministry, _division, people, course = government
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30, "recert_months": 12},
                    actor=None)
    ops.sync_rules(today=date(2026, 1, 10))
    first = current(db, people["head"])
    finish(first, course, datetime(2026, 1, 20, 9, 30))
    assert first.expires_on == date(2027, 1, 20)
    assert first.status(date(2027, 1, 1)) == "expiring" and first.status(date(2026, 6, 1)) == "completed"

    assert ops.sync_rules(today=date(2027, 1, 20)).renewed == 0  # still valid on its last day
    result = ops.sync_rules(today=date(2027, 1, 21))
    assert result.renewed == 1
    db.session.expire_all()
    renewed = current(db, people["head"])
    assert renewed.id != first.id and renewed.cycle == 2 and renewed.state == "assigned"
    assert renewed.due_date == date(2027, 2, 19)
    assert first.is_current is False and first.state == "completed"  # the earlier completion stays
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == first.id)).scalar_one()
    history = q.transcript(people["head"].id)
    assert [e.id for e in history] == [first.id]
    before = snapshot(db)
    assert ops.sync_rules(today=date(2027, 1, 21)).changed == 0 and snapshot(db) == before


def test_an_old_completion_from_before_the_rule_is_renewed(government, db):
    ministry, _division, people, course = government
    enrolment = ops.enrol(people["deep"], course)
    finish(enrolment, course, datetime(2024, 6, 1, 10, 0))
    assert enrolment.expires_on is None  # the course itself sets no expiry
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30, "recert_months": 12},
                    actor=None)
    result = ops.sync_rules(today=date(2026, 1, 10))
    assert result.renewed == 1
    assert current(db, people["deep"]).due_date == date(2026, 1, 31) and current(db, people["deep"]).cycle == 2


def test_a_rule_adopts_an_unfinished_self_enrolment(government, db):
    ministry, _division, people, course = government
    enrolment = ops.enrol(people["deep"], course)
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30}, actor=None)
    result = ops.sync_rules(today=date(2026, 1, 10))
    assert result.adopted == 1
    assert enrolment.rule_id is not None and enrolment.due_date == date(2026, 1, 31) and enrolment.cycle == 1


def test_the_sync_command_runs_twice_safely(app, government, db):
    ministry, _division, _people, course = government
    ops.create_rule(course, {"unit_id": ministry.id, "starts_on": START, "due_days": 30}, actor=None)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["learning", "sync", "--today", "2026-01-10"])
    assert first.exit_code == 0, first.output
    assert "2 assigned" in first.output
    second = runner.invoke(args=["learning", "sync", "--today", "2026-01-10"])
    assert "0 assigned, 0 renewed" in second.output
