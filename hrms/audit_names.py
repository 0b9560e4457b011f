"""How the auditor's page names the appraisal module's entries: its actions, object types, codes and objects.

Registered with ``common.auditlog.describe`` at start-up, so an entry reads "Appraisal: Nino Beridze, Annual
appraisal 2026" in the auditor's language rather than "Appraisal 97". The namers show people, so they note the
read (``common.reads.shows``) like any query that returns them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from common.auditlog import describe
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee
from common.models.base import localized
from common.reads import shows
from hrms.development.labels import ACTION_STATUS_LABELS, NEED_STATUS_LABELS, PRIORITY_LABELS
from hrms.development.models import BasicProgramme, DevelopmentAction, DevelopmentPlan, TrainingNeed
from hrms.labels import ACTION_LABELS, DECISION_LABELS, RATING_LABELS, STATE_LABELS
from hrms.models import Appeal, Appraisal, AppraisalCycle, AppraisalTemplate

MORE_ACTIONS = {
    "answer_feedback": _l("Feedback answered"), "open_feedback_round": _l("Feedback round opened"),
    "close_feedback_round": _l("Feedback round closed"), "create_cycle": _l("Appraisal cycle created"),
    "finalise_cycle": _l("Appraisal cycle finalised"), "create_template": _l("Appraisal template created"),
    "revise_template": _l("Appraisal template revised"), "decide_consequence": _l("Consequence decided"),
    "needs_from_appraisal": _l("Training needs drawn from the appraisal"), "record_need": _l("Training need recorded"),
    "dismiss_need": _l("Training need dismissed"), "start_plan": _l("Development plan started"),
    "save_plan": _l("Development plan saved"), "add_action": _l("Development action added"),
    "choose_course": _l("Course chosen for the plan"), "complete_action": _l("Development action recorded as done"),
    "cancel_action": _l("Development action cancelled"), "approve_hours": _l("Training hours approved"),
    "create_programme": _l("Basic programme created"),
}
TYPES = {"Appraisal": _l("Appraisal"), "AppraisalCycle": _l("Appraisal cycle"),
         "AppraisalTemplate": _l("Appraisal template"), "Appeal": _l("Appeal"),
         "BasicProgramme": _l("Basic programme"), "DevelopmentPlan": _l("Development plan"),
         "DevelopmentAction": _l("Development action"), "TrainingNeed": _l("Training need")}


# The namers read columns, not entities: an appraisal or a cycle loads its template with its sections and criteria
# (three statements) and an employee whole, for a name.
def _named(model: Any) -> describe.Namer:
    def name(ids: list[int]) -> dict[int, str]:
        rows = db.session.execute(select(model.id, model.name_ka, model.name_en).where(model.id.in_(ids)))
        return {i: localized(ka, en) for i, ka, en in rows}

    return name


def _person(first_ka: str, last_ka: str, first_en: str, last_en: str) -> str:
    return localized(f"{first_ka} {last_ka}", f"{first_en} {last_en}")  # as ``Employee.full_name``


_NAMES = (Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en, Employee.last_name_en)


def _appraisals(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Appraisal.id, Appraisal.employee_id, *_NAMES, AppraisalCycle.name_ka, AppraisalCycle.name_en)
        .join(Employee, Employee.id == Appraisal.employee_id)
        .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
        .where(Appraisal.id.in_(ids))).all()
    shows(row[1] for row in rows)
    return {i: f"{_person(*names)}, {localized(ka, en)}" for i, _employee, *names, ka, en in rows}


def _appeals(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(Appeal.id, Appeal.appraisal_id).where(Appeal.id.in_(ids))).tuples().all()
    names = _appraisals([appraisal_id for _id, appraisal_id in rows])
    return {appeal_id: names[appraisal_id] for appeal_id, appraisal_id in rows if appraisal_id in names}


def _of_person(model: Any) -> describe.Namer:
    def name(ids: list[int]) -> dict[int, str]:
        rows = db.session.execute(select(model.id, model.employee_id, *_NAMES)
                                  .join(Employee, Employee.id == model.employee_id).where(model.id.in_(ids))).all()
        shows(row[1] for row in rows)
        return {i: _person(*names) for i, _employee, *names in rows}

    return name


def _actions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(DevelopmentAction.id, DevelopmentAction.title_ka, DevelopmentAction.title_en)
                              .where(DevelopmentAction.id.in_(ids)))
    return {i: localized(ka, en) for i, ka, en in rows}


def register() -> None:
    describe.register(
        actions=ACTION_LABELS | MORE_ACTIONS, types=TYPES,
        values={"state": STATE_LABELS, "label": RATING_LABELS, "outcome": DECISION_LABELS,
                "priority": PRIORITY_LABELS, "status": NEED_STATUS_LABELS | ACTION_STATUS_LABELS},
        namers={"Appraisal": _appraisals, "Appeal": _appeals, "AppraisalCycle": _named(AppraisalCycle),
                "AppraisalTemplate": _named(AppraisalTemplate), "BasicProgramme": _named(BasicProgramme),
                "DevelopmentPlan": _of_person(DevelopmentPlan), "TrainingNeed": _of_person(TrainingNeed),
                "DevelopmentAction": _actions})
