"""The official forms as PDFs: the individual appraisal form and the development plan.

Each is printed in the language asked for (Georgian or English, whatever the reader's own), in the house
PDF style shared with the reports (``common/templates/_pdf_head.html``), and shows no more than the page
would show the same reader: an employee gets the evaluator's ratings only once released, and the private
note is on no printed form at all (a form is signed and filed, so it travels further than the page).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date

from common.models import Employee
from common.pdf import page_counter_css, render_pdf_html
from common.permissions import can_act_as_employee, can_see_ratings
from hrms import queries as q
from hrms import scoring
from hrms.development import queries as dq
from hrms.development.models import DevelopmentPlan
from hrms.models import RELEASED_STATES, Appraisal

LANGUAGES = ("ka", "en")
# History entries the person appraised is not shown on the page, and so not on the form either.
HIDDEN_FROM_EMPLOYEE = ("save_manager_assessment", "calibrate", "request_feedback")


def language(asked: str | None, default: str) -> str:
    return asked if asked in LANGUAGES else (default if default in LANGUAGES else "ka")


def _render(template: str, lang: str, **context: Any) -> bytes:
    with force_locale(lang):
        html = current_app.jinja_env.get_template(template).render(
            lang=lang, page_counter=page_counter_css(), generated=format_date(date.today(), "long"), **context)
        return render_pdf_html(html)


def appraisal_form_pdf(appraisal: Appraisal, reader: Any, lang: str) -> bytes:
    """The appraisal form as ``reader`` may see it, in ``lang``."""
    employee_reads = can_act_as_employee(reader, appraisal)
    see_ratings = can_see_ratings(reader, appraisal, appraisal.state in RELEASED_STATES)
    history = [e for e in q.history(appraisal)
               if not (employee_reads and e.action in HIDDEN_FROM_EMPLOYEE)
               and (see_ratings or e.action not in HIDDEN_FROM_EMPLOYEE[:2])]
    stored = {r.criterion_id: r for r in appraisal.competency_ratings}
    criteria = []
    if appraisal.cycle.uses("competencies"):
        criteria = [(c, stored.get(c.id)) for c in appraisal.cycle.template.section("competencies").criteria]
    return _render("hrms/forms/appraisal_pdf.html", lang, appraisal=appraisal, cycle=appraisal.cycle,
                   see_ratings=see_ratings, criteria=criteria, history=history, show_actors=not employee_reads,
                   sections=scoring.section_scores(appraisal) if see_ratings and appraisal.label else None)


def development_plan_pdf(plan: DevelopmentPlan, employee: Employee, lang: str) -> bytes:
    """The development plan with its needs and actions, in ``lang``."""
    needs = [n for n in dq.person_needs(employee.id) if n.status in ("open", "planned")]
    return _render("hrms/forms/plan_pdf.html", lang, plan=plan, person=employee, needs=needs,
                   record=dq.record(employee.id))
