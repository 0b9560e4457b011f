"""Reads of personal data: one mechanism that logs who saw whom, for every page, export and report.

A view that shows other people's personal data is declared with ``@personal_data("appraisal")`` (what it
shows, in the reader's words: profile, appraisal, calibration, export, report...). The queries that return
personal rows call ``shows(ids)`` with the people they return. At the end of the request, ``write_request_read``
writes ONE ``read`` audit entry naming every person shown (the reader's own record left out), who read it, from
where, with which roles. Report jobs, which run outside a request, wrap their work in ``reading(...)``.

Nothing is logged per view by hand: a view forgets nothing because it does not log. A query called from a
route nobody declared still logs (the entry's ``action`` is then ``undeclared``), and the route × role matrix
test fails for such a route, so the declaration and the log cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_login import current_user
from werkzeug.wrappers import Response

from common.audit import append_entry
from common.models.directory import Employee

# What a read showed, as stored in ``AuditEvent.action`` of ``read`` entries (``common.labels`` names them).
WHAT = ("profile", "appraisal", "calibration", "consequences", "development", "learning", "compliance",
        "enrolments", "scorm", "search", "unit", "team", "export", "report", "audit", "certificate", "accounts",
        "undeclared")


@dataclass
class ReadCollector:
    """The people one request (or one report job) has shown so far."""

    what: str = "undeclared"
    module: str = ""
    subjects: set[int] = field(default_factory=set)
    about: Any = None

    def add(self, subjects: Iterable[Any], about: Any = None) -> None:
        for subject in subjects:
            if isinstance(subject, Employee):
                self.subjects.add(subject.id)
            elif isinstance(subject, int):
                self.subjects.add(subject)
            elif subject is not None:  # an appraisal's id is not a person's: pass ``appraisal.employee_id``
                raise TypeError(f"shows() takes employees or employee ids, not {type(subject).__name__}")
        if about is not None and self.about is None:
            self.about = about


# The collector of a report job (``reading``); requests keep theirs on ``g``.
_job_collector: ContextVar[ReadCollector | None] = ContextVar("read_collector", default=None)


def personal_data(what: str) -> Callable[[Callable], Callable]:
    """Declare that a view shows other people's personal data (``what``: see ``WHAT``). The route × role matrix
    test compares these declarations with what the pages really show."""
    if what not in WHAT:
        raise ValueError(f"Unknown kind of personal data {what!r}")

    def decorator(view: Callable) -> Callable:
        view.personal_data = what  # type: ignore[attr-defined]
        return view

    return decorator


def shows(subjects: Iterable[Any] | Any, *, about: Any = None) -> None:
    """Note that the current page, export or report shows these people (employees or employee ids).

    ``about`` is the record the read concerns, if one (an appraisal, a cycle, a course): it becomes the entry's
    object. Outside a request and outside ``reading`` (a CLI command) nothing is noted.
    """
    if subjects is None or isinstance(subjects, (int, Employee)):
        subjects = [subjects]
    collector = _job_collector.get()
    if collector is None and has_request_context():
        collector = g.get("read_collector")
        if collector is None:
            view = current_app.view_functions.get(request.endpoint or "")
            collector = g.read_collector = ReadCollector(what=getattr(view, "personal_data", "undeclared"),
                                                         module=(request.blueprint or "app").split(".")[0])
    if collector is not None:
        collector.add(subjects, about)


@contextmanager
def reading(what: str, module: str, *, actor: Any, about: Any = None, summary: str = "") -> Iterator[None]:
    """Log the people shown by the work inside the block (a report job) as one read by ``actor``."""
    collector = ReadCollector(what=what, module=module, about=about)
    token = _job_collector.set(collector)
    try:
        yield
    finally:
        _job_collector.reset(token)
    _write(collector, actor=actor, summary=summary)


def write_request_read(response: Response) -> Response:
    """``after_request``: the request's one read entry, if it showed anyone and succeeded (runs before the
    request's commit, which then includes it)."""
    collector = g.pop("read_collector", None)
    if collector is not None and response.status_code == 200:
        query = f"?{request.query_string.decode(errors='replace')}" if request.query_string else ""
        _write(collector, actor=current_user, summary=f"{request.method} {request.path}{query}"[:500],
               ip=request.remote_addr)
    return response


def _write(collector: ReadCollector, *, actor: Any, summary: str, ip: str | None = None) -> None:
    if ip is None and has_request_context():
        ip = request.remote_addr
    signed_in = bool(getattr(actor, "is_authenticated", False))
    own = actor.employee_id if signed_in else None
    subjects = sorted(collector.subjects - {own})
    if not subjects:
        return  # an anonymous reader (a public certificate check) is logged by address alone
    about = collector.about
    append_entry({
        "kind": "read", "module": collector.module or "app", "action": collector.what,
        "object_type": type(about).__name__ if about is not None else None,
        "object_id": str(about.id) if getattr(about, "id", None) is not None else None,
        "actor_id": actor.id if signed_in else None, "actor_email": actor.email if signed_in else None, "ip": ip,
        "subject_employee_id": subjects[0] if len(subjects) == 1 else None,
        "summary": f"{summary or collector.what} ({len(subjects)})", "subject_ids": subjects,
        "reader_roles": reader_roles(actor) if signed_in else [],
    }, subjects)


def reader_roles(actor: Any) -> list[dict[str, Any]]:
    """The reader's roles when they read, each with its unit (``None``: everywhere), managers included."""
    from common.permissions import is_manager

    roles = [{"role": a.role, "unit_id": a.org_unit_id} for a in getattr(actor, "roles", [])]
    if is_manager(actor):
        roles.append({"role": "manager", "unit_id": actor.employee.org_unit_id if actor.employee else None})
    return roles
