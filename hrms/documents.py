"""The official forms as PDFs: the individual appraisal form and the development plan.

Each is printed in the language asked for (Georgian or English, whatever the reader's own), in the house
PDF style shared with the reports (``common/templates/_pdf_head.html``), and shows no more than the page
would show the same reader: an employee gets the evaluator's ratings only once released, and the private
note is on no printed form at all (a form is signed and filed, so it travels further than the page).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select

from common.extensions import db
from common.models import Employee
from common.pdf import page_counter_css, render_pdf_html
from common.permissions import can_act_as_employee, can_see_ratings
from hrms import queries as q
from hrms import scoring
from hrms.anchors import anchors_for, choice_text
from hrms.development import queries as dq
from hrms.development.models import DevelopmentPlan, TrainingNeed
from hrms.models import RELEASED_STATES, Appraisal, AppraisalCycle, AppraisalTemplate

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


def _source_appraisal(plan: DevelopmentPlan, reader: Any) -> Appraisal | None:
    """The appraisal the plan was drawn from (its cycle's, for the person), if ``reader`` may see its ratings."""
    if plan.cycle_id is None:
        return None
    appraisal = db.session.execute(select(Appraisal).where(
        Appraisal.employee_id == plan.employee_id, Appraisal.cycle_id == plan.cycle_id)).scalar_one_or_none()
    if appraisal is None or appraisal.label is None:
        return None
    return appraisal if can_see_ratings(reader, appraisal, appraisal.state in RELEASED_STATES) else None


def _rating_texts(needs: list[TrainingNeed]) -> Callable[[TrainingNeed], str]:
    """A need's rating with its level's name ("2 – Below expectations"), in the language being rendered.

    The meaning is that of the template the need's appraisal was rated on (its own words, or the defaults): a
    function, so that the defaults are translated while the form renders, inside its ``force_locale``.
    """
    appraisal_ids = {n.appraisal_id for n in needs if n.rating is not None and n.appraisal_id is not None}
    templates = dict(db.session.execute(
        select(Appraisal.id, AppraisalTemplate).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .join(AppraisalTemplate, AppraisalCycle.template_id == AppraisalTemplate.id)
        .where(Appraisal.id.in_(appraisal_ids))).all()) if appraisal_ids else {}

    def text(need: TrainingNeed) -> str:
        if need.rating is None:
            return "—"
        template = templates.get(need.appraisal_id)
        if template is None:
            return str(need.rating)
        meaning = anchors_for(template).get(need.rating, "")
        return choice_text(need.rating, {need.rating: meaning.split(":")[0].strip()})  # the level's name

    return text


def development_plan_pdf(plan: DevelopmentPlan, employee: Employee, reader: Any, lang: str) -> bytes:
    """The development plan with its needs and actions, in ``lang``.

    A plan drawn from an appraisal says which (cycle, final score, label, as ``reader`` may see them), and each
    need drawn from a criterion's rating shows that rating and what its level means: the plan is signed as
    following from that appraisal, so the form carries the reasons.
    """
    needs = [n for n in dq.person_needs(employee.id) if n.status in ("open", "planned")]
    return _render("hrms/forms/plan_pdf.html", lang, plan=plan, person=employee, needs=needs,
                   record=dq.record(employee.id), appraisal=_source_appraisal(plan, reader),
                   rating_text=_rating_texts(needs))
