"""Demo appraisals for ``flask demo``: last year's finished cycle and this year's, in progress.

Both cover the HR officer's ministry. Rows are planned in memory and written with a few multi-row
inserts (no audit entries: demo data is not anyone's action). This year's cycle is spread over the
states, so every demo account has something to do: the employee a self-assessment, the manager
reports to assess, HR calibration, overdue objectives and feedback to look at.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from common import signals
from common.extensions import db
from common.models import Competency
from hrms.models import (
    AGREED,
    CALIBRATION,
    DRAFT,
    FINAL,
    SELF_ASSESSED,
    Appraisal,
    AppraisalCycle,
    AppraisalTemplate,
    CompetencyRating,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackRound,
    Objective,
    ObjectiveNote,
    TemplateCriterion,
    TemplateSection,
)
from hrms.operations.cycles import eligible_staff
from hrms.operations.outcomes import propose_consequences
from hrms.scoring import label_for, weighted_mean

METHODOLOGY = "Government of Georgia Decree No. 220 of 22 May 2017 (performance appraisal of civil servants)"
METHODOLOGY_KA = "საქართველოს მთავრობის 2017 წლის 22 მაისის №220 დადგენილება (საჯარო მოხელის შეფასება)"
OBJECTIVES = (
    ("Prepare the division's annual work plan and report on it every quarter", "Plan approved by March; four reports"),
    ("Cut the time taken to answer citizens' written requests", "From 10 to 7 working days on average"),
    ("Draft the amendments to the division's regulation", "Draft sent to the Legal Department by September"),
    ("Digitise the division's paper archive", "80% of the files scanned and indexed"),
    ("Prepare the division's budget request within the ceiling", "Submitted on time, not returned for rework"),
    ("Close the internal audit recommendations addressed to the division", "All open recommendations closed"),
    ("Publish the division's statistics as open data", "Three data sets published on data.gov.ge"),
    ("Introduce a risk register for the division's procurement", "Register in use and reviewed quarterly"),
    ("Mentor a newly appointed colleague through probation", "Probation completed with a positive assessment"),
    ("Complete the training on personal data protection", "Certificate obtained"),
)
NOTES = ("Discussed progress at the team meeting; on track.", "Draft shared with the department for comments.",
         "Delay: waiting for data from the regional offices.", "Milestone reached ahead of the deadline.")
FEEDBACK_COMMENTS = ("Always ready to help when deadlines are tight.", "Could share drafts with the team earlier.",
                     "Explains complex rules clearly to colleagues.", "Meetings with them are well prepared.")
WEIGHTS = ((50, 30, 20), (40, 35, 25), (40, 30, 30))
LEVELS = ((4.7, 0.12), (4.0, 0.50), (3.1, 0.30), (2.1, 0.08))  # (typical rating, share of staff)


def _rating(rng: random.Random, level: float) -> int:
    return max(1, min(5, round(level + rng.gauss(0, 0.5))))


def _template() -> AppraisalTemplate:
    competencies = list(db.session.execute(select(Competency).order_by(Competency.id).limit(5)).scalars())
    template = AppraisalTemplate(family="standard", version=1, name_ka="პროფესიული საჯარო მოხელის შეფასება",
                                 name_en="Appraisal of professional civil servants", methodology_ref=METHODOLOGY,
                                 methodology_ref_ka=METHODOLOGY_KA)
    template.sections = [TemplateSection(kind="objectives", weight=60, position=0),
                         TemplateSection(kind="competencies", weight=40, position=1, criteria=[
                             TemplateCriterion(competency_id=c.id, weight=20, position=n)
                             for n, c in enumerate(competencies)])]
    db.session.add(template)
    db.session.flush()
    return template


def _cycle(template: AppraisalTemplate, unit: Any, year: int, today: date) -> AppraisalCycle:
    past = year < today.year
    if past:
        dates = [date(year, 2, 28), date(year, 12, 10), date(year, 12, 24), date(year + 1, 1, 20),
                 date(year + 1, 1, 31)]
    else:
        dates = [min(date(year, 2, 28), today - timedelta(days=30)), today + timedelta(days=10),
                 today + timedelta(days=24), today + timedelta(days=38), today + timedelta(days=45)]
    cycle = AppraisalCycle(
        name_ka=f"წლიური შეფასება {year}", name_en=f"Annual appraisal {year}", track="annual",
        period_start=date(year, 1, 1), period_end=date(year, 12, 31), template_id=template.id,
        methodology_ref=template.methodology_ref, methodology_ref_ka=template.methodology_ref_ka,
        root_unit_id=unit.id, employment_types=["professional"],
        unused_sections=[], objectives_due=dates[0], midyear_due=date(year, 7, 15), self_assessment_due=dates[1],
        manager_assessment_due=dates[2], calibration_due=dates[3], release_due=dates[4],
        status="final" if past else "open")
    db.session.add(cycle)
    db.session.flush()
    return cycle


def _state(rng: random.Random, employee_id: int, reports: dict[str, int | None], evaluator: int | None) -> str:
    if employee_id == reports["employee"]:
        return AGREED  # the demo employee has a self-assessment to write
    if evaluator is not None and evaluator == reports["manager"]:
        return rng.choice((SELF_ASSESSED, SELF_ASSESSED, AGREED, DRAFT))
    return rng.choices((DRAFT, AGREED, SELF_ASSESSED, CALIBRATION), weights=(10, 55, 20, 15))[0]


def _fill(cycle: AppraisalCycle, template: AppraisalTemplate, rng: random.Random, reports: dict[str, int | None],
          past: bool) -> None:
    """Appraisals, objectives, evidence and ratings of one cycle, in bulk."""
    staff = eligible_staff(cycle)
    start = datetime.combine(cycle.period_start, time(10))
    criteria = template.section("competencies").criteria
    plans, rows = {}, []
    for employee_id, unit_id, position_id, manager_id in staff:
        state = FINAL if past else _state(rng, employee_id, reports, manager_id)
        level = rng.choices([lv for lv, _ in LEVELS], weights=[w for _, w in LEVELS])[0]
        weights = rng.choice(WEIGHTS)
        chosen = rng.sample(OBJECTIVES, 3)
        assessed = state in (CALIBRATION, FINAL)
        objective_ratings = [_rating(rng, level) for _ in chosen]
        competency_ratings = [_rating(rng, level) for _ in criteria]
        score = round(weighted_mean([(60, weighted_mean(zip(weights, objective_ratings, strict=True))),
                                     (40, weighted_mean((c.weight, r) for c, r in
                                                        zip(criteria, competency_ratings, strict=True)))]), 2)
        label = label_for(score, template.scale) if assessed else None
        agreed = start + timedelta(days=40) if state != DRAFT else None
        plans[employee_id] = (state, weights, chosen, objective_ratings, competency_ratings)
        rows.append({
            "cycle_id": cycle.id, "employee_id": employee_id, "evaluator_id": manager_id, "org_unit_id": unit_id,
            "position_id": position_id, "state": state, "version": 1, "created_at": start, "updated_at": start,
            "employee_agreed_at": agreed, "manager_agreed_at": agreed,
            "midyear_comment": "Good progress; priorities confirmed." if state != DRAFT and rng.random() < .7 else None,
            "midyear_at": start + timedelta(days=190) if state != DRAFT else None,
            "self_submitted_at": start + timedelta(days=330) if state in (SELF_ASSESSED, CALIBRATION, FINAL) else None,
            "manager_submitted_at": start + timedelta(days=345) if assessed else None,
            "score": score if assessed else None, "computed_label": label, "label": label,
            "released_at": start + timedelta(days=380) if past else None,
            "acknowledged_at": start + timedelta(days=385) if past else None,
            "finalised_at": start + timedelta(days=400) if past else None})
    if rows:
        db.session.execute(insert(Appraisal), rows)
    ids = dict(db.session.execute(select(Appraisal.employee_id, Appraisal.id)
                                  .where(Appraisal.cycle_id == cycle.id)).all())
    objectives, ratings = [], []
    for employee_id, (state, weights, chosen, o_ratings, c_ratings) in plans.items():
        self_rated, manager_rated = state != DRAFT and state != AGREED, state in (CALIBRATION, FINAL)
        for n, ((title, measure), weight, rating) in enumerate(zip(chosen, weights, o_ratings, strict=True)):
            objectives.append({"appraisal_id": ids[employee_id], "position": n, "title": title, "measure": measure,
                               "weight": weight, "self_rating": min(5, rating + 1) if self_rated else None,
                               "manager_rating": rating if manager_rated else None})
        if self_rated:
            ratings += [{"appraisal_id": ids[employee_id], "criterion_id": c.id, "competency_id": c.competency_id,
                         "self_rating": min(5, r + rng.choice((0, 1))), "manager_rating": r if manager_rated else None}
                        for c, r in zip(criteria, c_ratings, strict=True)]
    for table, batch in ((Objective, objectives), (CompetencyRating, ratings)):
        if batch:
            db.session.execute(insert(table), batch)
    if not past:
        _evidence_and_feedback(cycle, rng, reports, ids)


def _evidence_and_feedback(cycle: AppraisalCycle, rng: random.Random, reports: dict[str, int | None],
                           ids: dict[int, int]) -> None:
    first = db.session.execute(select(Objective.id, Appraisal.employee_id).join(Appraisal).where(
        Appraisal.cycle_id == cycle.id, Appraisal.state != DRAFT, Objective.position == 0)).all()
    notes = [{"objective_id": objective_id, "author_role": rng.choice(("employee", "manager")),
              "noted_on": cycle.period_start + timedelta(days=rng.randint(60, 250)), "text": rng.choice(NOTES),
              "created_at": datetime.combine(cycle.period_start, time(9))}
             for objective_id, _employee in first if rng.random() < 0.5]
    if notes:
        db.session.execute(insert(ObjectiveNote), notes)
    employee = reports["employee"]
    if employee in ids and reports["manager"] is not None:
        peers = [e for e, in db.session.execute(select(Appraisal.employee_id).where(
            Appraisal.cycle_id == cycle.id, Appraisal.evaluator_id == reports["manager"],
            Appraisal.employee_id != employee)).all()][:4]
        if not peers:
            return
        asked = datetime.combine(cycle.period_start, time(9))
        today = date.today()
        closes = cycle.manager_assessment_due if cycle.manager_assessment_due > today else today + timedelta(days=14)
        feedback_round = FeedbackRound(appraisal_id=ids[employee], closes_on=closes, opened_at=asked)
        db.session.add(feedback_round)
        db.session.flush()
        section = cycle.template.section("competencies")
        criteria = [c.id for c in section.criteria] if section is not None else []
        for n, peer in enumerate(peers):  # three answered, one still waiting: nothing shows until the round closes
            request = FeedbackRequest(appraisal_id=ids[employee], round_id=feedback_round.id, respondent_id=peer,
                                      relation="peer", created_at=asked)
            if n < 3:
                request.answered_at = asked + timedelta(days=3)
                request.answers = [FeedbackAnswer(criterion_id=c, rating=rng.randint(3, 5)) for c in criteria]
                request.rating = None if criteria else rng.randint(3, 5)
                request.comment = rng.choice(FEEDBACK_COMMENTS)
            db.session.add(request)


@signals.demo_built.connect
def add_demo_appraisals(_app: Any, accounts: dict[str, Any], size: int, **_extra: Any) -> None:
    hr = accounts.get("hr@demo.gov.ge")
    if hr is None or not hr.roles or hr.roles[0].org_unit is None:
        return
    unit = hr.roles[0].org_unit
    reports = {"employee": getattr(accounts.get("employee@demo.gov.ge"), "employee_id", None),
               "manager": getattr(accounts.get("manager@demo.gov.ge"), "employee_id", None)}
    rng, today = random.Random(size), date.today()
    template = _template()
    last = _cycle(template, unit, today.year - 1, today)
    _fill(last, template, rng, reports, past=True)
    last.finalised_at = datetime.combine(last.release_due + timedelta(days=30), time(12))
    propose_consequences(last)
    current = _cycle(template, unit, today.year, today)
    _fill(current, template, rng, reports, past=False)
