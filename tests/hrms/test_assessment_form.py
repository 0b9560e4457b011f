"""The assessment form: every rating shows what its levels mean (editable with the template), the manager sees the
employee's self-rating beside each rating, and a save refused because someone saved first keeps what was typed and
shows what changed meanwhile."""

from __future__ import annotations

import html
from typing import Any

import pytest
from playwright.sync_api import expect

from hrms.models import AGREED

SELF = "4"


@pytest.fixture()
def assessed_by_self(hr_world: Any, db: Any, login_as: Any) -> Any:
    """Nino's appraisal (competencies only), self-assessed with a 4 for every competency."""
    hr_world.cycle.unused_sections = ["objectives"]
    hr_world.appraisal().state = AGREED
    db.session.commit()
    appraisal = hr_world.appraisal()
    criteria = hr_world.template.section("competencies").criteria
    data = {f"c_{c.id}": SELF for c in criteria} | {"version": appraisal.version, "action": "submit",
                                                  "comment": "A good year."}
    answer = login_as(hr_world.users["employee"]).post(f"/hr/appraisals/{appraisal.id}/self-assessment", data=data,
                                                      follow_redirects=True)
    assert "Self-assessment submitted." in answer.text
    return hr_world


def test_each_rating_shows_the_level_descriptions_and_the_self_rating_beside_it(assessed_by_self: Any,
                                                                                 login_as: Any) -> None:
    world = assessed_by_self
    page = html.unescape(login_as(world.users["manager"]).get(f"/hr/appraisals/{world.appraisal().id}").text)
    form = page.split("Your assessment")[1].split("</form>")[0]
    assert "1 – Far below expectations" in form and "5 – Far above expectations: a model for others" in form
    criteria = world.template.section("competencies").criteria
    assert form.count("Self-rating: 4 – Above expectations: more or better than required") == len(criteria)


def test_the_scale_anchors_are_edited_with_the_template(hr_world: Any, db: Any, login_as: Any) -> None:
    hr = login_as(hr_world.users["hr_gov"])  # only government-wide HR changes templates
    template = hr_world.template
    edit = hr.get(f"/hr/templates/{template.id}").text
    assert "What each rating level means" in edit
    from hrms.operations.templates import spec_of

    spec = spec_of(template)
    data = {"name_ka": spec.name_ka, "name_en": spec.name_en, "methodology_ref": spec.methodology_ref,
            "objectives_weight": spec.objectives_weight, "competencies_weight": spec.competencies_weight,
            "band_excellent": 450, "band_good": 350, "band_satisfactory": 250,
            "anchors": "Not shown\nRarely shown\nShown as required\nOften beyond\nAlways beyond"}
    data |= {f"comp_{cid}": weight for cid, weight in spec.criteria}
    saved = hr.post(f"/hr/templates/{template.id}", data=data, follow_redirects=True)
    assert "Template saved as version 2." in saved.text
    from sqlalchemy import select

    from hrms.models import AppraisalTemplate

    revised = db.session.execute(select(AppraisalTemplate).where(AppraisalTemplate.version == 2)).scalar_one()
    assert revised.anchors == ["Not shown", "Rarely shown", "Shown as required", "Often beyond", "Always beyond"]
    assert "Always beyond" in hr.get(f"/hr/templates/{revised.id}").text
    # A cycle run under the revised template shows its words beside each rating.
    from hrms.forms import rating_form

    hr_world.cycle.template_id = revised.id
    db.session.commit()
    db.session.expire_all()
    form = rating_form(hr_world.appraisal(), manager=True)
    field = next(f for name, f in form._fields.items() if name.startswith("c_"))
    assert ("3", "3 – Shown as required") in [(k, str(v)) for k, v in field.choices]


def test_a_refused_concurrent_save_keeps_the_typed_input_and_shows_what_changed(assessed_by_self: Any,
                                                                                login_as: Any) -> None:
    world = assessed_by_self
    appraisal = world.appraisal()
    criteria = world.template.section("competencies").criteria
    opened_at = appraisal.version
    url = f"/hr/appraisals/{appraisal.id}/assessment"
    first, second = login_as(world.users["manager"]), login_as(world.users["manager"])  # two tabs
    saved = first.post(url, data={f"c_{c.id}": "3" for c in criteria} | {
        "version": opened_at, "action": "save", "comment": "Saved in the other tab."}, follow_redirects=True)
    assert "Assessment saved as a draft." in saved.text
    refused = second.post(url, data={f"c_{c.id}": "5" for c in criteria} | {
        "version": opened_at, "action": "save", "comment": "Typed in this tab."})
    page = html.unescape(refused.text)
    assert refused.status_code == 200 and "Someone else saved this appraisal after you opened it" in page
    assert "Changed while you were editing" in page
    assert "Typed in this tab." in page.split("Your assessment")[1]  # the typed comment is still in the form
    form = page.split("Your assessment")[1].split("</form>")[0]
    assert form.count('<option selected value="5">') == len(criteria)  # and the typed ratings
    meanwhile = page.split('id="changed-meanwhile"')[1].split("</div>")[0]
    assert "Saved in the other tab." in meanwhile and "3 – Meets expectations" in meanwhile
    assert "5 – Far above expectations" in meanwhile
    assert world.appraisal().manager_comment == "Saved in the other tab."
    # Saving again now (the form carries the current version) goes through.
    again = second.post(url, data={f"c_{c.id}": "5" for c in criteria} | {
        "version": world.appraisal().version, "action": "save", "comment": "Typed in this tab."},
        follow_redirects=True)
    assert "Assessment saved as a draft." in again.text


@pytest.mark.browser
def test_the_manager_sees_levels_and_self_ratings_in_the_browser(assessed_by_self: Any, page: Any, sign_in: Any,
                                                                 assert_accessible: Any) -> None:
    sign_in(page, "tamar@mof.gov.ge")
    page.goto(f"/hr/appraisals/{assessed_by_self.appraisal().id}")
    form = page.locator("form", has=page.get_by_role("heading", name="Your assessment"))
    first = form.get_by_role("combobox").first
    expect(first).to_have_accessible_description("Self-rating: 4 – Above expectations: more or better than required")
    first.select_option(label="5 – Far above expectations: a model for others")
    assert_accessible(page)
