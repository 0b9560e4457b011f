"""Who still has to act before which deadline: the reminders ``flask hr remind`` sends.

A reminder goes out from ``LEAD_DAYS`` before a phase deadline (and after it, if still nobody
acted): one per person, phase and cycle, naming everyone it concerns (a manager with twelve
reports gets one message, not twelve). Its key names the cycle, the phase and the person, and
``common.notifications.remind`` sends each key once, so cron may run the command as often as it likes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, select

from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.models import Employee, User
from common.notifications import Reminder, remind
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


def _reminder(phase: str, user: User, cycle: AppraisalCycle, due: date, items: list[tuple[int, Employee]]) -> Reminder:
    """One message per person, phase and cycle, naming everyone it concerns, in the recipient's language."""
    base_url = current_app.config.get("BASE_URL", "").rstrip("/")
    link = f"/hr/appraisals/{items[0][0]}" if len(items) == 1 else "/hr/team"
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "ka")):
        values = {"cycle": cycle.name, "people": ", ".join(p.full_name for _id, p in items), "day": due.isoformat()}
        subject = gettext("Appraisal: action needed by %(day)s", day=values["day"])
        body = str(MESSAGES[phase]) % values
    return Reminder(key=f"hrms:cycle:{cycle.id}:{phase}:{user.id}", user=user, subject=subject,
                    body=f"{body}\n\n{base_url}{link}", link=link)


def due_reminders(today: date | None = None, *, cycle_id: int | None = None, only: Select | None = None
                  ) -> list[Reminder]:
    """One reminder per person who still has to act in a phase near or past its deadline (one statement a phase).

    ``cycle_id`` and ``only`` (a statement selecting appraisal ids) narrow it to what HR sends from a cycle's
    page or filtered list; the keys stay those of the cron run, so nobody gets the same reminder from both.
    """
    today = today or date.today()
    reminders = []
    narrow = [AppraisalCycle.id == cycle_id] if cycle_id is not None else []
    if only is not None:
        narrow.append(Appraisal.id.in_(only))
    for phase, actor_column, condition, deadline in _phases(today):
        rows = db.session.execute(
            select(Appraisal.id, User, Employee, AppraisalCycle,
                   Appraisal.released_at if deadline is None else deadline)
            .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .join(User, and_(User.employee_id == actor_column, User.active.is_(True)))
            .join(Employee, Appraisal.employee_id == Employee.id)
            .where(AppraisalCycle.status == "open", condition, *narrow).order_by(Employee.last_name_en)
        ).all()
        groups: dict[tuple[int, int], tuple[User, AppraisalCycle, date, list[tuple[int, Employee]]]] = {}
        for appraisal_id, user, person, cycle, due in rows:
            if deadline is None:  # acknowledgement: the appeal window after this appraisal's release
                due = due.date() + timedelta(days=cycle.appeal_days)
                if not today <= due <= today + timedelta(days=LEAD_DAYS):
                    continue
            groups.setdefault((cycle.id, user.id), (user, cycle, due, []))[3].append((appraisal_id, person))
        reminders += [_reminder(phase, user, cycle, due, items) for user, cycle, due, items in groups.values()]
    return reminders


def send_cycle_reminders(cycle: AppraisalCycle, *, actor: Any, only: Select | None = None,
                         today: date | None = None) -> tuple[int, int, list[str]]:
    """HR sends, from the page, the reminders ``flask hr remind`` would send for this cycle (or the appraisals
    ``only`` selects): each key once, whoever sends it and however often. Returns (sent, sent before, failures)."""
    ensure(can_manage_cycle(actor, cycle), _l("Only HR in scope of the cycle sends its reminders."))
    ensure(cycle.status == "open", _l("Reminders are sent only for an open cycle."))
    reminders = due_reminders(today, cycle_id=cycle.id, only=only)
    sent, failures = remind(reminders, module="hrms")
    log_action("hrms", "send_reminders", cycle, f"{sent} reminders for cycle {cycle.id} sent from the page",
               actor=actor)
    return sent, len(reminders) - sent - len(failures), failures
