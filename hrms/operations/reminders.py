"""Who still has to act before which deadline: the reminders ``flask hr remind`` sends.

A task is due from ``LEAD_DAYS`` before a phase deadline (and after it, if still nobody acted): one per
person, phase and cycle, naming everyone it concerns (a manager with twelve reports has one task, not twelve).
Its key names the cycle, the phase and the person. A person gets ONE e-mail per run listing all their tasks
not reminded of before (an evaluator who is also appraised reads her own objectives and her reports' in the
same message); ``common.notifications.remind`` claims every key of that message at once and never sends a
claimed key again, so cron and HR's button may run as often as they like.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, and_, select

from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.i18n import gettext
from common.i18n import lazy_gettext as _l
from common.models import Employee, User
from common.notifications import Reminder, already_sent, remind
from common.permissions import can_manage_cycle
from hrms.models import AGREED, DRAFT, RELEASED, SELF_ASSESSED, Appraisal, AppraisalCycle

LEAD_DAYS = 7


def _phases(today: date) -> list[tuple[str, Any, Any, Any]]:
    """(phase, who acts: employee or evaluator column, condition, deadline column)."""
    soon = today + timedelta(days=LEAD_DAYS)
    c = AppraisalCycle
    return [
        ("objectives-employee", Appraisal.employee_id, and_(Appraisal.state == DRAFT,
                                                           Appraisal.employee_agreed_at.is_(None),
                                                           c.objectives_due <= soon), c.objectives_due),
        ("objectives-manager", Appraisal.evaluator_id, and_(Appraisal.state == DRAFT,
                                                           Appraisal.manager_agreed_at.is_(None),
                                                           c.objectives_due <= soon), c.objectives_due),
        ("midyear", Appraisal.evaluator_id, and_(Appraisal.state == AGREED, Appraisal.midyear_at.is_(None),
                                                 c.midyear_due.is_not(None), c.midyear_due <= soon), c.midyear_due),
        ("self-assessment", Appraisal.employee_id, and_(Appraisal.state == AGREED, c.self_assessment_due <= soon),
         c.self_assessment_due),
        ("manager-assessment", Appraisal.evaluator_id, and_(Appraisal.state == SELF_ASSESSED,
                                                           c.manager_assessment_due <= soon),
         c.manager_assessment_due),
        ("acknowledgement", Appraisal.employee_id, Appraisal.state == RELEASED, None),
    ]


MESSAGES = {
    "objectives-employee": _l("Please agree your objectives for %(cycle)s by %(day)s."),
    "objectives-manager": _l("Please agree the objectives of %(people)s for %(cycle)s by %(day)s."),
    "midyear": _l("Please hold the mid-year check-in with %(people)s (%(cycle)s) by %(day)s."),
    "self-assessment": _l("Please submit your self-assessment for %(cycle)s by %(day)s."),
    "manager-assessment": _l("Please assess %(people)s for %(cycle)s by %(day)s."),
    "acknowledgement": _l("Your appraisal for %(cycle)s is released: acknowledge it or appeal by %(day)s."),
}


@dataclass
class _Task:
    """One thing one person must do in one cycle's phase, with the appraisals it concerns."""

    phase: str
    user: User
    cycle: AppraisalCycle
    due: date
    items: list[tuple[int, Employee]]

    @property
    def key(self) -> str:
        return f"hrms:cycle:{self.cycle.id}:{self.phase}:{self.user.id}"

    @property
    def link(self) -> str:
        return f"/hr/appraisals/{self.items[0][0]}" if len(self.items) == 1 else "/hr/team"


