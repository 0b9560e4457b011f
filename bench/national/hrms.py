"""National-scale hrms data for the benchmark: five annual appraisal cycles for the whole civil service.

The demo gives the HR officer's ministry last year's and this year's cycle for its professional
staff. A national service has run the annual appraisal for years, in every ministry and for every
employment type: here each ministry (top-level unit) gets one cycle per year for the last five
years, and where the demo already has that year's cycle for some employment types, a second one
covers the others, so every employee in post has about one appraisal a year (5 x size in all).
Past years are final (scores, labels, release and acknowledgement); this year's is spread over
the workflow states the way the demo spreads its own, so the lists and dashboards see a real mix.

Rows are planned one cycle at a time and written with COPY on PostgreSQL (several times faster
than multi-row INSERT for millions of objectives and ratings) or Core executemany elsewhere, in
chunks, so memory stays bounded by the biggest ministry. Neither goes through the session, so each
cycle's appraisal counts (``hrms.counts``, read by the cycle overview) are recounted after its rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

import click
from sqlalchemy import Table, func, insert, select, text

from common.extensions import db
from common.models import Employee, OrgUnit
from hrms.counts import rebuild as rebuild_counts
from hrms.demo import LEVELS, OBJECTIVES, WEIGHTS, _cycle, _rating
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
    Objective,
)
from hrms.operations.cycles import eligible_staff
from hrms.scoring import label_for, weighted_mean

YEARS = 5
CHUNK = 20_000
CURRENT_STATES, CURRENT_WEIGHTS = (DRAFT, AGREED, SELF_ASSESSED, CALIBRATION), (10, 55, 20, 15)  # as the demo
APPRAISAL_COLUMNS = ("cycle_id", "employee_id", "evaluator_id", "org_unit_id", "position_id", "state", "version",
                     "created_at", "updated_at", "employee_agreed_at", "manager_agreed_at", "midyear_comment",
                     "midyear_at", "self_submitted_at", "manager_submitted_at", "score", "computed_label", "label",
                     "released_at", "acknowledged_at", "finalised_at")
OBJECTIVE_COLUMNS = ("appraisal_id", "position", "title", "measure", "weight", "self_rating", "manager_rating")
RATING_COLUMNS = ("appraisal_id", "criterion_id", "competency_id", "self_rating", "manager_rating")


def _write(table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    """Append ``rows`` (tuples in ``columns`` order) to ``table`` in the session's transaction."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), [dict(zip(columns, row, strict=True))
                                               for row in rows[start:start + CHUNK]])


