"""Writes to the staff directory. Each sets the derived fields (unit paths) and writes the audit entry.

``import_directory_file`` is the bulk path: a whole file checked first (``importer``), then written
with a handful of multi-row statements, because a national staff list is 100,000 people and one
ORM object per row would take minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import aliased

from common import signals
from common.audit import append_rows, diff, log_action
from common.directory.file_format import FileRefused, RowError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, OrgUnit, Position
from common.permissions import can_import_into, has_capability


def create_org_unit(code: str, name_ka: str, name_en: str, kind: str, *, parent: OrgUnit | None = None,
                    region: str | None = None, valid_from: date | None = None, actor: Any = None,
                    audit: bool = True) -> OrgUnit:
    """Create a unit under ``parent``; its materialised path is the parent's plus its own id."""
    unit = OrgUnit(code=code, name_ka=name_ka, name_en=name_en, kind=kind, region=region, parent=parent,
                   depth=(parent.depth + 1) if parent else 0, valid_from=valid_from or date(2000, 1, 1))
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    if audit:
        log_action("directory", "create_org_unit", unit, f"Org unit {code} created", actor=actor)
    return unit


def create_position(code: str, title_ka: str, title_en: str, rank: int, category: str, *, actor: Any = None,
                    audit: bool = True) -> Position:
    position = Position(code=code, title_ka=title_ka, title_en=title_en, rank=rank, category=category)
    db.session.add(position)
    db.session.flush()
    if audit:
        log_action("directory", "create_position", position, f"Position {code} created", actor=actor)
    return position


def create_employee(*, actor: Any = None, audit: bool = True, **fields: Any) -> Employee:
    employee = Employee(**fields)
    db.session.add(employee)
    db.session.flush()
    if audit:
        log_action("directory", "create_employee", employee, f"Employee {employee.personal_number} created",
                   actor=actor, subject_employee_id=employee.id)
    return employee


# --- Importing a whole file: check every row first, then write in bulk -------------------------------------------

KIND_CAPABILITY = {"employees": "directory.import_staff", "units": "directory.import_structure",
                   "positions": "directory.import_structure"}
EMPLOYEE_FIELDS = ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "email", "gender", "birth_date",
                   "hire_date", "employment_type", "org_unit_code", "position_code", "manager_personal_number")
UNIT_FIELDS = ("name_ka", "name_en", "kind", "region", "valid_from", "parent_code")
POSITION_FIELDS = ("title_ka", "title_en", "rank", "category")
# Fields the database cannot leave empty: an empty cell keeps the stored value (or the default for a new record).
KEEP_IF_EMPTY = {"employment_type": "professional", "valid_from": date(2000, 1, 1)}
CHUNK = 5000
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    """What an import did, or why it did nothing: a file-level ``problem`` or row ``errors``."""

    filename: str
    kind: str | None = None
    dry_run: bool = False
    problem: Any = None
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rejected(self) -> bool:
        return self.problem is not None or bool(self.errors)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


@dataclass
class _Plan:
    """The outcome of checking a file against the database, and how to write it."""

    errors: list[RowError]
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Any, dict[str, Any], dict[str, list[Any]]]] = field(default_factory=list)  # old, new, diff
    unchanged: int = 0
    write: Callable[[_Plan, Progress], list[dict[str, Any]]] | None = None  # returns per-record audit rows


