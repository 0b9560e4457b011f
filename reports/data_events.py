"""Keep the HR figures honest: a change to the directory or a finalized appraisal retires their cache namespace,
and a write to an org unit retires the unit picker's trees (``reports.unit_picker``).

(The M&E figures' cache is monitoring's own: ``monitoring.figures_cache``.)
"""

from __future__ import annotations

from typing import Any

from common import cache, signals
from reports import unit_picker
from reports.hr_figures import CACHE_NAMESPACE


def _directory_changed(_sender: Any, **_extra: Any) -> None:
    cache.bump(CACHE_NAMESPACE)


def connect() -> None:
    # A strong reference to a module-level function: connecting twice (several apps in one process) is harmless.
    signals.employees_changed.connect(_directory_changed)
    signals.appraisal_finalized.connect(_directory_changed)  # the HR figures include appraisal labels
    unit_picker.connect()  # the HR unit picker's trees: retired by any write to an org unit
