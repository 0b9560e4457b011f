"""What waits for the signed-in person, for the home page: one line per kind of task, with its nearest deadline.

Every role finds its work here: the employee (objectives to agree, self-assessment, a released appraisal to
acknowledge or appeal, courses due), the evaluator (objectives, assessments, interim assessments), colleagues
asked for feedback, appeal reviewers and HR (appeals to decide, calibrated ratings to release, consequences to
decide). Lines count other people's appraisals rather than naming them, so the home page shows nobody's
personal data; the page a line links to is where the names are, and where their reading is logged. A fixed
number of statements whatever the number of appraisals (grouped counts, never one query per task): one for
someone without an HR role (own appraisals, people evaluated, what colleagues asked for, courses due, as one
``UNION ALL``), built once per process and run with the person's id: building it cost more CPU than running it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import (
    CompoundSelect,
    Date,
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

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


@dataclass
class Task:
    kind: str  # objectives | assessment | feedback | appeal | approval | course
    text: str
    link: str
    due: date | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


# Every line of the person's own is read by one statement, a ``UNION ALL`` of rows of one shape: what the line is
# (``kind``), then these columns, each branch filling the ones it has (the rest typed NULLs, which PostgreSQL needs
# to unite the branches). Four statements cost four round trips and the CPU of each; the home page is the page
# most often opened.
SHAPE = (("id", Integer()), ("state", String()), ("n", Integer()), ("name_ka", String()), ("name_en", String()),
         ("due", Date()), ("due2", Date()), ("at", DateTime()), ("days", Integer()))


def _fixed(value: str) -> Any:
    """A constant of the code (a state, a kind) written into the statement: as a parameter, PostgreSQL's generic
    plan would not know it and priced itself above a custom one, and the statement was planned anew each time."""
    return literal_column(f"'{value}'", String())


def _shaped(kind: str, **given: Any) -> list[Any]:
    """The columns of one branch: ``kind``, then ``SHAPE`` with ``given``'s expressions and NULL elsewhere."""
    return [_fixed(kind).label("kind"),
            *((given[name] if name in given else cast(null(), type_)).label(name) for name, type_ in SHAPE)]


@functools.cache
def _statement() -> CompoundSelect:
    """Built once per process and run with the person's id and today's date: building cost more CPU than running.

    Branches: own appraisals waiting for the person (the cycle's columns, not the ORM cycle, whose loading brings
    its template, sections and criteria); appraisals they evaluate, counted per phase; interim assessments,
    feedback and appeals asked of them, each counted with its nearest deadline and the smallest id a lone task
    links to; courses due (``learning.queries.courses_due_statement``)."""
    # The person as a one-row subquery rather than a bare parameter: PostgreSQL's custom plans then know no more
    # of them than its generic plan does, which it keeps after five runs instead of planning the union anew
    # each time (about 0.5 ms, as much as the union spared the application).
    me, today = select(bindparam("me", type_=Integer)).scalar_subquery(), bindparam("today", type_=Date)
    mine = (select(*_shaped("mine", id=Appraisal.id, state=Appraisal.state, name_ka=AppraisalCycle.name_ka,
                            name_en=AppraisalCycle.name_en, due=AppraisalCycle.objectives_due,
                            due2=AppraisalCycle.self_assessment_due, at=Appraisal.released_at,
                            days=AppraisalCycle.appeal_days))
            .select_from(Appraisal).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .where(Appraisal.employee_id == me, AppraisalCycle.status == _fixed("open"),
                   or_(and_(Appraisal.state == _fixed(DRAFT), Appraisal.employee_agreed_at.is_(None)),
                       Appraisal.state == _fixed(AGREED),
                       and_(Appraisal.state == _fixed(RELEASED), Appraisal.released_at.is_not(None)))))
    waiting = ((Appraisal.state == _fixed(SELF_ASSESSED))
               | ((Appraisal.state == _fixed(DRAFT)) & Appraisal.manager_agreed_at.is_(None)))
    evaluated = (select(*_shaped("evaluated", state=Appraisal.state, n=func.count(),
                                 due=func.min(AppraisalCycle.objectives_due),
                                 due2=func.min(AppraisalCycle.manager_assessment_due)))
                 .select_from(Appraisal).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
                 .where(Appraisal.evaluator_id == me, AppraisalCycle.status == _fixed("open"), waiting)
                 .group_by(Appraisal.state))
    feedback = (select(*_shaped("feedback", n=func.count(), due=func.min(FeedbackRound.closes_on),
                                id=func.min(FeedbackRequest.id)))
                .select_from(FeedbackRequest)
                .join(Appraisal, FeedbackRequest.appraisal_id == Appraisal.id)
                .join(FeedbackRound, FeedbackRequest.round_id == FeedbackRound.id)
                .where(FeedbackRequest.respondent_id == me, FeedbackRequest.answered_at.is_(None),
                       Appraisal.state.in_([_fixed(DRAFT), _fixed(AGREED), _fixed(SELF_ASSESSED)]),
                       FeedbackRound.closed_at.is_(None), FeedbackRound.closes_on >= today))
    interims = (select(*_shaped("interim", n=func.count(), id=func.min(InterimAssessment.appraisal_id)))
                .where(InterimAssessment.evaluator_id == me, InterimAssessment.recorded_at.is_(None)))
    appeals = (select(*_shaped("appeal", n=func.count(), due=func.min(Appeal.decision_due),
                               id=func.min(Appeal.appraisal_id)))
               .where(Appeal.reviewer_id == me, Appeal.decided_at.is_(None)))
    due = learning_queries.courses_due_statement(me, _fixed).subquery("due")
    courses = select(*_shaped("course", id=due.c.course_id, name_ka=due.c.title_ka, name_en=due.c.title_en,
                              due=due.c.due_date))
    return union_all(mine, evaluated, feedback, interims, appeals, courses)


