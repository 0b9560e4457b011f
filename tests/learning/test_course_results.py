"""The course's results per package item (issue 21, item 5): one course with a SCORM 1.2, a SCORM 2004 and a cmi5
lesson, results recorded through the operations the SCORM tests use and the LRS as a cmi5 AU meets it, then the
page (English and Georgian) and its CSV show the exact figures per item; a learner and an HR officer are refused;
the page runs as many statements for 10 learners as for 2."""

from __future__ import annotations

import csv
import io
import re

import pytest

from common.models.users import HR_OFFICER, LEARNING_ADMIN
from learning import operations as ops
from learning.cmi5 import operations as cmi5_ops
from learning.results.queries import scorm_percent
from learning.scorm import operations as scorm_ops
from learning.scorm import seq_operations
from tests.learning import packages2004
from tests.learning.cmi5_packages import two_au_course
from tests.learning.scorm_support import make_zip, manifest, scorm_course
from tests.learning.test_cmi5_launch import launch as cmi5_launch

FAILED = "http://adlnet.gov/expapi/verbs/failed"


def _course(db, factory):
    unit = factory.unit()
    course, _lesson, v12 = scorm_course(make_zip(with_manifest=manifest(mastery=80)), code=f"SCO-{unit.id}",
                                        provider=unit)
    section = v12.lesson.section
    v04 = scorm_ops.import_package(section, {}, packages2004.single_sco_3rd(), "golf.zip", actor=None)
    vc5 = cmi5_ops.import_course(section, {}, two_au_course(), "ethics.zip", actor=None)
    db.session.commit()
    return unit, course, v12, v04, vc5


def _finish_12(version, enrolment, raw: str) -> None:
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    scorm_ops.record_commit(attempt, {"kind": "finish", "page": f"p{attempt.id}", "seq": 1, "start": 0, "values": [
        ["cmi.core.lesson_status", "completed"], ["cmi.core.score.raw", raw]]})


def _play_04(version, enrolment, kind: str, **values: str) -> None:
    delivery = seq_operations.deliver(version, enrolment, None, "")
    attempt = scorm_ops.launch(delivery.sco, enrolment).attempt
    pairs = [[k.replace("__", "."), v] for k, v in values.items()]
    scorm_ops.record_commit(attempt, {"kind": kind, "page": "p1", "seq": 1, "start": 0, "values": pairs})


def _cmi5(app, version, enrolment, index: int, *statements: tuple[str, dict]) -> None:
    au = cmi5_launch(app, version, enrolment, index)
    au.token = au.fetch().json["auth-token"]
    sent = [au.statement("initialized")] + [au.statement(verb, result) for verb, result in statements]
    answer = au.send(*sent, au.statement("terminated"))
    assert answer.status_code == 200, answer.get_data(as_text=True)


def results_course(app, db, factory):
    """Three learners: results on each item as ``EXPECTED`` says; (unit, course, a learning administrator)."""
    unit, course, v12, v04, vc5 = _course(db, factory)
    one, two, three = (ops.enrol(factory.employee(unit), course) for _ in range(3))
    db.session.commit()
    _finish_12(v12, one, "70")  # failed (mastery 80), then passed on a second attempt
    _finish_12(v12, one, "90")
    _finish_12(v12, two, "60")  # failed
    _play_04(v04, one, "finish", cmi__score__scaled="0.95", cmi__completion_status="completed",
             adl__nav__request="exitAll")  # passed (scaled passing score 0.8)
    _play_04(v04, three, "commit", cmi__location="page-2")  # attempted, nothing more
    db.session.commit()
    _cmi5(app, vc5, one, 0, ("passed", {"success": True, "score": {"scaled": 0.85}}))
    _cmi5(app, vc5, one, 1, ("completed", {"completion": True}))
    _cmi5(app, vc5, two, 0, (FAILED, {"success": False, "score": {"scaled": 0.5}}))
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    db.session.commit()
    return unit, course, admin


@pytest.fixture()
def world(app, db, factory):
    return results_course(app, db, factory)


EXPECTED = [  # standard, item, attempted, attempts, completed, passed, failed, average, best
    ["SCORM 1.2", "Only part", "2", "3", "1", "1", "1", "75", "90"],
    ["SCORM 2004", "Golf explained", "2", "2", "1", "1", "0", "95", "95"],
    ["cmi5", "Ethics quiz", "2", "2", "0", "1", "1", "67.5", "85"],
    ["cmi5", "Reading on conflicts of interest", "1", "1", "1", "1", "0", "–", "–"],
]


def _rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
        rows.append([cells[0], *cells[2:]])  # the lesson's title (column 2) aside
    return rows


