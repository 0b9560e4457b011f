"""Importing the staff directory from CSV and XLSX: all or nothing, every bad row reported, re-import idempotent."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from common.directory.file_format import COLUMNS
from common.directory.operations import import_directory_file
from common.extensions import db as _db
from common.models import AuditEvent, Employee, OrgUnit, Position
from common.models.users import ADMIN, HR_OFFICER

HEADER = COLUMNS["employees"]


def person(n: int, unit: str, position: str = "", manager: str = "", **fields: str) -> dict[str, str]:
    """A valid employee row; personal numbers start with 0 so that losing leading zeros would show."""
    row = {
        "personal_number": f"0{n:010d}", "first_name_ka": "ნინო", "last_name_ka": f"ბერიძე{n}", "first_name_en": "Nino",
        "last_name_en": f"Beridze{n}", "email": f"nino{n}@test.gov.ge", "gender": "female", "birth_date": "1985-03-04",
        "hire_date": "01.09.2015", "employment_type": "professional", "org_unit_code": unit, "position_code": position,
        "manager_personal_number": manager,
    }
    row.update(fields)
    return row


def to_csv(rows: list[dict[str, str]], header: tuple[str, ...] | list[str] = HEADER, sep: str = ",",
           bom: bool = False) -> bytes:
    lines = [sep.join(header)] + [sep.join(row.get(name, "") for name in header) for row in rows]
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")


def to_xlsx(rows: list[list[Any]], header: tuple[str, ...] | list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def count(model: Any) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def by_number(number: str) -> Employee:
    return _db.session.scalars(select(Employee).where(Employee.personal_number == number)).one()


@pytest.fixture()
def world(app: Any, factory: Any) -> Iterator[dict[str, Any]]:
    """Two ministries, a division in the first, a position; and a request, so messages can be read in English."""
    ministry, other = factory.unit("MA"), factory.unit("MB")
    division = factory.unit("MA-1", parent=ministry, kind="division")
    position = factory.position()
    _db.session.commit()  # a refused import rolls back; the world stays
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {"ministry": ministry, "other": other, "division": division, "position": position}


def thousand(world: dict[str, Any]) -> list[dict[str, str]]:
    """1,000 people; everyone but the last reports to the person on the next line (a later row)."""
    position = world["position"].code
    rows = [person(i, "MA-1" if i % 2 else "MA", position) for i in range(1, 1001)]
    for i, row in enumerate(rows[:-1]):
        row["manager_personal_number"] = rows[i + 1]["personal_number"]
    return rows


def test_thousand_rows_with_three_bad_import_nothing_then_all_then_nothing_changes(world):
    rows = thousand(world)
    bad = [dict(r) for r in rows]
    bad[0]["personal_number"] = "12345"  # line 2 (nobody reports to the first person)
    bad[500].update(email="not-an-e-mail", gender="x")  # line 502: two problems on one row
    bad[901]["manager_personal_number"] = "99999999999"  # line 903

    result = import_directory_file(to_csv(bad), "staff.csv")
    assert result.rejected and result.bad_lines == [2, 502, 903]
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "personal_number"), (502, "email"), (502, "gender"), (903, "manager_personal_number")]
    assert str(result.errors[0].reason) == "A personal number has exactly 11 digits."
    assert str(result.errors[1].reason) == "Not a valid e-mail address."
    assert "female, male" in str(result.errors[2].reason)
    assert "No employee has this personal number" in str(result.errors[3].reason)
    _db.session.rollback()
    assert count(Employee) == 0

    result = import_directory_file(to_csv(rows), "staff.csv")
    assert not result.rejected and (result.created, result.updated, result.unchanged) == (1000, 0, 0)
    _db.session.commit()
    assert count(Employee) == 1000
    first = by_number("00000000001")
    assert first.manager.personal_number == "00000000002"
    assert first.org_unit.code == "MA-1" and first.hire_date == date(2015, 9, 1)
    summaries = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import_staff")).all()
    assert len(summaries) == 1 and "staff.csv" in summaries[0].summary and "1000 created" in summaries[0].summary
    stamp, audit_rows = first.updated_at, count(AuditEvent)

    again = import_directory_file(to_csv(rows), "staff.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1000)
    _db.session.commit()
    assert count(Employee) == 1000 and count(AuditEvent) == audit_rows
    assert by_number("00000000001").updated_at == stamp


def test_reimport_updates_by_personal_number_and_audits_each_change(world):
    rows = [person(1, "MA"), person(2, "MA")]
    import_directory_file(to_csv(rows), "staff.csv")
    rows[1].update(last_name_en="Kapanadze", org_unit_code="MA-1")
    result = import_directory_file(to_csv(rows), "staff.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    _db.session.commit()
    changed = by_number("00000000002")
    assert changed.last_name_en == "Kapanadze" and changed.org_unit.code == "MA-1"
    entry = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update_employee")).one()
    assert entry.subject_employee_id == changed.id
    assert entry.changes == {"last_name_en": ["Beridze2", "Kapanadze"], "org_unit_code": ["MA", "MA-1"]}


def test_leaving_out_an_optional_column_keeps_that_field(world):
    import_directory_file(to_csv([person(1, "MA")]), "staff.csv")
    header = [name for name in HEADER if name != "email"]
    result = import_directory_file(to_csv([person(1, "MA", email="")], header=header), "staff.csv")
    assert result.unchanged == 1
    assert by_number("00000000001").email == "nino1@test.gov.ge"


def test_wrong_columns_are_named_and_nothing_is_imported(world):
    header = [name for name in HEADER if name != "last_name_en"] + ["salary"]
    result = import_directory_file(to_csv([person(1, "MA", salary="1000")], header=header), "staff.csv")
    message = str(result.problem)
    assert "Missing columns: last_name_en." in message and "Unknown columns: salary." in message
    assert count(Employee) == 0


def test_a_header_of_no_known_kind_is_refused(world):
    result = import_directory_file(b"name,surname\nNino,Beridze\n", "people.csv")
    assert "does not look like" in str(result.problem)


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"PK\x03\x04 this is not really a workbook", "staff.xlsx", "could not be read as an Excel workbook"),
    (b"%PDF-1.7\x00\x01\x02\xff\xfe", "staff.csv", "not UTF-8"),
    (b"\x00\x01personal_number\n", "staff.csv", "not a CSV file"),
    (b"personal_number,first_name_ka\n", "staff.pdf", "Only CSV and Excel"),
    (b"", "staff.csv", "empty"),
    (b"personal_number,first_name_ka\n1,2,3\n", "staff.csv", "Line 2 has 3 values but the header row has 2"),
    (",".join(HEADER).encode(), "staff.csv", "no data rows"),
])
def test_unreadable_files_are_refused_with_a_clear_message(world, data, name, expected):
    result = import_directory_file(data, name)
    assert result.rejected and expected in str(result.problem)
    assert count(Employee) == 0


def test_xlsx_written_by_openpyxl_keeps_leading_zeros_and_reads_date_cells(world):
    rows = [
        ["01001000001", "ნინო", "ბერიძე", "Nino", "Beridze", "nino@test.gov.ge", "Female", date(1985, 3, 4),
         "31.01.2015", "contract", "MA", world["position"].code, "01001000002"],
        ["01001000002", "გიორგი", "კაპანაძე", "Giorgi", "Kapanadze", None, "male", None, date(2010, 5, 1), None,
         "MA-1", None, None],
    ]
    result = import_directory_file(to_xlsx(rows), "staff.xlsx")
    assert not result.rejected, result.errors
    nino = by_number("01001000001")
    assert nino.birth_date == date(1985, 3, 4) and nino.hire_date == date(2015, 1, 31)
    assert nino.gender == "female" and nino.employment_type == "contract"
    assert nino.manager.personal_number == "01001000002" and nino.position.code == world["position"].code
    giorgi = by_number("01001000002")
    assert giorgi.email is None and giorgi.employment_type == "professional" and giorgi.org_unit.code == "MA-1"


def test_xlsx_number_cells_lose_the_leading_zero_and_the_report_says_why(world):
    result = import_directory_file(to_xlsx([[1001000001, "ნ", "ბ", "N", "B", "", "", "", "", "", "MA", "", ""]]),
                                   "staff.xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(2, "personal_number")]
    assert "leading zero" in str(result.errors[0].reason)


def test_semicolon_csv_with_bom_and_georgian_dates(world):
    data = to_csv([person(1, "MA", birth_date="04.03.1985", hire_date="2015-09-01")], sep=";", bom=True)
    result = import_directory_file(data, "staff.csv")
    assert result.created == 1
    employee = by_number("00000000001")
    assert employee.birth_date == date(1985, 3, 4) and employee.last_name_ka == "ბერიძე1"


def test_every_problem_of_a_row_is_reported_with_its_line(world):
    rows = [
        person(1, "MA"),
        person(2, "NOPE", position="NOPE", first_name_en="", birth_date="2020-01-01", hire_date="31.02.2015",
               employment_type="intern"),
        person(1, "MA", manager="00000000001"),  # duplicate of line 2 and its own manager
    ]
    result = import_directory_file(to_csv(rows), "staff.csv")
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "first_name_en"), (3, "birth_date"), (3, "hire_date"), (3, "employment_type"), (3, "org_unit_code"),
        (3, "position_code"),
        (4, "personal_number"), (4, "manager_personal_number")]
    reasons = {(e.line, e.column): str(e.reason) for e in result.errors}
    assert reasons[(3, "hire_date")] == "Not a date. Write it as YYYY-MM-DD or DD.MM.YYYY."
    assert reasons[(4, "personal_number")] == "Also on line 2."
    assert reasons[(4, "manager_personal_number")] == "A person cannot be their own manager."


def test_managers_in_a_loop_are_refused(world):
    rows = [person(1, "MA", manager="00000000002"), person(2, "MA", manager="00000000001"), person(3, "MA")]
    result = import_directory_file(to_csv(rows), "staff.csv")
    assert result.bad_lines == [2, 3]
    assert "comes back" in str(result.errors[0].reason)


def test_hr_officer_cannot_import_outside_their_scope(world, factory):
    outsider = factory.employee(world["other"], personal_number="00000000009")
    officer = factory.user(roles=[(HR_OFFICER, world["ministry"])])
    _db.session.commit()
    rows = [person(1, "MA-1"), person(2, "MB"), person(9, "MA")]
    result = import_directory_file(to_csv(rows), "staff.csv", actor=officer)
    assert [(e.line, e.column) for e in result.errors] == [(3, "org_unit_code"), (4, "personal_number")]
    assert "outside your area" in str(result.errors[0].reason)
    _db.session.rollback()
    assert count(Employee) == 1 and _db.session.get(Employee, outsider.id).org_unit.code == "MB"
    result = import_directory_file(to_csv(rows[:1]), "staff.csv", actor=officer)
    assert result.created == 1


def test_structure_files_need_an_administrator(world, factory):
    officer = factory.user(roles=[(HR_OFFICER, world["ministry"])])
    data = to_csv([{"code": "X", "name_ka": "x", "name_en": "X", "kind": "agency"}], header=COLUMNS["units"])
    result = import_directory_file(data, "units.csv", actor=officer)
    assert "Only administrators" in str(result.problem)
    admin = factory.user(roles=[(ADMIN, None)])
    assert import_directory_file(data, "units.csv", actor=admin).created == 1


def test_units_file_builds_paths_with_parents_later_in_the_file(world):
    units = [
        {"code": "MC-1-1", "parent_code": "MC-1", "name_ka": "ა", "name_en": "Section", "kind": "division"},
        {"code": "MC-1", "parent_code": "MC", "name_ka": "ბ", "name_en": "Department", "kind": "department",
         "region": "imereti", "valid_from": "01.01.2021"},
        {"code": "MC", "parent_code": "", "name_ka": "გ", "name_en": "Ministry C", "kind": "ministry"},
    ]
    result = import_directory_file(to_csv(units, header=COLUMNS["units"]), "units.csv")
    assert (result.kind, result.created) == ("units", 3)
    by_code = {u.code: u for u in _db.session.scalars(select(OrgUnit))}
    top, dept, section = by_code["MC"], by_code["MC-1"], by_code["MC-1-1"]
    assert top.path == f"/{top.id}/" and top.depth == 0 and top.parent_id is None
    assert dept.path == f"/{top.id}/{dept.id}/" and dept.depth == 1 and dept.region == "Imereti"
    assert section.path == f"/{top.id}/{dept.id}/{section.id}/" and section.parent_id == dept.id
    assert dept.valid_from == date(2021, 1, 1) and top.valid_from == date(2000, 1, 1)
    again = import_directory_file(to_csv(units, header=COLUMNS["units"]), "units.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_moving_a_unit_moves_its_whole_subtree(world, factory):
    ministry, other, division = world["ministry"], world["other"], world["division"]
    section = factory.unit("MA-1-1", parent=division, kind="division")
    data = to_csv([{"code": "MA-1", "parent_code": "MB", "name_ka": "ა", "name_en": "Moved", "kind": "division"}],
                  header=COLUMNS["units"])
    result = import_directory_file(data, "units.csv")
    assert result.updated == 1
    _db.session.commit()
    assert _db.session.get(OrgUnit, division.id).path == f"/{other.id}/{division.id}/"
    moved_section = _db.session.get(OrgUnit, section.id)
    assert moved_section.path == f"/{other.id}/{division.id}/{section.id}/" and moved_section.depth == 2
    assert _db.session.get(OrgUnit, ministry.id).path == f"/{ministry.id}/"
    entry = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update_org_unit")).one()
    assert entry.changes["parent_code"] == ["MA", "MB"]


def test_a_unit_loop_is_refused(world):
    data = to_csv([{"code": "MA", "parent_code": "MA-1", "name_ka": "ა", "name_en": "A", "kind": "ministry"}],
                  header=COLUMNS["units"])
    result = import_directory_file(data, "units.csv")
    assert [(e.line, e.column) for e in result.errors] == [(2, "parent_code")]


def test_positions_accept_roman_ranks(world):
    rows = [{"code": "P-A", "title_ka": "ა", "title_en": "Head", "rank": "II", "category": "senior"},
            {"code": "P-B", "title_ka": "ბ", "title_en": "Chief", "rank": "3", "category": "specialist"},
            {"code": "P-C", "title_ka": "გ", "title_en": "Odd", "rank": "V", "category": "specialist"}]
    result = import_directory_file(to_csv(rows, header=COLUMNS["positions"]), "positions.csv")
    assert [(e.line, e.column) for e in result.errors] == [(4, "rank")]
    result = import_directory_file(to_csv(rows[:2], header=COLUMNS["positions"]), "positions.csv")
    assert result.created == 2
    assert _db.session.scalars(select(Position).where(Position.code == "P-A")).one().rank == 2


def test_dry_run_reports_and_writes_nothing(world):
    result = import_directory_file(to_csv([person(1, "MA")]), "staff.csv", dry_run=True)
    assert result.created == 1 and count(Employee) == 0 and count(AuditEvent) == 0


def test_statement_count_does_not_grow_with_the_file(world, count_queries):
    counts = []
    for start, size in ((1, 20), (1000, 400)):
        rows = [person(i, "MA") for i in range(start, start + size)]
        with count_queries() as counter:
            import_directory_file(to_csv(rows), "staff.csv")
        counts.append(counter.count)
    assert counts[0] == counts[1]


# --- The command line ---------------------------------------------------------------------------------------------

def test_cli_imports_and_refuses(app, world, tmp_path):
    runner = app.test_cli_runner()
    good = tmp_path / "staff.csv"
    good.write_bytes(to_csv([person(1, "MA"), person(2, "MA-1", manager="00000000001")]))
    outcome = runner.invoke(args=["staff", "import", str(good), "--dry-run"])
    assert outcome.exit_code == 0 and "2 created" in outcome.output and count(Employee) == 0
    outcome = runner.invoke(args=["staff", "import", str(good)])
    assert outcome.exit_code == 0 and "2 created, 0 updated, 0 unchanged" in outcome.output
    assert count(Employee) == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([person(3, "MA", email="nope")]))
    outcome = runner.invoke(args=["staff", "import", str(bad), "--kind", "employees"])
    assert outcome.exit_code == 1 and "line 2, email: Not a valid e-mail address." in outcome.output
    assert count(Employee) == 2


# --- The upload page ----------------------------------------------------------------------------------------------

def upload(client: Any, data: bytes, name: str = "staff.csv", **fields: Any) -> Any:
    return client.post("/directory/import", data={"file": (io.BytesIO(data), name), "kind": "auto", **fields},
                       content_type="multipart/form-data")


def test_page_reports_bad_rows_as_a_table_and_imports_nothing(world, factory, login_as):
    client = login_as(factory.user(roles=[(HR_OFFICER, world["ministry"])]))
    assert "Download a template" in client.get("/directory/import").get_data(as_text=True)
    rows = [person(i, "MA") for i in range(1, 6)]
    rows[1]["personal_number"], rows[3]["email"], rows[4]["org_unit_code"] = "1", "x@", "MB"
    page = upload(client, to_csv(rows)).get_data(as_text=True)
    assert "3 rows have problems; nothing was imported." in page
    assert '<td class="num">3</td><td><code>personal_number</code></td>' in page
    assert '<td class="num">6</td><td><code>org_unit_code</code></td>' in page
    assert count(Employee) == 0


def test_page_imports_and_shows_the_counts(world, factory, login_as):
    officer = factory.user(roles=[(HR_OFFICER, world["ministry"])])
    client = login_as(officer)
    response = upload(client, to_csv([person(1, "MA"), person(2, "MA")]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "staff.csv imported: 2 created, 0 updated, 0 unchanged." in page
    assert count(Employee) == 2
    entry = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import_staff")).one()
    assert entry.actor_email == officer.email and "2 created" in entry.summary
    response = upload(client, to_csv([person(1, "MA"), person(2, "MA")]), dry_run="y")
    assert "would create 0, update 0 and leave 2 unchanged" in response.get_data(as_text=True)


def test_page_refuses_other_extensions_and_structure_files_for_hr(world, factory, login_as):
    client = login_as(factory.user(roles=[(HR_OFFICER, world["ministry"])]))
    page = upload(client, b"%PDF", name="staff.pdf").get_data(as_text=True)
    assert "Only CSV and Excel (.xlsx) files can be imported." in page
    units = to_csv([{"code": "X", "name_ka": "x", "name_en": "X", "kind": "agency"}], header=COLUMNS["units"])
    assert "Only administrators may import org units" in upload(client, units, name="u.csv").get_data(as_text=True)
    assert client.get("/directory/import/template/units.csv").status_code == 403
    assert count(OrgUnit) == 3


def test_page_is_closed_to_people_without_the_capability(world, factory, login_as):
    client = login_as(factory.user(employee=factory.employee(world["ministry"])))
    assert client.get("/directory/import").status_code == 403
    assert upload(client, to_csv([person(1, "MA")])).status_code == 403
    assert client.get("/directory/import/template/employees.csv").status_code == 403
    assert count(Employee) == 1


def test_template_download_has_the_columns(world, factory, login_as):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    response = client.get("/directory/import/template/units.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data(as_text=True).lstrip("\ufeff").startswith(",".join(COLUMNS["units"]))


def test_page_refuses_files_over_the_size_limit(app, world, factory, login_as, monkeypatch):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = upload(client, to_csv([person(i, "MA") for i in range(1, 100)]))
    assert response.status_code == 413 and "The file is too large" in response.get_data(as_text=True)


def test_an_hr_officer_cannot_make_someone_of_another_ministry_the_manager_of_their_staff(world, factory):
    """A manager reads their reports' profiles and development records: HR names only people it acts for."""
    stranger = factory.employee(world["other"])
    officer = factory.user(roles=[(HR_OFFICER, world["ministry"])])
    _db.session.commit()
    rows = [person(1, "MA-1", manager=stranger.personal_number)]
    result = import_directory_file(to_csv(rows), "staff.csv", actor=officer)
    assert result.rejected and [(e.line, e.column) for e in result.errors] == [(2, "manager_personal_number")]
    assert "outside your area: you may name as manager only people" in str(result.errors[0].reason)
    _db.session.rollback()
    assert count(Employee) == 1  # the stranger alone
    # A manager of their own ministry is fine; an administrator (government-wide) may link across ministries.
    colleague = factory.employee(world["ministry"])
    _db.session.commit()
    rows = [person(1, "MA-1", manager=colleague.personal_number)]
    assert not import_directory_file(to_csv(rows), "staff.csv", actor=officer).rejected
    _db.session.commit()
    admin = factory.user(roles=[(ADMIN, None)])
    _db.session.commit()
    rows = [person(1, "MA-1", manager=stranger.personal_number)]
    assert not import_directory_file(to_csv(rows), "staff.csv", actor=admin).rejected
    _db.session.commit()
    # Once the link exists, the ministry's officer re-importing the row unchanged is not refused for it.
    rows = [person(1, "MA-1", manager=stranger.personal_number, last_name_en="Beridze-Kapanadze")]
    assert not import_directory_file(to_csv(rows), "staff.csv", actor=officer).rejected