def _mine(row: Any) -> Task:
    """One of the person's own appraisals waiting for them (the statement keeps only those)."""
    link, cycle = url_for("hrms.appraisal", appraisal_id=row.id), localized(row.name_ka, row.name_en)
    if row.state == DRAFT:
        return Task("objectives", gettext("Agree your objectives (%(cycle)s)", cycle=cycle), link, row.due)
    if row.state == AGREED:
        return Task("assessment", gettext("Submit your self-assessment (%(cycle)s)", cycle=cycle), link, row.due2)
    return Task("appeal", gettext("Acknowledge your appraisal or appeal (%(cycle)s)", cycle=cycle), link,
                row.at.date() + timedelta(days=row.days))


def _evaluated(row: Any) -> Task:
    """Appraisals the person evaluates in one phase, counted."""
    if row.state == DRAFT:
        return Task("objectives", ngettext("Agree the objectives of %(num)d person you evaluate",
                                           "Agree the objectives of %(num)d people you evaluate", row.n),
                    url_for("hrms.team"), row.due)
    return Task("assessment", ngettext("Assess %(num)d person you evaluate", "Assess %(num)d people you evaluate",
                                       row.n), url_for("hrms.team"), row.due2)


def _interim(row: Any) -> Task:
    return Task("assessment", ngettext("Record %(num)d interim assessment", "Record %(num)d interim assessments",
                                       row.n),
                url_for("hrms.appraisal", appraisal_id=row.id) + "#interim" if row.n == 1 else url_for("hrms.index"),
                None)


def _feedback(row: Any) -> Task:
    link = url_for("hrms.feedback_answer", request_id=row.id) if row.n == 1 else url_for("hrms.index")
    return Task("feedback", ngettext("Give the feedback %(num)d colleague asked you for",
                                     "Give the feedback %(num)d colleagues asked you for", row.n), link, row.due)


def _appeal(row: Any) -> Task:
    return Task("appeal", ngettext("Review %(num)d appeal", "Review %(num)d appeals", row.n),
                url_for("hrms.appraisal", appraisal_id=row.id), row.due)


def _course(row: Any) -> Task:
    return Task("course", gettext("Complete the course %(course)s", course=localized(row.name_ka, row.name_en)),
                url_for("learning.course", course_id=row.id), row.due)


LINES = {"mine": _mine, "evaluated": _evaluated, "interim": _interim, "feedback": _feedback, "appeal": _appeal,
         "course": _course}


def _own(user: Any) -> list[Task]:
    """Everything that waits for the person as employee, evaluator, colleague, reviewer and learner: one statement
    on the session's connection (through ``session.execute`` the ORM's layer cost more CPU than the statement;
    nothing is pending on a GET). The three counts always give a row; a count of 0 is no line."""
    rows = db.session.connection().execute(_statement(), {"me": user.employee_id, "today": date.today()})
    return [LINES[row.kind](row) for row in rows if row.n != 0]


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


def tasks_for(user: Any) -> list[Task]:
    """Everything that waits for ``user``, the nearest deadline first (tasks without one last)."""
    tasks: list[Task] = []
    if user.employee_id is not None:
        tasks += _own(user)
    if has_capability(user, "hr.manage_cycles"):
        tasks += _hr(user)
    return sorted(tasks, key=lambda t: (t.due is None, t.due or date.max, t.text))
