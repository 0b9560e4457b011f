"""The cache of the compliance counts: status counts per scope, unit and course, retired by every write behind them.

The compliance page and the learning dashboard count every mandatory enrolment of a scope by status
(a million rows at national scale). Those counts change only when an enrolment, an employee or an
org unit changes, so they are computed once per (scope, unit, course, day) and kept in
``common.cache`` under the ``learning`` namespace. The learning dashboard keeps its whole figures there
too (``reports.learning_figures``), course codes and titles included, so a course edit and a certificate
(issued or revoked) retire the namespace as well. Any write to those tables retires the namespace
(``common.cache_events``), as does ``employees_changed`` from the directory importer.
The day is part of every key: overdue and expiring are relative to today. The TTL bounds anything
written behind the application's back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common import cache, signals
from common.cache_events import retire_on_writes
from common.models import Employee, OrgUnit
from learning.models import Certificate, Course, Enrolment

NAMESPACE = "learning"
WATCHED = (Enrolment, Certificate, Course, Employee, OrgUnit)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    return cache.cached(NAMESPACE, key, compute)


def _directory_changed(_sender: Any, **_extra: Any) -> None:
    cache.bump(NAMESPACE)


def connect() -> None:
    """Listen once per process (the listeners are module functions, so connecting twice is harmless)."""
    retire_on_writes(NAMESPACE, *WATCHED)
    signals.employees_changed.connect(_directory_changed)
