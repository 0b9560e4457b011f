"""The suite's own learning records as xAPI statements (issue 21, item 4): a native course's completion, each
graded quiz attempt and each certificate issued are also stored in the LRS, so an agency's analysts read every
learning record, native or packaged, from one place.

Called by ``learning.operations`` inside their transaction (an operation hook rather than a signal: quiz attempts
have no cross-module signal and none is needed, the LRS being part of ``learning``). Each statement's id is
derived from the record (UUID 5), so a repeated call stores nothing new. The actor is the employee as an account
on the suite (``BASE_URL``, personal number), which is how the LRS ties statements back to people for scoped,
logged reads.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app

from common.models.base import utcnow
from learning.xapi.operations import Conflict
from learning.xapi.operations import store_statement as _store

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "earned": "http://id.tincanapi.com/verb/earned",
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
QUIZ_TYPE = "http://adlnet.gov/expapi/activities/assessment"
CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/certificate"


def store_statement(statement: dict[str, Any]) -> str:
    """Store, unless a statement with this id already says something else (an earlier record of the same event):
    a learner's completion must never fail because of its copy in the LRS."""
    try:
        return _store(statement)
    except Conflict:
        return statement["id"]


def _base() -> str:
    return current_app.config.get("BASE_URL", "http://localhost").rstrip("/")


def _id(kind: str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{_base()}/xapi/native/{kind}/{number}"))


def actor_of(employee: Any) -> dict[str, Any]:
    return {"objectType": "Agent", "name": f"{employee.first_name_en} {employee.last_name_en}",
            "account": {"homePage": current_app.config.get("BASE_URL"), "name": employee.personal_number}}


def registration_of(enrolment: Any) -> str:
    return _id("enrolment", enrolment.id)


def course_activity(course: Any) -> dict[str, Any]:
    return {"objectType": "Activity", "id": f"{_base()}/learn/courses/{course.id}",
            "definition": {"type": COURSE_TYPE, "name": {"en": course.title_en, "ka": course.title_ka}}}


def _at(moment: Any) -> str:
    return moment.isoformat(timespec="milliseconds") + "Z"


def quiz_attempted(attempt: Any) -> str:
    """``passed`` or ``failed`` with the score, about the quiz, in the course's context."""
    enrolment, lesson = attempt.enrolment, attempt.lesson
    score = {"raw": attempt.score, "min": 0, "max": attempt.max_score}
    if attempt.max_score:
        score["scaled"] = round(attempt.score / attempt.max_score, 4)
    else:
        score = {"raw": 0}
    return store_statement({
        "id": _id("attempt", attempt.id), "actor": actor_of(enrolment.employee),
        "verb": {"id": VERBS["passed" if attempt.passed else "failed"],
                 "display": {"en": "passed" if attempt.passed else "failed"}},
        "object": {"objectType": "Activity", "id": f"{_base()}/learn/quizzes/{lesson.id}",
                   "definition": {"type": QUIZ_TYPE, "name": {"en": lesson.title_en, "ka": lesson.title_ka}}},
        "result": {"score": score, "success": bool(attempt.passed), "completion": True},
        "context": {"registration": registration_of(enrolment), "platform": "suite",
                    "contextActivities": {"parent": [course_activity(enrolment.course)]},
                    "extensions": {f"{_base()}/xapi/extensions/attempt": attempt.number}},
        "timestamp": _at(attempt.submitted_at),
    })


def course_completed(enrolment: Any) -> str:
    """``completed`` (with the average quiz score, if any) about the course."""
    result: dict[str, Any] = {"completion": True, "success": True}
    if enrolment.score_percent is not None:
        result["score"] = {"scaled": round(enrolment.score_percent / 100, 4)}
    return store_statement({
        "id": _id("completion", enrolment.id), "actor": actor_of(enrolment.employee),
        "verb": {"id": VERBS["completed"], "display": {"en": "completed"}},
        "object": course_activity(enrolment.course), "result": result,
        "context": {"registration": registration_of(enrolment), "platform": "suite"},
        "timestamp": _at(enrolment.completed_at),
    })


def certificate_issued(certificate: Any) -> str:
    """``earned`` about the certificate (its public verification page is the activity's id)."""
    enrolment = certificate.enrolment
    return store_statement({
        "id": _id("certificate", certificate.id), "actor": actor_of(enrolment.employee),
        "verb": {"id": VERBS["earned"], "display": {"en": "earned"}},
        "object": {"objectType": "Activity", "id": f"{_base()}/verify/{certificate.code}",
                   "definition": {"type": CERTIFICATE_TYPE, "name": {"en": certificate.serial}}},
        "context": {"registration": registration_of(enrolment), "platform": "suite",
                    "contextActivities": {"parent": [course_activity(enrolment.course)]}},
        "timestamp": _at(enrolment.completed_at or utcnow()),
    })
