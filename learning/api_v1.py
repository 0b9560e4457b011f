"""Learning in the REST API (``/api/v1/learning``, scope ``learning:read``): the course catalogue, and the
enrolments, completions and certificates of the learners in the caller's scope (as on the learners pages).

Enrolments and certificates name people: each answer is logged as a read of their learning records.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from common.api.paging import PageArgs, PageSchema, UtcDateTime, page, text
from common.models import Employee, OrgUnit
from common.permissions import api_require, unit_scope
from common.reads import personal_data, shows
from learning.models import Certificate, Course, Enrolment

blp = Blueprint("api_learning", __name__, url_prefix="/api/v1/learning", description="E-learning.")

class CourseSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title_ka = fields.String(required=True)
    title_en = fields.String(required=True)
    category = fields.String(required=True)
    level = fields.String(required=True)
    duration_minutes = fields.Integer(required=True)
    cpd_hours = fields.Float(required=True)
    validity_months = fields.Integer(allow_none=True, required=True)


class CoursePage(PageSchema):
    items = fields.List(fields.Nested(CourseSchema), required=True)


class EnrolmentSchema(Schema):
    id = fields.Integer(required=True)
    employee_id = fields.Integer(required=True)
    course_id = fields.Integer(required=True)
    cycle = fields.Integer(required=True)
    is_current = fields.Boolean(required=True)
    source = fields.String(required=True)
    state = fields.String(required=True)
    due_date = fields.Date(allow_none=True, required=True)
    enrolled_at = UtcDateTime(required=True)
    completed_at = UtcDateTime(allow_none=True, required=True)
    expires_on = fields.Date(allow_none=True, required=True)
    score_percent = fields.Float(allow_none=True, required=True)


class EnrolmentPage(PageSchema):
    items = fields.List(fields.Nested(EnrolmentSchema), required=True)


class EnrolmentArgs(PageArgs):
    course = text(metadata={"description": "A course's code."})
    state = text(validate=[validate.Length(max=16)],
                          metadata={"description": "e.g. completed (completions), assigned, in_progress."})


class CertificateSchema(Schema):
    id = fields.Integer(required=True)
    employee_id = fields.Integer(required=True)
    course_id = fields.Integer(required=True)
    serial = fields.String(required=True)
    cpd_hours = fields.Float(required=True)
    issued_on = fields.Date(required=True)
    expires_on = fields.Date(allow_none=True, required=True)
    revoked = fields.Function(lambda c: c.revoked_at is not None, required=True)


class CertificatePage(PageSchema):
    items = fields.List(fields.Nested(CertificateSchema), required=True)


def _in_scope(stmt: Any, employee_column: Any) -> Any:
    return (stmt.join(Employee, employee_column == Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Employee.deleted_at.is_(None), unit_scope(current_user, "learning.learners")))


@blp.route("/courses")
@api_require("learning:read")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, CoursePage)
def courses(args: dict[str, Any]) -> dict[str, Any]:
    """The published catalogue."""
    return page(select(Course).where(Course.published.is_(True)), Course.id, args)


@blp.route("/enrolments")
@api_require("learning:read")
@personal_data("learning")
@blp.etag
@blp.arguments(EnrolmentArgs, location="query")
@blp.response(200, EnrolmentPage)
def enrolments(args: dict[str, Any]) -> dict[str, Any]:
    """Current enrolments of learners in the caller's scope; ``state=completed`` lists completions."""
    stmt = _in_scope(select(Enrolment), Enrolment.employee_id).where(Enrolment.is_current.is_(True))
    if args.get("course"):
        stmt = stmt.join(Course, Enrolment.course_id == Course.id).where(Course.code == args["course"])
    if args.get("state"):
        stmt = stmt.where(Enrolment.state == args["state"])
    result = page(stmt, Enrolment.id, args)
    shows(e.employee_id for e in result["items"])
    return result


@blp.route("/certificates")
@api_require("learning:read")
@personal_data("certificate")
@blp.etag
@blp.arguments(PageArgs, location="query")
@blp.response(200, CertificatePage)
def certificates(args: dict[str, Any]) -> dict[str, Any]:
    """Certificates of learners in the caller's scope (revoked ones flagged)."""
    result = page(_in_scope(select(Certificate), Certificate.employee_id), Certificate.id, args)
    shows(c.employee_id for c in result["items"])
    return result
