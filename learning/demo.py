"""Demo data for ``learning``, added when ``flask demo`` sends ``demo_built``.

The five courses of ``demo_content`` go through the module's own operations (sanitiser, question
checks, audit), a government-wide mandatory rule for cyber hygiene assigns it to everyone through
the same sync the daily job runs, a SCORM 1.2 course whose package (a lesson SCO and a scored quiz SCO,
``demo_content/scorm``) is zipped here and imported like an upload, and a sample of learners in the
Ministry of Finance (the HR officer's scope, where the demo employee and manager work) is put at every
status, so that the learner pages, the compliance page and the reminders have something to show. The operations'
audit entries are dropped before they are written: demo data is nobody's action.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from common import signals
from common.extensions import db
from common.models import AuditEvent, Competency, Employee, OrgUnit, User
from learning import operations as ops
from learning.dates import today as today_
from learning.demo_content import COURSES
from learning.models import Course, Enrolment, LessonProgress
from learning.operations.enrolment import open_cycle
from learning.operations.progress import complete_enrolment
from learning.scorm.operations import import_package

# The status the sample's learners are put at, in turn, for the cyber-hygiene course.
SAMPLE_STATUSES = ("completed", "completed", "in_progress", "overdue", "assigned", "exempt", "failed", "expiring",
                   "completed", "overdue")


def load_course(data: dict[str, Any], competencies: dict[str, int], units: dict[str, int]) -> Course:
    """Create one course of ``demo_content`` with its lessons, quiz and questions, and publish it."""
    course = ops.create_course({
        "code": data["code"], "title_ka": data["title"][0], "title_en": data["title"][1],
        "summary_ka": data["summary"][0], "summary_en": data["summary"][1], "category": data["category"],
        "level": data["level"], "language": "ka_en", "duration_minutes": data["minutes"],
        "cpd_hours": Decimal(data["hours"]), "validity_months": data["validity"], "self_enrol": True,
        "enrol_approval": data["code"] == "RISK-101", "provider_unit_id": units.get(data["provider"] or ""),
        "competency_ids": [competencies[c] for c in data["competencies"] if c in competencies]}, actor=None)
    section = None
    for (title_ka, title_en), lessons in data["sections"]:
        section = ops.add_section(course, title_ka, title_en, actor=None)
        for (lesson_ka, lesson_en), (body_ka, body_en) in lessons:
            ops.save_lesson(section, {"kind": "text", "title_ka": lesson_ka, "title_en": lesson_en, "required": True,
                                      "body_ka": body_ka, "body_en": body_en}, actor=None)
    quiz = data["quiz"]
    ops.save_lesson(section, {"kind": "quiz", "title_ka": quiz["title"][0], "title_en": quiz["title"][1],
                              "required": True, "quiz_draw": quiz["draw"], "quiz_attempts": quiz["attempts"],
                              "quiz_minutes": quiz["minutes"], "quiz_pass_percent": quiz["pass"]}, actor=None)
    for question in data["questions"]:
        ops.save_question(course, *question_values(question), actor=None)
    ops.set_published(course, True, actor=None)
    return course


SCORM_SOURCE = Path(__file__).resolve().parent / "demo_content" / "scorm"
SCORM_COURSE = {"code": "ESIGN-101", "title_ka": "ელექტრონული ხელმოწერა", "title_en": "Electronic signatures",
                "summary_ka": "როგორ და როდის მოვაწეროთ ხელი ელექტრონულად: ინტერაქტიული SCORM გაკვეთილი და ტესტი.",
                "summary_en": "How and when to sign electronically: an interactive SCORM lesson and a scored quiz.",
                "category": "information_security", "level": "basic", "language": "ka_en", "duration_minutes": 15,
                "cpd_hours": Decimal("0.5"), "validity_months": None, "self_enrol": True, "enrol_approval": False,
                "provider_unit_id": None, "competency_ids": []}


def scorm_package() -> bytes:
    """The demo's SCORM 1.2 package: the files under ``demo_content/scorm``, zipped with names in UTF-8."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SCORM_SOURCE.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(SCORM_SOURCE).as_posix())
    return buffer.getvalue()


def load_scorm_course() -> Course:
    """A published course whose one lesson is the demo package, imported as a learning administrator's upload is."""
    course = ops.create_course(dict(SCORM_COURSE), actor=None)
    section = ops.add_section(course, "ინტერაქტიული გაკვეთილი", "Interactive lesson", actor=None)
    import_package(section, {"title_ka": "ელექტრონული ხელმოწერა (SCORM)", "title_en": "Electronic signatures (SCORM)",
                             "required": True}, scorm_package(), "electronic-signatures.zip", actor=None)
    ops.set_published(course, True, actor=None)
    return course


