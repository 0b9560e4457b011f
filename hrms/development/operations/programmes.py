"""Basic programmes: the course each rank group completes within a year of first appointment.

Built on learning's mandatory-training engine rather than beside it: a programme for ranks III–IV
is one new-hires rule per rank (``learning.operations.create_rule``), covering people appointed
on or after ``starts_on`` in the programme's unit, due 365 days after appointment (never later than
the anniversary; a day earlier when a 29 February falls in between). The rules are synchronised at
once for the people already covered, then every night by ``flask learning sync`` for new hires, so
assignment, reminders, exemptions and compliance are the ones learners already know.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.permissions import can_manage_programme
from hrms.development.models import BasicProgramme
from learning import operations as learning_ops
from learning import public as catalogue

DUE_DAYS = 365
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def create_programme(values: dict[str, Any], *, actor: Any) -> tuple[BasicProgramme, int, int]:
    """Save the programme and its rules, assign it to everyone it already covers; returns (programme, people
    covered now, of whom newly assigned). The two differ when the course was already mandatory for some of them
    under another rule, or they had enrolled or completed it: they count as covered, not as assigned again."""
    unit = db.session.get(OrgUnit, values["unit_id"]) if values.get("unit_id") else None
    if actor is not None and not can_manage_programme(actor, unit):
        raise OperationError(_l("You can set basic programmes only for units inside your scope."), field="unit_id")
    low, high = values.get("rank_min"), values.get("rank_max")
    if not (low in ROMAN and high in ROMAN and low <= high):
        raise OperationError(_l("Choose a rank group from rank I (highest) to rank IV."), field="rank_min")
    course = catalogue.published_course(values.get("course_id"))
    if course is None:
        raise OperationError(_l("Choose a published course."), field="course_id")
    if not (values.get("name_en") or "").strip() or not (values.get("name_ka") or "").strip():
        raise OperationError(_l("Name the programme in both languages."), field="name_en")
    same_place = BasicProgramme.unit_id == unit.id if unit else BasicProgramme.unit_id.is_(None)
    overlapping = [p for p in db.session.execute(select(BasicProgramme).where(
        BasicProgramme.active.is_(True), same_place)).scalars() if p.rank_min <= high and low <= p.rank_max]
    if overlapping:
        raise OperationError(_l("Ranks of this group already have a basic programme here: %(name)s.",
                                name=overlapping[0].name), field="rank_min")
    starts_on: date = values["starts_on"]
    rules = [learning_ops.create_rule(course, {"unit_id": unit.id if unit else None, "rank": rank,
                                               "new_hires_only": True, "starts_on": starts_on, "due_days": DUE_DAYS},
                                      actor=None)  # HR decides here (checked above); learning's own check is for
              for rank in range(low, high + 1)]   # its administrators' rules page
    programme = BasicProgramme(name_ka=values["name_ka"].strip(), name_en=values["name_en"].strip(), rank_min=low,
                               rank_max=high, course_id=course.id, unit_id=unit.id if unit else None,
                               starts_on=starts_on, rule_ids=[r.id for r in rules], active=True,
                               created_by_id=getattr(actor, "id", None))
    db.session.add(programme)
    db.session.flush()
    assigned = catalogue.sync_rules_now(programme.rule_ids)
    covered = catalogue.covered_now(programme.rule_ids)
    log_action("hrms", "create_programme", programme, f"Basic programme {programme.name_en!r}: {course.code} for ranks "
               f"{ROMAN[low]}-{ROMAN[high]} in {unit.code if unit else 'the whole government'}, appointed from "
               f"{starts_on}; {covered} covered now, {assigned} of them newly assigned", actor=actor)
    return programme, covered, assigned
