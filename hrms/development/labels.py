"""Translatable names for the codes professional development stores (sources, priorities, statuses, kinds)."""

from __future__ import annotations

from flask import Flask

from common.i18n import lazy_gettext as _l
from hrms.labels import label

NEED_SOURCE_LABELS = {"appraisal": _l("Appraisal"), "manager": _l("Proposed by the manager"),
                      "employee": _l("Requested by the employee"), "hr": _l("Added by HR")}
PRIORITY_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
NEED_STATUS_LABELS = {"open": _l("Open"), "planned": _l("In the plan"), "addressed": _l("Addressed"),
                      "dismissed": _l("Dismissed")}
ACTION_KIND_LABELS = {"course": _l("Course from the catalogue"), "mentoring": _l("Mentoring"),
                      "secondment": _l("Secondment"), "external": _l("External training")}
ACTION_STATUS_LABELS = {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"),
                        "cancelled": _l("Cancelled")}
ENROLMENT_STATUS_LABELS = {"assigned": _l("Enrolled"), "in_progress": _l("In progress"), "overdue": _l("Overdue"),
                           "completed": _l("Completed"), "expiring": _l("Expiring"), "expired": _l("Expired"),
                           "failed": _l("Failed"), "exempt": _l("Exempt"), "requested": _l("Awaiting approval"),
                           "rejected": _l("Turned down")}
RANK_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        pd_source=lambda code: label(NEED_SOURCE_LABELS, code),
        pd_priority=lambda code: label(PRIORITY_LABELS, code),
        pd_need_status=lambda code: label(NEED_STATUS_LABELS, code),
        pd_action_kind=lambda code: label(ACTION_KIND_LABELS, code),
        pd_action_status=lambda code: label(ACTION_STATUS_LABELS, code),
        pd_enrolment_status=lambda code: label(ENROLMENT_STATUS_LABELS, code),
        pd_rank=lambda rank: RANK_LABELS.get(rank, "—"),
    )
