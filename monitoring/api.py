"""JSON for other systems, under ``/api/me/``.

Authenticated with the signed-in session for now (a POST also needs the CSRF token, in the
``X-CSRFToken`` header). Values sent here pass exactly the checks of a file import, and a refusal
lists the conflicts grouped by kind, each item numbered from 1.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from common.extensions import db
from common.permissions import require
from monitoring import api_bp
from monitoring import queries as q
from monitoring.models import Indicator
from monitoring.operations import imports


@api_bp.route("/values", methods=["POST"])
@require("monitoring.enter")
def submit_values() -> tuple[Any, int]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list) or not all(
            isinstance(item, dict) for item in payload["values"]):
        return jsonify(error='Send a JSON object: {"values": [{"indicator_code": ..., "period": ..., '
                             '"org_unit_code": ..., "value_type": ..., "value": ...}, ...]}'), 400
    result = imports.import_rows(payload["values"][:50_000], actor=current_user._get_current_object(),
                                 submit=bool(payload.get("submit", True)), dry_run=bool(payload.get("dry_run")))
    if result.rejected or result.dry_run:
        db.session.rollback()
    if result.problem is not None:
        return jsonify(status="refused", error=str(result.problem)), 422
    if result.rejected:
        conflicts = {kind: [{"item": line, "message": str(message)} for line, message in found]
                     for kind, found in result.conflicts.items()}
        return jsonify(status="refused", conflicts=conflicts), 422
    return jsonify(status="checked" if result.dry_run else "imported", values=result.values,
                   targets=result.targets, baselines=result.baselines,
                   warnings=[{"item": w.line, "message": str(w.message)} for w in result.warnings]), 200


@api_bp.route("/indicators/<code>")
@require("monitoring.use")
def indicator(code: str) -> Any:
    item = db.session.execute(select(Indicator).where(Indicator.code == code)).scalar_one_or_none() or abort(404)
    result = q.indicator_results(item.document, [item])[item.id]
    progress = result.progress
    return jsonify(
        code=item.code, name_ka=item.name_ka, name_en=item.name_en, unit=item.unit, direction=item.direction,
        aggregation=item.aggregation, frequency=item.frequency, document=item.document.code,
        baseline={"value": item.baseline_value, "year": item.baseline_year},
        targets={period: target.value for period, target in result.targets.items()},
        actuals=[{"period": period, "value": value} for period, value in result.series],
        progress={"actual": progress.actual, "as_of": progress.as_of, "progress": progress.progress,
                  "expected": progress.expected, "status": progress.status})
