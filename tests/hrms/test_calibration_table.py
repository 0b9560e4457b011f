"""Calibration as a table: several rows in one save, each with its reason, all or nothing; filters and sorting;
the current label is every row's default; a browser walk without JavaScript, with axe and at 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from hrms.models import CalibrationChange
from tests.hrms.test_outcomes import EXCELLENT, GOOD, assess

VALUES = [EXCELLENT, EXCELLENT, EXCELLENT, GOOD, GOOD]


@pytest.fixture()
def world(hr_world: Any, db: Any) -> Any:
    hr_world.cycle.unused_sections = ["objectives"]
    for employee, values in zip([hr_world.person, *hr_world.peers], VALUES, strict=True):
        assess(hr_world, employee, values)
    db.session.commit()
    return hr_world


def _row_data(world: Any, changes: dict[Any, tuple[str, str]]) -> dict[str, Any]:
    """The whole table as the browser posts it: every row at its current label unless ``changes`` says otherwise."""
    data: dict[str, Any] = {"row": []}
    for employee in [world.person, *world.peers]:
        appraisal = world.appraisal(employee)
        label, reason = changes.get(employee, (appraisal.label, ""))
        data["row"].append(str(appraisal.id))
        data |= {f"label-{appraisal.id}": label, f"reason-{appraisal.id}": reason,
                 f"version-{appraisal.id}": appraisal.version}
    return data


def test_the_current_label_is_each_rows_default_never_excellent(world: Any, login_as: Any) -> None:
    page = login_as(world.users["hr"]).get(f"/hr/cycles/{world.cycle.id}/calibration").text
    good = world.appraisal(world.peers[2])
    assert good.label == "good"
    select_html = page.split(f'id="label-{good.id}"')[1].split("</select>")[0]
    assert '<option value="good" selected>' in select_html and "excellent\" selected" not in select_html
    assert "60.0%" in page and "Above the guideline" in page


def test_three_rows_change_in_one_save_and_a_missing_reason_saves_none(world: Any, db: Any, login_as: Any) -> None:
    hr = login_as(world.users["hr"])
    url = f"/hr/cycles/{world.cycle.id}/calibration"
    three = {world.person: ("good", "Comparable to peers rated good."),
             world.peers[0]: ("good", "Objectives partly met."),
             world.peers[1]: ("satisfactory", "")}
    refused = hr.post(url, data=_row_data(world, three))
    assert refused.status_code == 200 and "Give the reason for the change." in refused.text
    assert "Objectives partly met." in refused.text  # what was typed stays
    assert db.session.scalar(select(func.count(CalibrationChange.id))) == 0
    assert world.appraisal().label == "excellent"

    three[world.peers[1]] = ("satisfactory", "Two objectives missed.")
    saved = hr.post(url, data=_row_data(world, three), follow_redirects=True)
    assert "3 labels changed; the reasons are recorded." in saved.text
    changes = db.session.execute(select(CalibrationChange).order_by(CalibrationChange.id)).scalars().all()
    assert [(c.label_before, c.label_after, c.reason) for c in changes] == [
        ("excellent", "good", "Comparable to peers rated good."), ("excellent", "good", "Objectives partly met."),
        ("excellent", "satisfactory", "Two objectives missed.")]
    assert "0.0%" in saved.text and "80.0%" in saved.text  # excellent 0 of 5; good 4 of 5
    assert "Above the guideline" not in saved.text


def test_a_stale_row_refuses_the_save(world: Any, db: Any, login_as: Any) -> None:
    hr = login_as(world.users["hr"])
    data = _row_data(world, {world.person: ("good", "Peers.")})
    data[f"version-{world.appraisal().id}"] = world.appraisal().version - 1
    page = hr.post(f"/hr/cycles/{world.cycle.id}/calibration", data=data)
    assert "Someone else changed this appraisal meanwhile" in page.text
    assert db.session.scalar(select(func.count(CalibrationChange.id))) == 0


def test_filters_and_sorting(world: Any, login_as: Any) -> None:
    hr = login_as(world.users["hr"])
    url = f"/hr/cycles/{world.cycle.id}/calibration"
    good_only = hr.get(url, query_string={"label": "good"}).text
    assert "Number2" in good_only and "Number3" in good_only and "Gelashvili" not in good_only
    assert "(2 shown)" in good_only and "(5 appraisals)" in good_only
    by_score = hr.get(url, query_string={"sort": "score"}).text
    assert by_score.index("Number3") < by_score.index("Gelashvili")
    by_score_desc = hr.get(url, query_string={"sort": "-score"}).text
    assert by_score_desc.index("Gelashvili") < by_score_desc.index("Number3")
    by_evaluator = hr.get(url, query_string={"evaluator": world.boss.id}).text
    assert "(5 shown)" in by_evaluator


@pytest.mark.browser
def test_hr_changes_three_rows_in_one_save_without_javascript(new_context: Any, world: Any, sign_in: Any,
                                                              assert_accessible: Any, db: Any) -> None:
    page = new_context(java_script_enabled=False, viewport={"width": 390, "height": 800}).new_page()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{world.cycle.id}")
    page.get_by_role("link", name="Calibration").first.click()
    distribution = page.get_by_role("table", name="Distribution of current labels")
    excellent = distribution.get_by_role("row").filter(has_text="Excellent")
    expect(excellent).to_contain_text("60.0%")
    expect(excellent).to_contain_text("Above the guideline")
    for name, label, reason in (("Nino Gelashvili", "Good", "Comparable to peers rated good."),
                                ("Peer Number0", "Good", "Objectives partly met."),
                                ("Peer Number1", "Satisfactory", "Two objectives missed.")):
        page.get_by_label(f"Label of {name}", exact=True).select_option(label=label)
        page.get_by_label(f"Reason for changing the label of {name}").fill(reason)
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text("3 labels changed")
    expect(excellent).to_contain_text("0.0%")
    expect(excellent).not_to_contain_text("Above the guideline")
    expect(page.get_by_label("Label of Nino Gelashvili", exact=True)).to_have_value("good")
    expect(page.get_by_label("Label of Peer Number1", exact=True)).to_have_value("satisfactory")
    assert db.session.scalar(select(func.count(CalibrationChange.id))) == 3

    # The same page with scripts on (axe needs them), at 390 px: no serious violation, no sideways scroll.
    phone = new_context(viewport={"width": 390, "height": 800}).new_page()
    sign_in(phone, "hr@mof.gov.ge")
    phone.goto(f"/hr/cycles/{world.cycle.id}/calibration")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)


def test_the_table_costs_the_same_queries_for_two_people_or_five(hr_world: Any, db: Any, login_as: Any,
                                                                count_queries: Any) -> None:
    hr_world.cycle.unused_sections = ["objectives"]
    people = [hr_world.person, *hr_world.peers]
    for employee, values in zip(people[:2], VALUES[:2], strict=True):
        assess(hr_world, employee, values)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}/calibration"

    def measure() -> int:
        with count_queries() as counter:
            assert hr.get(url).status_code == 200
        return counter.count

    measure()  # warm caches
    two = measure()
    for employee, values in zip(people[2:], VALUES[2:], strict=True):
        assess(hr_world, employee, values)
    db.session.commit()
    assert "(5 shown)" in hr.get(url).text
    assert measure() == two


def test_the_table_is_in_georgian(world: Any, login_as: Any) -> None:
    hr = login_as(world.users["hr"])
    hr.post("/auth/language", data={"lang": "ka", "next": "/"})
    page = hr.get(f"/hr/cycles/{world.cycle.id}/calibration").text
    assert "ცვლილებების შენახვა" in page and "შემოთავაზებული შეფასება" in page and "თვითშეფასების შედეგი" in page
    for english in ("Save the changes", "Proposed label", "Self-assessed label", "All evaluators", "Filter the table"):
        assert english not in page
