"""The learning dashboard: figures by course and unit, scoped per user on the page and on every callback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from common.extensions import db
from common.models.users import HR_OFFICER, LEARNING_ADMIN
from learning.models import Course, Enrolment
from learning.operations.courses import update_course
from learning.operations.progress import complete_enrolment
from reports.learning_figures import learning_figures
from tests.learning.helpers import make_course
from tests.reports.test_dash import CALLBACK, _texts
from tests.reports.test_me import _table_rows


def body(unit_id) -> dict:
    return {"output": "learning-content.children", "outputs": {"id": "learning-content", "property": "children"},
            "inputs": [{"id": "learning-unit", "property": "value", "value": unit_id}],
            "changedPropIds": ["learning-unit.value"], "state": []}


def build(factory):
    ma, mb = factory.unit("MA", name_en="Ministry A"), factory.unit("MB", name_en="Ministry B")
    division = factory.unit("MA-1", parent=ma, kind="division", name_en="Division One")
    first, second = make_course("C1", title="Ethics", quiz=False), make_course("C2", title="Privacy", quiz=False)
    people = [factory.employee(division) for _ in range(3)] + [factory.employee(mb)]
    yesterday = date.today() - timedelta(days=1)
    rows = [(people[0], first, "completed", "rule", None), (people[1], first, "failed", "self", None),
            (people[2], first, "assigned", "rule", yesterday), (people[3], second, "completed", "rule", None)]
    db.session.execute(insert(Enrolment), [
        {"employee_id": p.id, "course_id": c.id, "cycle": 1, "is_current": True, "source": source, "state": state,
         "due_date": due} for p, c, state, source, due in rows])
    users = {"admin_a": factory.user(roles=[(LEARNING_ADMIN, ma)]), "hr_b": factory.user(roles=[(HR_OFFICER, mb)])}
    db.session.commit()
    return ma, mb, division, users


def test_figures_by_course_and_unit(factory):
    ma, _mb, _division, users = build(factory)
    figures = learning_figures(users["admin_a"], ma.id)
    assert [c["code"] for c in figures["courses"]] == ["C1"], "the other ministry's course takers are not counted"
    course = figures["courses"][0]
    assert (course["enrolments"], course["completions"], course["failed"], course["pass_rate"], course["overdue"]) \
        == (3, 1, 1, 50, 1)
    by_unit = {u["code"]: u for u in figures["mandatory"]}
    assert set(by_unit) == {"MA", "MA-1"}
    assert (by_unit["MA-1"]["enrolments"], by_unit["MA-1"]["completions"], by_unit["MA-1"]["overdue"]) == (2, 1, 1)
    assert by_unit["MA"]["overdue"] == 1, "a unit's figures include its sub-units"
    assert learning_figures(users["hr_b"], ma.id) is None


def test_a_crafted_callback_outside_the_scope_gets_nothing(factory, login_as):
    ma, mb, _division, users = build(factory)
    admin = login_as(users["admin_a"])
    own = admin.post(CALLBACK, json=body(ma.id))
    assert own.status_code == 200
    texts = _texts(own.get_json())
    assert "C1 Ethics" in texts and "50%" in texts and "Division One (MA-1)" in texts
    for crafted in (mb.id, 0, 999999, "x"):
        response = admin.post(CALLBACK, json=body(crafted))
        assert response.status_code == 204 and response.data == b"", crafted
    theirs = _texts(login_as(users["hr_b"]).post(CALLBACK, json=body(mb.id)).get_json())
    assert "C2 Privacy" in theirs and "C1 Ethics" not in theirs


def test_the_dashboard_page_export_and_pdf_show_the_same_figures(factory, login_as):
    from tests.reports.test_exports_and_pdf import _pdf_text
    from tests.reports.test_me import _table_rows

    ma, mb, _division, users = build(factory)
    admin = login_as(users["admin_a"])
    dashboard = admin.post(CALLBACK, json=body(ma.id)).get_json()
    courses = _table_rows(dashboard, "learning-courses-table")
    mandatory = _table_rows(dashboard, "learning-mandatory-table")
    assert courses == [["C1 Ethics", "3", "1", "1", "50%", "1"]]
    csv = admin.get(f"/reports/learning/courses.csv?unit={ma.id}").get_data(as_text=True)
    assert "C1 Ethics,3,1,1,50%,1" in csv
    page = admin.get(f"/reports/learning?unit={ma.id}").get_data(as_text=True)
    assert "C1 Ethics" in page and "50%" in page
    response = admin.post("/reports/learning/report", data={"unit": ma.id, "lang": "en"})
    assert response.status_code == 302
    pdf = admin.get(response.headers["Location"] + "/file")
    assert pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert "Course-compliance report" in text and "Mandatory training by unit" in text
    assert " ".join(courses[0]) in text
    for row in mandatory:
        assert " ".join(row) in text, row
    georgian = admin.post("/reports/learning/report", data={"unit": ma.id, "lang": "ka"})
    assert "შინაარსი" in _pdf_text(admin.get(georgian.headers["Location"] + "/file").data)
    # Outside the scope: no page, no export, no report.
    assert admin.get(f"/reports/learning/courses.csv?unit={mb.id}").status_code == 404
    assert admin.post("/reports/learning/report", data={"unit": mb.id, "lang": "en"}).status_code == 404


def tiles_body(unit_id) -> dict:
    return {**body(unit_id), "output": "learning-tiles.children",
            "outputs": {"id": "learning-tiles", "property": "children"}}


def _shows_a_completion_and_a_course_edit(db, factory, login_as) -> None:
    """Figures kept in the cache, then a completion and a course renamed: both at the very next request."""
    ma, _mb, _division, users = build(factory)
    admin = login_as(users["admin_a"])
    assert _table_rows(admin.post(CALLBACK, json=body(ma.id)).get_json(), "learning-courses-table") \
        == [["C1 Ethics", "3", "1", "1", "50%", "1"]]
    assert "Pass rate 50%" in _texts(admin.post(CALLBACK, json=tiles_body(ma.id)).get_json())
    overdue = db.session.execute(select(Enrolment).where(Enrolment.state == "assigned")).scalar_one()
    complete_enrolment(overdue)
    db.session.commit()
    dashboard = admin.post(CALLBACK, json=body(ma.id)).get_json()
    assert _table_rows(dashboard, "learning-courses-table") == [["C1 Ethics", "3", "2", "1", "67%", "0"]]
    assert ["Division One (MA-1)", "2", "2", "0", "0", "0", "100%"] in _table_rows(dashboard,
                                                                                 "learning-mandatory-table")
    tiles = _texts(admin.post(CALLBACK, json=tiles_body(ma.id)).get_json())
    assert "Pass rate 67%" in tiles
    course = db.session.execute(select(Course).where(Course.code == "C1")).scalar_one()
    update_course(course, {"code": "C1", "title_en": "Public ethics"}, actor=None)
    db.session.commit()
    assert _table_rows(admin.post(CALLBACK, json=body(ma.id)).get_json(), "learning-courses-table") \
        == [["C1 Public ethics", "3", "2", "1", "67%", "0"]]


def test_a_completion_and_a_course_edit_show_at_the_next_request(db, factory, login_as):
    _shows_a_completion_and_a_course_edit(db, factory, login_as)


def test_the_same_through_redis(db, factory, login_as, cache_in_redis):
    """The learning dashboard's cache kept in Redis: a completion and a course edit show at the next request."""
    _shows_a_completion_and_a_course_edit(db, factory, login_as)


