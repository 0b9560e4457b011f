"""Several calibration changes in one save: all of them, or none.

Each changed row needs its own reason and must have been opened at the appraisal's current version; one bad row
refuses the whole save with the message on that row, so a half-calibrated unit never exists. Each change is
written by ``outcomes.calibrate`` (before, after, reason, audit entry), exactly as a single change is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from hrms.models import CALIBRATION, LABELS, Appraisal, AppraisalCycle, CalibrationChange
from hrms.operations import outcomes


@dataclass
class RowChange:
    appraisal_id: int
    label: str
    reason: str
    version: int | None


class RowsRefused(OperationError):
    """Some rows cannot be saved; ``errors`` maps each appraisal id to its message."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(_l("Nothing was saved: %(n)d rows need attention.", n=len(errors)))
        self.errors = errors


def calibrate_many(cycle: AppraisalCycle, unit: OrgUnit, rows: list[RowChange], *,
                   actor: Any) -> list[CalibrationChange]:
    """Apply every row whose label differs from the current one; rows left at their label are ignored."""
    appraisals = {a.id: a for a in db.session.execute(select(Appraisal).where(
        Appraisal.id.in_([r.appraisal_id for r in rows]), Appraisal.cycle_id == cycle.id)).scalars()}
    errors: dict[int, str] = {}
    changed: list[tuple[Appraisal, RowChange]] = []
    for row in rows:
        appraisal = appraisals.get(row.appraisal_id)
        if appraisal is None or row.label == (appraisal.label or ""):
            continue
        if appraisal.state != CALIBRATION:
            errors[row.appraisal_id] = str(_l("This appraisal is not in calibration."))
        elif row.label not in LABELS:
            errors[row.appraisal_id] = str(_l("Choose a label of the scale."))
        elif not row.reason.strip():
            errors[row.appraisal_id] = str(_l("Give the reason for the change."))
        elif row.version is not None and row.version != appraisal.version:
            errors[row.appraisal_id] = str(_l("Someone else changed this appraisal meanwhile; its label is now "
                                              "shown. Check it and save again."))
        else:
            changed.append((appraisal, row))
    if errors:
        raise RowsRefused(errors)
    if not changed:
        raise OperationError(_l("No label was changed."))
    return [outcomes.calibrate(appraisal, row.label, row.reason, unit=unit, actor=actor, version=row.version)
            for appraisal, row in changed]
