"""M&E in the REST API (``/api/v1/me``): documents, indicators with their passports, and values, read (scope
``me:read``) and written (``me:write``).

Values posted here go through the very operation the import page uses (``imports.import_rows``): the same checks,
all or nothing, and the same approval workflow (submitted values wait for an approver). Values for a unit outside the
caller's agency are refused as a whole with a 403. Reads follow the pages' rule: approved values of published
documents for every reader, drafts, submitted and returned values only for the reporting unit's officers and
approvers.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import and_, or_, select

from common.api.paging import PageArgs, PageSchema, has_nul, page, text
from common.api.problems import problem
from common.extensions import db
from common.models import OrgUnit
from common.permissions import api_require, unapproved_scope
from monitoring.models import DataValue, Indicator, PolicyDocument
from monitoring.operations import imports

blp = Blueprint("api_me", __name__, url_prefix="/api/v1/me", description="Monitoring & evaluation.")

STATUSES = ("draft", "submitted", "returned", "approved")


class DocumentSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    kind = fields.String(required=True)
    title_ka = fields.String(required=True)
    title_en = fields.String(required=True)
    owner_unit_id = fields.Integer(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    levels = fields.List(fields.String(), required=True)
    published = fields.Boolean(required=True)


class DocumentPage(PageSchema):
    items = fields.List(fields.Nested(DocumentSchema), required=True)


class IndicatorSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    document_id = fields.Integer(required=True)
    result_id = fields.Integer(required=True)
    name_ka = fields.String(required=True)
    name_en = fields.String(required=True)
    definition = fields.String(required=True)
    level = fields.String(required=True)
    unit = fields.String(required=True)
    direction = fields.String(required=True)
    aggregation = fields.String(required=True)
    frequency = fields.String(allow_none=True, required=True)
    baseline_value = fields.Float(allow_none=True, required=True)
    baseline_year = fields.Integer(allow_none=True, required=True)
    source = fields.String(required=True)
    method = fields.String(required=True)
    responsible_unit_id = fields.Integer(allow_none=True, required=True)
    computed = fields.Boolean(required=True)
    dimensions = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True,
                             metadata={"description": "Disaggregations: dimension -> its categories."})


class IndicatorPage(PageSchema):
    items = fields.List(fields.Nested(IndicatorSchema), required=True)


class IndicatorArgs(PageArgs):
    document = text(metadata={"description": "Only the indicators of this document (its code)."})


class ValueSchema(Schema):
    id = fields.Integer(required=True)
    indicator_id = fields.Integer(required=True)
    period = fields.String(required=True)
    org_unit_id = fields.Integer(required=True)
    cell = fields.String(required=True, metadata={"description": "The disaggregation ('' for the total)."})
    component = fields.String(required=True)
    value = fields.Float(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))


class ValuePage(PageSchema):
    items = fields.List(fields.Nested(ValueSchema), required=True)


class ValueArgs(PageArgs):
    indicator = text(metadata={"description": "An indicator's code."})
    period = text(validate=[validate.Length(max=8)], metadata={"description": "2024, 2024Q1, 2024M03..."})
    org_unit = text(metadata={"description": "A reporting unit's code (its subtree included)."})
    status = fields.String(validate=validate.OneOf(STATUSES))


class ValueIn(Schema):
    indicator_code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    period = fields.String(required=True, validate=validate.Length(min=1, max=8))
    org_unit_code = fields.String(validate=validate.Length(max=32))
    value_type = fields.String(required=True, validate=validate.OneOf(imports.VALUE_TYPES))
    value = fields.Raw(required=True, metadata={"type": ["number", "string"],
                                                "description": "A number (yes/no for yes-no indicators)."})
    comment = fields.String(validate=validate.Length(max=2000))
    disaggregation = fields.Dict(keys=fields.String(), values=fields.String())


class ValuesIn(Schema):
    values = fields.List(fields.Nested(ValueIn), required=True, validate=validate.Length(min=1, max=50_000))
    submit = fields.Boolean(load_default=True, metadata={"description": "Send them for approval (else drafts)."})
    dry_run = fields.Boolean(load_default=False, metadata={"description": "Check only; write nothing."})


class Message(Schema):
    item = fields.Integer(required=True)
    message = fields.String(required=True)


class ImportOut(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("imported", "checked")))
    values = fields.Integer(required=True)
    targets = fields.Integer(required=True)
    baselines = fields.Integer(required=True)
    warnings = fields.List(fields.Nested(Message), required=True)


def _readable_values() -> Any:
    """Approved values of published documents, and any value of a unit whose officers or approvers are calling."""
    return or_(and_(DataValue.status == "approved", PolicyDocument.published.is_(True)), unapproved_scope(current_user))


@blp.route("/documents")
@api_require("me:read")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, DocumentPage)
def documents(args: dict[str, Any]) -> dict[str, Any]:
    """Strategies and programmes: published ones, and drafts of the caller's own agency."""
    owner = select(OrgUnit.id).where(unapproved_scope(current_user))
    return page(select(PolicyDocument).where(or_(PolicyDocument.published.is_(True),
                                                 PolicyDocument.owner_unit_id.in_(owner))), PolicyDocument.id, args)


