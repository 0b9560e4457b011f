"""``python -m bench.bulk_tasks TASK ...``: one bulk task, in a process of its own (see ``bench.bulk``).

The last line printed is a JSON object with the task's figures, among them ``peak_mb``: the
process's peak resident memory, i.e. what a worker doing this task needs.
"""

from __future__ import annotations

import csv
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.data import bench_app


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _child_peak_mb() -> float:
    """The peak of the PDF layout process the task started, as it measured itself; 0 if none ran.

    Not ``RUSAGE_CHILDREN``: that also counts any short-lived fork of this process (a library looking for
    a shared object), which starts as large as its parent.
    """
    from common.pdf import LAST_CHILD

    return LAST_CHILD.get("peak_mb", 0.0)


def _account(email: str) -> Any:
    from common.extensions import db
    from common.models import User

    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def export_directory(folder: str) -> dict:
    """The benchmark's org units, positions and staff as the import files a ministry would send."""
    from common.extensions import db
    from common.models import Employee, OrgUnit, Position

    units = {u.id: u for u in db.session.execute(select(OrgUnit).order_by(OrgUnit.depth, OrgUnit.id)).scalars()}
    positions = {p.id: p for p in db.session.execute(select(Position)).scalars()}
    numbers = dict(db.session.execute(select(Employee.id, Employee.personal_number)).all())
    files = {"units": (("code", "parent_code", "name_ka", "name_en", "kind", "region", "valid_from"),
                       [(u.code, units[u.parent_id].code if u.parent_id else "", u.name_ka, u.name_en, u.kind,
                         u.region or "", u.valid_from.isoformat()) for u in units.values() if u.valid_to is None]),
             "positions": (("code", "title_ka", "title_en", "rank", "category"),
                           [(p.code, p.title_ka, p.title_en, p.rank, p.category) for p in positions.values()])}
    staff = db.session.execute(select(Employee).where(Employee.deleted_at.is_(None))
                               .order_by(Employee.id)).scalars()
    files["employees"] = (
        ("personal_number", "first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "email", "gender",
         "birth_date", "hire_date", "employment_type", "org_unit_code", "position_code", "manager_personal_number"),
        [(e.personal_number, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en, e.email or "",
          e.gender or "", e.birth_date.isoformat() if e.birth_date else "",
          e.hire_date.isoformat() if e.hire_date else "", e.employment_type, units[e.org_unit_id].code,
          positions[e.position_id].code if e.position_id else "", numbers.get(e.manager_id, ""))
         for e in staff if units.get(e.org_unit_id) is not None])
    for name, (header, rows) in files.items():
        with open(Path(folder) / f"{name}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
    return {name: len(rows) for name, (_header, rows) in files.items()}


def import_staff(folder: str) -> dict:
    """An empty database: load the org structure, then time the 100,000-person staff file (commit included)."""
    from flask_migrate import upgrade

    from common.directory.operations import import_directory_file
    from common.extensions import db

    upgrade(revision="heads")

    def load(name: str) -> Any:
        path = Path(folder) / f"{name}.csv"
        result = import_directory_file(path.read_bytes(), path.name, kind=name)
        if result.problem is not None or result.errors:
            raise SystemExit(f"{name}.csv was refused: {result.problem or result.errors[:5]}")
        db.session.commit()
        return result

    started = time.perf_counter()
    load("units")
    load("positions")
    structure = time.perf_counter() - started
    started = time.perf_counter()
    result = load("employees")
    return {"rows": result.rows, "created": result.created, "seconds": time.perf_counter() - started,
            "structure_seconds": structure, "peak_mb": _peak_mb()}


def import_values() -> dict:
    """Time the long-format M&E file of 1,000,000 values (10 per employee at smaller scales), commit included."""
    from bench.data import SCALES
    from bench.national.me_file import IMPORTER, write_values_file
    from common.extensions import db
    from common.models import Employee
    from monitoring.operations.imports import import_file

    employees = db.session.execute(select(func.count()).select_from(Employee)).scalar_one()
    rows = 1_000_000 * employees // SCALES["national"]
    with tempfile.TemporaryDirectory(prefix="bench-values-") as folder:
        path = Path(folder) / "values.csv"
        write_values_file(path, rows=rows)
        data = path.read_bytes()
    actor = _account(IMPORTER)
    started = time.perf_counter()
    result = import_file(data, "values.csv", actor=actor, submit=True)
    if result.rejected:
        raise SystemExit(f"the values file was refused: {result.problem or dict(list(result.conflicts.items())[:3])}")
    db.session.commit()
    return {"rows": result.rows, "created": result.values, "seconds": time.perf_counter() - started,
            "peak_mb": _peak_mb()}


def certificate_pdf() -> dict:
    """One certificate as a warm web worker renders it, in a request (the first render also loads fonts)."""
    from flask import current_app

    from common.extensions import db
    from learning.certificates import certificate_pdf as render
    from learning.models.progress import Certificate

    certificate = db.session.execute(select(Certificate).order_by(Certificate.id.desc()).limit(1)).scalar_one()
    times = []
    with current_app.test_request_context("/learn/my"):
        for _ in range(6):
            started = time.perf_counter()
            render(certificate)
            times.append(time.perf_counter() - started)
    first, times = times[0], times[1:]
    return {"seconds": statistics.median(times), "first": first, "peak_mb": _peak_mb()}


def report_job(kind: str, variant: str = "") -> dict:
    """A report job run as the RQ worker runs it (``run_job``), on the biggest scope a user would ask for."""
    from pypdf import PdfReader

    from common.extensions import db
    from reports import jobs
    from reports.models import Job

    owner, parameters, detail = _report_request(kind, variant == "annex")
    job = Job(owner_id=owner.id, kind=kind, parameters=parameters, status=jobs.QUEUED, progress=0)
    db.session.add(job)
    db.session.commit()
    started = time.perf_counter()
    jobs.run_job(job.id)
    seconds = time.perf_counter() - started
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    if job.status != jobs.DONE:
        raise SystemExit(f"{kind} failed: {job.error}")
    pages = len(PdfReader(jobs.result_file(job)).pages)
    return {"seconds": seconds, "pages": pages, "detail": detail, "peak_mb": _peak_mb(),
            "child_peak_mb": _child_peak_mb()}


def _report_request(kind: str, annex: bool = False) -> tuple[Any, dict, str]:
    from common.extensions import db
    from monitoring.models import Indicator, PolicyDocument
    from reports.hr_figures import default_unit_id, year_choices

    if kind == "hr_report":
        owner = _account("hr@demo.gov.ge")
        unit = default_unit_id(owner)
        from common.models import Employee, OrgUnit

        ministry = db.session.get(OrgUnit, unit)
        staff = db.session.execute(select(func.count()).select_from(Employee).join(OrgUnit).where(
            OrgUnit.path.startswith(ministry.path), Employee.deleted_at.is_(None))).scalar_one()
        return owner, {"unit": unit, "year": year_choices()[0], "lang": "ka", "annex": annex}, \
            f"{ministry.code}, {staff:,} staff" + (", with the list of staff as an annex" if annex else "")
    owner = _account("me@demo.gov.ge")
    document, count = db.session.execute(
        select(PolicyDocument.id, func.count(Indicator.id)).join(Indicator, Indicator.document_id == PolicyDocument.id)
        .group_by(PolicyDocument.id).order_by(func.count(Indicator.id).desc(), PolicyDocument.id).limit(1)).one()
    return owner, {"document": document, "lang": "ka"}, f"the strategy with most indicators: {count:,}"


TASKS = {"export_directory": export_directory, "import_staff": import_staff, "import_values": import_values,
         "certificate_pdf": certificate_pdf, "report_job": report_job}

if __name__ == "__main__":
    app = bench_app()
    with app.app_context():
        figures = TASKS[sys.argv[1]](*sys.argv[2:])
    print(json.dumps(figures))
