"""Directory pages: scope of HR officers, the access log, exports, and query counts that do not grow."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from common.models import AuditEvent, Employee
from common.models.users import ADMIN, HR_OFFICER
from tests.factories import personal_number


@pytest.fixture()
def two_ministries(factory):
    a, b = factory.unit("MA", name_en="Ministry Alpha"), factory.unit("MB", name_en="Ministry Beta")
    a_div = factory.unit("MA-1", parent=a, kind="division", name_en="Alpha Division")
    b_div = factory.unit("MB-1", parent=b, kind="division", name_en="Beta Division")
    alpha = factory.employee(a_div, last_name_en="Alphason", first_name_en="Ana")
    beta = factory.employee(b_div, last_name_en="Betadze", first_name_en="Beka")
    hr = factory.user(roles=[(HR_OFFICER, a)])
    return {"a": a, "b": b, "a_div": a_div, "b_div": b_div, "alpha": alpha, "beta": beta, "hr": hr}


def test_hr_officer_sees_only_their_ministry(login_as, two_ministries):
    w = two_ministries
    client = login_as(w["hr"])
    index = client.get("/directory/").get_data(as_text=True)
    assert "Ministry Alpha" in index and "Ministry Beta" not in index

    everyone = client.get("/directory/employees").get_data(as_text=True)
    assert "Alphason" in everyone and "Betadze" not in everyone
    searched = client.get("/directory/employees?q=Betadze").get_data(as_text=True)
    assert "No employees found" in searched and w["beta"].personal_number not in searched
    assert "Betadze" not in client.get(f"/directory/employees?unit={w['b'].id}").get_data(as_text=True)
    assert client.get(f"/directory/employees/{w['alpha'].id}").status_code == 200
    assert client.get(f"/directory/employees/{w['beta'].id}").status_code == 403
    assert client.get(f"/directory/units/{w['b'].id}").status_code == 404
    assert client.get(f"/directory/units/{w['b'].id}/chart").status_code == 404

    exported = client.get("/directory/employees/export.csv").get_data(as_text=True)
    assert w["alpha"].personal_number in exported and w["beta"].personal_number not in exported


def test_search_by_personal_number_position_and_georgian_name(login_as, factory, two_ministries):
    w = two_ministries
    client = login_as(w["hr"])
    by_number = client.get(f"/directory/employees?q={w['alpha'].personal_number}").get_data(as_text=True)
    assert "Alphason" in by_number
    by_georgian = client.get("/directory/employees?q=" + w["alpha"].last_name_ka).get_data(as_text=True)
    assert "Alphason" in by_georgian
    assert "No employees found" in client.get("/directory/employees?q=Nonexistent").get_data(as_text=True)


def test_opening_another_profile_is_logged_and_ones_own_is_not(login_as, factory, db, two_ministries):
    w = two_ministries
    client = login_as(w["hr"])
    client.get(f"/directory/employees/{w['alpha'].id}")
    entry = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalar_one()
    assert entry.subject_employee_id == w["alpha"].id
    assert entry.actor_id == w["hr"].id and entry.object_type == "Employee"

    own = login_as(factory.user(employee=w["beta"]))
    assert own.get(f"/directory/employees/{w['beta'].id}").status_code == 200
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().all()
    assert len(reads) == 1


def test_manager_opens_a_report_but_not_a_stranger(login_as, factory):
    unit = factory.unit()
    boss = factory.employee(unit)
    report = factory.employee(unit, manager=boss)
    stranger = factory.employee(unit)
    client = login_as(factory.user(employee=boss))
    assert client.get(f"/directory/employees/{report.id}").status_code == 200
    assert client.get(f"/directory/employees/{stranger.id}").status_code == 403
    assert client.get("/directory/employees").status_code == 403


def test_exports_neutralise_formulas(login_as, factory):
    unit = factory.unit()
    factory.employee(unit, last_name_en="=HYPERLINK(\"http://evil\")", first_name_en="@SUM(A1)", email="-2+3@x.ge")
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    rows = list(csv.reader(io.StringIO(client.get("/directory/employees/export.csv").get_data(as_text=True))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'@SUM(A1)" in cells and "'-2+3@x.ge" in cells

    workbook = load_workbook(io.BytesIO(client.get("/directory/employees/export.xlsx").data))
    values = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
    dangerous = [c for c in values if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert not dangerous
    assert all(c.data_type != "f" for c in values)


def test_export_lists_each_column_with_blanks_for_what_is_missing(login_as, factory):
    unit = factory.unit("EXP")
    position = factory.position(rank=2)
    boss = factory.employee(unit, last_name_en="Bossadze", position=position, hire_date=date(2010, 5, 1))
    factory.employee(unit, last_name_en="Workeria", manager=boss, position=None, email=None, hire_date=None)
    client = login_as(factory.user(roles=[(ADMIN, None)]))

    rows = list(csv.reader(io.StringIO(client.get(f"/directory/employees/export.csv?unit={unit.id}")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "personal_number" and len(rows) == 3
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["Bossadze"][6:12] == ["EXP", position.code, "2", "professional", "2010-05-01", ""]
    assert by_name["Workeria"][5:] == ["", "EXP", "", "", "professional", "", boss.personal_number]

    sheet = load_workbook(io.BytesIO(client.get(f"/directory/employees/export.xlsx?unit={unit.id}").data)).active
    boss_row = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[3] == "Bossadze")
    assert boss_row[8] == 2  # the rank stays a number in Excel


def test_org_chart_shows_heads_and_rolled_up_headcounts(login_as, factory):
    ministry = factory.unit(name_en="Ministry Gamma")
    dept = factory.unit(parent=ministry, kind="department", name_en="Gamma Department")
    head = factory.employee(dept, last_name_en="Headley")
    for _ in range(3):
        factory.employee(dept, manager=head)
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get(f"/directory/units/{ministry.id}/chart").get_data(as_text=True)
    assert "Gamma Department" in page and "Headley" in page
    assert page.count("4 staff") == 2  # the department and, rolled up, the ministry


def _bulk_employees(db, unit, count, start):
    manager_id = None
    rows = []
    for i in range(count):
        rows.append({
            "personal_number": personal_number(50_000_000 + start + i), "first_name_ka": "ნინო",
            "last_name_ka": f"გვარი{start + i}", "first_name_en": "Nino", "last_name_en": f"Bulk{start + i:06d}",
            "email": None, "gender": "female", "birth_date": date(1980, 1, 1), "hire_date": date(2010, 1, 1),
            "employment_type": "professional", "org_unit_id": unit.id, "position_id": None, "manager_id": manager_id,
        })
    db.session.execute(insert(Employee), rows)
    db.session.commit()


def test_directory_pages_cost_the_same_queries_for_100_and_2000_people(login_as, factory, db, count_queries):
    ministry = factory.unit()
    division = factory.unit(parent=ministry, kind="division")
    boss = factory.employee(division, position=factory.position(rank=2))
    factory.employee(division, manager=boss, position=factory.position())
    client = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))
    pages = ["/directory/", f"/directory/units/{ministry.id}", f"/directory/units/{division.id}/chart",
             "/directory/employees", "/directory/employees?q=Bulk&sort=-position", f"/directory/employees/{boss.id}"]

    def measure():
        counts = {}
        for url in pages:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts[url] = counter.count
        return counts

    _bulk_employees(db, division, 98, 0)
    small = measure()
    _bulk_employees(db, division, 1900, 98)
    large = measure()
    assert large == small
    assert max(large.values()) <= 12, large