def _reminder(user: User, tasks: list[_Task]) -> Reminder:
    """One message listing all of a person's tasks, in the recipient's language, soonest deadline first.

    Each task is a line with its own link; the in-app notification links to the one appraisal if there is only
    one task, else to the home page, whose to-do lists them all.
    """
    base_url = current_app.config.get("BASE_URL", "").rstrip("/")
    tasks = sorted(tasks, key=lambda t: (t.due, t.phase))
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "ka")):
        subject = gettext("Appraisal: action needed by %(day)s", day=tasks[0].due.isoformat())
        lines = []
        for task in tasks:
            values = {"cycle": task.cycle.name, "people": ", ".join(p.full_name for _id, p in task.items),
                      "day": task.due.isoformat()}
            lines.append((str(MESSAGES[task.phase]) % values, f"{base_url}{task.link}"))
        if len(lines) == 1:
            body = f"{lines[0][0]}\n\n{lines[0][1]}"
        else:
            body = "\n\n".join([gettext("What you need to do:"), *(f"- {text}\n  {url}" for text, url in lines)])
    link = tasks[0].link if len(tasks) == 1 else "/"
    return Reminder(key=tasks[0].key, user=user, subject=subject, body=body, link=link,
                    also_keys=tuple(task.key for task in tasks[1:]))


def _due_tasks(today: date, narrow: list[Any]) -> list[_Task]:
    """Every person's tasks near or past their deadline (one statement a phase)."""
    tasks: list[_Task] = []
    for phase, actor_column, condition, deadline in _phases(today):
        rows = db.session.execute(
            select(Appraisal.id, User, Employee, AppraisalCycle,
                   Appraisal.released_at if deadline is None else deadline)
            .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .join(User, and_(User.employee_id == actor_column, User.active.is_(True)))
            .join(Employee, Appraisal.employee_id == Employee.id)
            .where(AppraisalCycle.status == "open", condition, *narrow).order_by(Employee.last_name_en)
        ).all()
        groups: dict[tuple[int, int], _Task] = {}
        for appraisal_id, user, person, cycle, due in rows:
            if deadline is None:  # acknowledgement: the appeal window after this appraisal's release
                due = due.date() + timedelta(days=cycle.appeal_days)
                if not today <= due <= today + timedelta(days=LEAD_DAYS):
                    continue
            groups.setdefault((cycle.id, user.id), _Task(phase, user, cycle, due, [])).items.append(
                (appraisal_id, person))
        tasks += groups.values()
    return tasks


def due_reminders(today: date | None = None, *, cycle_id: int | None = None, only: Select | None = None
                  ) -> list[Reminder]:
    """One reminder per person who still has to act in a phase near or past its deadline, listing every such task.

    A task reminded of before is left out of the message, so a later run tells the person only what is new; a
    person all of whose tasks were reminded of before still gets a reminder here (with all their keys), which
    ``remind`` counts as "sent before" and does not send. ``cycle_id`` and ``only`` (a statement selecting
    appraisal ids) narrow it to what HR sends from a cycle's page or filtered list; the keys stay those of the
    cron run, so nobody gets the same reminder from both.
    """
    narrow = [AppraisalCycle.id == cycle_id] if cycle_id is not None else []
    if only is not None:
        narrow.append(Appraisal.id.in_(only))
    tasks = _due_tasks(today or date.today(), narrow)
    sent = already_sent([task.key for task in tasks])
    per_person: dict[int, list[_Task]] = {}
    for task in tasks:
        per_person.setdefault(task.user.id, []).append(task)
    reminders = []
    for person_tasks in per_person.values():
        new = [task for task in person_tasks if task.key not in sent]
        reminders.append(_reminder(person_tasks[0].user, new or person_tasks))
    return reminders


def send_cycle_reminders(cycle: AppraisalCycle, *, actor: Any, only: Select | None = None,
                         today: date | None = None) -> tuple[int, int, list[str]]:
    """HR sends, from the page, the reminders ``flask hr remind`` would send for this cycle (or the appraisals
    ``only`` selects): each key once, whoever sends it and however often. Returns (e-mails sent, people whose
    every task had been reminded of before, failures)."""
    ensure(can_manage_cycle(actor, cycle), _l("Only HR in scope of the cycle sends its reminders."))
    ensure(cycle.status == "open", _l("Reminders are sent only for an open cycle."))
    reminders = due_reminders(today, cycle_id=cycle.id, only=only)
    sent, failures = remind(reminders, module="hrms")
    log_action("hrms", "send_reminders", cycle, f"{sent} reminders for cycle {cycle.id} sent from the page",
               actor=actor)
    return sent, len(reminders) - sent - len(failures), failures
