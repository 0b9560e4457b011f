"""Progress and completion: lessons done, the course complete, the certificate issued or revoked.

``complete_lesson`` is also what an external player (the SCORM lessons of a later issue) calls through
the completion API, with ``source="scorm"``. A course is complete when every required lesson is done;
a quiz lesson counts as done only once it is passed (``learning.operations.quiz`` records that).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from common import signals
from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import lazy_gettext as _l
from common.models import User
from common.models.base import utcnow
from common.notifications import notify
from learning.models import Certificate, Enrolment, Lesson, LessonProgress

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: the code is read off paper too
CODE_LENGTH = 16  # 80 bits: not guessable, so the public page cannot be used to list certificates


def complete_lesson(enrolment: Enrolment, lesson: Lesson, *, source: str = "learner", score: float | None = None,
                    actor: Any = None, now: datetime | None = None) -> LessonProgress:
    """Record ``lesson`` as done for ``enrolment`` (once), then complete the course if that was the last one."""
    if not enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    if lesson.course_id != enrolment.course_id:
        raise OperationError(_l("This lesson belongs to another course."))
    if lesson.kind == "quiz" and source not in ("quiz",):
        raise OperationError(_l("A quiz is done when it is passed."))
    if lesson.kind == "scorm" and source != "scorm":
        raise OperationError(_l("A SCORM lesson is done when its player reports it."))
    if lesson.kind == "cmi5" and source != "cmi5":
        raise OperationError(_l("A cmi5 lesson is done when its course structure is satisfied."))
    now = now or utcnow()
    existing = db.session.execute(select(LessonProgress).where(
        LessonProgress.enrolment_id == enrolment.id, LessonProgress.lesson_id == lesson.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    progress = LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id, completed_at=now, source=source,
                              score_percent=score)
    try:
        with db.session.begin_nested():
            db.session.add(progress)
    except IntegrityError:  # the same lesson marked done in two tabs at once
        return db.session.execute(select(LessonProgress).where(
            LessonProgress.enrolment_id == enrolment.id, LessonProgress.lesson_id == lesson.id)).scalar_one()
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", enrolment.started_at or now
    log_action("learning", "complete_lesson", enrolment, f"Lesson {lesson.id} done ({source})", actor=actor,
               subject_employee_id=enrolment.employee_id)
    if enrolment.state != "completed" and _required_done(enrolment):
        complete_enrolment(enrolment, actor=actor, now=now)
    return progress


def _required_done(enrolment: Enrolment) -> bool:
    lessons = db.session.execute(select(Lesson.id, Lesson.required).where(Lesson.course_id == enrolment.course_id)
                                 ).all()
    required = {lesson_id for lesson_id, is_required in lessons if is_required} or {i for i, _r in lessons}
    done = set(db.session.execute(select(LessonProgress.lesson_id).where(
        LessonProgress.enrolment_id == enrolment.id)).scalars())
    return bool(required) and required <= done


def complete_enrolment(enrolment: Enrolment, *, actor: Any = None, now: datetime | None = None) -> Certificate:
    """Mark the course complete, set the expiry, issue the certificate and tell the other modules."""
    now = now or utcnow()
    course = enrolment.course
    months = enrolment.rule.recert_months if enrolment.rule and enrolment.rule.recert_months else \
        course.validity_months
    scores = [s for s in db.session.execute(select(LessonProgress.score_percent).where(
        LessonProgress.enrolment_id == enrolment.id, LessonProgress.score_percent.is_not(None))).scalars()]
    enrolment.state, enrolment.completed_at = "completed", now
    enrolment.expires_on = now.date() + relativedelta(months=months) if months else None
    enrolment.score_percent = round(sum(scores) / len(scores), 1) if scores else None
    certificate = issue_certificate(enrolment, actor=actor)
    log_action("learning", "complete_course", enrolment, f"Course {course.code} completed by employee "
               f"{enrolment.employee_id}; certificate {certificate.serial}", actor=actor,
               subject_employee_id=enrolment.employee_id)
    signals.course_completed.send(enrolment, employee_id=enrolment.employee_id, course_id=course.id,
                                  enrolment_id=enrolment.id, completed_at=now, hours=course.cpd_hours)
    from learning.xapi import native  # the completion also goes to the LRS (issue 21)

    native.course_completed(enrolment)
    return certificate


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_certificate(enrolment: Enrolment, *, actor: Any = None) -> Certificate:
    """A certificate with a serial (``LRN-<year>-<number>``) and a random verification code, for a completion."""
    if enrolment.certificate is not None:
        return enrolment.certificate
    employee, course = enrolment.employee, enrolment.course
    issued = (enrolment.completed_at or utcnow()).date()
    certificate = Certificate(
        enrolment=enrolment, employee_id=employee.id, course_id=course.id, serial=f"pending-{new_code()}",
        code=new_code(), holder_name_ka=f"{employee.first_name_ka} {employee.last_name_ka}",
        holder_name_en=f"{employee.first_name_en} {employee.last_name_en}", course_title_ka=course.title_ka,
        course_title_en=course.title_en, cpd_hours=course.cpd_hours, issued_on=issued,
        expires_on=enrolment.expires_on)
    db.session.add(certificate)
    db.session.flush()
    certificate.serial = f"LRN-{issued.year}-{certificate.id:06d}"
    log_action("learning", "issue_certificate", certificate, f"Certificate {certificate.serial} issued",
               actor=actor, subject_employee_id=employee.id)
    from learning.xapi import native

    native.certificate_issued(certificate)
    return certificate


def revoke_certificate(certificate: Certificate, reason: str, *, actor: Any) -> Certificate:
    """Revoke: the public verification page says so from now on. The reason is kept and shown to the holder."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise OperationError(_l("Give the reason for revoking the certificate."), field="reason")
    if certificate.revoked_at is not None:
        raise OperationError(_l("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoked_reason = utcnow(), reason
    certificate.revoked_by_id = getattr(actor, "id", None)
    log_action("learning", "revoke_certificate", certificate, f"Certificate {certificate.serial} revoked: {reason}",
               actor=actor, subject_employee_id=certificate.employee_id)
    _reopen(certificate)
    _tell_holder(certificate)
    return certificate


def _reopen(certificate: Certificate) -> None:
    """A revoked certificate no longer completes the course: its enrolment (if current) becomes history, and the
    next cycle is opened, due today for mandatory and assigned training, so compliance counts the learner as not
    done (and overdue from tomorrow)."""
    done = certificate.enrolment
    if done is None or not done.is_current or done.state != "completed":
        return
    done.is_current = False
    db.session.flush()
    mandatory = done.source in ("rule", "assigned")
    db.session.add(Enrolment(employee_id=done.employee_id, course_id=done.course_id, cycle=done.cycle + 1,
                             is_current=True, source=done.source, rule_id=done.rule_id,
                             assigned_by_id=done.assigned_by_id, state="assigned",
                             due_date=utcnow().date() if mandatory else None))
    db.session.flush()


def _tell_holder(certificate: Certificate) -> None:
    """An in-app notification to the holder, in their language, with the reason."""
    user = db.session.execute(select(User).where(User.employee_id == certificate.employee_id,
                                                 User.active.is_(True))).scalars().first()
    if user is None:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = certificate.course_title_en if str(user.locale or "").startswith("en") else \
            certificate.course_title_ka
        notify(user, _("Your certificate %(serial)s was revoked", serial=certificate.serial),
               _("Your certificate for \"%(course)s\" was revoked: %(reason)s. The course counts as not completed; "
                 "please take it again.", course=title, reason=certificate.revoked_reason),
               f"/learn/courses/{certificate.course_id}")
