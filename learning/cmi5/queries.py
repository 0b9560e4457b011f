"""Reads of cmi5 lessons: the version a learner plays, each AU with its results in the learner's registration,
and the versions of a lesson for its administrators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from common.extensions import db
from learning.cmi5.models import Cmi5Au, Cmi5AuStatus, Cmi5Registration, Cmi5Version


def latest_version(lesson_id: int) -> Cmi5Version | None:
    return db.session.execute(select(Cmi5Version).where(Cmi5Version.lesson_id == lesson_id)
                              .order_by(Cmi5Version.number.desc()).limit(1)).scalar_one_or_none()


def registration_of(enrolment: Any, lesson_id: int) -> Cmi5Registration | None:
    """The enrolment's registration in a version of the lesson (the newest, if it began more than one)."""
    if enrolment is None:
        return None
    return db.session.execute(select(Cmi5Registration).join(Cmi5Version).where(
        Cmi5Registration.enrolment_id == enrolment.id, Cmi5Version.lesson_id == lesson_id)
        .order_by(Cmi5Version.number.desc()).limit(1)).scalar_one_or_none()


def version_for(lesson_id: int, enrolment: Any) -> Cmi5Version | None:
    """The version a learner plays: the one their registration began on, else the newest."""
    registration = registration_of(enrolment, lesson_id)
    return registration.version if registration is not None else latest_version(lesson_id)


@dataclass
class AuRow:
    au: Cmi5Au
    status: Cmi5AuStatus | None

    @property
    def satisfied(self) -> bool:
        return bool(self.status and self.status.satisfied_at)


def au_rows(version: Cmi5Version, registration: Cmi5Registration | None) -> list[AuRow]:
    statuses: dict[int, Cmi5AuStatus] = {}
    if registration is not None:
        statuses = {s.au_id: s for s in db.session.execute(select(Cmi5AuStatus).where(
            Cmi5AuStatus.registration_id == registration.id)).scalars()}
    return [AuRow(au, statuses.get(au.id)) for au in version.aus]


def versions(lesson_id: int) -> list[tuple[Cmi5Version, int]]:
    """The lesson's versions, newest first, each with how many registrations began on it."""
    counts = dict(db.session.execute(select(Cmi5Registration.version_id, func.count()).join(Cmi5Version).where(
        Cmi5Version.lesson_id == lesson_id).group_by(Cmi5Registration.version_id)).all())
    rows = db.session.execute(select(Cmi5Version).where(Cmi5Version.lesson_id == lesson_id)
                              .order_by(Cmi5Version.number.desc())).scalars()
    return [(version, counts.get(version.id, 0)) for version in rows]
