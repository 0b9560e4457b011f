"""What the approval queue shows of each group's review, kept per group until its indicator's data changes.

A queue page reviews 20 groups (indicator × period × org unit): every cell of each against its last eight periods,
a few thousand values compared, about 35 ms of the page's 50 ms, though the figures only change when a value,
target or the indicator itself is written. Each group's summary (its total, the periods it is compared with, its
target and flags, as the page shows them) is therefore kept in ``common.cache`` under the indicator's version of
``progress_cache`` (bumped by any write to its values, targets or definition, at the flush and again when the
transaction ends; a COPY import says so itself). The first view after an approval, return or submission reviews
again the groups of the indicators written; the others come from the cache.

The summary is the same for every approver: the view lists only groups in the approver's scope before asking
here. Flag messages are kept as text in the reader's language, so the language is part of the key. ``decide``
and the values page still read the full review (``review.group_review``), never this summary.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import get_locale

from common import cache
from monitoring import progress_cache
from monitoring.review import GroupReview, group_reviews


@dataclass(frozen=True)
class QueueReview:
    """One queue row's figures: the group's total now, a period and a year earlier, its target and flags."""

    total: float | None
    previous: float | None
    last_year: float | None
    previous_period: str | None
    last_year_period: str | None
    target: float | None
    flags: list[tuple[str, str]]  # (kind, message in the reader's language): outlier, missing, total
    flagged: bool  # an outlier among the flags: the approver must confirm before approving


def _summary(review: GroupReview) -> dict[str, Any]:
    total = review.total
    return asdict(QueueReview(total.value, total.previous, total.last_year, review.previous_period,
                              review.last_year_period, review.target,
                              [(kind, str(message)) for kind, message in review.flags], bool(review.outliers)))


def queue_reviews(groups: list[tuple[Any, str, int]]) -> dict[str, QueueReview]:
    """The summary of each (indicator, period, unit id) group by its token (``indicator:period:unit``), reviewing
    only the groups whose entry is missing (one round trip for the versions and entries; the values, targets and
    evidence of the missing groups in three more queries)."""
    locale = str(get_locale())
    by_key = {f"queue:{indicator.id}:{period}:{unit_id}:{locale}": (indicator, period, unit_id)
              for indicator, period, unit_id in groups}

    def compute(missing: list[str]) -> dict[str, Any]:
        reviews = group_reviews([by_key[key] for key in missing])
        return {key: _summary(reviews[_token(by_key[key])]) for key in missing}

    keys = list(by_key)
    found = cache.cached_many(progress_cache.NAMESPACE, keys, compute,
                              depends=[progress_cache.VERSIONS.name(by_key[key][0].id) for key in keys])
    return {_token(by_key[key]): _decoded(found[key]) for key in keys}


def _token(group: tuple[Any, str, int]) -> str:
    indicator, period, unit_id = group
    return f"{indicator.id}:{period}:{unit_id}"


def _decoded(entry: dict[str, Any]) -> QueueReview:
    return QueueReview(**{**entry, "flags": [(kind, message) for kind, message in entry["flags"]]})