def test_the_page_shows_each_items_figures_in_english_and_georgian(world, login_as):
    _unit, course, admin = world
    client = login_as(admin)
    editor = client.get(f"/learn/admin/courses/{course.id}").get_data(as_text=True)
    assert f"/learn/admin/courses/{course.id}/results" in editor  # linked from the course's admin page
    page = client.get(f"/learn/admin/courses/{course.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Learners who attempted" in html and "Best score (%)" in html
    assert _rows(html) == EXPECTED
    with client.session_transaction() as session:
        session["lang"] = "ka"
    html = client.get(f"/learn/admin/courses/{course.id}/results").get_data(as_text=True)
    assert "შედეგები პაკეტის ნაწილების მიხედვით" in html and "მცდელობის მქონე მსმენელები" in html
    assert "Learners who attempted" not in html
    assert _rows(html) == EXPECTED


def test_the_csv_has_the_same_table_with_numbers(world, login_as):
    _unit, course, admin = world
    response = login_as(admin).get(f"/learn/admin/courses/{course.id}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][3] == "Learners who attempted" and len(rows) == 5
    assert [[r[0], r[2], *r[3:]] for r in rows[1:]] == [
        ["SCORM 1.2", "Only part", "2", "3", "1", "1", "1", "75", "90"],
        ["SCORM 2004", "Golf explained", "2", "2", "1", "1", "0", "95", "95"],
        ["cmi5", "Ethics quiz", "2", "2", "0", "1", "1", "67.5", "85"],
        ["cmi5", "Reading on conflicts of interest", "1", "1", "1", "1", "0", "", ""],
    ]


def test_a_learner_and_an_hr_officer_are_refused(world, factory, login_as, db):
    unit, course, _admin = world
    learner = factory.user(employee=factory.employee(unit))
    ops.enrol(learner.employee, course)
    officer = factory.user(roles=[(HR_OFFICER, unit)])
    db.session.commit()
    for user in (learner, officer):
        client = login_as(user)
        assert client.get(f"/learn/admin/courses/{course.id}/results").status_code == 403
        assert client.get(f"/learn/admin/courses/{course.id}/results.csv").status_code == 403


def test_an_editor_out_of_scope_sees_no_learner_of_another_ministry(world, factory, login_as, db):
    _unit, course, _admin = world
    other = factory.unit("MOJ")
    course_b, _lesson, _version = scorm_course(make_zip(with_manifest=manifest()), code="SCO-202", provider=other)
    outsider = factory.user(roles=[(LEARNING_ADMIN, other)])
    db.session.commit()
    client = login_as(outsider)
    assert client.get(f"/learn/admin/courses/{course.id}/results").status_code == 403  # not their course
    html = client.get(f"/learn/admin/courses/{course_b.id}/results").get_data(as_text=True)
    assert _rows(html) == [["SCORM 1.2", "Only part", "0", "0", "0", "0", "0", "–", "–"]]


@pytest.mark.parametrize("scaled, raw, low, high, percent", [
    ("0.5", 10.0, 0.0, 20.0, 50.0), ("", 15.0, 0.0, 20.0, 75.0), (None, 42.0, None, None, 42.0),
    (None, None, None, None, None), ("1.5", None, None, None, 100.0), (None, 7.0, 5.0, 5.0, 7.0)])
def test_a_score_as_a_percentage(scaled, raw, low, high, percent):
    assert scorm_percent(scaled, raw, low, high) == percent


def _statements_for(app, db, factory, login_as, count_queries, learners: int) -> int:
    unit, course, v12, _v04, vc5 = _course(db, factory)
    for n in range(learners):
        enrolment = ops.enrol(factory.employee(unit), course)
        db.session.commit()
        _finish_12(v12, enrolment, str(50 + n))
        _cmi5(app, vc5, enrolment, 0, (FAILED, {"success": False, "score": {"scaled": 0.5}}))
    client = login_as(factory.user(roles=[(LEARNING_ADMIN, unit)]))
    db.session.commit()
    with count_queries() as counter:
        assert client.get(f"/learn/admin/courses/{course.id}/results").status_code == 200
    assert str(learners) in client.get(f"/learn/admin/courses/{course.id}/results").get_data(as_text=True)
    return counter.count


def test_the_page_runs_as_many_statements_for_ten_learners_as_for_two(app, db, factory, login_as, count_queries):
    two = _statements_for(app, db, factory, login_as, count_queries, 2)
    ten = _statements_for(app, db, factory, login_as, count_queries, 10)
    assert two == ten


def test_the_page_and_the_csv_log_every_learner_they_count(world, db, login_as):
    """An item one learner attempted shows that learner's result: the page and the CSV are reads of the learners'
    records, logged with every learner counted (and the course as the object), like the attempt list."""
    from learning.models import Enrolment
    from tests.common.reads_helpers import read_entries

    _unit, course, admin = world
    learners = {e.employee_id for e in db.session.query(Enrolment).filter_by(course_id=course.id)}
    client = login_as(admin)
    assert client.get(f"/learn/admin/courses/{course.id}/results").status_code == 200
    assert client.get(f"/learn/admin/courses/{course.id}/results.csv").status_code == 200
    page, export = read_entries(db, "scorm")
    for entry in (page, export):
        assert set(entry.subject_ids) == learners and len(learners) == 3
        assert (entry.object_type, entry.object_id) == ("Course", str(course.id))
        assert entry.module == "learning"
