"""``flask demo``: a small government that hangs together, one account per role, a harmless second run."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from common import demo_data
from common.demo import DEMO_ACCOUNTS, Government, People, transliterate
from common.directory import operations as directory_ops
from common.extensions import db
from common.models import AuditEvent, Competency, Employee, OrgUnit, Position, User
from common.models.directory import REGIONS, UNIT_KINDS
from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER


def run_demo(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture()
def demo(app: Flask, db: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", None)
    return run_demo(app)


def printed_password(output: str) -> str:
    match = re.search(r"password for all: (\S+)\)", output)
    assert match, output
    return match.group(1)


def account(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def every(model: Any) -> list[Any]:
    return list(db.session.scalars(select(model)))


def count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_every_demo_account_exists_with_its_role_and_scope(demo):
    roles = {email: {(a.role, a.org_unit.kind if a.org_unit else None) for a in account(email).roles}
             for email, _role, _extra in DEMO_ACCOUNTS}
    assert roles == {
        "admin@demo.gov.ge": {(ADMIN, None)},
        "hr@demo.gov.ge": {(HR_OFFICER, "ministry")},
        "manager@demo.gov.ge": set(),
        "employee@demo.gov.ge": set(),
        "me@demo.gov.ge": {(ME_OFFICER, "agency")},
        "approver@demo.gov.ge": {(ME_APPROVER, None)},
        "learning@demo.gov.ge": {(LEARNING_ADMIN, None)},
        "auditor@demo.gov.ge": {(AUDITOR, None)},
    }
    ministry = account("hr@demo.gov.ge").roles[0].org_unit
    in_ministry = select(func.count()).select_from(Employee).join(OrgUnit).where(OrgUnit.path.startswith(ministry.path))
    assert db.session.execute(in_ministry).scalar_one() >= 20
    for email, _role, _extra in DEMO_ACCOUNTS:
        assert email in demo


def test_the_manager_heads_a_division_and_manages_the_employee_account(demo):
    manager, employee = account("manager@demo.gov.ge").employee, account("employee@demo.gov.ge").employee
    assert manager.org_unit.kind == "division" and manager.position.title_en == "Head of Division"
    reports = list(db.session.scalars(select(Employee).where(Employee.manager_id == manager.id)))
    assert len(reports) >= 3
    assert employee in reports and employee.org_unit_id == manager.org_unit_id
    assert manager.manager.position.title_en == "Head of Department"
    assert manager.manager.org_unit_id == manager.org_unit.parent_id


def test_the_smallest_demo_is_refused_with_a_message_below_its_size_and_complete_at_it(app, db):
    """``--employees 100`` used to end in an IndexError: the largest division was its head alone."""
    refused = app.test_cli_runner().invoke(args=["demo", "--employees", "100"])
    assert refused.exit_code == 2 and "100 is not in the range x>=120" in refused.output
    assert db.session.query(Employee).count() == 0, "nothing is written before the refusal"
    done = app.test_cli_runner().invoke(args=["demo", "--employees", "120"])
    assert done.exit_code == 0, done.output
    manager = db.session.query(User).filter_by(email="manager@demo.gov.ge").one()
    employee = db.session.query(User).filter_by(email="employee@demo.gov.ge").one()
    assert employee.employee.manager_id == manager.employee_id


def test_the_printed_password_signs_in_and_is_kept_for_the_next_run(app, demo):
    password = printed_password(demo)
    assert (Path(app.instance_path) / "demo-password.txt").read_text().strip() == password
    response = app.test_client().post("/auth/login", data={"email": "employee@demo.gov.ge", "password": password})
    assert response.status_code == 302 and "/auth/login" not in response.headers["Location"]


def test_personal_numbers_units_and_managers_hold_together(demo):
    employees = every(Employee)
    assert len(employees) == 300
    numbers = [e.personal_number for e in employees]
    assert all(re.fullmatch(r"\d{11}", n) for n in numbers) and len(set(numbers)) == 300
    assert len({e.email for e in employees}) == 300
    unit_ids = {u.id for u in every(OrgUnit)}
    ids = {e.id for e in employees}
    assert all(e.org_unit_id in unit_ids for e in employees)
    assert all(e.manager_id is None or e.manager_id in ids for e in employees)
    assert {e.position.title_en for e in employees if e.manager_id is None} == {"Minister"}
    female = set(demo_data.FEMALE_FIRST_NAMES)
    assert all((e.first_name_ka in female) == (e.gender == "female") for e in employees)
    for e in employees:
        assert date(1960, 1, 1) <= e.birth_date <= date(2001, 12, 31)
        assert e.hire_date >= e.birth_date.replace(year=e.birth_date.year + 21, day=min(e.birth_date.day, 28))
        assert e.hire_date <= date.today()
    assert {e.employment_type for e in employees} >= {"professional", "political"}


def test_heads_report_up_the_tree(demo):
    head, boss = aliased(Employee), aliased(Employee)
    rows = db.session.execute(
        select(OrgUnit.kind, OrgUnit.parent_id, Position.code, boss.org_unit_id, boss.position_id)
        .select_from(head).join(OrgUnit, head.org_unit_id == OrgUnit.id).join(Position, head.position_id == Position.id)
        .join(boss, head.manager_id == boss.id).where(Position.code.in_(("P-HDIV", "P-HDEP")))).all()
    bosses = {p.id: p.code for p in every(Position)}
    assert rows
    for kind, parent_id, code, boss_unit, boss_position in rows:
        if code == "P-HDIV":  # a division's head reports to the head of its department
            assert (kind, boss_unit, bosses[boss_position]) == ("division", parent_id, "P-HDEP")
        else:  # a department's head to a (deputy) minister or the head of the agency
            assert boss_unit == parent_id and bosses[boss_position] in {"P-MIN", "P-DMIN", "P-AHEAD"}


def test_unit_paths_follow_the_tree(demo):
    units = {u.id: u for u in every(OrgUnit)}
    for unit in units.values():
        parent = units.get(unit.parent_id)
        assert unit.path == f"{parent.path if parent else '/'}{unit.id}/"
        assert unit.depth == (parent.depth + 1 if parent else 0)
        assert unit.kind in UNIT_KINDS and unit.region in REGIONS
    kinds = {u.kind for u in units.values()}
    assert {"ministry", "department", "division", "agency"} <= kinds
    assert sum(u.kind == "ministry" for u in units.values()) == 12


def test_english_names_are_transliterations_of_the_georgian(demo):
    assert transliterate("ჭიათურა") == "Chiatura"
    assert transliterate("წყალტუბო") == "Tsqaltubo"
    assert transliterate("ღარიბაშვილი") == "Gharibashvili"
    assert transliterate("ჟუჟუნა ძაძამია") == "Zhuzhuna Dzadzamia"
    assert transliterate("ხათუნა ჯავახიშვილი") == "Khatuna Javakhishvili"
    for e in every(Employee):
        assert (e.first_name_en, e.last_name_en) == (transliterate(e.first_name_ka), transliterate(e.last_name_ka))


def test_competencies_and_audit_entries_for_the_accounts_only(demo):
    competencies = every(Competency)
    assert len(competencies) == 12 and all(c.name_ka and c.name_en and c.description_en for c in competencies)
    modules = {entry.module for entry in every(AuditEvent)}
    assert modules == {"users"}


def test_a_second_run_adds_nothing_and_still_prints_the_sign_ins(app, demo):
    before = [count(model) for model in (OrgUnit, Employee, User, AuditEvent)]
    output = run_demo(app)
    assert "not loaded" in output
    assert [count(model) for model in (OrgUnit, Employee, User, AuditEvent)] == before
    assert printed_password(output) == printed_password(demo)
    assert all(email in output for email, _role, _extra in DEMO_ACCOUNTS)


def test_the_directory_still_takes_new_staff_after_the_demo(demo):
    """Ids were given explicitly; the next id the database hands out must not collide (PostgreSQL sequences)."""
    unit = directory_ops.create_org_unit("NEW", "ახალი", "New unit", "division", parent=every(OrgUnit)[0])
    person = directory_ops.create_employee(personal_number="99999999999", first_name_ka="ნინო", last_name_ka="ბერიძე",
                                           first_name_en="Nino", last_name_en="Beridze", org_unit_id=unit.id)
    assert person.id > 300


def test_the_same_size_gives_the_same_government():
    def plan() -> list[tuple]:
        gov = Government(500)
        people = People(gov, {row[0]: n for n, row in enumerate(demo_data.POSITIONS)})
        rows = [people.row(i, *slot) for i, slot in enumerate(gov.slots)]
        return [(unit.code, {k: v for k, v in row.items() if not k.endswith("_at")})
                for (unit, _position, _manager), row in zip(gov.slots, rows, strict=True)]

    assert plan() == plan()


def test_national_scale_has_about_a_unit_per_65_staff_and_a_branch_per_municipality():
    gov = Government(100_000)
    assert 1400 <= len(gov.units) <= 1700
    assert len({u.code for u in gov.units}) == len(gov.units)
    assert len(gov.slots) == 100_000
    assert {u.region for u in gov.units if u.kind == "regional_office"} == set(demo_data.REGION_DETAILS)


def test_demo_refuses_to_run_in_production_and_writes_no_password(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "SUITE_ENV", "production")
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", None)
    password_file = Path(app.instance_path) / "demo-password.txt"
    password_file.unlink(missing_ok=True)
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 1
    assert "flask demo refuses to run with SUITE_ENV=production" in result.output
    assert count(User) == 0 and count(OrgUnit) == 0
    assert not password_file.exists()


def test_the_demo_password_passes_the_policy(app, db, demo, monkeypatch):
    from common.auth.passwords import policy_problems

    assert policy_problems(printed_password(demo), "admin@demo.gov.ge") == []
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", "password12345")
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 1 and "DEMO_PASSWORD is refused by the password policy" in result.output
