"""Directory endpoints of the API (scope ``directory:read``): org units (a tree by ``parent_id``, with validity
dates), positions and employees, each list limited to the caller's unit scope like the directory pages.

An employee's identifying details (personal number, birth date, gender, dates of employment) are given only to a
token that also carries ``hr:read``; every answer naming people is logged as a read of their data.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, missing, validate
from sqlalchemy import select

from common.api.paging import PageArgs, PageSchema, page
from common.extensions import db
from common.models import Employee, OrgUnit, Position
from common.permissions import api_require, can_view_employee, token_scopes, unit_in_scope, unit_scope
from common.reads import personal_data, shows

blp = Blueprint("api_directory", __name__, url_prefix="/api/v1/directory", description="The staff directory.")


class OrgUnitSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name_ka = fields.String(required=True)
    name_en = fields.String(required=True)
    kind = fields.String(required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    depth = fields.Integer(required=True)
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(allow_none=True, required=True)


class OrgUnitPage(PageSchema):
    items = fields.List(fields.Nested(OrgUnitSchema), required=True)


class PositionSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title_ka = fields.String(required=True)
    title_en = fields.String(required=True)
    rank = fields.Integer(required=True)
    category = fields.String(required=True)


class PositionPage(PageSchema):
    items = fields.List(fields.Nested(PositionSchema), required=True)


class _HrOnly:
    """A field given only to a token that carries ``hr:read`` (absent from the answer otherwise)."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing) -> Any:
        if "hr:read" not in token_scopes():
            return missing
        return super().get_value(obj, attr, accessor, default)  # type: ignore[misc]


class HrString(_HrOnly, fields.String):
    pass


class HrDate(_HrOnly, fields.Date):
    pass


class EmployeeSchema(Schema):
    id = fields.Integer(required=True)
    first_name_ka = fields.String(required=True)
    last_name_ka = fields.String(required=True)
    first_name_en = fields.String(required=True)
    last_name_en = fields.String(required=True)
    email = fields.String(allow_none=True, required=True)
    employment_type = fields.String(required=True)
    org_unit_id = fields.Integer(required=True)
    position_id = fields.Integer(allow_none=True, required=True)
    manager_id = fields.Integer(allow_none=True, required=True)
    # With hr:read only:
    personal_number = HrString(metadata={"description": "With the hr:read scope only."})
    gender = HrString(allow_none=True, metadata={"description": "With the hr:read scope only."})
    birth_date = HrDate(allow_none=True, metadata={"description": "With the hr:read scope only."})
    hire_date = HrDate(allow_none=True, metadata={"description": "With the hr:read scope only."})
    leave_date = HrDate(allow_none=True, metadata={"description": "With the hr:read scope only."})


class EmployeePage(PageSchema):
    items = fields.List(fields.Nested(EmployeeSchema), required=True)


class EmployeeArgs(PageArgs):
    org_unit_id = fields.Integer(validate=validate.Range(min=0, max=2**31 - 1),
                                 metadata={"description": "Only this unit and its subtree."})


@blp.route("/org-units")
@api_require("directory:read")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, OrgUnitPage)
def org_units(args: dict[str, Any]) -> dict[str, Any]:
    """Org units in the caller's scope, ordered by id; rebuild the tree from ``parent_id``."""
    return page(select(OrgUnit).where(unit_scope(current_user, "directory.browse")), OrgUnit.id, args)


@blp.route("/org-units/<int:unit_id>")
@api_require("directory:read")
@blp.etag
@blp.response(200, OrgUnitSchema)
def org_unit(unit_id: int) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or not unit_in_scope(current_user, "directory.browse", unit):
        abort(404)
    return unit


@blp.route("/positions")
@api_require("directory:read")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, PositionPage)
def positions(args: dict[str, Any]) -> dict[str, Any]:
    """The position catalogue (ranks and categories; no people)."""
    return page(select(Position), Position.id, args)


@blp.route("/employees")
@api_require("directory:read")
@personal_data("search")
@blp.etag
@blp.arguments(EmployeeArgs, location="query")
@blp.response(200, EmployeePage)
def employees(args: dict[str, Any]) -> dict[str, Any]:
    """Employees of units in the caller's scope (optionally one unit's subtree)."""
    stmt = (select(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Employee.deleted_at.is_(None), unit_scope(current_user, "directory.browse")))
    if args.get("org_unit_id") is not None:
        unit = db.session.get(OrgUnit, args["org_unit_id"]) or abort(404)
        stmt = stmt.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    result = page(stmt, Employee.id, args)
    shows(result["items"])
    return result


@blp.route("/employees/<int:employee_id>")
@api_require("directory:read")
@personal_data("profile")
@blp.etag
@blp.response(200, EmployeeSchema)
def employee(employee_id: int) -> Employee:
    person = db.session.get(Employee, employee_id)
    if person is None or person.deleted_at is not None or not can_view_employee(current_user, person):
        abort(404)
    shows(person)
    return person

