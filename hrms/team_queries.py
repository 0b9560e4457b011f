""""My team": the appraisals a manager evaluates in open cycles, read as plain rows.

The page shows a name, a position, a cycle's name and the next deadline of each appraisal: reading those few
columns in one statement, instead of ``Appraisal``, ``Employee``, ``Position`` and ``AppraisalCycle`` entities,
took the ORM's share of the page from half to a small part (issue 20). The deadline that matters is worked out
here, so the template only prints.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, bindparam, select

from common.extensions import db
from common.models import Employee, Position
from common.models.base import pick, reads_english
from common.reads import shows
from hrms.models import AGREED, DRAFT, SELF_ASSESSED, Appraisal, AppraisalCycle


@dataclass(frozen=True)
class TeamRow:
    """One appraisal on "my team", named in the reader's language: its person, their position (``None``: no
    position), its cycle, its state and the deadline of the state's phase (``None`` once the manager assessed)."""

    id: int
    state: str
    name: str
    position: str | None
    cycle: str
    due: date | None


@functools.cache
def _statement() -> Select:
    """Built once: the statement is the same for every manager (``evaluator_id`` is its one parameter)."""
    a, c, e, p = Appraisal, AppraisalCycle, Employee, Position
    return (select(a.id, a.state, a.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                   p.id.label("position_id"), p.title_ka, p.title_en, c.name_ka.label("cycle_ka"),
                   c.name_en.label("cycle_en"), c.objectives_due, c.self_assessment_due, c.manager_assessment_due)
            .select_from(a).join(c, a.cycle_id == c.id).join(e, a.employee_id == e.id)
            .outerjoin(p, e.position_id == p.id)
            .where(a.evaluator_id == bindparam("evaluator_id"), c.status == "open")
            .order_by(c.period_end.desc(), e.last_name_en, e.first_name_en, a.id))


def team_rows(user: Any) -> list[TeamRow]:
    """Appraisals ``user`` evaluates in open cycles, the latest cycle first, then by name: one statement. Their
    people are noted as shown (the request's read entry names them)."""
    if user.employee_id is None:
        return []
    rows = db.session.execute(_statement(), {"evaluator_id": user.employee_id}).all()
    english = reads_english()  # the reader's language asked once, not for each of three names a row
    team = []
    for r in rows:  # each name picked here once, not by a property at every look from the template
        due = {DRAFT: r.objectives_due, AGREED: r.self_assessment_due, SELF_ASSESSED: r.manager_assessment_due}
        team.append(TeamRow(
            r.id, r.state, pick(f"{r.first_name_ka} {r.last_name_ka}", f"{r.first_name_en} {r.last_name_en}", english),
            pick(r.title_ka, r.title_en, english) if r.position_id is not None else None,
            pick(r.cycle_ka, r.cycle_en, english), due.get(r.state)))
    shows(r.employee_id for r in rows)
    return team
