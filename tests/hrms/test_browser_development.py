"""The development pages in a real browser: choosing a recommended course without JavaScript, and axe-core on the
person's page, the record, the needs analysis and the compliance list."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hrms.development.operations import needs as need_ops
from hrms.development.operations import plans as plan_ops
from learning.models import Enrolment
from tests.learning.helpers import make_course

pytestmark = pytest.mark.browser


@pytest.fixture()
def planned(hr_world: Any, factory: Any, db: Any) -> Any:
    competency = factory.competency()
    course = make_course("LAW-101", title="Administrative law basics", quiz=False, competency_ids=[competency.id])
    need = need_ops.record_need(hr_world.person, competency.id, priority="high", note="New drafting duties",
                                actor=hr_world.users["manager"])
    plan = plan_ops.start_plan(hr_world.person, actor=hr_world.users["manager"])
    plan_ops.add_action(plan, "external", "Procurement seminar", "", None, need.id, actor=hr_world.users["manager"])
    db.session.commit()
    return course


def test_the_employee_chooses_a_recommended_course_without_javascript(new_context: Any, hr_world: Any, db: Any,
                                                                      planned: Any, sign_in: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "nino@mof.gov.ge")
    page.goto("/hr/development/")
    page.get_by_role("link", name="My needs and development plan").click()
    page.get_by_role("button", name="Choose – Administrative law basics").click()
    expect(page.get_by_role("status")).to_contain_text("Administrative law basics is in the plan")
    enrolment = db.session.execute(select(Enrolment)).scalar_one()
    assert enrolment.employee_id == hr_world.person.id and enrolment.course_id == planned.id


def test_development_pages_pass_axe(page: Any, hr_world: Any, planned: Any, sign_in: Any,
                                    assert_accessible: Any) -> None:
    sign_in(page, "tamar@mof.gov.ge")
    page.goto(f"/hr/development/people/{hr_world.person.id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nino Gelashvili")
    assert_accessible(page)
    page.goto(f"/hr/development/people/{hr_world.person.id}/record")
    assert_accessible(page)
    page.locator("form[action='/auth/logout'] button").click()
    sign_in(page, "hr@mof.gov.ge")
    for url in ("/hr/development/", "/hr/development/analysis", "/hr/development/programmes",
                "/hr/development/programmes/compliance"):
        page.goto(url)
        assert_accessible(page)