def import_directory_file(data: bytes, filename: str, *, kind: str | None = None, actor: Any = None,
                          dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import org units, positions or employees from a CSV or XLSX file, all or nothing.

    Every row is checked before anything is written; if one is wrong, nothing is written and the
    result lists every problem of every bad row. Records are matched by key (personal number or
    code), so importing the same file again changes nothing. ``actor`` ``None`` is the system (the
    command line): no capability or scope limit. The caller commits (or rolls back a refusal).
    """
    from common.directory import importer  # pandas, only when a file is read (see file_format)
    progress = progress or (lambda _stage, _done, _total: None)
    result = ImportResult(filename=filename[:200], dry_run=dry_run)
    try:
        table = importer.read_table(data, filename)
        result.kind = kind = kind or importer.detect_kind(table.columns)
        if kind is None:
            raise FileRefused(_l("The header row does not look like an org-unit, position or employee "
                                          "file. Check that the first row holds the column names."))
        if actor is not None and not has_capability(actor, KIND_CAPABILITY[kind]):
            raise FileRefused(_l("Only administrators may import org units and positions."))
        importer.check_columns(table.columns, kind)
    except FileRefused as refusal:
        result.problem = refusal.message
        return result
    result.rows = len(table)
    planner = {"employees": _plan_employees, "units": _plan_units, "positions": _plan_positions}[kind]
    plan = planner(table, actor, progress)
    result.errors = plan.errors
    if plan.errors:
        return result
    result.created, result.updated, result.unchanged = len(plan.creates), len(plan.updates), plan.unchanged
    if dry_run or not (plan.creates or plan.updates):
        return result
    summary = log_action("directory", f"import_{'staff' if kind == 'employees' else kind}", None,
                         f"Imported {result.filename} ({kind}): {result.created} created, {result.updated} updated, "
                         f"{result.unchanged} unchanged", actor=actor)
    db.session.flush()  # on SQLite this takes the write lock before ids are reserved (see _reserve_ids)
    audit_rows = plan.write(plan, progress) if plan.write else []
    stamp = {"kind": "write", "module": "directory", "actor_id": summary.actor_id,
             "actor_email": summary.actor_email, "ip": summary.ip}
    for start in range(0, len(audit_rows), CHUNK):
        append_rows([stamp | row for row in audit_rows[start:start + CHUNK]])
    db.session.expire_all()  # bulk statements bypass the identity map: reload anything already loaded
    changed = [int(row["object_id"]) for row in audit_rows if row["object_type"] == "Employee"]
    for start in range(0, max(len(changed), 1), CHUNK):  # bounded lists: receivers put them in SQL IN (...)
        signals.employees_changed.send("import_directory_file", employee_ids=changed[start:start + CHUNK])
    return result


def _diff_rows(plan: _Plan, records: list[dict[str, Any]], key: str, present: list[str], existing: dict[str, Any],
               progress: Progress) -> None:
    """Sort the checked records into new, changed and unchanged ones, comparing with ``existing`` by ``key``."""
    for i, record in enumerate(records, 1):
        values = {name: record[name] for name in present
                  if not (record[name] is None and name in KEEP_IF_EMPTY)}
        old = existing.get(record[key])
        if old is None:
            plan.creates.append({**{name: record[name] for name in present}, key: record[key]})
        elif changes := diff(old, values):
            plan.updates.append((old, values, changes))
        else:
            plan.unchanged += 1
        if i % CHUNK == 0 or i == len(records):
            progress("check", i, len(records))


def _records(rows: Any) -> list[dict[str, Any]]:
    """The rows of a DataFrame as dicts: several times faster than ``to_dict("records")`` on 100,000 rows."""
    names = list(rows.columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*(rows[n].tolist() for n in names), strict=True)]


def _bulk(statement: Any, rows: list[dict[str, Any]], progress: Progress, done: int, total: int, *,
          returning: bool = False) -> list[Any]:
    """Execute ``statement`` for ``rows`` in chunks; returns the rows its RETURNING clause gave back."""
    returned: list[Any] = []
    for start in range(0, len(rows), CHUNK):
        outcome = db.session.execute(statement, rows[start:start + CHUNK])
        if returning:
            returned.extend(outcome.all())
        progress("write", min(done + start + CHUNK, done + len(rows)), total)
    return returned


def _plan_employees(table: Any, actor: Any, progress: Progress) -> _Plan:
    from common.directory import importer  # pandas, only when a file is read (see file_format)
    units = db.session.scalars(select(OrgUnit)).all()
    in_scope = {unit.code for unit in units if actor is None or can_import_into(actor, unit)}
    unit_ids = {unit.code: unit.id for unit in units}
    position_ids = dict(db.session.execute(select(Position.code, Position.id)).tuples().all())
    manager = aliased(Employee)
    stmt = (select(Employee.id, Employee.personal_number, *(getattr(Employee, f) for f in EMPLOYEE_FIELDS[:9]),
                   OrgUnit.code.label("org_unit_code"), Position.code.label("position_code"),
                   manager.personal_number.label("manager_personal_number"))
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id).outerjoin(Position, Employee.position_id == Position.id)
            .outerjoin(manager, Employee.manager_id == manager.id))
    existing = {row.personal_number: row for row in db.session.execute(stmt)}
    context = importer.StaffContext(
        unit_codes=set(unit_ids), units_in_scope=in_scope, position_codes=set(position_ids),
        managers={number: row.manager_personal_number for number, row in existing.items()},
        out_of_scope={number for number, row in existing.items() if row.org_unit_code not in in_scope})
    checked = importer.check_employees(table, context)
    plan = _Plan(checked.errors)
    if plan.errors:
        return plan
    present = [name for name in EMPLOYEE_FIELDS if name in checked.columns]
    _diff_rows(plan, _records(checked.rows), "personal_number", present, existing, progress)

    def resolve(values: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
        row = {name: values.get(name) for name in EMPLOYEE_FIELDS[:9]}
        row["employment_type"] = row["employment_type"] or KEEP_IF_EMPTY["employment_type"]
        row["org_unit_id"] = unit_ids[values["org_unit_code"]]
        row["position_id"] = position_ids.get(values.get("position_code") or "")
        row["manager_id"] = ids.get(values.get("manager_personal_number") or "")
        return row

    def write(plan: _Plan, progress: Progress) -> list[dict[str, Any]]:
        # Ids are reserved before inserting, so a manager later in the file is linked in the same pass, and
        # managers are inserted before their reports, so every foreign key holds row by row.
        creates = _managers_first(plan.creates)
        ids = {number: row.id for number, row in existing.items()}
        ids.update(zip((values["personal_number"] for values in creates), _reserve_ids(Employee, len(creates)),
                       strict=True))
        new = [{"id": ids[values["personal_number"]], "personal_number": values["personal_number"],
                **resolve(values, ids)} for values in creates]
        changed = [{"id": old.id, **resolve({name: getattr(old, name) for name in EMPLOYEE_FIELDS} | values, ids)}
                   for old, values, _changes in plan.updates]
        _bulk(insert(Employee), new, progress, 0, len(new) + len(changed))
        _bulk(update(Employee), changed, progress, len(new), len(new) + len(changed))
        return [{"action": "update_employee", "object_type": "Employee", "object_id": str(old.id),
                 "subject_employee_id": old.id, "summary": f"Employee {old.personal_number} updated by an import",
                 "changes": changes} for old, _values, changes in plan.updates]

    plan.write = write
    return plan


def _managers_first(creates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New employees ordered so that anyone's manager among them comes before them (the file has no loops)."""
    new = {values["personal_number"]: values for values in creates}
    level: dict[str, int] = {}
    for start in new:
        chain: list[str] = []
        node = start
        while node in new and node not in level:
            chain.append(node)
            node = new[node].get("manager_personal_number")
        base = level.get(node, -1)
        for member in reversed(chain):
            base += 1
            level[member] = base
    return sorted(creates, key=lambda values: level[values["personal_number"]])


def _reserve_ids(model: Any, count: int) -> list[int]:
    """Primary keys for ``count`` new rows of ``model``, known before they are inserted."""
    if not count:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
        return list(db.session.scalars(stmt, {"table": model.__tablename__, "count": count}))
    # SQLite: the import has already written its audit entry, so this transaction holds the database's write
    # lock and nobody else can insert (and take these ids) before it commits.
    start = (db.session.scalar(select(func.max(model.id))) or 0) + 1
    return list(range(start, start + count))


def _plan_units(table: Any, actor: Any, progress: Progress) -> _Plan:
    from common.directory import importer  # pandas, only when a file is read (see file_format)
    stmt = select(OrgUnit.id, OrgUnit.code, OrgUnit.parent_id, OrgUnit.path, OrgUnit.depth,
                  *(getattr(OrgUnit, name) for name in UNIT_FIELDS[:-1]))
    rows = db.session.execute(stmt).all()
    code_of = {row.id: row.code for row in rows}
    existing = {row.code: SimpleNamespace(**row._asdict(), parent_code=code_of.get(row.parent_id)) for row in rows}
    checked = importer.check_units(table, {code: unit.parent_code for code, unit in existing.items()})
    plan = _Plan(checked.errors)
    if plan.errors:
        return plan
    present = [name for name in UNIT_FIELDS if name in checked.columns]
    _diff_rows(plan, _records(checked.rows), "code", present, existing, progress)

    def write(plan: _Plan, progress: Progress) -> list[dict[str, Any]]:
        # New units first, with a placeholder path, so that every unit has an id; then every path is
        # recomputed from the final tree, which also moves the subtree of a unit given a new parent.
        new = [{name: values.get(name) for name in UNIT_FIELDS[:-1]} | {"code": values["code"], "path": ""}
               for values in plan.creates]
        for row in new:
            row["valid_from"] = row["valid_from"] or KEEP_IF_EMPTY["valid_from"]
        stmt = insert(OrgUnit).returning(OrgUnit.code, OrgUnit.id)
        ids = {code: unit.id for code, unit in existing.items()}
        ids.update(dict(_bulk(stmt, new, progress, 0, len(new), returning=True)))
        final = {code: vars(unit) | {"code": code} for code, unit in existing.items()}
        final.update({row["code"]: row | {"id": ids[row["code"]], "parent_code": values.get("parent_code")}
                      for row, values in zip(new, plan.creates, strict=True)})
        for old, values, _changes in plan.updates:
            final[old.code] |= values
        placed = _tree_paths({code: unit.get("parent_code") for code, unit in final.items()}, ids)
        changed = []
        for code, unit in final.items():
            path, depth = placed[code]
            target = {"parent_id": ids.get(unit["parent_code"] or ""), "path": path, "depth": depth,
                      **{name: unit[name] for name in UNIT_FIELDS[:-1]}}
            before = existing.get(code)
            if before is None or any(getattr(before, name) != value for name, value in target.items()):
                changed.append({"id": ids[code], **target})
        _bulk(update(OrgUnit), changed, progress, 0, len(changed))
        return [{"action": "update_org_unit", "object_type": "OrgUnit", "object_id": str(old.id),
                 "summary": f"Org unit {old.code} updated by an import", "changes": changes}
                for old, _values, changes in plan.updates]

    plan.write = write
    return plan


def _tree_paths(parent_of: dict[str, str | None], ids: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Each unit's materialised path and depth, as ``create_org_unit`` sets them: parent's path + own id."""
    placed: dict[str, tuple[str, int]] = {}
    for code in parent_of:
        chain: list[str] = []
        node: str | None = code
        while node is not None and node not in placed and node not in chain:  # a loop cannot pass the checks
            chain.append(node)
            node = parent_of.get(node)
        path, depth = placed.get(node, ("/", -1)) if node is not None else ("/", -1)
        for member in reversed(chain):
            path, depth = f"{path}{ids[member]}/", depth + 1
            placed[member] = (path, depth)
    return placed


def _plan_positions(table: Any, actor: Any, progress: Progress) -> _Plan:
    from common.directory import importer  # pandas, only when a file is read (see file_format)
    stmt = select(Position.id, Position.code, *(getattr(Position, name) for name in POSITION_FIELDS))
    existing = {row.code: row for row in db.session.execute(stmt)}
    checked = importer.check_positions(table)
    plan = _Plan(checked.errors)
    if plan.errors:
        return plan
    _diff_rows(plan, _records(checked.rows), "code", list(POSITION_FIELDS), existing, progress)

    def write(plan: _Plan, progress: Progress) -> list[dict[str, Any]]:
        total = len(plan.creates) + len(plan.updates)
        _bulk(insert(Position), plan.creates, progress, 0, total)
        _bulk(update(Position), [{"id": old.id, **values} for old, values, _ in plan.updates], progress,
              len(plan.creates), total)
        return [{"action": "update_position", "object_type": "Position", "object_id": str(old.id),
                 "summary": f"Position {old.code} updated by an import", "changes": changes}
                for old, _values, changes in plan.updates]

    plan.write = write
    return plan
