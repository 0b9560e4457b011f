"""The quality check of a document's indicator passports: what each lacks, and the share that is complete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from common.extensions import db
from monitoring.models import Indicator, PolicyDocument, Target

QUALITY_CHECKS = ("baseline", "target", "source", "owner", "frequency")


@dataclass
class Quality:
    rows: list[tuple[Indicator, list[str]]]  # each indicator and what its passport lacks

    @property
    def complete(self) -> int:
        return sum(1 for _indicator, missing in self.rows if not missing)

    @property
    def share(self) -> float | None:
        return self.complete / len(self.rows) if self.rows else None

    def lacking(self, check: str) -> int:
        return sum(1 for _indicator, missing in self.rows if check in missing)


def quality(document: PolicyDocument, indicators: list[Indicator] | None = None) -> Quality:
    """Indicators lacking a baseline, target, verification source, owner or frequency (two queries; one when the
    caller already holds the document's ``indicators``, ordered by code)."""
    if indicators is None:
        indicators = list(db.session.execute(select(Indicator).where(Indicator.document_id == document.id)
                                             .order_by(Indicator.code)).scalars())
    with_targets = set(db.session.execute(select(Target.indicator_id).where(
        Target.indicator_id.in_([i.id for i in indicators])).distinct()).scalars()) if indicators else set()
    rows = []
    for indicator in indicators:
        missing = [name for name, lacking in (
            ("baseline", indicator.baseline_value is None and not indicator.baseline_not_available),
            ("target", indicator.id not in with_targets),
            ("source", not (indicator.source or "").strip()),
            ("owner", indicator.responsible_unit_id is None),
            ("frequency", not indicator.frequency),
        ) if lacking]
        rows.append((indicator, missing))
    return Quality(rows)

