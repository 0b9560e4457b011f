"""Appraisal templates: weighted sections and criteria, a rating scale, and versions.

Saving a change never edits a template in place: it writes the next version and marks the old one
superseded, so every cycle keeps the exact weights, scale and methodology it was run under.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Competency
from common.models.base import utcnow
from common.permissions import can_manage_templates
from hrms.models import LABELS, AppraisalTemplate, TemplateCriterion, TemplateSection


@dataclass
class TemplateSpec:
    name_ka: str
    name_en: str
    methodology_ref: str = ""  # in English
    methodology_ref_ka: str = ""
    objectives_weight: int = 0
    competencies_weight: int = 0
    criteria: list[tuple[int, int]] = field(default_factory=list)  # (competency id, weight)
    bands: dict[str, float] = field(default_factory=lambda: {"excellent": 4.5, "good": 3.5, "satisfactory": 2.5,
                                                             "unsatisfactory": 0.0})
    rating_max: int = 5
    anchors: list[str] | None = None  # what each level means, level 1 first; none: the default descriptions


def check_spec(spec: TemplateSpec) -> None:
    """Refuse weights that do not total 100 and bands out of order, naming the field at fault."""
    section_total = spec.objectives_weight + spec.competencies_weight
    if spec.objectives_weight < 0 or spec.competencies_weight < 0 or section_total != 100:
        raise OperationError(_l("The section weights must total 100; they total %(total)d.", total=section_total),
                             field="objectives_weight")
    criteria = [(cid, w) for cid, w in spec.criteria if w]
    if spec.competencies_weight:
        total = sum(w for _cid, w in criteria)
        if any(w < 0 for _cid, w in criteria) or total != 100:
            raise OperationError(_l("The competency weights must total 100; they total %(total)d.", total=total),
                                 field="criteria")
    elif criteria:
        raise OperationError(_l("Competencies are weighted but the competency section has no weight."),
                             field="criteria")
    minimums = [spec.bands[code] for code in LABELS]
    if any(high <= low for high, low in pairwise(minimums)) or minimums[0] > spec.rating_max:
        raise OperationError(_l("Each band must start above the next lower one, within the rating scale."),
                             field="bands")
    known = set(db.session.execute(select(Competency.id).where(Competency.id.in_([c for c, _ in criteria])))
                .scalars())
    if len(known) != len(criteria):
        raise OperationError(_l("A competency is not in the framework."), field="criteria")


def _build(spec: TemplateSpec, family: str, version: int, actor: Any) -> AppraisalTemplate:
    template = AppraisalTemplate(
        family=family, version=version, name_ka=spec.name_ka, name_en=spec.name_en,
        methodology_ref=spec.methodology_ref, methodology_ref_ka=spec.methodology_ref_ka, rating_max=spec.rating_max,
        anchors=spec.anchors,
        scale=[{"code": code, "min": float(spec.bands[code])} for code in LABELS],
        created_by_id=getattr(actor, "id", None))
    position = 0
    if spec.objectives_weight:
        template.sections.append(TemplateSection(kind="objectives", weight=spec.objectives_weight, position=position))
        position += 1
    if spec.competencies_weight:
        section = TemplateSection(kind="competencies", weight=spec.competencies_weight, position=position)
        section.criteria = [TemplateCriterion(competency_id=cid, weight=w, position=n)
                            for n, (cid, w) in enumerate(c for c in spec.criteria if c[1])]
        template.sections.append(section)
    db.session.add(template)
    db.session.flush()
    return template


def _check_actor(actor: Any) -> None:
    """Every cycle of the government may use a template: a ministry's HR officer neither creates nor revises one."""
    if actor is not None and not can_manage_templates(actor):
        raise OperationError(_l("Appraisal templates are used government-wide: only HR with a government-wide role "
                                "may create or change them."))


def create_template(spec: TemplateSpec, *, actor: Any = None) -> AppraisalTemplate:
    _check_actor(actor)
    check_spec(spec)
    template = _build(spec, secrets.token_hex(4), 1, actor)
    log_action("hrms", "create_template", template, f"Appraisal template {spec.name_en!r} created", actor=actor)
    return template


def revise_template(template: AppraisalTemplate, spec: TemplateSpec, *, actor: Any = None) -> AppraisalTemplate:
    """Write the next version; cycles run under the old one keep it unchanged."""
    _check_actor(actor)
    if template.superseded_at is not None:
        raise OperationError(_l("A newer version of this template exists; edit that one."))
    check_spec(spec)
    revised = _build(spec, template.family, template.version + 1, actor)
    template.superseded_at = utcnow()
    log_action("hrms", "revise_template", revised,
               f"Appraisal template {spec.name_en!r} revised to version {revised.version}", actor=actor,
               changes={"version": [template.version, revised.version]})
    return revised


def spec_of(template: AppraisalTemplate) -> TemplateSpec:
    """The spec a template was made from: what the edit form starts with."""
    objectives, competencies = template.section("objectives"), template.section("competencies")
    return TemplateSpec(
        name_ka=template.name_ka, name_en=template.name_en, methodology_ref=template.methodology_ref,
        methodology_ref_ka=template.methodology_ref_ka,
        objectives_weight=objectives.weight if objectives else 0,
        competencies_weight=competencies.weight if competencies else 0,
        criteria=[(c.competency_id, c.weight) for c in competencies.criteria] if competencies else [],
        bands={band["code"]: band["min"] for band in template.scale}, rating_max=template.rating_max,
        anchors=list(template.anchors) if template.anchors else None)
