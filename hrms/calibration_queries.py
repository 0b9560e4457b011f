"""Reads of the calibration table: one row per person awaiting release in a unit, its filters and distribution.

A fixed number of statements whatever the number of people: the appraisals with their person, unit, evaluator,
objectives and ratings (for the self-assessed label) in one go, and the labels before the first calibration change
(the evaluator's proposal) in one more. The distribution always counts the whole unit, so filtering the table never
hides that the unit is above the guideline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.reads import shows
from hrms import scoring
from hrms.models import CALIBRATION, LABELS, Appraisal, AppraisalCycle, CalibrationChange

SORTS = ("name", "unit", "evaluator", "score", "label")


@dataclass
class CalibrationRow:
    appraisal: Appraisal
    proposed: str | None  # the evaluator's label, before any calibration change
    self_label: str | None  # what the person's own ratings would give

    @property
    def id(self) -> int:
        return self.appraisal.id


@dataclass
class CalibrationTable:
    rows: list[CalibrationRow]  # after filters and sorting
    distribution: dict[str, int]  # current labels of the whole unit
    total: int
    units: list[OrgUnit] = field(default_factory=list)  # the units that have rows, for the filter
    evaluators: list[Employee] = field(default_factory=list)


def _sort_key(key: str) -> Any:
    keys = {
        "name": lambda r: (r.appraisal.employee.last_name_en or "", r.appraisal.employee.first_name_en or ""),
        "unit": lambda r: r.appraisal.org_unit.name,
        "evaluator": lambda r: r.appraisal.evaluator.full_name if r.appraisal.evaluator else "",
        "score": lambda r: r.appraisal.score if r.appraisal.score is not None else -1.0,
        "label": lambda r: LABELS.index(r.appraisal.label) if r.appraisal.label in LABELS else len(LABELS),
    }
    return keys.get(key, keys["name"])


def calibration_table(cycle: AppraisalCycle, unit: OrgUnit, *, unit_filter: int | None = None,
                      evaluator: int | None = None, label: str | None = None, sort: str = "name") -> CalibrationTable:
    """The unit's appraisals in calibration, filtered and sorted; the distribution of the whole unit."""
    appraisals = list(db.session.execute(
        select(Appraisal).join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(Appraisal.cycle_id == cycle.id, Appraisal.state == CALIBRATION,
               OrgUnit.path.startswith(unit.path, autoescape=True))
        .options(joinedload(Appraisal.employee), joinedload(Appraisal.org_unit), joinedload(Appraisal.evaluator),
                 selectinload(Appraisal.objectives), selectinload(Appraisal.competency_ratings))).scalars())
    proposed: dict[int, str] = {}
    if appraisals:
        for appraisal_id, before in db.session.execute(
                select(CalibrationChange.appraisal_id, CalibrationChange.label_before)
                .where(CalibrationChange.appraisal_id.in_([a.id for a in appraisals]))
                .order_by(CalibrationChange.id.desc())):
            proposed[appraisal_id] = before  # the oldest change wins: its "before" is the evaluator's label
    distribution = dict.fromkeys(LABELS, 0)
    for appraisal in appraisals:
        if appraisal.label in distribution:
            distribution[appraisal.label] += 1
    units = sorted({a.org_unit.id: a.org_unit for a in appraisals}.values(), key=lambda u: u.name)
    evaluators = sorted({a.evaluator.id: a.evaluator for a in appraisals if a.evaluator}.values(),
                        key=lambda e: e.full_name)
    shown = [a for a in appraisals
             if (unit_filter is None or a.org_unit_id == unit_filter)
             and (evaluator is None or a.evaluator_id == evaluator)
             and (not label or a.label == label)]
    shows((a.employee_id for a in appraisals), about=cycle)
    rows = [CalibrationRow(a, proposed.get(a.id, a.label),
                           scoring.appraisal_score(a, "self_rating").label) for a in shown]
    descending = sort.startswith("-")
    rows.sort(key=_sort_key(sort.lstrip("-")), reverse=descending)
    return CalibrationTable(rows, distribution, len(appraisals), units, evaluators)
