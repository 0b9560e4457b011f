"""Each indicator's progress, kept per indicator and data version, so a write recomputes only what it touched.

The ``monitoring`` namespace (``figures_cache``) is retired by any M&E write anywhere, so after each approval
every strategy's overview recomputed all of its indicators (a national strategy: 400 indicators, a quarter of a
million values, over a second). Here each indicator has its own version, bumped when the session writes one of
its values, targets or the indicator itself; an entry's key holds that version and the document's thresholds, so
the first view after an approval recomputes the one indicator approved, and a write in another strategy
recomputes nothing. Entries are plain JSON (progress, series, current targets), the same for every user: who may
see the document is checked by the view before any of this is read.

Writes that bypass the ORM's flush say which indicators they touched (``note_indicators``; ``operations.store``);
a bulk ORM statement on those tables, whose rows we cannot see, retires every entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from common import cache
from common.cache_events import KeyedVersions
from monitoring import progress as pg
from monitoring.models import DataValue, Indicator, PolicyDocument, Target

NAMESPACE = "monitoring-progress"
WATCHED = (DataValue, Target, Indicator)


@dataclass(frozen=True)
class CurrentTarget:
    """The target in force for a period, as the overview needs it (not the ORM row: it comes from the cache)."""

    id: int
    period: str
    value: float


def _indicators_written(_session: Session, objects: list[Any]) -> set[int]:
    return {obj.id if isinstance(obj, Indicator) else obj.indicator_id for obj in objects}


VERSIONS = KeyedVersions(NAMESPACE, "indicator", WATCHED, _indicators_written, bulk_retires=WATCHED)


def entries(document: PolicyDocument, indicator_ids: list[int],
            compute: Callable[[list[int]], dict[int, dict[str, Any]]]) -> dict[int, dict[str, Any]]:
    """Per indicator id: its cached entry (``encode``), ``compute`` being called once for the missing ones only."""
    passport = f"{document.period_start}:{document.green_threshold}:{document.amber_threshold}"
    return per_indicator("progress", dict.fromkeys(indicator_ids, passport), compute)


def per_indicator(kind: str, passports: dict[int, str],
                  compute: Callable[[list[int]], dict[int, Any]]) -> dict[int, Any]:
    """Figures of one ``kind`` per indicator id, kept until that indicator's data changes (its version).

    ``passports`` says, per indicator, what else the figures depend on (a document's thresholds, the period they
    are for); ``compute`` is called once, with the ids whose entry is missing. A first view after an approval thus
    recomputes the approved indicator's figures only, whatever else the page shows (``queries.indicator_breakdowns``).
    """
    keys = {f"{kind}:{i}:{passports[i]}": i for i in passports}

    def missing(wanted: list[str]) -> dict[str, Any]:
        computed = compute([keys[key] for key in wanted])
        return {key: computed[keys[key]] for key in wanted}

    # Each indicator's version is read with the namespace's, all in one round trip, and is part of its entry's key.
    found = cache.cached_many(NAMESPACE, list(keys), missing, depends=[VERSIONS.name(i) for i in keys.values()])
    return {keys[key]: value for key, value in found.items()}


def encode(progress: pg.Progress, series: list[tuple[str, float]], targets: dict[str, Any]) -> dict[str, Any]:
    """An indicator's figures as JSON can hold them."""
    return {"progress": asdict(progress), "series": [list(point) for point in series],
            "targets": {period: [target.id, target.value] for period, target in targets.items()}}


def decode(entry: dict[str, Any]) -> tuple[pg.Progress, list[tuple[str, float]], dict[str, CurrentTarget]]:
    """``encode`` undone: (progress, series, current targets per period)."""
    targets = {period: CurrentTarget(tid, period, value) for period, (tid, value) in entry["targets"].items()}
    return pg.Progress(**entry["progress"]), [(period, value) for period, value in entry["series"]], targets


def indicator_results(document: PolicyDocument, indicators: list[Indicator]) -> dict[int, Any]:
    """``queries.indicator_results`` from the cache: the values and targets are read only for indicators whose
    entry is missing (changed since, or never computed). Targets are ``CurrentTarget``, not ORM rows."""
    from monitoring import queries

    by_id = {indicator.id: indicator for indicator in indicators}

    def compute(ids: list[int]) -> dict[int, dict[str, Any]]:
        fresh = queries.indicator_results(document, [by_id[i] for i in ids])
        return {i: encode(result.progress, result.series, result.targets) for i, result in fresh.items()}

    found = entries(document, list(by_id), compute)
    return {i: queries.IndicatorResult(by_id[i], *decode(found[i])) for i in by_id}


def note_indicators(session: Session, indicator_ids: set[int]) -> None:
    """Retire these indicators' entries now and again when the transaction ends (for writes bypassing the ORM)."""
    VERSIONS.note(session, indicator_ids)


def connect() -> None:
    """Listen once per process (safe to call again)."""
    VERSIONS.connect()
