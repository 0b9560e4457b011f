"""Scores: weighted per section, then sections combined by the template's weights, then a label.

Pure functions on plain numbers, so the rule is tested on its own. A section a cycle does not use
is left out and the other sections' weights are re-normalised; it is never counted as a zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def weighted_mean(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Σ weight·value / Σ weight over the pairs that have a value; ``None`` when none has."""
    rated = [(weight, value) for weight, value in pairs if value is not None and weight > 0]
    total = sum(weight for weight, _ in rated)
    if not total:
        return None
    return sum(weight * value for weight, value in rated) / total


def label_for(score: float | None, scale: list[dict[str, Any]]) -> str | None:
    """The first band (highest minimum first) whose minimum the score reaches."""
    if score is None:
        return None
    for band in sorted(scale, key=lambda b: b["min"], reverse=True):
        if score >= band["min"]:
            return band["code"]
    return min(scale, key=lambda b: b["min"])["code"]


@dataclass
class SectionScore:
    kind: str
    weight: int
    score: float | None
    used: bool
    effective_weight: float | None = None  # this section's share after re-normalisation, in percent


@dataclass
class Result:
    sections: list[SectionScore]
    score: float | None
    label: str | None


def section_scores(appraisal: Any, rating: str = "manager_rating") -> list[SectionScore]:
    """Each section's score from the appraisal's ``rating`` ratings (whose: ``manager_rating`` or ``self_rating``),
    with its share after re-normalisation. The page shows these beside the stored final score."""
    cycle, template = appraisal.cycle, appraisal.cycle.template
    ratings = {r.criterion_id: getattr(r, rating) for r in appraisal.competency_ratings}
    sections: list[SectionScore] = []
    for section in template.sections:
        used = cycle.uses(section.kind)
        if section.kind == "objectives":
            value = weighted_mean((o.weight, getattr(o, rating)) for o in appraisal.objectives)
        else:
            value = weighted_mean((c.weight, ratings.get(c.id)) for c in section.criteria)
        sections.append(SectionScore(section.kind, section.weight, value if used else None, used))
    counted = [s for s in sections if s.used and s.score is not None]
    total = sum(s.weight for s in counted)
    for s in counted:
        s.effective_weight = round(100 * s.weight / total, 1)
    return sections


def appraisal_score(appraisal: Any, rating: str = "manager_rating") -> Result:
    """Score one appraisal from its objectives and competency ratings (``rating``: whose ratings). Run once, when the
    manager submits; the score and label are stored on the appraisal and read from there afterwards."""
    sections = section_scores(appraisal, rating)
    overall = weighted_mean((s.weight, s.score) for s in sections if s.used and s.score is not None)
    overall = round(overall, 2) if overall is not None else None
    return Result(sections, overall, label_for(overall, appraisal.cycle.template.scale))
