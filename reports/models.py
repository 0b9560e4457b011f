"""Report jobs: a report that takes longer than a page should, produced in the background.

The row is the job's whole story: who asked, for what, how far it got, and either the file it
produced (a generated name under the instance folder) or why it failed. A failure is written here
before anything else happens, so it is never lost with a worker's log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models import User
from common.models.base import utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)


class Job(db.Model):
    __tablename__ = "reports_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # A generated file name under ``<instance>/reports/``; never a path the user chose.
    result_path: Mapped[str | None] = mapped_column(String(255))
    result_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    owner: Mapped[User] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status} {self.progress}%>"
