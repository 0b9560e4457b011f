"""``flask demo``: a plausible government to explore the suite with (expanded by the demo issue)."""

from __future__ import annotations

import secrets
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from common.directory import operations as directory_ops
from common.extensions import db
from common.models import Employee, User
from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER
from common.users import operations as user_ops

DEMO_ACCOUNTS = (
    ("admin@demo.gov.ge", ADMIN, None),
    ("hr@demo.gov.ge", HR_OFFICER, "ministry"),
    ("manager@demo.gov.ge", None, "manager"),
    ("employee@demo.gov.ge", None, "employee"),
    ("me@demo.gov.ge", ME_OFFICER, "agency"),
    ("approver@demo.gov.ge", ME_APPROVER, None),
    ("learning@demo.gov.ge", LEARNING_ADMIN, None),
    ("auditor@demo.gov.ge", AUDITOR, None),
)


def demo_password() -> str:
    return current_app.config.get("DEMO_PASSWORD") or f"demo-{secrets.token_hex(6)}"


def build_demo(password: str) -> None:
    ministry = directory_ops.create_org_unit("MOF", "ფინანსთა სამინისტრო", "Ministry of Finance", "ministry",
                                             region="Tbilisi")
    dept = directory_ops.create_org_unit("MOF-HR", "ადამიანური რესურსების დეპარტამენტი", "Human Resources Department",
                                         "department", parent=ministry, region="Tbilisi")
    division = directory_ops.create_org_unit("MOF-HR-1", "შერჩევის სამმართველო", "Recruitment Division", "division",
                                             parent=dept, region="Tbilisi")
    agency = directory_ops.create_org_unit("RS", "შემოსავლების სამსახური", "Revenue Service", "agency",
                                           parent=ministry, region="Tbilisi")
    head = directory_ops.create_position("P-HEAD", "სამმართველოს უფროსი", "Head of Division", 2, "senior")
    officer = directory_ops.create_position("P-SPEC", "მთავარი სპეციალისტი", "Chief Specialist", 3, "specialist")
    manager = directory_ops.create_employee(
        personal_number="01001000001", first_name_ka="ნინო", last_name_ka="ბერიძე", first_name_en="Nino",
        last_name_en="Beridze", email="manager@demo.gov.ge", gender="female", birth_date=date(1980, 3, 4),
        hire_date=date(2012, 9, 1), org_unit_id=division.id, position_id=head.id)
    employee = directory_ops.create_employee(
        personal_number="01001000002", first_name_ka="გიორგი", last_name_ka="კაპანაძე", first_name_en="Giorgi",
        last_name_en="Kapanadze", email="employee@demo.gov.ge", gender="male", birth_date=date(1990, 7, 21),
        hire_date=date(2018, 2, 1), org_unit_id=division.id, position_id=officer.id, manager_id=manager.id)
    links = {"manager": manager.personal_number, "employee": employee.personal_number}
    scopes = {"ministry": ministry, "agency": agency}
    for email, role, extra in DEMO_ACCOUNTS:
        user = user_ops.create_user(email, password, personal_number=links.get(extra or ""), check_policy=False)
        if role:
            user_ops.grant_role(user, role, scopes.get(extra or ""))


@click.command("demo")
@click.option("--employees", default=2000, show_default=True, help="How many employees to generate.")
@with_appcontext
def demo_command(employees: int) -> None:
    """Load the demo government (only into an empty database)."""
    if db.session.execute(select(func.count()).select_from(User)).scalar_one():
        click.echo("The database already has accounts; demo data not loaded.")
        return
    password = demo_password()
    build_demo(password)
    db.session.commit()
    staff = db.session.execute(select(func.count()).select_from(Employee)).scalar_one()
    click.echo(f"Demo data loaded: {staff} employees.")
    click.echo(f"Demo sign-ins (password for all: {password}):")
    for email, role, _extra in DEMO_ACCOUNTS:
        click.echo(f"  {email:<24} {role or 'employee'}")