def test_the_same_with_versions_in_the_database(db, factory, login_as, versions_in_database):
    """The learning dashboard with versions in the database (no Redis): a completion and a course edit show."""
    _shows_a_completion_and_a_course_edit(db, factory, login_as)


def _add_courses(db, factory, unit, first: int, last: int) -> None:
    """Courses ``first``..``last`` - 1 in ``unit``, each taken by one new person."""
    for n in range(first, last):
        course, person = make_course(f"X{n:02d}", title=f"Extra {n}", quiz=False), factory.employee(unit)
        db.session.execute(insert(Enrolment), [{"employee_id": person.id, "course_id": course.id, "cycle": 1,
                                                "is_current": True, "source": "self", "state": "completed"}])
    db.session.commit()


def test_the_dashboard_shows_the_busiest_courses_and_says_where_the_others_are(db, factory, login_as, monkeypatch):
    from reports.dash import learning as dashboard

    monkeypatch.setattr(dashboard, "COURSES_SHOWN", 2)
    ma, _mb, division, users = build(factory)
    _add_courses(db, factory, division, 0, 2)
    admin = login_as(users["admin_a"])
    response = admin.post(CALLBACK, json=body(ma.id)).get_json()
    assert [row[0] for row in _table_rows(response, "learning-courses-table")] == ["C1 Ethics", "X00 Extra 0"]
    texts = _texts(response)
    assert "The 2 courses with the most enrolments, of 3." in texts and "Every course" in texts
    # The tiles count every course, the table's or not; the export and the report page list them all.
    tiles = _texts(admin.post(CALLBACK, json=tiles_body(ma.id)).get_json())
    assert "5" in tiles and "3" in tiles and "Pass rate 75%" in tiles
    csv = admin.get(f"/reports/learning/courses.csv?unit={ma.id}").get_data(as_text=True)
    assert "X01 Extra 1" in csv and "X01 Extra 1" in admin.get(f"/reports/learning?unit={ma.id}").get_data(as_text=True)
    monkeypatch.setattr(dashboard, "COURSES_SHOWN", 25)
    assert "Every course" not in _texts(admin.post(CALLBACK, json=body(ma.id)).get_json())


@pytest.mark.parametrize("warm", [False, True])
def test_the_callback_runs_as_many_statements_for_many_courses_as_for_one(db, factory, login_as, count_queries,
                                                                        warm):
    ma, _mb, division, users = build(factory)
    admin = login_as(users["admin_a"])
    counts = []
    for first, last in ((0, 0), (0, 30)):
        _add_courses(db, factory, division, first, last)
        if warm:
            admin.post(CALLBACK, json=body(ma.id))
        with count_queries() as counter:
            response = admin.post(CALLBACK, json=body(ma.id))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    if warm:  # kept whole: the scope is checked (the user, the unit), and no course nor enrolment is read again
        assert not [s for s in counter.statements if "learning_" in s], counter.statements
