"""Reads behind the course's results per package item: who attempted each SCO (SCORM 1.2, SCORM 2004) or AU (cmi5),
how often, with what outcome and score.

Seven statements, whatever the number of learners or items: the SCORM items, their attempts, the cmi5 AUs, their
launches, their results and their scores (the ``passed``/``failed`` statements in the LRS); the course's
package lessons give the order. Each returns narrow rows that are folded here, per item and per learner, so the figures
mean the same for every standard:

- an item is the same identifier across the versions of its lesson (its title is the newest version's);
- a learner (an employee, whatever their enrolments) counts once per item: *completed* if an attempt completed
  the item, *passed* if one passed it (cmi5: the AU satisfied, by moveOn or waived), *failed* if one failed and
  none passed; on a cmi5 AU, a learner counts once they launched it (an AU satisfied without a launch, waived or
  "NotApplicable", is not an attempt);
- their score is the best of their attempts as a percentage (scaled × 100, else raw within min–max, else raw on
  0–100); the average is over learners with a score, so retries do not weigh more.

Only learners in the reader's scope (``learning.learners``) are counted, as on the attempt list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from common.extensions import db
from common.models import Employee, OrgUnit
from common.permissions import unit_scope
from learning.cmi5.models import Cmi5Au, Cmi5AuStatus, Cmi5Registration, Cmi5Session, Cmi5Version
from learning.cmi5.statements import au_activity_id
from learning.cmi5.vocabulary import VERBS
from learning.models import Enrolment, Lesson, Section
from learning.scorm.models import DONE_STATUSES, PackageVersion, Sco, ScoAttempt
from learning.xapi.models import XapiStatement

STANDARDS = {"1.2": "SCORM 1.2", "2004": "SCORM 2004", "cmi5": "cmi5"}


@dataclass
class Learner:
    attempts: int = 0
    completed: bool = False
    passed: bool = False
    failed: bool = False
    best: float | None = None

    def add(self, *, attempts: int = 0, completed: bool = False, passed: bool = False, failed: bool = False,
            score: float | None = None) -> None:
        self.attempts += attempts
        self.completed, self.passed, self.failed = self.completed or completed, self.passed or passed, \
            self.failed or failed
        if score is not None and (self.best is None or score > self.best):
            self.best = score


@dataclass
class ItemRow:
    """One line of the table: the item and its figures (counts of learners, except ``attempts``)."""

    standard: str  # a key of STANDARDS
    lesson: Lesson
    title: str
    learners: dict[int, Learner] = field(default_factory=dict)

    @property
    def standard_name(self) -> str:
        return STANDARDS[self.standard]

    @property
    def attempted(self) -> int:
        return len(self.learners)

    @property
    def attempts(self) -> int:
        return sum(person.attempts for person in self.learners.values())

    @property
    def completed(self) -> int:
        return sum(person.completed for person in self.learners.values())

    @property
    def passed(self) -> int:
        return sum(person.passed for person in self.learners.values())

    @property
    def failed(self) -> int:
        return sum(person.failed and not person.passed for person in self.learners.values())

    @property
    def average_score(self) -> float | None:
        scores = [person.best for person in self.learners.values() if person.best is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @property
    def best_score(self) -> float | None:
        scores = [person.best for person in self.learners.values() if person.best is not None]
        return round(max(scores), 1) if scores else None

    def learner(self, employee_id: int) -> Learner:
        return self.learners.setdefault(employee_id, Learner())


def _clamp(percent: float) -> float:
    return max(0.0, min(100.0, percent))


def scorm_percent(scaled: str | None, raw: float | None, low: float | None, high: float | None) -> float | None:
    """An attempt's score as a percentage: 2004's scaled score if given, else the raw score within its range."""
    if scaled not in (None, ""):
        try:
            return _clamp(float(scaled) * 100)
        except ValueError:
            pass
    if raw is None:
        return None
    low, high = low or 0.0, 100.0 if high is None else high
    return _clamp(raw) if high <= low else _clamp((raw - low) * 100 / (high - low))


def _in_scope(stmt: Any, user: Any) -> Any:
    return (stmt.join(Employee, Enrolment.employee_id == Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(unit_scope(user, "learning.learners")))


def _items(rows: Iterable[Any], standard_of: Any) -> dict[tuple[int, str], ItemRow]:
    """Items keyed by (lesson, identifier) in course order; the first row of a key (its newest version) names it."""
    items: dict[tuple[int, str], ItemRow] = {}
    for row in rows:
        key = (row.lesson_id, row.identifier)
        if key not in items:
            items[key] = ItemRow(standard_of(row), row.Lesson, row.title)
    return items


def _scorm(course_id: int, user: Any) -> dict[tuple[int, str], ItemRow]:
    items = _items(db.session.execute(
        select(PackageVersion.lesson_id, PackageVersion.standard, Lesson, Sco.identifier, Sco.title)
        .join(Sco, Sco.version_id == PackageVersion.id).join(Lesson, PackageVersion.lesson_id == Lesson.id)
        .join(Section, Lesson.section_id == Section.id)
        .where(Lesson.course_id == course_id, Sco.tracked.is_(True))
        .order_by(Section.position, Lesson.position, Lesson.id, PackageVersion.number.desc(), Sco.position)),
        lambda row: row.standard)
    attempts = _in_scope(
        select(PackageVersion.lesson_id, Sco.identifier, Enrolment.employee_id, ScoAttempt.lesson_status,
               ScoAttempt.score_raw, ScoAttempt.score_min, ScoAttempt.score_max,
               ScoAttempt.cmi["cmi.completion_status"].as_string().label("completion"),
               ScoAttempt.cmi["cmi.score.scaled"].as_string().label("scaled"))
        .join(Sco, ScoAttempt.sco_id == Sco.id).join(PackageVersion, Sco.version_id == PackageVersion.id)
        .join(Lesson, PackageVersion.lesson_id == Lesson.id).join(Enrolment, ScoAttempt.enrolment_id == Enrolment.id)
        .where(Lesson.course_id == course_id, Sco.tracked.is_(True)), user)
    for row in db.session.execute(attempts):
        item = items.get((row.lesson_id, row.identifier))
        if item is None:
            continue
        item.learner(row.employee_id).add(
            attempts=1, completed=row.lesson_status in DONE_STATUSES or row.completion == "completed",
            passed=row.lesson_status == "passed", failed=row.lesson_status == "failed",
            score=scorm_percent(row.scaled, row.score_raw, row.score_min, row.score_max))
    return items


def _cmi5(course_id: int, user: Any) -> dict[tuple[int, str], ItemRow]:
    aus = db.session.execute(
        select(Cmi5Version.lesson_id, Lesson, Cmi5Au.publisher_id.label("identifier"), Cmi5Au.title, Cmi5Au.id)
        .join(Cmi5Au, Cmi5Au.version_id == Cmi5Version.id).join(Lesson, Cmi5Version.lesson_id == Lesson.id)
        .join(Section, Lesson.section_id == Section.id).where(Lesson.course_id == course_id)
        .order_by(Section.position, Lesson.position, Lesson.id, Cmi5Version.number.desc(), Cmi5Au.position)).all()
    items = _items(aus, lambda _row: "cmi5")
    activities = {au_activity_id(row): (row.lesson_id, row.identifier) for row in aus}

    def per_learner(*columns: Any) -> Any:
        return _in_scope(select(Cmi5Version.lesson_id, Cmi5Au.publisher_id, Enrolment.employee_id, *columns)
                         .join(Cmi5Au, Cmi5Au.version_id == Cmi5Version.id)
                         .join(Cmi5Registration, Cmi5Registration.version_id == Cmi5Version.id)
                         .join(Enrolment, Cmi5Registration.enrolment_id == Enrolment.id)
                         .join(Lesson, Cmi5Version.lesson_id == Lesson.id), user).where(Lesson.course_id == course_id)

    launches = per_learner(func.count(Cmi5Session.id).label("n")).join(
        Cmi5Session, (Cmi5Session.registration_id == Cmi5Registration.id) & (Cmi5Session.au_id == Cmi5Au.id)
    ).group_by(Cmi5Version.lesson_id, Cmi5Au.publisher_id, Enrolment.employee_id)
    for row in db.session.execute(launches):
        if (item := items.get((row.lesson_id, row.publisher_id))) is not None:
            item.learner(row.employee_id).add(attempts=row.n)
    results = per_learner(Cmi5AuStatus.completed, Cmi5AuStatus.passed, Cmi5AuStatus.failed,
                          Cmi5AuStatus.satisfied_at, Cmi5AuStatus.score_scaled).join(
        Cmi5AuStatus, (Cmi5AuStatus.registration_id == Cmi5Registration.id) & (Cmi5AuStatus.au_id == Cmi5Au.id))
    for row in db.session.execute(results):  # a result row exists for every AU once one is launched: launched ones
        item = items.get((row.lesson_id, row.publisher_id))
        if item is not None and row.employee_id in item.learners:
            item.learner(row.employee_id).add(completed=row.completed, passed=row.satisfied_at is not None,
                                              failed=row.failed)
    _cmi5_scores(course_id, user, items, activities)
    return items


def _cmi5_scores(course_id: int, user: Any, items: dict[tuple[int, str], ItemRow],
                 activities: dict[str, tuple[int, str]]) -> None:
    """Scores from the LRS: the ``passed`` and ``failed`` statements (the AU's results keep only the passing
    score) sent with a session credential of the registration, so plain xAPI from other clients is not counted."""
    sessions = select(Cmi5Session.client_id).where(Cmi5Session.registration_id == Cmi5Registration.id)
    stmt = _in_scope(
        select(Enrolment.employee_id, XapiStatement.body)
        .join(Cmi5Registration, Cmi5Registration.registration == XapiStatement.registration)
        .join(Cmi5Version, Cmi5Registration.version_id == Cmi5Version.id)
        .join(Lesson, Cmi5Version.lesson_id == Lesson.id)
        .join(Enrolment, Cmi5Registration.enrolment_id == Enrolment.id), user).where(
        Lesson.course_id == course_id, XapiStatement.voided.is_(False),
        XapiStatement.verb_id.in_((VERBS["passed"], VERBS["failed"])), XapiStatement.client_id.in_(sessions))
    for employee_id, body in db.session.execute(stmt):
        key = activities.get(str((body.get("object") or {}).get("id", "")))
        scaled = ((body.get("result") or {}).get("score") or {}).get("scaled")
        if key in items and isinstance(scaled, int | float) and not isinstance(scaled, bool):
            items[key].learner(employee_id).add(score=_clamp(scaled * 100))


def item_results(course_id: int, user: Any) -> list[ItemRow]:
    """Every SCO and AU of the course's package lessons, in course order, with its learners' results."""
    rows = list(_scorm(course_id, user).values()) + list(_cmi5(course_id, user).values())
    order = {lesson.id: n for n, lesson in enumerate(_lesson_order(course_id))}
    return sorted(rows, key=lambda row: order.get(row.lesson.id, 0))  # stable: item order kept


def _lesson_order(course_id: int) -> list[Lesson]:
    return list(db.session.execute(select(Lesson).join(Section, Lesson.section_id == Section.id).where(
        Lesson.course_id == course_id, Lesson.kind.in_(("scorm", "cmi5"))).order_by(
        Section.position, Lesson.position, Lesson.id)).scalars())
