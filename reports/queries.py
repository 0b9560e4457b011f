"""Reads of the reporting layer's own tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from common.extensions import db
from reports.models import Job


def recent_jobs(user: Any, limit: int = 10) -> list[Job]:
    """The user's latest report jobs, newest first (nobody sees another person's jobs)."""
    stmt = select(Job).where(Job.owner_id == user.id).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))
