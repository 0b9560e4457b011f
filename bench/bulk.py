"""Bulk work: imports, PDFs and report jobs, each timed in a fresh process on a scratch copy of the data.

A bulk task writes (an import, a report job's row and file), so it never runs on the benchmark
database itself: the staff import goes into an empty database holding only the org structure (the
first load of a civil service), the M&E import and the PDFs into a copy of the benchmark database.
Each task runs in a process of its own, started the way the RQ worker starts a job, so its peak
memory (``ru_maxrss``) is the peak of a worker doing that task; the copies are dropped afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from common.config import _database_url

ROOT = Path(__file__).resolve().parent.parent
# (task, what it is called in the table, the figure's target or None, unit)
TARGETS = {"staff_import": 60.0, "values_import": 120.0, "certificate_pdf": 0.5, "me_report": 10.0,
           "hr_report": None, "worker_memory": 250.0}
# Peak memory a task may take: the M&E import of 1,000,000 values within 500 MB.
MEMORY_TARGETS = {"values_import": 500.0}
VALUES_AT_NATIONAL = 1_000_000


def _source_url() -> str:
    return _database_url(os.environ.get("DATABASE_URL"))


@contextmanager
def scratch_database(template: bool):
    """A throwaway database: a copy of the benchmark database (``template``) or an empty one; its URL."""
    url = make_url(_source_url())
    if url.get_backend_name() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
        target = folder / "scratch.db"
        if template:
            shutil.copyfile(url.database, target)
        try:
            yield f"sqlite:///{target}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"{url.database}_scratch"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            # A template copy needs the source to be idle: nothing else of the benchmark may be connected to it.
            source = f' TEMPLATE "{url.database}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{source}'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _child(database_url: str, *arguments: str) -> dict:
    """Run ``bench.bulk_tasks`` in a fresh process on ``database_url``; its last output line is a JSON result."""
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run([sys.executable, "-m", "bench.bulk_tasks", *arguments], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"bulk task {arguments[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(task: str, label: str, value: float, unit: str, memory_mb: float | None, detail: str = "",
         target: float | None = None) -> dict:
    row = {"task": task, "label": label, "value": value, "unit": unit, "target": target or TARGETS.get(task),
           "memory_mb": memory_mb, "memory_target": MEMORY_TARGETS.get(task), "detail": detail}
    click.echo(f"  {label:<48} {value:9.2f} {unit}" + (f"  peak {memory_mb:.0f} MB" if memory_mb else "")
               + (f"  ({detail})" if detail else ""))
    return row


def bulk_work() -> list[dict]:
    """Time every bulk task and return the rows of the results table (worker memory last)."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-files-") as folder:
        files = _child(_source_url(), "export_directory", folder)
        with scratch_database(template=False) as empty:
            staff = _child(empty, "import_staff", folder)
        rows.append(_row("staff_import", f"import {staff['rows']:,} employees (CSV)", staff["seconds"], "s",
                         staff["peak_mb"], f"{files['units']:,} units and {files['positions']:,} positions "
                                           f"loaded first in {staff['structure_seconds']:.1f} s"))
    with scratch_database(template=True) as copy:
        values = _child(copy, "import_values")
        # The target is for 1,000,000 values; a smaller file (a smaller dataset) is held to its share of it.
        share = min(1.0, values["rows"] / VALUES_AT_NATIONAL)
        rows.append(_row("values_import", f"import {values['rows']:,} M&E values (CSV)", values["seconds"], "s",
                         values["peak_mb"], f"{values['created']:,} values written"
                         + ("" if share == 1.0 else f"; target {TARGETS['values_import']:g} s per 1,000,000, pro rata"),
                         TARGETS["values_import"] * share))
        certificate = _child(copy, "certificate_pdf")
        rows.append(_row("certificate_pdf", "certificate PDF (warm worker, median of 5)", certificate["seconds"],
                         "s", certificate["peak_mb"], f"first render {certificate['first']:.2f} s"))
        me_report = _child(copy, "report_job", "me_report")
        layout = me_report.get("child_peak_mb") or 0  # laid out by a child process of the worker, as an annex is
        rows.append(_row("me_report", f"monitoring report ({me_report['pages']} pages)", me_report["seconds"], "s",
                         me_report["peak_mb"], me_report["detail"]
                         + (f"; layout process peak {layout:.0f} MB" if layout else "")))
        rows[-1]["child_memory_mb"] = layout
        hr_reports = (("", "HR report of a large ministry"), ("annex", "HR report with the ministry's staff list"))
        for variant, name in hr_reports:
            hr_report = _child(copy, "report_job", "hr_report", variant)
            # A staff annex is laid out by a child process of the worker: its peak is the worker's other half.
            layout = hr_report.get("child_peak_mb") or 0
            rows.append(_row("hr_report", f"{name} ({hr_report['pages']} pages)", hr_report["seconds"], "s",
                             hr_report["peak_mb"], hr_report["detail"]
                             + (f"; layout process peak {layout:.0f} MB" if layout else "")))
            rows[-1]["child_memory_mb"] = layout
    jobs = [row for row in rows if row["task"] in ("me_report", "hr_report", "certificate_pdf")]
    peak = max(jobs, key=lambda row: max(row["memory_mb"], row.get("child_memory_mb") or 0))
    child = peak.get("child_memory_mb") or 0
    rows.append(_row("worker_memory", "report worker's peak memory", max(peak["memory_mb"], child), "MB", None,
                     f"during the {peak['label']}" + (f" (worker {peak['memory_mb']:.0f} MB, its layout process "
                                                       f"{child:.0f} MB)" if child else "")))
    return rows


@click.command()
def main() -> None:
    """Print the bulk timings for the benchmark database in DATABASE_URL."""
    bulk_work()


if __name__ == "__main__":
    main()
