"""Date helpers shared by the operations and queries of ``learning``.

Calendar months (recertification, expiry) are ``dateutil.relativedelta``: the 31st plus a month is the last day
of the shorter month.
"""

from __future__ import annotations

from datetime import date

from common.models.base import utcnow


def today() -> date:
    """Today's date as the suite counts it (UTC, like every stored timestamp)."""
    return utcnow().date()
