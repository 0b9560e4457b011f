"""Assigning training by hand (people or whole units picked by name, or personal numbers) and "remind the overdue"
from the compliance page."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import ngettext
from common.models import Employee, OrgUnit
from common.permissions import can_manage_learner, has_capability, is_manager, require, unit_in_scope
from common.reads import personal_data
from learning import bp, picking
from learning import operations as ops
from learning import queries as q
from learning.dates import today
from learning.forms import AssignForm, EmptyForm
from learning.models import Course
from learning.views.helpers import actor


def _may_assign() -> None:
    if not (is_manager(current_user) or has_capability(current_user, "learning.learners")):
        abort(403)


def _picked(form: AssignForm) -> tuple[list[Employee], list[str]]:
    """The people picked: by personal number, one by one, or everyone (current) in a picked unit's subtree.
    Returns the people the user may assign and the picks refused (unknown, or outside the user's reach)."""
    numbers = re.findall(r"\d{11}", form.personal_numbers.data or "")
    employee_ids = [int(v) for v in request.form.getlist("employee") if v.isdigit()]
    unit_ids = [int(v) for v in request.form.getlist("unit") if v.isdigit()]
    people = picking.people_for_assignment(numbers, employee_ids)
    refused_picks = sorted(set(numbers) - {p.personal_number for p in people})
    for unit_id in unit_ids:
        unit = db.session.get(OrgUnit, unit_id)
        if unit is None or not unit_in_scope(current_user, "learning.learners", unit):
            refused_picks.append(unit.name if unit else str(unit_id))
            continue
        people.extend(picking.unit_members(unit, today()))
    allowed, seen = [], set()
    for person in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        if can_manage_learner(current_user, person):
            allowed.append(person)
        elif person.personal_number in numbers or person.id in employee_ids:
            refused_picks.append(person.full_name)
    return allowed, refused_picks


@bp.route("/assign", methods=["GET", "POST"])
@require("signed_in")
@personal_data("search")
def assign() -> str | Response:
    """HR officers and learning administrators (in scope) and managers (their reports) assign a course, to people
    or whole units found by name (no JavaScript needed: search, tick, assign)."""
    _may_assign()
    form = AssignForm()
    form.course_id.choices = [(c.id, f"{c.code} · {c.title}") for c in picking.published_courses()]
    if form.validate_on_submit():
        course = db.session.get(Course, form.course_id.data) or abort(404)
        people, refused_picks = _picked(form)
        if not people and not refused_picks:
            flash(_("Pick at least one person or unit, or give personal numbers."), "error")
            return redirect(url_for(".assign"))
        done, problems = 0, []
        for person in people:
            try:
                with db.session.begin_nested():
                    ops.assign(person, course, form.due_date.data, actor=actor())
                done += 1
            except OperationError as error:
                problems.append(f"{person.full_name}: {error}")
        if done:
            flash(ngettext("Assigned to %(num)d person.", "Assigned to %(num)d people.", done), "success")
        for problem in problems:
            flash(problem, "error")
        if refused_picks:
            flash(_("Not assigned (unknown, or not yours to assign): %(numbers)s",
                    numbers=", ".join(refused_picks)), "error")
        return redirect(url_for(".assign"))
    who = (request.args.get("who") or "").strip()[:100]
    found_people, found_units = picking.assignable_by_name(current_user, who) if len(who) >= 2 else ([], [])
    return render_template("learning/assign.html", form=form, who=who, found_people=found_people,
                           found_units=found_units)


@bp.route("/admin/compliance/remind", methods=["POST"])
@require("learning.learners")
def remind_overdue() -> Response:
    """E-mail every overdue learner under the unit (in the user's scope); a second press sends nothing new."""
    unit_id, course_id = request.form.get("unit", type=int), request.form.get("course", type=int)
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    if unit is not None and not unit_in_scope(current_user, "learning.learners", unit):
        abort(404)
    if EmptyForm().validate_on_submit():
        sent, failures = ops.remind_overdue(q.overdue_enrolments(current_user, unit, course_id, today()))
        flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", sent) + " " +
              _("People already reminded of the same due date are not reminded again."), "success")
        if failures:
            flash(_("Not sent: %(who)s", who="; ".join(failures)), "error")
    return redirect(url_for(".compliance", unit=unit_id or None, course=course_id or None))