def question_values(question: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    kind = question["kind"]
    values = {"kind": kind, "text_ka": question["text"][0], "text_en": question["text"][1], "points": 1,
              "feedback_ka": question["feedback"][0], "feedback_en": question["feedback"][1]}
    choices: list[dict[str, Any]] = []
    if kind == "true_false":
        values["true_answer"] = question["answer"]
    elif kind == "numeric":
        values["numeric_answer"], values["numeric_tolerance"] = question["answer"], question.get("tolerance", 0)
    elif kind == "matching":
        choices = [{"text_ka": left[0], "text_en": left[1], "match_ka": right[0], "match_en": right[1]}
                   for left, right in question["pairs"]]
    else:
        choices = [{"text_ka": ka, "text_en": en, "correct": correct} for (ka, en), correct in question["choices"]]
    return values, choices


def finish(enrolment: Enrolment, when: datetime, score: float = 90.0) -> None:
    """A completion on ``when``: every lesson done, the course complete, a certificate issued."""
    lessons = [lesson for section in enrolment.course.sections for lesson in section.lessons]
    db.session.execute(insert(LessonProgress), [
        {"enrolment_id": enrolment.id, "lesson_id": lesson.id, "completed_at": when, "source": "learner",
         "score_percent": score if lesson.kind == "quiz" else None} for lesson in lessons])
    enrolment.started_at = when - timedelta(days=2)
    complete_enrolment(enrolment, now=when)


def put_at(enrolment: Enrolment, status: str, today: date, decider: User | None) -> None:
    """Move a demo enrolment to ``status`` as a learner's own steps would have."""
    first_lesson = enrolment.course.sections[0].lessons[0]
    if status in ("completed", "expiring"):
        months = enrolment.rule.recert_months if enrolment.rule and enrolment.rule.recert_months else 12
        expiring = today - relativedelta(months=months) + timedelta(days=20)
        back = expiring if status == "expiring" else today - timedelta(days=40)
        finish(enrolment, datetime.combine(back, time(10, 30)))
    elif status == "in_progress":
        ops.complete_lesson(enrolment, first_lesson, now=datetime.combine(today - timedelta(days=3), time(9)))
    elif status == "overdue":
        enrolment.due_date = today - timedelta(days=5)
    elif status == "exempt" and decider is not None:
        ops.request_exemption(enrolment, "Holds a current CompTIA Security+ certificate (copy attached to the "
                              "HR file).", actor=None)
        ops.decide_exemption(enrolment, True, actor=decider)
    elif status == "failed":
        ops.complete_lesson(enrolment, first_lesson, now=datetime.combine(today - timedelta(days=9), time(11)))
        enrolment.state = "failed"


@contextmanager
def unaudited() -> Iterator[None]:
    """Leave this module's audit entries unwritten while the demo is built."""

    def drop(session: Session, *_args: Any) -> None:
        for obj in list(session.new):
            if isinstance(obj, AuditEvent) and obj.module == "learning":
                session.expunge(obj)

    event.listen(Session, "before_flush", drop)
    try:
        yield
        drop(db.session())
    finally:
        event.remove(Session, "before_flush", drop)


@signals.demo_built.connect
def build_demo(_app: Any, accounts: dict[str, User], size: int, **_kwargs: Any) -> None:
    with unaudited():
        _build(accounts)


def _build(accounts: dict[str, User]) -> None:
    today = today_()
    competencies = dict(db.session.execute(select(Competency.code, Competency.id)).tuples().all())
    units = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id).where(OrgUnit.depth == 0)).tuples().all())
    courses = {data["code"]: load_course(data, competencies, units) for data in COURSES}
    courses[SCORM_COURSE["code"]] = load_scorm_course()
    ops.create_rule(courses["CYB-101"], {"unit_id": None, "starts_on": today - timedelta(days=20), "due_days": 30,
                                         "recert_months": 12}, actor=None)
    ops.sync_rules(today=today)
    decider, manager = accounts.get("learning@demo.gov.ge"), accounts.get("manager@demo.gov.ge")
    employee = accounts.get("employee@demo.gov.ge")
    ministry = db.session.get(OrgUnit, units.get("MOF")) if units.get("MOF") else None
    if ministry is None or employee is None or employee.employee is None:
        return
    sample = db.session.execute(
        select(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
        .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(ministry.path), Enrolment.course_id == courses["CYB-101"].id,
               Enrolment.employee_id != employee.employee_id).order_by(Employee.id).limit(60)).scalars().all()
    for enrolment, status in zip(sample, itertools.cycle(SAMPLE_STATUSES), strict=False):
        put_at(enrolment, status, today, decider)
    for enrolment in sample[:3]:  # certificates that ran out: information security is valid for two years
        expired = open_cycle(enrolment.employee_id, courses["INFOSEC-101"], source="self", state="assigned")
        finish(expired, datetime.combine(today - relativedelta(months=26), time(10)), score=80.0)
    _employee_record(employee.employee, courses, manager, today)


def _employee_record(person: Employee, courses: dict[str, Course], manager: User | None, today: date) -> None:
    """The demo employee: one of each kind of course on their own pages."""
    cyber = db.session.execute(select(Enrolment).where(Enrolment.employee_id == person.id,
                                                       Enrolment.course_id == courses["CYB-101"].id)).scalar_one()
    finish(cyber, datetime.combine(today - timedelta(days=45), time(15, 10)), score=100.0)
    phishing = ops.assign(person, courses["PHISH-101"], today + timedelta(days=14), actor=manager)
    ops.complete_lesson(phishing, courses["PHISH-101"].sections[0].lessons[0],
                        now=datetime.combine(today - timedelta(days=1), time(12)))
    infosec = open_cycle(person.id, courses["INFOSEC-101"], source="self", state="assigned")
    finish(infosec, datetime.combine(today - relativedelta(months=24) + timedelta(days=18), time(10)), score=85.0)
    ops.enrol(person, courses["PDP-101"])
    ops.enrol(person, courses["RISK-101"])  # waits for approval
    ops.enrol(person, courses[SCORM_COURSE["code"]])  # the SCORM package, to play from the content origin
