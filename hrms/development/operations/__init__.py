"""Writes of professional development, one verb per function: needs, plans and actions, basic programmes.

Each checks who acts (through ``common.permissions``), changes the rows, writes the audit entry and
raises ``OperationError`` with a translatable reason when a rule refuses; the caller commits. The
receivers of ``appraisal_finalized`` and ``course_completed`` live beside the operations they call.
Courses are reached only through ``learning.operations`` and ``learning.public``.
"""

from __future__ import annotations

from datetime import date


def one_year_after(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