@blp.route("/indicators")
@api_require("me:read")
@blp.etag
@blp.arguments(IndicatorArgs, location="query")
@blp.response(200, IndicatorPage)
def indicators(args: dict[str, Any]) -> dict[str, Any]:
    """Indicators with their passports (the documents listed by ``/documents``)."""
    owner = select(OrgUnit.id).where(unapproved_scope(current_user))
    stmt = (select(Indicator).join(PolicyDocument, Indicator.document_id == PolicyDocument.id)
            .where(or_(PolicyDocument.published.is_(True), PolicyDocument.owner_unit_id.in_(owner),
                       Indicator.responsible_unit_id.in_(owner))))
    if args.get("document"):
        stmt = stmt.where(PolicyDocument.code == args["document"])
    return page(stmt, Indicator.id, args)


@blp.route("/values")
@api_require("me:read")
@blp.etag
@blp.arguments(ValueArgs, location="query")
@blp.response(200, ValuePage)
def values(args: dict[str, Any]) -> dict[str, Any]:
    """Reported values, filtered by indicator, period, unit (and its subtree) and status."""
    stmt = (select(DataValue).join(Indicator, DataValue.indicator_id == Indicator.id)
            .join(PolicyDocument, Indicator.document_id == PolicyDocument.id)
            .join(OrgUnit, DataValue.org_unit_id == OrgUnit.id).where(_readable_values()))
    if args.get("indicator"):
        stmt = stmt.where(Indicator.code == args["indicator"])
    if args.get("period"):
        stmt = stmt.where(DataValue.period == args["period"])
    if args.get("status"):
        stmt = stmt.where(DataValue.status == args["status"])
    if args.get("org_unit"):
        unit = db.session.execute(select(OrgUnit).where(OrgUnit.code == args["org_unit"])).scalar_one_or_none()
        if unit is None:
            abort(404, description="No org unit has this code.")
        stmt = stmt.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    return page(stmt, DataValue.id, args)


@blp.route("/values", methods=["POST"])
@api_require("me:write")
@blp.arguments(ValuesIn)
@blp.response(200, ImportOut)
@blp.alt_response(403, description="A value is for a unit outside the caller's agency: nothing was written.")
@blp.alt_response(409, description="Some values conflict with the data or its rules (unknown codes, duplicates, "
                                   "closed periods, locked or invalid values), listed by kind: nothing was written.")
def submit_values(payload: dict[str, Any]) -> Any:
    """Enter values (and targets, baselines) like the import page: all or nothing, then the approval workflow."""
    if has_nul(payload):
        return problem(409, "A text holds a NUL character; nothing was written.")
    result = imports.import_rows(payload["values"], actor=current_user._get_current_object(),
                                 submit=payload["submit"], dry_run=payload["dry_run"])
    if result.rejected or result.dry_run:
        db.session.rollback()
    if result.problem is not None:
        return problem(409, str(result.problem))
    if result.rejected:
        conflicts = {kind: [{"item": line, "message": str(message)} for line, message in found]
                     for kind, found in result.conflicts.items()}
        if set(conflicts) == {"scope"}:
            return problem(403, "Some values are for units outside your agency; nothing was written.",
                           conflicts=conflicts)
        return problem(409, "Some values broke a rule; nothing was written.", conflicts=conflicts)
    return {"status": "checked" if result.dry_run else "imported", "values": result.values,
            "targets": result.targets, "baselines": result.baselines,
            "warnings": [{"item": w.line or 0, "message": str(w.message)} for w in result.warnings]}
