"""Keep cached figures honest: a change to the data behind a cache namespace retires the namespace."""

from __future__ import annotations

from typing import Any

from common import cache, signals
from common.cache_events import retire_on_writes
from common.models import OrgUnit
from monitoring import models as me
from reports.hr_figures import CACHE_NAMESPACE


def _directory_changed(_sender: Any, **_extra: Any) -> None:
    cache.bump(CACHE_NAMESPACE)


def connect() -> None:
    # A strong reference to a module-level function: connecting twice (several apps in one process) is harmless.
    signals.employees_changed.connect(_directory_changed)
    signals.appraisal_finalized.connect(_directory_changed)  # the HR figures include appraisal labels
    retire_on_writes(me.CACHE_NAMESPACE, me.PolicyDocument, me.DocumentRevision, me.ResultNode, me.ActivityReport,
                     me.Indicator, me.Target, me.DataValue, me.ValidationRule, OrgUnit)
