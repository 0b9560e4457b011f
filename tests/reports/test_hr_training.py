"""The HR report's training section: the development record's hours, by sub-unit, suppressed like every figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from common.extensions import db
from common.models import Employee
from hrms.development.models import CpdEntry
from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_exports_and_pdf import _pdf, _pdf_text


def _hours(people: list[Employee], hours: str, year: int = YEAR) -> None:
    for person in people:
        db.session.add(CpdEntry(employee_id=person.id, kind="external", title_ka="კურსი", title_en="Course",
                                hours=Decimal(hours), completed_on=date(year, 5, 1),
                                source_ref=f"test-{person.id}-{year}"))


def _trained(factory):
    """Budget: 6 people, 63 hours; tax: 5 people (hidden, so that audit's cannot be worked out); audit: 2 (<5)."""
    world = build_ministry(factory)
    budget = db.session.execute(select(Employee).where(Employee.org_unit_id == world.budget.id,
                                                       Employee.leave_date.is_(None))).scalars().all()
    audit = db.session.execute(select(Employee).where(Employee.org_unit_id == world.audit.id)).scalars().all()
    tax = db.session.execute(select(Employee).where(Employee.org_unit_id == world.tax.id,
                                                    Employee.deleted_at.is_(None))).scalars().all()
    _hours(budget[:6], "10.5")  # 6 people, 63 hours
    _hours(tax[:5], "4")  # hidden so that the small audit group cannot be worked out from the total
    _hours(audit[:2], "8")  # fewer than five people: no count, no hours
    _hours(budget[:3], "40", year=YEAR - 1)  # another year: not counted
    db.session.commit()
    return world


def test_the_training_section_shows_the_hours_of_the_year_by_unit(factory, login_as):
    world = _trained(factory)
    hr = login_as(world.hr)
    english = _pdf_text(_pdf(hr, world.unit.id, "en"))
    assert "Professional development hours by unit" in english
    assert "Budget Division 6 63.0 10.5" in english
    assert "Audit Division <5 – –" in english and "Tax Division hidden – –" in english
    assert "Total 13 99.0 7.6" in english
    assert "Training hours and mandatory-training compliance appear here" not in english
    georgian = _pdf_text(_pdf(hr, world.unit.id, "ka"))
    assert "Professional development hours by unit" not in georgian and "63.0" in georgian


def test_without_hours_the_section_says_so(factory, login_as):
    world = build_ministry(factory)
    english = _pdf_text(_pdf(login_as(world.hr), world.unit.id, "en"))
    assert "No training hours were recorded in this year." in english


def _shown(node) -> list[str]:
    """The text a Dash response shows: its components' children strings, in order (no ids, no type names)."""
    if isinstance(node, list):
        return [t for item in node for t in _shown(item)]
    if isinstance(node, dict):
        if "props" in node:
            children = node["props"].get("children")
            return [children] if isinstance(children, str) else _shown(children)
        return [t for value in node.values() for t in _shown(value)]
    return []


def test_the_hr_dashboard_and_page_show_the_same_training_figures(factory, login_as):
    """The dashboard's placeholder is gone: the hours by unit, suppressed as in the PDF, in English and Georgian."""
    from tests.reports.test_dash import CALLBACK, _page_body, _texts
    from tests.reports.test_permissions_matrix import _callback_body

    world = _trained(factory)
    hr = login_as(world.hr)
    layout = " ".join(_texts(hr.post(CALLBACK, json=_page_body("/dashboards/hr")).get_json()))
    assert "appear here when training figures are available" not in layout
    content = _shown(hr.post(CALLBACK, json=_callback_body(world.unit.id, YEAR)).get_json())
    text = " ".join(content)
    assert "Training" in content and "Professional development hours by unit" in content
    assert "People trained 13 Hours 99.0 Hours per person trained 7.6" in text
    assert "Budget Division 6 63.0 10.5" in text and "Audit Division <5 – –" in text
    assert "Tax Division hidden – –" in text and "Total 13 99.0 7.6" in text
    assert "/reports/hr/training_hours.csv" not in text  # no export of it (yet): no dead link

    page = hr.get(f"/reports/hr?unit={world.unit.id}&year={YEAR}").get_data(as_text=True)
    assert "appear here when training figures are available" not in page
    assert "Professional development hours by unit" in page and "63.0" in page and "10.5" in page

    hr.post("/auth/language", data={"lang": "ka"})
    georgian = _shown(hr.post(CALLBACK, json=_callback_body(world.unit.id, YEAR)).get_json())
    assert "Professional development hours by unit" not in georgian and "People trained" not in georgian
    assert "63.0" in georgian and "7.6" in georgian


def test_without_hours_the_dashboard_says_so(factory, login_as):
    from tests.reports.test_dash import CALLBACK
    from tests.reports.test_permissions_matrix import _callback_body

    world = build_ministry(factory)
    content = _shown(login_as(world.hr).post(CALLBACK, json=_callback_body(world.unit.id, YEAR)).get_json())
    assert "No training hours were recorded in this year." in content
