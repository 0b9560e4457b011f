"""Reads for the account administration pages."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from common.extensions import db
from common.models import Employee, RoleAssignment, User
from common.pagination import Page, paginate
from common.reads import shows


def accounts(q: str, page: int, size: int) -> Page:
    stmt = (select(User).outerjoin(Employee, User.employee_id == Employee.id)
            .options(joinedload(User.employee), selectinload(User.roles).joinedload(RoleAssignment.org_unit))
            .order_by(User.email))
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like), Employee.personal_number.startswith(q),
                              func.lower(Employee.last_name_en).like(like), Employee.last_name_ka.like(f"%{q}%")))
    listed = paginate(stmt, page, size)
    shows(u.employee_id for u in listed.items)
    return listed


def account(user_id: int) -> User | None:
    user = db.session.execute(
        select(User).where(User.id == user_id)
        .options(joinedload(User.employee), selectinload(User.roles).joinedload(RoleAssignment.org_unit))
    ).scalar_one_or_none()
    if user is not None:
        shows(user.employee_id)
    return user