def _skip_reference_checks() -> None:
    """On PostgreSQL as a superuser, skip the per-row foreign-key triggers for this transaction.

    Every id written here was just read from the database, so the checks cannot fail; run per row they
    (and the row locks they take on the parent appraisals) cost more than the COPY itself.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql" and connection.execute(
            text("SELECT current_setting('is_superuser')")).scalar_one() == "on":
        connection.execute(text("SET LOCAL session_replication_role = replica"))


def _cycles(template: AppraisalTemplate, today: date, types: list[str]) -> Iterator[AppraisalCycle]:
    """One cycle per ministry and year, for the employment types no existing cycle of that year covers."""
    existing: dict[tuple[int, int], set[str]] = {}
    for root, start, covered in db.session.execute(select(AppraisalCycle.root_unit_id, AppraisalCycle.period_start,
                                                          AppraisalCycle.employment_types)):
        existing.setdefault((root, start.year), set()).update(covered or [])
    ministries = list(db.session.execute(select(OrgUnit).where(OrgUnit.depth == 0).order_by(OrgUnit.path)).scalars())
    for year in range(today.year - YEARS + 1, today.year + 1):
        for unit in ministries:
            covered = existing.get((unit.id, year), set())
            missing = [t for t in types if t not in covered]
            if not missing:
                continue
            cycle = _cycle(template, unit, year, today)
            cycle.employment_types = missing
            if covered:  # the demo's cycle of that year has the professionals; this one the other staff
                cycle.name_ka += " (სხვა დასაქმების ფორმები)"
                cycle.name_en += " (other employment types)"
            if year < today.year:
                cycle.finalised_at = datetime.combine(cycle.release_due + timedelta(days=30), time(12))
            yield cycle


def _fill(cycle: AppraisalCycle, template: AppraisalTemplate, rng: random.Random, past: bool) -> int:
    """Appraisals, objectives and competency ratings of one cycle; returns how many appraisals."""
    staff = eligible_staff(cycle)
    _skip_reference_checks()
    start = datetime.combine(cycle.period_start, time(10))
    criteria = [(c.id, c.competency_id, c.weight) for c in template.section("competencies").criteria]
    levels, shares = [lv for lv, _ in LEVELS], [w for _, w in LEVELS]
    plans, rows = {}, []
    for employee_id, unit_id, position_id, manager_id in staff:
        state = FINAL if past else rng.choices(CURRENT_STATES, CURRENT_WEIGHTS)[0]
        level = rng.choices(levels, shares)[0]
        weights, chosen = rng.choice(WEIGHTS), rng.sample(OBJECTIVES, 3)
        assessed, drafted = state in (CALIBRATION, FINAL), state != DRAFT
        o_ratings = [_rating(rng, level) for _ in chosen]
        c_ratings = [_rating(rng, level) for _ in criteria]
        score = round(weighted_mean([(60, weighted_mean(zip(weights, o_ratings, strict=True))),
                                     (40, weighted_mean((w, r) for (_, _, w), r in
                                                        zip(criteria, c_ratings, strict=True)))]), 2)
        label = label_for(score, template.scale) if assessed else None
        agreed = start + timedelta(days=40) if drafted else None
        plans[employee_id] = (state, weights, chosen, o_ratings, c_ratings)
        rows.append((cycle.id, employee_id, manager_id, unit_id, position_id, state, 1, start, start, agreed, agreed,
                     "Good progress; priorities confirmed." if drafted and rng.random() < .7 else None,
                     start + timedelta(days=190) if drafted else None,
                     start + timedelta(days=330) if state in (SELF_ASSESSED, CALIBRATION, FINAL) else None,
                     start + timedelta(days=345) if assessed else None, score if assessed else None, label, label,
                     start + timedelta(days=380) if past else None, start + timedelta(days=385) if past else None,
                     start + timedelta(days=400) if past else None))
    _write(Appraisal.__table__, APPRAISAL_COLUMNS, rows)
    del rows
    rebuild_counts(db.session.connection(), [cycle.id])  # COPY bypasses the session that keeps the summary
    ids = dict(db.session.execute(select(Appraisal.employee_id, Appraisal.id)
                                  .where(Appraisal.cycle_id == cycle.id)).all())
    objectives: list[tuple] = []
    ratings: list[tuple] = []
    for employee_id, (state, weights, chosen, o_ratings, c_ratings) in plans.items():
        appraisal_id = ids[employee_id]
        self_rated, manager_rated = state not in (DRAFT, AGREED), state in (CALIBRATION, FINAL)
        objectives += [(appraisal_id, n, title, measure, weight, min(5, rating + 1) if self_rated else None,
                        rating if manager_rated else None)
                       for n, ((title, measure), weight, rating) in enumerate(zip(chosen, weights, o_ratings,
                                                                                  strict=True))]
        if self_rated:
            ratings += [(appraisal_id, criterion_id, competency_id, min(5, r + rng.choice((0, 1))),
                         r if manager_rated else None)
                        for (criterion_id, competency_id, _), r in zip(criteria, c_ratings, strict=True)]
        if len(objectives) >= CHUNK * 3:
            _write(Objective.__table__, OBJECTIVE_COLUMNS, objectives)
            _write(CompetencyRating.__table__, RATING_COLUMNS, ratings)
            objectives, ratings = [], []
    _write(Objective.__table__, OBJECTIVE_COLUMNS, objectives)
    _write(CompetencyRating.__table__, RATING_COLUMNS, ratings)
    return len(plans)


def build(size: int) -> str:
    """Five years of annual appraisals for every ministry and employment type; returns a one-line summary."""
    template = db.session.execute(select(AppraisalTemplate).where(AppraisalTemplate.family == "standard")
                                  .order_by(AppraisalTemplate.version)).scalars().first()
    if template is None:
        return "no appraisal template (the demo made none): nothing added"
    today = date.today()
    types = sorted(t for t, in db.session.execute(select(Employee.employment_type).distinct()))
    rng = random.Random(size + 2026)
    cycles = list(_cycles(template, today, types))
    db.session.flush()
    created = 0
    with click.progressbar(cycles, label="  appraisal cycles", show_pos=True) as bar:
        for cycle in bar:
            created += _fill(cycle, template, rng, past=cycle.period_start.year < today.year)
            db.session.commit()  # one cycle per transaction: no giant transaction, memory stays flat
    total = db.session.execute(select(func.count(Appraisal.id))).scalar_one()
    return f"{created:,} appraisals in {len(cycles)} cycles ({total:,} in all)"
