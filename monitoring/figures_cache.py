"""The cache of figures derived from M&E data, retired by every write behind them.

A strategy of 400 indicators reads a quarter of a million values to draw its dashboard (seconds), so
figures computed from ``monitoring.queries`` may be kept in ``common.cache`` under the ``monitoring``
namespace (``queries.cached``). Monitoring owns the rule that keeps them honest: any write to the tables
the figures come from, org units included (names, agencies' subtrees), retires the namespace
(``common.cache_events``); the bulk import's COPY says so itself (``operations.store``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common import cache
from common.cache_events import retire_on_writes
from common.models import OrgUnit
from monitoring.models import (
    CACHE_NAMESPACE,
    ActivityReport,
    DataValue,
    DocumentRevision,
    Indicator,
    PolicyDocument,
    ResultNode,
    Target,
    ValidationRule,
)

WATCHED = (PolicyDocument, DocumentRevision, ResultNode, ActivityReport, Indicator, Target, DataValue, ValidationRule,
           OrgUnit)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    return cache.cached(CACHE_NAMESPACE, key, compute)


def connect() -> None:
    """Listen once per process (safe to call again)."""
    retire_on_writes(CACHE_NAMESPACE, *WATCHED)
