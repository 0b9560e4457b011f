"""The SCORM 1.2 data model on the server, and what commits do: stored per learner, SCO and attempt with a journal;
LMSFinish's rules; resuming after ``exit=suspend``; new versions keeping earlier attempts; completion and the
certificate; the administrators' view of an attempt."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from common import signals
from common.models import AuditEvent
from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.models import Certificate, LessonProgress
from learning.scorm import operations as scorm_ops
from learning.scorm import queries as sq
from learning.scorm import runtime
from learning.scorm.runtime import end_session, get_value, set_value
from tests.learning import packages
from tests.learning.scorm_support import make_zip, manifest, scorm_course


@pytest.mark.parametrize(("element", "value", "error"), [
    ("cmi.core.lesson_status", "passed", "0"), ("cmi.core.lesson_status", "not attempted", "405"),
    ("cmi.core.lesson_status", "PASSED", "405"), ("cmi.core.score.raw", "", "0"), ("cmi.core.score.raw", "-1", "405"),
    ("cmi.core.score.max", "100", "0"), ("cmi.core.session_time", "0000:00:12", "0"),
    ("cmi.core.session_time", "00:00:12.5", "0"), ("cmi.core.session_time", "12:00", "405"),
    ("cmi.core.exit", "suspend", "0"), ("cmi.core.exit", "pause", "405"), ("cmi.suspend_data", "x" * 4096, "0"),
    ("cmi.suspend_data", "x" * 4097, "405"), ("cmi.core.student_name", "Me", "403"),
    ("cmi.core.lesson_mode", "review", "403"), ("cmi.student_data.max_time_allowed", "0001:00:00", "403"),
    ("cmi.comments_from_lms", "hi", "403"), ("cmi.interactions.0.type", "choice", "0"),
    ("cmi.interactions.0.type", "essay", "405"), ("cmi.interactions.0.time", "23:59:59", "0"),
    ("cmi.interactions.0.time", "24:00:00", "405"), ("cmi.interactions.0.result", "0.75", "0"),
    ("cmi.interactions.0.latency", "0000:00:03.2", "0"), ("cmi.interactions.0.id", "has space", "405"),
    ("cmi.interactions.1.id", "q2", "201"), ("cmi.interactions.1000.id", "q", "101"),
    ("cmi.objectives.0.status", "not attempted", "0"), ("cmi.student_preference.audio", "-1", "0"),
    ("cmi.student_preference.text", "2", "405"), ("cmi.core._children", "x", "402"), ("cmi.nonsense", "1", "201"),
    ("cmi.success_status", "passed", "401"), ("adl.nav.request", "continue", "401"), ("", "x", "201"),
])
def test_set_value_access_and_data_types(element, value, error):
    assert set_value({}, element, value).error == error


@pytest.mark.parametrize(("element", "value", "error"), [
    ("cmi.core.exit", "", "404"), ("cmi.core.session_time", "", "404"), ("cmi.interactions.0.id", "", "404"),
    ("cmi.interactions._count", "1", "0"), ("cmi.interactions.0.objectives._count", "0", "0"),
    ("cmi.objectives._children", "id,score,status", "0"), ("cmi.objectives.0.score._children", "raw,min,max", "0"),
    ("cmi.objectives.0.id", "", "201"), ("cmi.core.lesson_location._children", "", "202"),
    ("cmi.suspend_data._count", "", "203"), ("cmi.core.suspend_data", "", "201"), ("cmi.location", "", "401"),
])
def test_get_value_access(element, value, error):
    values = {"cmi.interactions.0.id": "q1"}
    result = get_value(values, element)
    assert (result.value, result.error) == (value, error)


def test_end_of_session_rules():
    values = {"cmi.core.session_time": "0000:10:00.50"}
    end = end_session(values, "0001:55:00", finished=True, mastery_score=None, credit=True)
    assert (end.status, end.total_time, end.entry, end.exit) == ("completed", "0002:05:00.50", "", "")
    values = {"cmi.core.score.raw": "69.5", "cmi.core.lesson_status": "completed", "cmi.core.exit": "suspend"}
    end = end_session(values, "0000:00:00", finished=True, mastery_score=70, credit=True)
    assert (end.status, end.entry) == ("failed", "resume") and values["cmi.core.lesson_status"] == "failed"
    end = end_session({"cmi.core.score.raw": "70"}, "0000:00:00", finished=True, mastery_score=70, credit=True)
    assert end.status == "passed"
    end = end_session({}, "0000:00:00", finished=False, mastery_score=70, credit=True)
    assert end.status == "not attempted"  # a tab closed without LMSFinish completes nothing
    assert runtime.timespan(runtime.centiseconds("9999:59:59.99") + 100) == "9999:59:59.99"
    assert runtime.score_percent({"cmi.core.score.raw": "15", "cmi.core.score.min": "0",
                                  "cmi.core.score.max": "20"}) == 75.0


@pytest.fixture()
def world(db, factory):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit, first_name_en="Levan", last_name_en="Gelashvili"))
    course, lesson, version = scorm_course(make_zip(with_manifest=manifest(mastery=80)), provider=unit)
    enrolment = ops.enrol(learner.employee, course)
    db.session.commit()
    return unit, learner, course, lesson, version, enrolment


def _commit(attempt, kind="commit", seq=1, page="p1", **values):
    pairs = [[k.replace("__", "."), v] for k, v in values.items()]
    return scorm_ops.record_commit(attempt, {"kind": kind, "page": page, "seq": seq, "values": pairs,
                                             "calls": [[5, "LMSSetValue", [p[0], p[1]], "true", "0"] for p in pairs]})


def test_commits_are_stored_per_attempt_with_a_journal_and_checked_again_on_the_server(world):
    _unit, _learner, _course, _lesson, version, enrolment = world
    launch = scorm_ops.launch(version.scos[0], enrolment)
    assert launch.values["cmi.core.student_name"] == "Gelashvili, Levan"
    assert launch.values["cmi.student_data.mastery_score"] == "80" and enrolment.state == "in_progress"
    attempt = launch.attempt
    entry = scorm_ops.record_commit(attempt, {"kind": "commit", "page": "p1", "seq": 1, "values": [
        ["cmi.core.lesson_location", "page-2"], ["cmi.core.student_id", "forged"], ["cmi.core.score.raw", "abc"],
        ["cmi.core.lesson_status", "incomplete"], "not a pair"]})
    assert entry.accepted == [["cmi.core.lesson_location", "page-2"], ["cmi.core.lesson_status", "incomplete"]]
    assert [r[2] for r in entry.rejected] == ["403", "405", "201"]
    assert attempt.cmi == {"cmi.core.lesson_location": "page-2", "cmi.core.lesson_status": "incomplete"}
    # A commit that arrives after a later one from the same page is journaled but not applied.
    _commit(attempt, seq=3, cmi__core__lesson_location="page-4")
    late = _commit(attempt, seq=2, cmi__core__lesson_location="page-3")
    assert late.superseded and attempt.cmi["cmi.core.lesson_location"] == "page-4"
    assert [c.superseded for c in attempt.commits] == [False, False, True]


def test_suspend_resumes_then_a_finished_attempt_is_closed_and_the_next_launch_starts_afresh(world):
    _unit, _learner, _course, _lesson, version, enrolment = world
    sco = version.scos[0]
    attempt = scorm_ops.launch(sco, enrolment).attempt
    _commit(attempt, "finish", cmi__core__lesson_location="7", cmi__suspend_data="a=1;b=2",
            cmi__core__lesson_status="incomplete", cmi__core__exit="suspend", cmi__core__session_time="0000:05:00")
    assert (attempt.entry, attempt.total_time, attempt.closed) == ("resume", "0000:05:00.00", False)
    again = scorm_ops.launch(sco, enrolment)
    assert again.attempt.id == attempt.id
    assert (again.values["cmi.core.entry"], again.values["cmi.core.lesson_location"],
            again.values["cmi.suspend_data"], again.values["cmi.core.total_time"]) == \
        ("resume", "7", "a=1;b=2", "0000:05:00.00")
    _commit(attempt, "finish", page="p2", cmi__core__score__raw="85", cmi__core__session_time="0000:02:30")
    assert (attempt.lesson_status, attempt.closed, attempt.total_time, attempt.entry) == \
        ("passed", True, "0000:07:30.00", "")
    fresh = scorm_ops.launch(sco, enrolment)
    assert fresh.attempt.number == 2 and fresh.values["cmi.core.entry"] == "ab-initio"
    assert fresh.values["cmi.core.lesson_location"] == "" and fresh.values["cmi.core.lesson_status"] == "not attempted"


def test_passing_the_sco_completes_the_lesson_and_the_course_with_a_certificate(world, db):
    _unit, _learner, course, lesson, version, enrolment = world
    heard = []
    signals.course_completed.connect(lambda sender, **kw: heard.append(kw), weak=False)
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    _commit(attempt, "finish", cmi__core__score__raw="60", cmi__core__score__max="75")
    assert attempt.lesson_status == "failed" and enrolment.state == "in_progress"  # 60 < mastery 80
    retry = scorm_ops.launch(version.scos[0], enrolment).attempt
    _commit(retry, "finish", page="p2", cmi__core__score__raw="90", cmi__core__lesson_status="completed")
    progress = db.session.execute(select(LessonProgress).where(LessonProgress.lesson_id == lesson.id)).scalar_one()
    assert (progress.source, progress.score_percent) == ("scorm", 90.0)
    assert enrolment.state == "completed" and enrolment.score_percent == 90.0
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()
    assert heard and heard[-1]["course_id"] == course.id


def test_closing_the_page_without_finish_keeps_values_but_completes_nothing(world):
    _unit, _learner, _course, _lesson, version, enrolment = world
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    _commit(attempt, "close", cmi__core__lesson_location="3", cmi__core__session_time="0000:00:40")
    assert (attempt.lesson_status, attempt.total_time, attempt.closed) == ("not attempted", "0000:00:40.00", False)
    assert scorm_ops.launch(version.scos[0], enrolment).attempt.id == attempt.id


def test_a_new_version_keeps_earlier_attempts_on_their_own_files(world, db, factory, login_as):
    unit, learner, course, lesson, version, enrolment = world
    started = scorm_ops.launch(version.scos[0], enrolment).attempt
    _commit(started, cmi__core__lesson_location="2")
    newer = scorm_ops.import_package(lesson.section, {}, packages.multi_folder(), "golf.zip", lesson=lesson, actor=None)
    assert newer.number == 2 and sq.current_version(lesson.id).id == newer.id
    assert sq.version_for(lesson, enrolment).id == version.id  # the open attempt resumes on version 1
    other = factory.user(employee=factory.employee(unit))
    other_enrolment = ops.enrol(other.employee, course)
    assert sq.version_for(lesson, other_enrolment).id == newer.id
    db.session.commit()
    page = login_as(learner).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    assert f"/learn/scorm/{version.id}/content/index.html" in page
    assert login_as(learner).get(f"/learn/scorm/{version.id}/content/index.html").status_code == 200
    page = login_as(other).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    assert f"/learn/scorm/{newer.id}/content/shared/launchpage.html" in page
    assert [v.number for v, _n in sq.versions(lesson.id)] == [2, 1]


def test_the_commit_endpoint_takes_the_form_a_beacon_sends_and_only_from_the_learner(world, db, factory, login_as):
    unit, learner, _course, _lesson, version, enrolment = world
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    db.session.commit()
    payload = json.dumps({"kind": "commit", "page": "x", "seq": 1, "values": [["cmi.core.lesson_location", "9"]],
                          "calls": []})
    stranger = login_as(factory.user(employee=factory.employee(unit)))
    assert stranger.post(f"/learn/scorm/attempts/{attempt.id}/commit", data={"payload": payload}).status_code == 404
    response = login_as(learner).post(f"/learn/scorm/attempts/{attempt.id}/commit", data={"payload": payload})
    assert response.status_code == 200 and response.json["stored"] == 1
    db.session.refresh(attempt)
    assert attempt.cmi == {"cmi.core.lesson_location": "9"}


def test_the_administrator_sees_each_attempts_values_and_api_calls(world, db, factory, login_as):
    unit, learner, _course, lesson, version, enrolment = world
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    elsewhere = factory.user(roles=[(LEARNING_ADMIN, factory.unit("MOJ"))])
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    calls = [[12, "LMSInitialize", [""], "true", "0"],
             [40, "LMSSetValue", ["cmi.core.credit", "no-credit"], "false", "403"]]
    scorm_ops.record_commit(attempt, {"kind": "commit", "page": "p", "seq": 1, "values": [
        ["cmi.core.lesson_location", "intro"], ["cmi.core.credit", "no-credit"]], "calls": calls})
    db.session.commit()
    browser = login_as(admin)
    listing = browser.get(f"/learn/admin/lessons/{lesson.id}/scorm/attempts").get_data(as_text=True)
    assert learner.employee.full_name in listing and f"/learn/admin/scorm/attempts/{attempt.id}" in listing
    page = browser.get(f"/learn/admin/scorm/attempts/{attempt.id}").get_data(as_text=True)
    assert "cmi.core.lesson_location" in page and "intro" in page
    assert '<code>LMSSetValue("cmi.core.credit", "no-credit")</code>' in page and "<td>403</td>" in page
    assert "1 value refused" in page
    assert db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read",
                                                       AuditEvent.object_type == "ScoAttempt")).scalar_one()
    assert login_as(elsewhere).get(f"/learn/admin/scorm/attempts/{attempt.id}").status_code == 403


def test_the_attempts_page_costs_the_same_for_few_and_many_learners(world, db, factory, login_as, count_queries):
    unit, _learner, course, lesson, version, _enrolment = world
    admin = login_as(factory.user(roles=[(LEARNING_ADMIN, unit)]))

    def add_learners(n: int) -> None:
        for _ in range(n):
            enrolment = ops.enrol(factory.user(employee=factory.employee(unit)).employee, course)
            _commit(scorm_ops.launch(version.scos[0], enrolment).attempt, cmi__core__lesson_location="1")
        db.session.commit()

    def cost() -> int:
        with count_queries() as counter:
            assert admin.get(f"/learn/admin/lessons/{lesson.id}/scorm/attempts").status_code == 200
        return counter.count

    add_learners(2)
    few = cost()
    add_learners(10)
    assert cost() == few
