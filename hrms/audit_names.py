"""How the auditor's page names the appraisal module's entries: its actions, object types, codes and objects.

Registered with ``common.auditlog.describe`` at start-up, so an entry reads "Appraisal: Nino Beridze, Annual
appraisal 2026" in the auditor's language rather than "Appraisal 97". The namers show people, so they note the
read (``common.reads.shows``) like any query that returns them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.auditlog import describe
from common.extensions import db
from common.i18n import lazy_gettext as _l
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


def _named(model: Any) -> describe.Namer:
    def name(ids: list[int]) -> dict[int, str]:
        return {row.id: row.name for row in db.session.execute(select(model).where(model.id.in_(ids))).scalars()}

    return name


def _appraisals(ids: list[int]) -> dict[int, str]:
    rows = list(db.session.execute(select(Appraisal).where(Appraisal.id.in_(ids)).options(
        joinedload(Appraisal.employee), joinedload(Appraisal.cycle))).scalars())
    shows(a.employee_id for a in rows)
    return {a.id: f"{a.employee.full_name}, {a.cycle.name}" for a in rows}


def _appeals(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(Appeal.id, Appeal.appraisal_id).where(Appeal.id.in_(ids))).tuples().all()
    names = _appraisals([appraisal_id for _id, appraisal_id in rows])
    return {appeal_id: names[appraisal_id] for appeal_id, appraisal_id in rows if appraisal_id in names}


def _of_person(model: Any) -> describe.Namer:
    def name(ids: list[int]) -> dict[int, str]:
        rows = list(db.session.execute(select(model).where(model.id.in_(ids)).options(
            joinedload(model.employee))).scalars())
        shows(r.employee_id for r in rows)
        return {r.id: r.employee.full_name for r in rows}

    return name


def _actions(ids: list[int]) -> dict[int, str]:
    return {a.id: a.title for a in db.session.execute(
        select(DevelopmentAction).where(DevelopmentAction.id.in_(ids))).scalars()}


def register() -> None:
    describe.register(
        actions=ACTION_LABELS | MORE_ACTIONS, types=TYPES,
        values={"state": STATE_LABELS, "label": RATING_LABELS, "outcome": DECISION_LABELS,
                "priority": PRIORITY_LABELS, "status": NEED_STATUS_LABELS | ACTION_STATUS_LABELS},
        namers={"Appraisal": _appraisals, "Appeal": _appeals, "AppraisalCycle": _named(AppraisalCycle),
                "AppraisalTemplate": _named(AppraisalTemplate), "BasicProgramme": _named(BasicProgramme),
                "DevelopmentPlan": _of_person(DevelopmentPlan), "TrainingNeed": _of_person(TrainingNeed),
                "DevelopmentAction": _actions})
