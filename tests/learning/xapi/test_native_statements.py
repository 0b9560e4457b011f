"""Issue 21 item 4: a native course's quiz attempts, completion and certificate are also xAPI statements, read
from /xapi/ like any other (one LRS for every learning record)."""

from __future__ import annotations

from learning import operations as ops
from learning.operations.quiz import drawn_questions
from tests.learning.helpers import correct_responses, make_course, quiz_of, text_lessons


def test_a_failed_and_a_passed_attempt_then_the_completion_and_certificate_reach_the_lrs(factory, db, issue):
    person = factory.employee(factory.unit("MOF"))
    course = make_course()
    enrolment = ops.enrol(person, course)
    for lesson in text_lessons(course):
        ops.complete_lesson(enrolment, lesson)
    quiz = quiz_of(course)
    failed = ops.start_attempt(enrolment, quiz)
    ops.submit_attempt(failed, {str(q.id): None for q in drawn_questions(failed)})
    passed = ops.start_attempt(enrolment, quiz)
    ops.submit_attempt(passed, correct_responses(passed))
    db.session.commit()
    assert enrolment.state == "completed" and enrolment.certificate is not None

    analyst = issue(("statements/read",))
    statements = analyst.get("/statements?ascending=true").get_json()["statements"]
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    assert verbs == ["failed", "passed", "earned", "completed"]
    attempt_statement = statements[1]
    assert attempt_statement["actor"]["account"]["name"] == person.personal_number
    assert attempt_statement["result"]["success"] is True and attempt_statement["result"]["score"]["scaled"] == 1
    assert attempt_statement["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/learn/courses/{course.id}")
    assert statements[2]["object"]["id"].endswith(f"/verify/{enrolment.certificate.code}")
    # Every statement of this enrolment shares its registration, so a report can gather the whole attempt history.
    registration = statements[0]["context"]["registration"]
    assert len(analyst.get(f"/statements?registration={registration}").get_json()["statements"]) == 4


def test_the_statements_are_about_the_person_so_a_unit_scoped_reader_outside_sees_none(factory, db, issue):
    ministry, other = factory.unit("MOF"), factory.unit("MOH")
    person = factory.employee(ministry)
    course = make_course(quiz=False)
    enrolment = ops.enrol(person, course)
    for lesson in text_lessons(course):
        ops.complete_lesson(enrolment, lesson)
    db.session.commit()
    assert len(issue(("statements/read",), unit_id=ministry.id).get().get_json()["statements"]) == 2
    assert issue(("statements/read",), unit_id=other.id).get().get_json()["statements"] == []


def test_the_python_interface_validates_like_http_and_stores_once(db, issue):
    """``store_statement`` is how cmi5 will write its "satisfied" statement: the same rules as over HTTP."""
    import pytest

    from learning.xapi.operations import store_statement
    from learning.xapi.validation import Invalid
    from tests.learning.xapi.conftest import new_id, statement

    with pytest.raises(Invalid):
        store_statement(statement(verb={"id": "satisfied"}))
    sid = new_id()
    body = statement(id=sid, timestamp="2026-12-05T08:00:00.000Z")
    assert store_statement(body) == sid and store_statement(body) == sid
    db.session.commit()
    assert [s["id"] for s in issue(("statements/read",)).get().get_json()["statements"]] == [sid]
