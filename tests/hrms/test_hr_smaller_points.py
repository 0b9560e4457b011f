"""The smaller points of issue 17: look-up by name, imports in either language, the sample template, unit pickers,
and the real count of a basic programme."""

from __future__ import annotations


def test_hr_opens_a_persons_development_by_name_in_either_language(hr_world, login_as):
    hr = login_as(hr_world.users["hr"])
    by_name = hr.get("/hr/development/?q=Nino Gelashvili")
    assert by_name.status_code == 302 and by_name.headers["Location"].endswith(
        f"/hr/development/people/{hr_world.person.id}")
    georgian = hr.get(f"/hr/development/?q={hr_world.person.last_name_ka}")
    assert georgian.status_code == 302 and georgian.headers["Location"].endswith(f"/people/{hr_world.person.id}")
    several = hr.get("/hr/development/?q=Peer").text  # four peers: HR chooses from the list
    assert several.count('href="/hr/development/people/') >= 4 and "Number3" in several
    outside = login_as(hr_world.users["hr_out"])
    page = outside.get("/hr/development/?q=Gelashvili", follow_redirects=True).text
    assert "Nobody with this name in your scope." in page
    assert f"/hr/development/people/{hr_world.person.id}" not in page


def _upload(client, data: bytes, name: str):
    import io

    return client.post("/directory/import", data={"file": (io.BytesIO(data), name), "kind": "auto"},
                       content_type="multipart/form-data", follow_redirects=True)


def test_each_downloaded_template_imports_on_the_demo_as_it_is(app, db, login_as):
    from sqlalchemy import func, select

    from common.models import Employee, OrgUnit, Position, User

    assert app.test_cli_runner().invoke(args=["demo", "--employees", "120"]).exit_code == 0
    for email, kinds in (("admin@demo.gov.ge", ("positions", "units", "employees")),
                         ("hr@demo.gov.ge", ("employees",))):
        client = login_as(db.session.execute(select(User).where(User.email == email)).scalar_one())
        for kind in kinds:
            model = {"positions": Position, "units": OrgUnit, "employees": Employee}[kind]
            before = db.session.execute(select(func.count(model.id))).scalar_one()
            template = client.get(f"/directory/import/template/{kind}.csv")
            assert template.status_code == 200
            page = _upload(client, template.data, f"{kind}-template.csv").text
            assert "imported: 1 created" in page, (email, kind, page[page.find("<main"):][:1500])
            db.session.expire_all()
            assert db.session.execute(select(func.count(model.id))).scalar_one() == before + 1


def test_the_import_takes_codes_in_georgian_or_english(hr_world, factory, db, login_as):
    from sqlalchemy import select

    from common.models import Employee
    from common.models.users import ADMIN

    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    header = ("personal_number,first_name_ka,last_name_ka,first_name_en,last_name_en,gender,employment_type,"
              "org_unit_code\n")
    rows = ("01001099901,ნინო,ქართველი,Nino,Kartveli,ქალი,პროფესიული,MOF-1\n"
            "01001099902,გიორგი,ქართველი,Giorgi,Kartveli,Male,Professional civil servant,MOF-1\n"
            "01001099903,ანა,ქართველი,Ana,Kartveli,მდედრობითი,შრომითი ხელშეკრულებით დასაქმებული პირი,MOF-1\n")
    page = _upload(admin, (header + rows).encode(), "staff.csv").text
    assert "imported: 3 created" in page, page[page.find("<main"):][:1500]
    stored = {e.personal_number: (e.gender, e.employment_type) for e in db.session.execute(
        select(Employee).where(Employee.last_name_en == "Kartveli")).scalars()}
    assert stored == {"01001099901": ("female", "professional"), "01001099902": ("male", "professional"),
                      "01001099903": ("female", "contract")}


def test_the_cycle_form_offers_the_units_in_scope_to_choose_from(hr_world, factory, db, login_as):
    from sqlalchemy import select

    from common.models.users import HR_OFFICER
    from hrms.models import AppraisalCycle
    from tests.hrms.test_cycles import form

    ministry = factory.unit("MOE", name_en="Ministry of Education")  # no cycle yet: nothing to overlap
    school = factory.unit("MOE-2", parent=ministry, kind="division", name_en="Schools Division")
    factory.employee(school, first_name_en="Eka", last_name_en="Teacher")
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)], email="hr@moe.gov.ge"))
    db.session.commit()
    page = hr.get("/hr/cycles/new").text
    assert 'list="unit-options"' in page and '<datalist id="unit-options">' in page
    assert '<option value="MOE-2 · Schools Division">' in page and "MOF ·" not in page  # only the scope
    data = form("MOE-2 · Schools Division", hr_world.template.id) | {"name_en": "Division cycle"}
    response = hr.post("/hr/cycles/new", data=data, follow_redirects=True)
    assert response.status_code == 200 and "Cycle created" in response.text
    cycle = db.session.execute(select(AppraisalCycle).where(AppraisalCycle.name_en == "Division cycle")).scalar_one()
    assert cycle.root_unit_id == school.id


def test_a_basic_programme_on_a_course_already_mandatory_reports_the_people_it_covers(hr_world, factory, db,
                                                                                     login_as):
    from datetime import date, timedelta

    from learning import operations as learning_ops
    from learning.public import sync_rules_now
    from tests.hrms.test_workflow import post
    from tests.learning.helpers import make_course

    course = make_course("ETH-1", title="Ethics in the civil service", quiz=False)
    newcomers = [factory.employee(hr_world.division, position=factory.position(rank=3), manager=hr_world.boss,
                                  hire_date=date.today() - timedelta(days=30 + n)) for n in range(3)]
    rule = learning_ops.create_rule(course, {"unit_id": hr_world.ministry.id, "due_days": 90}, actor=None)
    sync_rules_now([rule.id])  # the whole ministry already has the course as mandatory, newcomers included
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    page = post(hr, "/hr/development/programmes", {
        "name_ka": "საბაზო", "name_en": "Basic programme III-IV", "rank_min": 3, "rank_max": 4, "course_id": course.id,
        "unit_id": hr_world.ministry.id, "starts_on": (date.today() - timedelta(days=365)).isoformat()}).text
    assert f"it covers {len(newcomers)} people now: 0 newly assigned, {len(newcomers)} already had the course" in page
    assert "assigned to 0" not in page and "0 people assigned now" not in page
