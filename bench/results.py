"""The results of a benchmark run: markdown tables in ``bench/RESULTS.md`` and a JSON record per run.

Each run is prepended to RESULTS.md (newest first) and appended to ``results.json``, so successive
runs compare. Each page shows its cost beside its time: the application's CPU and PostgreSQL's per
request (``bench.cpu``), and the throughput table each page's share of the bare floor and of the ORM
reference page, judged against its target (``bench.load``). The growth column compares a page with the newest run on the
same kind of database
at a tenth of this run's staff: the tenfold-growth target (no page more than 1.3 times slower).
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

HERE = Path(__file__).parent
RESULTS, RECORDS = HERE / "RESULTS.md", HERE / "results.json"
GROWTH_LIMIT, QUERY_LIMIT = 1.3, 20


def dataset(app) -> dict:
    """What was measured: the counts of the rows that make the pages work, and the database."""
    from common.extensions import db
    from common.models import Employee, OrgUnit
    from hrms.models import Appraisal
    from learning.models.catalogue import Course
    from learning.models.progress import Certificate, Enrolment
    from monitoring.models import DataValue, Indicator

    models = {"employees": Employee, "org units": OrgUnit, "appraisals": Appraisal, "indicators": Indicator,
              "M&E values": DataValue, "courses": Course, "enrolments": Enrolment, "certificates": Certificate}
    with app.app_context():
        counts = {name: db.session.execute(select(func.count()).select_from(model)).scalar_one()
                  for name, model in models.items()}
        return {"counts": counts, "database": db.engine.dialect.name}


def describe(data: dict) -> str:
    return ", ".join(f"{count:,} {name}" for name, count in data["counts"].items()) + f" ({data['database']})"


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{platform.node()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _baseline(data: dict) -> dict | None:
    """The newest earlier run on the same database with a tenth of the staff (± 20 %)."""
    if not RECORDS.exists():
        return None
    tenth = data["counts"]["employees"] / 10
    for record in reversed(json.loads(RECORDS.read_text(encoding="utf-8"))):
        staff = record["dataset"]["counts"]["employees"]
        if record["dataset"]["database"] == data["database"] and 0.8 * tenth <= staff <= 1.2 * tenth:
            return record
    return None


def _page_lines(pages: list[dict], baseline: dict | None) -> list[str]:
    before = {row["page"]: row for row in baseline["pages"]} if baseline else {}
    lines = ["| page | p50 ms | p95 ms | target p95 | app CPU ms (cheapest batch; mean) | PostgreSQL CPU ms "
             "| queries (≤ 20) "
             "| × a tenth of the data (fastest batch's p50, ≤ 1.3) |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in pages:
        if row["target"] is None:
            target = "— (reference)" if row.get("reference") else "— (download)"
        else:
            target = f"{row['target']} {'✓' if row['p95'] <= row['target'] else '✗'}"
        queries = f"{row['queries']} {'✓' if row['queries'] <= QUERY_LIMIT else '✗'}"
        growth = ""
        if row["page"] in before:
            ratio = _best_median(row) / _best_median(before[row["page"]])
            growth = f"{ratio:.2f}" + ("" if row["target"] is None else (" ✓" if ratio <= GROWTH_LIMIT else " ✗"))
        cpu = "" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        if row.get("cpu_mean_ms") is not None:
            cpu += f" ({row['cpu_mean_ms']:.1f})"
        database = "" if row.get("pg_cpu_ms") is None else f"{row['pg_cpu_ms']:.1f}"
        lines.append(f"| {row['page']} | {row['median']:.1f} | {row['p95']:.1f} | {target} | {cpu} | {database} "
                     f"| {queries} | {growth} |")
    return lines


def _best_median(row: dict) -> float:
    """The fastest batch's median wall time (``bench.cpu.time_requests``); for a run recorded before that figure
    was kept, its overall median."""
    return row.get("median_best", row["median"])


def _mark(met: bool | None) -> str:
    return {True: " ✓", False: " ✗"}.get(met, "")


def _load_lines(load: list[dict]) -> list[str]:
    lines = ["| throughput (gunicorn, wrk) | req/s | share of the bare floor | share of the ORM reference "
             "| app CPU ms | target |", "|---|---:|---:|---:|---:|---|"]
    targets = {"light": "≥ 30 % of the floor", "page": "≥ 50 % of the ORM reference or ≤ 6 ms app CPU",
               "memory": "≤ 250 MB"}
    for row in load:
        target = targets.get(row["kind"], "") + _mark(row.get("met"))
        if row["kind"] == "memory":
            lines.append(f"| {row['page']} | {row['mb']:.0f} MB | | | | {target} |")
            continue
        floor_share = f"{row['floor_share']:.0%}" if "floor_share" in row else ""
        orm_share = f"{row['orm_share']:.0%}" if "orm_share" in row else ""
        cpu = "" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        rps = f"{row['rps']:.0f}"
        if "rps_before" in row:  # a yardstick: the mean of its runs before and after the pages
            rps += f" ({row['rps_before']:.0f} before, {row['rps_after']:.0f} after)"
        lines.append(f"| {row['page']} | {rps} | {floor_share} | {orm_share} | {cpu} | {target} |")
    return lines


def _bulk_lines(bulk: list[dict]) -> list[str]:
    lines = ["| bulk work | measured | target | peak memory | notes |", "|---|---:|---:|---:|---|"]
    for row in bulk:
        target = "—" if row["target"] is None else \
            f"{row['target']:g} {row['unit']} {'✓' if row['value'] <= row['target'] else '✗'}"
        memory = f"{row['memory_mb']:.0f} MB" if row["memory_mb"] else ""
        if memory and row.get("memory_target"):
            memory += f" (≤ {row['memory_target']:g}{_mark(row['memory_mb'] <= row['memory_target'])})"
        lines.append(f"| {row['label']} | {row['value']:.2f} {row['unit']} | {target} | {memory} | {row['detail']} |")
    return lines


def _xapi_lines(rows: list[dict]) -> list[str]:
    lines = ["| xAPI store | figure |", "|---|---:|"]
    return lines + [f"| {row['what']} | {row['value']:,.1f} {row['unit']} |" for row in rows]


def write(data: dict, pages: list[dict], load: list[dict] | None, bulk: list[dict] | None,
          xapi: list[dict] | None = None) -> None:
    """Prepend this run's tables to RESULTS.md and append its record to results.json."""
    baseline = _baseline(data)
    stamp = datetime.now(UTC)
    lines = [f"## {stamp:%Y-%m-%d %H:%M} UTC — {describe(data)}", "", f"Machine: {_machine()}.", ""]
    if baseline:
        lines += [f"Growth compared with the run of {baseline['date']} ({describe(baseline['dataset'])}).", ""]
    lines += _page_lines(pages, baseline)
    if load:
        lines += ["", *_load_lines(load)]
    if bulk:
        lines += ["", *_bulk_lines(bulk)]
    if xapi:
        lines += ["", *_xapi_lines(xapi)]
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    head, _, rest = previous.partition("\n")
    RESULTS.write_text(head + "\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")
    records = json.loads(RECORDS.read_text(encoding="utf-8")) if RECORDS.exists() else []
    records.append({"date": f"{stamp:%Y-%m-%d %H:%M} UTC", "machine": _machine(), "dataset": data, "pages": pages,
                    "load": load, "bulk": bulk, "xapi": xapi})
    RECORDS.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
