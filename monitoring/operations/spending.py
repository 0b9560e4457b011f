"""Activity spending through the year: each figure is a new row of the history, and the latest is the activity's.

Spending used to be set once, when the activity was created. An agency reports it as the year goes on (what was
spent by the end of March, of June…) and corrects it; every figure is kept with its date, its note and who
recorded it, so that the history can be read back and the current figure (``ResultNode.budget_spent``) is always
the one of the latest date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.permissions import can_enter_values
from monitoring.models import ActivitySpending, PolicyDocument, ResultNode


def record_spending(node: ResultNode, document: PolicyDocument, *, amount: float | None, as_of: date | None,
                    note: str, actor: Any, today: date | None = None) -> ActivitySpending:
    """Record what ``node`` had spent by ``as_of``; the responsible agency's M&E officers may."""
    if not can_enter_values(actor, node.responsible_unit or document.owner_unit):
        raise OperationError(_l("Only the responsible agency's M&E officers may report on this activity."))
    if amount is None or amount < 0:
        raise OperationError(_l("Enter the amount spent so far, in GEL (0 or more)."))
    if as_of is None or as_of > (today or date.today()):
        raise OperationError(_l("Give the date the amount was spent by; it cannot be in the future."))
    entry = ActivitySpending(result_id=node.id, as_of=as_of, amount=float(amount), note=note.strip(),
                             recorded_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    before = node.budget_spent
    node.budget_spent = latest(node).amount
    log_action("monitoring", "record_spending", node, f"Activity {node.code}: {amount:g} GEL spent by {as_of}",
               actor=actor, changes={"budget_spent": [before, node.budget_spent], "as_of": as_of.isoformat()})
    return entry


def latest(node: ResultNode) -> ActivitySpending:
    """The figure of the latest date (the latest recorded, for two of one date)."""
    stmt = (select(ActivitySpending).where(ActivitySpending.result_id == node.id)
            .order_by(ActivitySpending.as_of.desc(), ActivitySpending.id.desc()).limit(1))
    return db.session.execute(stmt).scalar_one()
