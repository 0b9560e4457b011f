"""Translatable names for the codes the appraisal tables store (states, labels, consequences)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from common.auditlog import describe
from common.i18n import lazy_gettext as _l

STATE_LABELS = {
    "objectives_draft": _l("Objectives being drafted"),
    "objectives_agreed": _l("Objectives agreed, self-assessment due"),
    "self_assessed": _l("Self-assessed, manager assessment due"),
    "calibration": _l("Assessed, in calibration"),
    "released": _l("Released to the employee"),
    "acknowledged": _l("Acknowledged"),
    "appealed": _l("Under appeal"),
    "final": _l("Final"),
}
RATING_LABELS = {
    "excellent": _l("Excellent"),
    "good": _l("Good"),
    "satisfactory": _l("Satisfactory"),
    "unsatisfactory": _l("Unsatisfactory"),
}
CONSEQUENCE_LABELS = {
    "promotion_or_incentive": _l("Eligible for class promotion or an incentive"),
    "training_need": _l("Training need"),
    "dismissal_review": _l("Dismissal review (unsatisfactory twice in a row)"),
}
CYCLE_STATUS_LABELS = {"open": _l("Open"), "final": _l("Final"), "cancelled": _l("Cancelled")}
TRACK_LABELS = {"annual": _l("Annual appraisal"), "probation": _l("Probation (quarterly)")}
SECTION_LABELS = {"objectives": _l("Objectives"), "competencies": _l("Competencies")}
# The anchors of the 1–5 feedback questionnaire: what each point of the scale means.
FEEDBACK_ANCHORS = {
    1: _l("1 – Rarely shows this; it holds the work back"),
    2: _l("2 – Sometimes shows this; needs to grow"),
    3: _l("3 – Shows this as the role requires"),
    4: _l("4 – Shows this more than the role requires"),
    5: _l("5 – A model for others in this"),
}
RELATION_LABELS = {"peer": _l("Peer"), "report": _l("Direct report"), "manager_manager": _l("Manager's manager")}
DECISION_LABELS = {"proposed": _l("Awaiting decision"), "confirmed": _l("Confirmed"), "rejected": _l("Rejected"),
                   "upheld": _l("Rating upheld"), "changed": _l("Rating changed")}
ACTION_LABELS = {
    "create_appraisals": _l("Appraisal created"), "save_objectives": _l("Objectives saved"),
    "agree_objectives": _l("Objectives agreed"), "record_midyear": _l("Mid-year check-in recorded"),
    "save_self_assessment": _l("Self-assessment saved"), "submit_self_assessment": _l("Self-assessment submitted"),
    "save_manager_assessment": _l("Manager assessment saved"),
    "submit_manager_assessment": _l("Manager assessment submitted"), "calibrate": _l("Rating calibrated"),
    "release": _l("Released"), "acknowledge": _l("Acknowledged"), "appeal": _l("Appealed"),
    "assign_appeal_reviewer": _l("Appeal reviewer assigned"), "decide_appeal": _l("Appeal decided"),
    "finalise": _l("Finalised"), "change_evaluator": _l("Evaluator changed"),
    "record_interim": _l("Interim assessment recorded"), "request_feedback": _l("Feedback requested"),
    "add_evidence": _l("Evidence noted"),
}


def label(mapping: dict[str, Any], code: str | None) -> str:
    return str(mapping.get(code, code or "—")) if code else "—"


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        hr_state=lambda code: label(STATE_LABELS, code),
        # every state's name at once, for a table that names them in each row (one look-up each, not one per cell)
        hr_state_names=lambda: {code: str(text) for code, text in STATE_LABELS.items()},
        hr_rating=lambda code: label(RATING_LABELS, code),
        hr_consequence=lambda code: label(CONSEQUENCE_LABELS, code),
        hr_track=lambda code: label(TRACK_LABELS, code),
        hr_cycle_status=lambda code: label(CYCLE_STATUS_LABELS, code),
        hr_section=lambda code: label(SECTION_LABELS, code),
        hr_relation=lambda code: label(RELATION_LABELS, code),
        hr_decision=lambda code: label(DECISION_LABELS, code),
        # every action the module logs, named as the audit log names it (``hrms.audit_names``)
        hr_action=lambda code: describe.action_label("write", code) if code else "—",
    )
