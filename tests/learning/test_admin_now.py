"""Learning administration that acts at once: a saved rule assigns now (after a preview count), compliance per unit
shows assigned, completed, overdue and the percentage, "remind the overdue" e-mails each person once however often
it is pressed, a revoked certificate makes the learner non-compliant (and tells them), and training is assigned by
picking people or whole units by name."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from flask import url_for
from markupsafe import escape
from sqlalchemy import select

from common.models import Notification
from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.dates import today
from learning.models import Enrolment, Rule
from learning.operations.progress import complete_enrolment
from tests.learning.helpers import make_course


@pytest.fixture()
def ministry(factory, db):
    finance = factory.unit("MOF", name_en="Ministry of Finance")
    budget = factory.unit("MOF-B", parent=finance, kind="department", name_en="Budget Department")
    people = [factory.employee(budget, last_name_en=f"Budget{n}") for n in range(3)]
    people.append(factory.employee(finance, last_name_en="Head"))
    users = [factory.user(employee=p, email=f"learner{n}@test.gov.ge") for n, p in enumerate(people)]
    admin = factory.user(roles=[(LEARNING_ADMIN, finance)])
    course = make_course()
    db.session.commit()
    return finance, budget, people, users, admin, course


def current(db, employee, course):
    return db.session.execute(select(Enrolment).where(Enrolment.employee_id == employee.id,
                                                      Enrolment.course_id == course.id,
                                                      Enrolment.is_current.is_(True))).scalar_one_or_none()


def test_saving_a_rule_previews_the_count_then_assigns_at_once_and_the_nightly_sync_changes_nothing(
        ministry, login_as, db, app):
    _finance, budget, people, _users, admin, course = ministry
    client = login_as(admin)
    form = {"course_id": course.id, "unit_id": budget.id, "rank": 0, "starts_on": today().isoformat(),
            "due_days": 30}
    preview = client.post("/learn/admin/rules", data=form | {"preview": "1"}).get_data(as_text=True)
    assert "Saving this rule will assign 3 people now." in preview
    assert db.session.query(Rule).count() == 0 and db.session.query(Enrolment).count() == 0

    saved = client.post("/learn/admin/rules", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Rule saved and applied: 3 people assigned now." in saved
    for person in people[:3]:
        enrolment = current(db, person, course)
        assert enrolment.source == "rule" and enrolment.due_date == today() + timedelta(days=30)
    assert current(db, people[3], course) is None  # the head of the ministry is not in the department

    result = app.test_cli_runner().invoke(args=["learning", "sync"])
    assert result.exit_code == 0 and "0 assigned" in result.output


def _make_overdue(db, enrolments):
    for enrolment in enrolments:
        enrolment.due_date = today() - timedelta(days=3)
    db.session.commit()


def test_compliance_per_unit_shows_assigned_completed_overdue_and_the_percentage(ministry, login_as, db):
    _finance, _budget, people, _users, admin, course = ministry
    for person in people:
        ops.assign(person, course, today() + timedelta(days=10), actor=None)
    _make_overdue(db, [current(db, people[0], course)])
    complete_enrolment(current(db, people[1], course))
    db.session.commit()
    page = login_as(admin).get("/learn/admin/compliance").get_data(as_text=True)
    assert "In total: 4 assigned, 1 completed, 1 overdue." in page and "Compliance: 25 %." in page
    row = page.split("Ministry of Finance</a>", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]
    assert cells == ["4", "1", "1", "0", "0", "25 %"]  # assigned, completed, overdue, expired, exempt, compliance


def test_each_unit_links_to_its_own_compliance_keeping_the_course_chosen(ministry, login_as, db, app):
    finance, budget, people, _users, admin, course = ministry
    for person in people:
        ops.assign(person, course, today() + timedelta(days=10), actor=None)
    _make_overdue(db, [current(db, people[0], course)])
    client = login_as(admin)
    for chosen in (None, course.id):
        page = client.get("/learn/admin/compliance", query_string={"course": chosen} if chosen else {}).text
        with app.test_request_context():
            top = str(escape(url_for("learning.compliance", unit=finance.id, course=chosen)))
        assert f'<a href="{top}">Ministry of Finance</a>' in page, chosen
        # The reminder form of the overdue carries the page's token.
        assert 'name="csrf_token" type="hidden"' in page.split('action="/learn/admin/compliance/remind"')[1]
    inner = client.get("/learn/admin/compliance", query_string={"unit": finance.id, "course": course.id}).text
    assert f'href="/learn/admin/compliance?unit={budget.id}&amp;course={course.id}">Budget Department</a>' in inner


def test_remind_the_overdue_sends_one_email_per_person_even_when_pressed_twice(ministry, login_as, db,
                                                                               smtp_server):
    _finance, _budget, people, _users, admin, course = ministry
    for person in people:
        ops.assign(person, course, today() + timedelta(days=20), actor=None)
    _make_overdue(db, [current(db, p, course) for p in people[:2]])
    client = login_as(admin)
    first = client.post("/learn/admin/compliance/remind", data={}, follow_redirects=True).get_data(as_text=True)
    assert "2 reminders sent." in first
    second = client.post("/learn/admin/compliance/remind", data={}, follow_redirects=True).get_data(as_text=True)
    assert "0 reminders sent." in second
    assert sorted(m["To"] for m in smtp_server.messages) == ["learner0@test.gov.ge", "learner1@test.gov.ge"]
    assert "Overdue training" in smtp_server.messages[0]["Subject"]


def test_a_revoked_certificate_makes_the_learner_non_compliant_and_tells_them(ministry, login_as, db):
    _finance, _budget, people, users, admin, course = ministry
    ops.assign(people[0], course, today() + timedelta(days=10), actor=None)
    certificate = complete_enrolment(current(db, people[0], course))
    db.session.commit()
    client = login_as(admin)
    assert "Compliance: 100 %." in client.get("/learn/admin/compliance").get_data(as_text=True)
    client.post(f"/learn/admin/certificates/{certificate.id}/revoke", data={"reason": "Exam taken by someone else"})
    page = client.get("/learn/admin/compliance").get_data(as_text=True)
    assert "In total: 1 assigned, 0 completed" in page and "Compliance: 0 %." in page
    again = current(db, people[0], course)
    assert again.state == "assigned" and again.cycle == 2 and again.due_date == today()
    [told] = [n for n in db.session.execute(select(Notification).where(Notification.user_id == users[0].id))
              .scalars() if "revoked" in n.subject]
    assert "Exam taken by someone else" in told.body
    learner_page = login_as(users[0]).get(f"/learn/courses/{course.id}").get_data(as_text=True)
    assert "valid until" not in learner_page.lower()


def test_assign_by_picking_people_and_whole_units_by_name(ministry, factory, login_as, db):
    _finance, budget, people, _users, admin, course = ministry
    outsider = factory.employee(factory.unit("MOJ", name_en="Ministry of Justice"), last_name_en="Budgetary")
    db.session.commit()
    client = login_as(admin)
    found = client.get("/learn/assign?who=budget").get_data(as_text=True)
    assert "Everyone in Budget Department and below" in found and "Budget0" in found
    assert "Budgetary" not in found  # outside the administrator's scope
    done = client.post("/learn/assign", data={"course_id": course.id, "unit": budget.id, "employee": people[3].id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Assigned to 4 people." in done
    assert all(current(db, p, course) is not None for p in people)
    refused = client.post("/learn/assign", data={"course_id": course.id, "employee": outsider.id},
                          follow_redirects=True).get_data(as_text=True)
    assert current(db, outsider, course) is None and "Not assigned" in refused


def test_the_dashboards_mandatory_by_unit_chart_shows_real_data_or_says_there_is_none(ministry, login_as, db):
    from reports.learning_figures import learning_figures, learning_tables

    finance, _budget, people, _users, admin, course = ministry
    empty = learning_tables(learning_figures(admin, finance.id))[0]
    assert empty.key == "mandatory" and empty.chart == []
    assert "No figures to chart yet for this unit." in login_as(admin).get(
        f"/reports/learning?unit={finance.id}").get_data(as_text=True)
    for person in people[:2]:
        ops.assign(person, course, today() + timedelta(days=10), actor=None)
    complete_enrolment(current(db, people[0], course))
    db.session.commit()
    chart = dict(learning_tables(learning_figures(admin, finance.id))[0].chart)
    assert chart == {"Ministry of Finance (MOF)": 50, "Budget Department (MOF-B)": 50}
    page = login_as(admin).get(f"/reports/learning?unit={finance.id}").get_data(as_text=True)
    mandatory = page.split('id="t-mandatory"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in mandatory and ">50%</text>" in mandatory and "No figures to chart" not in mandatory


def test_the_preview_counts_expired_completions_the_rule_renews_as_saving_does(ministry, login_as, db):
    _finance, budget, people, _users, admin, course = ministry
    ops.assign(people[0], course, None, actor=None)
    complete_enrolment(current(db, people[0], course), now=datetime.combine(today() - timedelta(days=800), time(9)))
    ops.assign(people[1], course, None, actor=None)  # assigned already: the rule adopts it, assigns nobody
    db.session.commit()
    form = {"course_id": course.id, "unit_id": budget.id, "rank": 0, "starts_on": today().isoformat(),
            "due_days": 30, "recert_months": 12}
    client = login_as(admin)
    assert "Saving this rule will assign 2 people now." in client.post(
        "/learn/admin/rules", data=form | {"preview": "1"}).get_data(as_text=True)
    saved = client.post("/learn/admin/rules", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Rule saved and applied: 2 people assigned now." in saved
