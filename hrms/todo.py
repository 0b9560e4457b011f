"""What waits for the signed-in person, for the home page: one line per kind of task, with its nearest deadline.

Every role finds its work here: the employee (objectives to agree, self-assessment, a released appraisal to
acknowledge or appeal, courses due), the evaluator (objectives, assessments, interim assessments), colleagues
asked for feedback, appeal reviewers and HR (appeals to decide, calibrated ratings to release, consequences to
decide). Lines count other people's appraisals rather than naming them, so the home page shows nobody's
personal data; the page a line links to is where the names are, and where their reading is logged. A fixed
number of statements whatever the number of appraisals (grouped counts, never one query per task): four for
someone without an HR role (own appraisals, people evaluated, what colleagues asked for, courses due). Those four
are built once per process and run with the person's id: building them cost more CPU than running them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import CompoundSelect, Date, Select, bindparam, cast, func, literal, null, select, union_all

from common.extensions import db
from common.i18n import gettext, ngettext
from common.models import OrgUnit
from common.models.base import localized
from common.permissions import has_capability, unit_scope
from hrms.models import (
    AGREED,
    CALIBRATION,
    DRAFT,
    RELEASED,
    SELF_ASSESSED,
    Appeal,
    Appraisal,
    AppraisalCycle,
    ConsequenceProposal,
    FeedbackRequest,
    FeedbackRound,
    InterimAssessment,
)
from learning import queries as learning_queries


def _read(statement: Any, params: dict[str, Any]) -> Any:
    """Run a prebuilt read on the session's connection: through ``session.execute`` the ORM's layer cost about
    0.17 ms of CPU per statement, more than the statement (the home page runs four; nothing is pending on a GET)."""
    return db.session.connection().execute(statement, params)


@dataclass
class Task:
    kind: str  # objectives | assessment | feedback | appeal | approval | course
    text: str
    link: str
    due: date | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def _mine(user: Any) -> list[Task]:
    """The person's own appraisals that wait for them (one statement).

    The cycle's columns, not the ORM cycle: loading one would bring its template, sections and criteria too
    (three statements for a name and two dates)."""
    tasks = []
    rows = _read(_mine_statement(), {"me": user.employee_id}).all()
    for row in rows:
        link, cycle = url_for("hrms.appraisal", appraisal_id=row.id), localized(row.name_ka, row.name_en)
        if row.state == DRAFT and row.employee_agreed_at is None:
            tasks.append(Task("objectives", gettext("Agree your objectives (%(cycle)s)", cycle=cycle), link,
                              row.objectives_due))
        elif row.state == AGREED:
            tasks.append(Task("assessment", gettext("Submit your self-assessment (%(cycle)s)", cycle=cycle),
                              link, row.self_assessment_due))
        elif row.state == RELEASED and row.released_at is not None:
            tasks.append(Task("appeal", gettext("Acknowledge your appraisal or appeal (%(cycle)s)", cycle=cycle),
                              link, row.released_at.date() + timedelta(days=row.appeal_days)))
    return tasks


@functools.cache
def _mine_statement() -> Select[Any]:
    return (select(Appraisal.id, Appraisal.state, Appraisal.employee_agreed_at, Appraisal.released_at,
                   AppraisalCycle.name_ka, AppraisalCycle.name_en, AppraisalCycle.objectives_due,
                   AppraisalCycle.self_assessment_due, AppraisalCycle.appeal_days)
            .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .where(Appraisal.employee_id == bindparam("me"), AppraisalCycle.status == "open",
                   Appraisal.state.in_((DRAFT, AGREED, RELEASED))))


def _as_evaluator(user: Any) -> list[Task]:
    """Appraisals the person evaluates, counted per phase (one statement)."""
    tasks = []
    rows = _read(_as_evaluator_statement(), {"me": user.employee_id}).all()
    team = url_for("hrms.team")
    for state, n, objectives_due, assessment_due in rows:
        if state == DRAFT:
            tasks.append(Task("objectives", ngettext("Agree the objectives of %(num)d person you evaluate",
                                                     "Agree the objectives of %(num)d people you evaluate", n),
                              team, objectives_due))
        else:
            tasks.append(Task("assessment", ngettext("Assess %(num)d person you evaluate",
                                                     "Assess %(num)d people you evaluate", n), team, assessment_due))
    return tasks


@functools.cache
def _as_evaluator_statement() -> Select[Any]:
    waiting = (Appraisal.state == SELF_ASSESSED) | ((Appraisal.state == DRAFT) & Appraisal.manager_agreed_at.is_(None))
    return (select(Appraisal.state, func.count(), func.min(AppraisalCycle.objectives_due),
                   func.min(AppraisalCycle.manager_assessment_due))
            .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .where(Appraisal.evaluator_id == bindparam("me"), AppraisalCycle.status == "open", waiting)
            .group_by(Appraisal.state))


def _asked_of(user: Any) -> list[Task]:
    """Interim assessments to record, feedback colleagues asked for and appeals to review: counted in one statement
    (a ``UNION ALL`` of three counts, each with its nearest deadline and the smallest id a lone task links to)."""
    rows = _read(_asked_of_statement(), {"me": user.employee_id, "today": date.today()})
    counts = {row.kind: row for row in rows if row.n}
    tasks = []
    if "interim" in counts:
        n, first = counts["interim"].n, counts["interim"].first
        tasks.append(Task("assessment", ngettext("Record %(num)d interim assessment",
                                                 "Record %(num)d interim assessments", n),
                          url_for("hrms.appraisal", appraisal_id=first) + "#interim" if n == 1
                          else url_for("hrms.index"), None))
    if "feedback" in counts:
        n, due, first = counts["feedback"].n, counts["feedback"].due, counts["feedback"].first
        link = url_for("hrms.feedback_answer", request_id=first) if n == 1 else url_for("hrms.index")
        tasks.append(Task("feedback", ngettext("Give the feedback %(num)d colleague asked you for",
                                               "Give the feedback %(num)d colleagues asked you for", n), link, due))
    if "appeal" in counts:
        n, due, first = counts["appeal"].n, counts["appeal"].due, counts["appeal"].first
        tasks.append(Task("appeal", ngettext("Review %(num)d appeal", "Review %(num)d appeals", n),
                          url_for("hrms.appraisal", appraisal_id=first), due))
    return tasks


@functools.cache
def _asked_of_statement() -> CompoundSelect:
    me, today = bindparam("me"), bindparam("today", type_=Date)
    feedback = (
        select(literal("feedback").label("kind"), func.count().label("n"), func.min(FeedbackRound.closes_on)
               .label("due"), func.min(FeedbackRequest.id).label("first"))
        .select_from(FeedbackRequest)
        .join(Appraisal, FeedbackRequest.appraisal_id == Appraisal.id)
        .join(FeedbackRound, FeedbackRequest.round_id == FeedbackRound.id)
        .where(FeedbackRequest.respondent_id == me, FeedbackRequest.answered_at.is_(None),
               Appraisal.state.in_((DRAFT, AGREED, SELF_ASSESSED)), FeedbackRound.closed_at.is_(None),
               FeedbackRound.closes_on >= today))
    interims = (select(literal("interim"), func.count(), cast(null(), Date), func.min(InterimAssessment.appraisal_id))
                .where(InterimAssessment.evaluator_id == me, InterimAssessment.recorded_at.is_(None)))
    appeals = (select(literal("appeal"), func.count(), func.min(Appeal.decision_due), func.min(Appeal.appraisal_id))
               .where(Appeal.reviewer_id == me, Appeal.decided_at.is_(None)))
    return union_all(feedback, interims, appeals)


def _hr(user: Any) -> list[Task]:
    """Appeals to decide, ratings to release and consequences to decide in the officer's scope (four statements)."""
    tasks = []
    appeals = db.session.execute(
        select(func.count(), func.min(Appeal.decision_due)).select_from(Appeal)
        .join(Appraisal, Appeal.appraisal_id == Appraisal.id).join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(Appeal.decided_at.is_(None), unit_scope(user, "hr.manage_cycles"))).one()
    if appeals[0]:
        tasks.append(Task("appeal", ngettext("Decide %(num)d open appeal", "Decide %(num)d open appeals", appeals[0]),
                          url_for("hrms.appeals"), appeals[1]))
    to_release = dict(db.session.execute(
        select(Appraisal.cycle_id, func.count(Appraisal.id)).join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(Appraisal.state == CALIBRATION, unit_scope(user, "hr.manage_cycles"))
        .group_by(Appraisal.cycle_id)).tuples().all())
    to_decide = dict(db.session.execute(
        select(ConsequenceProposal.cycle_id, func.count(ConsequenceProposal.id))
        .join(Appraisal, ConsequenceProposal.appraisal_id == Appraisal.id)
        .join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(ConsequenceProposal.status == "proposed", unit_scope(user, "hr.manage_cycles"))
        .group_by(ConsequenceProposal.cycle_id)).tuples().all())
    cycles = db.session.execute(  # columns, not the ORM cycle with its template (see ``_mine``)
        select(AppraisalCycle.id, AppraisalCycle.name_ka, AppraisalCycle.name_en, AppraisalCycle.status,
               AppraisalCycle.release_due).where(AppraisalCycle.id.in_(set(to_release) | set(to_decide)))
    ).all() if to_release or to_decide else []
    for cycle in cycles:
        name = localized(cycle.name_ka, cycle.name_en)
        if cycle.status == "open" and to_release.get(cycle.id):
            tasks.append(Task("approval", ngettext("Calibrate and release %(num)d appraisal (%(cycle)s)",
                                                   "Calibrate and release %(num)d appraisals (%(cycle)s)",
                                                   to_release[cycle.id], cycle=name),
                              url_for("hrms.calibration", cycle_id=cycle.id), cycle.release_due))
        if to_decide.get(cycle.id):
            tasks.append(Task("approval", ngettext("Decide %(num)d proposed consequence (%(cycle)s)",
                                                   "Decide %(num)d proposed consequences (%(cycle)s)",
                                                   to_decide[cycle.id], cycle=name),
                              url_for("hrms.consequences", cycle_id=cycle.id), None))
    return tasks


def _courses(user: Any) -> list[Task]:
    return [Task("course", gettext("Complete the course %(course)s", course=c.title),
                 url_for("learning.course", course_id=c.course_id), c.due_date)
            for c in learning_queries.courses_due(user.employee_id)]


def tasks_for(user: Any) -> list[Task]:
    """Everything that waits for ``user``, the nearest deadline first (tasks without one last)."""
    tasks: list[Task] = []
    if user.employee_id is not None:
        tasks += _mine(user) + _as_evaluator(user) + _asked_of(user) + _courses(user)
    if has_capability(user, "hr.manage_cycles"):
        tasks += _hr(user)
    return sorted(tasks, key=lambda t: (t.due is None, t.due or date.max, t.text))
