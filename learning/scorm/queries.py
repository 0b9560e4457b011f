"""Reads of SCORM lessons: versions, which version a learner plays, SCO statuses, and the administrators' lists
of attempts (a fixed number of statements per page, whatever the number of learners)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.pagination import Page, paginate
from common.permissions import unit_scope
from common.reads import shows
from learning.models import Enrolment, Lesson
from learning.scorm.models import PackageVersion, Sco, ScoAttempt, ScoCommit


def current_version(lesson_id: int) -> PackageVersion | None:
    return db.session.execute(select(PackageVersion).where(PackageVersion.lesson_id == lesson_id)
                              .options(selectinload(PackageVersion.scos))
                              .order_by(PackageVersion.number.desc()).limit(1)).scalar_one_or_none()


def versions(lesson_id: int) -> list[tuple[PackageVersion, int]]:
    """Every version of a lesson's package, newest first, with the number of attempts made on it."""
    attempts = (select(Sco.version_id, func.count(ScoAttempt.id).label("n"))
                .join(ScoAttempt, ScoAttempt.sco_id == Sco.id).group_by(Sco.version_id).subquery())
    rows = db.session.execute(
        select(PackageVersion, func.coalesce(attempts.c.n, 0)).outerjoin(attempts, attempts.c.version_id ==
                                                                         PackageVersion.id)
        .where(PackageVersion.lesson_id == lesson_id).options(selectinload(PackageVersion.scos))
        .order_by(PackageVersion.number.desc())).tuples().all()
    return list(rows)


def version_for(lesson: Lesson, enrolment: Enrolment | None) -> PackageVersion | None:
    """The version a learner plays: the one of an attempt still open (it resumes on the files it started with),
    otherwise the newest."""
    if enrolment is not None:
        open_attempt = db.session.execute(
            select(PackageVersion).join(Sco, Sco.version_id == PackageVersion.id)
            .join(ScoAttempt, ScoAttempt.sco_id == Sco.id)
            .where(PackageVersion.lesson_id == lesson.id, ScoAttempt.enrolment_id == enrolment.id,
                   ScoAttempt.closed.is_(False))
            .order_by(ScoAttempt.updated_at.desc()).limit(1)).scalar_one_or_none()
        if open_attempt is not None:
            return open_attempt
    return current_version(lesson.id)


def sco_statuses(enrolment: Enrolment | None, version: PackageVersion) -> dict[int, str]:
    """Each SCO's status in the learner's latest attempt at it."""
    if enrolment is None:
        return {}
    rows = db.session.execute(select(ScoAttempt.sco_id, ScoAttempt.lesson_status).where(
        ScoAttempt.enrolment_id == enrolment.id, ScoAttempt.sco_id.in_([s.id for s in version.scos]))
        .order_by(ScoAttempt.number)).all()
    return dict(rows)


def attempts(user: Any, lesson_id: int, page: int, page_size: int) -> Page:
    """Attempts at a lesson's SCOs by learners in the user's scope, most recent first."""
    stmt = (select(ScoAttempt).join(Sco, ScoAttempt.sco_id == Sco.id)
            .join(PackageVersion, Sco.version_id == PackageVersion.id)
            .join(Enrolment, ScoAttempt.enrolment_id == Enrolment.id)
            .join(Employee, Enrolment.employee_id == Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(PackageVersion.lesson_id == lesson_id, unit_scope(user, "learning.learners"))
            .options(joinedload(ScoAttempt.sco).joinedload(Sco.version),
                     joinedload(ScoAttempt.enrolment).joinedload(Enrolment.employee))
            .order_by(ScoAttempt.updated_at.desc(), ScoAttempt.id.desc()))
    listed = paginate(stmt, page, page_size)
    shows(a.enrolment.employee_id for a in listed.items)
    return listed


def attempt_detail(attempt_id: int) -> ScoAttempt | None:
    return db.session.execute(select(ScoAttempt).where(ScoAttempt.id == attempt_id).options(
        joinedload(ScoAttempt.sco).joinedload(Sco.version).joinedload(PackageVersion.lesson),
        joinedload(ScoAttempt.enrolment).joinedload(Enrolment.employee).joinedload(Employee.org_unit),
        selectinload(ScoAttempt.commits))).scalar_one_or_none()


def values_missing(attempt_id: int) -> bool:
    """Whether a session of the attempt ended with values that never reached the server (recorded incomplete)."""
    return db.session.execute(select(ScoCommit.id).where(ScoCommit.attempt_id == attempt_id,
                                                         ScoCommit.gap.is_(True)).limit(1)).first() is not None
