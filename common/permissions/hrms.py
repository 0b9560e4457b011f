"""Appraisals and professional development: who acts on, and who reads, a person's HR records."""

from __future__ import annotations

from typing import Any

from common.models import Employee, OrgUnit
from common.permissions.core import has_capability, scope_paths, unit_in_scope

# hrms
# Appraisals: the person appraised, the evaluator (their manager, or whom HR named), HR in scope of
# the unit the person was appraised in. An outgoing manager with an interim assessment to record and
# the reviewer of an open appeal may also open it. Attributes are read duck-typed (common imports no module).


def can_act_as_employee(user: Any, appraisal: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.employee_id == appraisal.employee_id


def can_act_as_manager(user: Any, appraisal: Any) -> bool:
    return (getattr(user, "is_authenticated", False) and user.employee_id is not None
            and user.employee_id == appraisal.evaluator_id)


def can_act_as_hr(user: Any, appraisal: Any) -> bool:
    """HR in scope of the unit the person is appraised in; never on their own appraisal."""
    return (has_capability(user, "hr.manage_cycles") and user.employee_id != appraisal.employee_id
            and unit_in_scope(user, "hr.manage_cycles", appraisal.org_unit))


def can_manage_cycle(user: Any, cycle: Any) -> bool:
    return has_capability(user, "hr.manage_cycles") and unit_in_scope(user, "hr.manage_cycles", cycle.root_unit)


def can_view_appraisal(user: Any, appraisal: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_act_as_employee(user, appraisal) or can_act_as_manager(user, appraisal) or can_act_as_hr(user, appraisal):
        return True
    mine = user.employee_id
    return mine is not None and (mine in appraisal.interim_evaluator_ids or mine == appraisal.appeal_reviewer_id)


# The official forms (the appraisal form, the development plan as PDFs) are printed by whoever may open the record:
# the form shows no more than the page (``hrms.documents``), so printing needs no wider right than reading.


def can_print_appraisal_form(user: Any, appraisal: Any) -> bool:
    return can_view_appraisal(user, appraisal)


def can_print_development_plan(user: Any, employee: Employee) -> bool:
    return can_view_development(user, employee)


def can_list_appraisals_of(user: Any, employee: Employee) -> bool:
    """The list of a person's appraisals (each still opened only by those ``can_view_appraisal`` lets in): the
    person, their manager, HR in scope of the unit they work in."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id is not None and user.employee_id in (employee.id, employee.manager_id):
        return True
    return has_capability(user, "hr.manage_cycles") and unit_in_scope(user, "hr.manage_cycles", employee.org_unit)


# Professional development: a person's needs, plan and record are theirs, their direct manager's and HR's in scope
# of the unit they work in. The employee requests needs and chooses courses; dismissing a need is for the manager
# and HR. Basic programmes and the needs analysis are scoped like everything else (none: unscoped holders only).


def can_view_development(user: Any, employee: Employee) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id is not None and user.employee_id in (employee.id, employee.manager_id):
        return True
    return unit_in_scope(user, "hr.development", employee.org_unit)


def can_decide_development(user: Any, employee: Employee) -> bool:
    """Dismiss a need, close a plan: the direct manager and HR in scope, never the person themselves."""
    if not getattr(user, "is_authenticated", False) or user.employee_id == employee.id:
        return False
    return (user.employee_id is not None and employee.manager_id == user.employee_id) or unit_in_scope(
        user, "hr.development", employee.org_unit)


def can_manage_programme(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "hr.development"):
        return False
    return scope_paths(user, "hr.development") is None if unit is None else unit_in_scope(
        user, "hr.development", unit)


def can_read_needs_analysis(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "hr.needs_analysis"):
        return False
    return scope_paths(user, "hr.needs_analysis") is None if unit is None else unit_in_scope(
        user, "hr.needs_analysis", unit)


# Who HR may put in a position of trust over someone: an evaluator, an appeal reviewer or (through an import) a
# manager reads the person's appraisal, profile and development record, so HR names only people it acts for itself.


def can_name_for_duty(user: Any, person: Employee) -> bool:
    """``person`` may be named evaluator, appeal reviewer or manager by ``user``: HR in scope of their unit."""
    return has_capability(user, "hr.manage_cycles") and unit_in_scope(user, "hr.manage_cycles", person.org_unit)


def can_manage_templates(user: Any) -> bool:
    """Appraisal templates are government-wide: only a role that spans the government creates or revises them."""
    return has_capability(user, "hr.manage_cycles") and scope_paths(user, "hr.manage_cycles") is None


def can_approve_hours(user: Any, employee: Employee) -> bool:
    """Self-declared external training hours count once the person's manager or HR in scope approves them."""
    return can_decide_development(user, employee)


def can_see_private_note(user: Any, appraisal: Any) -> bool:
    """The evaluator's private note: the evaluator, HR in scope and the appeal's reviewer; never the person."""
    if not getattr(user, "is_authenticated", False) or can_act_as_employee(user, appraisal):
        return False
    return (can_act_as_manager(user, appraisal) or can_act_as_hr(user, appraisal)
            or (user.employee_id is not None and user.employee_id == appraisal.appeal_reviewer_id))


def can_see_ratings(user: Any, appraisal: Any, released: bool) -> bool:
    """The evaluator's ratings: everyone who may open the appraisal, the person only once they are ``released``."""
    return released or not can_act_as_employee(user, appraisal)


def can_answer_feedback(user: Any, feedback_request: Any) -> bool:
    """A feedback request is answered by the colleague asked, and read by nobody else in its raw form."""
    return (getattr(user, "employee_id", None) is not None
            and feedback_request.respondent_id == user.employee_id)


def is_interim_evaluator(user: Any, interim: Any) -> bool:
    """The outgoing manager asked for an interim assessment."""
    return getattr(user, "employee_id", None) is not None and interim.evaluator_id == user.employee_id
