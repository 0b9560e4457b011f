"""HR in the REST API (``/api/v1/hr``, scope ``hr:read``): appraisal cycles, each cycle's released results (final
score and label only: never comments, private notes, objectives or individual feedback), and the CPD record.

Scoped like HR's pages (``hr.manage_cycles`` inside the caller's units); answers naming people are logged as reads.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from common.api.paging import PageArgs, PageSchema, UtcDateTime, page
from common.extensions import db
from common.models import Employee, OrgUnit
from common.permissions import api_require, unit_in_scope, unit_scope
from common.reads import personal_data, shows
from hrms.development.models import CpdEntry
from hrms.models import RELEASED_STATES, Appraisal, AppraisalCycle

blp = Blueprint("api_hr", __name__, url_prefix="/api/v1/hr", description="Appraisals and professional development.")


class CycleSchema(Schema):
    id = fields.Integer(required=True)
    name_ka = fields.String(required=True)
    name_en = fields.String(required=True)
    track = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    root_unit_id = fields.Integer(required=True)
    status = fields.String(required=True)


class CyclePage(PageSchema):
    items = fields.List(fields.Nested(CycleSchema), required=True)


class ResultSchema(Schema):
    id = fields.Integer(required=True)
    employee_id = fields.Integer(required=True)
    org_unit_id = fields.Integer(required=True)
    position_id = fields.Integer(allow_none=True, required=True)
    state = fields.String(required=True)
    score = fields.Float(allow_none=True, required=True)
    label = fields.String(allow_none=True, required=True, metadata={"description": "The final rating label."})
    released_at = UtcDateTime(allow_none=True, required=True)


class ResultPage(PageSchema):
    items = fields.List(fields.Nested(ResultSchema), required=True)


class CpdSchema(Schema):
    id = fields.Integer(required=True)
    employee_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title_ka = fields.String(required=True)
    title_en = fields.String(required=True)
    hours = fields.Float(required=True)
    completed_on = fields.Date(required=True)


class CpdPage(PageSchema):
    items = fields.List(fields.Nested(CpdSchema), required=True)


def _in_scope(stmt: Any, unit_column: Any) -> Any:
    return stmt.join(OrgUnit, unit_column == OrgUnit.id).where(unit_scope(current_user, "hr.manage_cycles"))


@blp.route("/cycles")
@api_require("hr:read")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, CyclePage)
def cycles(args: dict[str, Any]) -> dict[str, Any]:
    """Appraisal cycles run for units in the caller's scope."""
    return page(_in_scope(select(AppraisalCycle), AppraisalCycle.root_unit_id), AppraisalCycle.id, args)


@blp.route("/cycles/<int:cycle_id>/results")
@api_require("hr:read")
@personal_data("appraisal")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, ResultPage)
def results(args: dict[str, Any], cycle_id: int) -> dict[str, Any]:
    """Released results of one cycle (people in the caller's scope): final score and label only."""
    cycle = db.session.get(AppraisalCycle, cycle_id)
    if cycle is None or not unit_in_scope(current_user, "hr.manage_cycles", cycle.root_unit):
        abort(404)
    stmt = _in_scope(select(Appraisal), Appraisal.org_unit_id).where(Appraisal.cycle_id == cycle.id,
                                                                     Appraisal.state.in_(RELEASED_STATES))
    result = page(stmt, Appraisal.id, args)
    shows((a.employee_id for a in result["items"]), about=cycle)
    return result


@blp.route("/cpd")
@api_require("hr:read")
@personal_data("development")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, CpdPage)
def cpd(args: dict[str, Any]) -> dict[str, Any]:
    """The CPD record (courses and external training with hours) of people in the caller's scope."""
    stmt = _in_scope(select(CpdEntry).join(Employee, CpdEntry.employee_id == Employee.id), Employee.org_unit_id)
    result = page(stmt.where(Employee.deleted_at.is_(None)), CpdEntry.id, args)
    shows(e.employee_id for e in result["items"])
    return result
