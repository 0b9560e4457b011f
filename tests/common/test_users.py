"""Account administration by a system administrator."""

from __future__ import annotations

from sqlalchemy import select

from common.models import AuditEvent, RoleAssignment, User
from common.models.users import ADMIN, HR_OFFICER


def test_admin_creates_an_account_linked_to_an_employee_and_grants_a_scoped_role(login_as, factory, db):
    ministry = factory.unit("MX")
    person = factory.employee(ministry, personal_number="12345678901")
    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    response = admin.post("/directory/accounts/new", data={"email": "New.Person@Test.gov.ge",
                                                           "personal_number": "12345678901",
                                                           "password": "a temporary pass phrase"})
    assert response.status_code == 302
    user = db.session.execute(select(User).where(User.email == "new.person@test.gov.ge")).scalar_one()
    assert user.employee_id == person.id

    response = admin.post(f"/directory/accounts/{user.id}/roles", data={"grant-role": HR_OFFICER,
                                                                        "grant-unit_code": "MX"})
    assert response.status_code == 302
    assignment = db.session.execute(select(RoleAssignment).where(RoleAssignment.user_id == user.id)).scalar_one()
    assert assignment.role == HR_OFFICER and assignment.org_unit_id == ministry.id
    page = admin.get(f"/directory/accounts/{user.id}").get_data(as_text=True)
    assert "HR officer" in page and "MX" in page

    actions = set(db.session.execute(select(AuditEvent.action).where(AuditEvent.module == "users")).scalars())
    assert {"create_user", "grant_role"} <= actions


def test_mistakes_are_explained_and_nothing_is_written(login_as, factory, db):
    factory.user(email="taken@test.gov.ge")
    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    page = admin.post("/directory/accounts/new", data={"email": "taken@test.gov.ge",
                                                       "password": "a temporary pass phrase"}).get_data(as_text=True)
    assert "already exists" in page
    page = admin.post("/directory/accounts/new", data={"email": "x@test.gov.ge", "personal_number": "99999999999",
                                                       "password": "a temporary pass phrase"}).get_data(as_text=True)
    assert "No employee has the personal number 99999999999" in page
    page = admin.post("/directory/accounts/new", data={"email": "y@test.gov.ge", "password": "short"}).get_data(
        as_text=True)
    assert "Use at least 12 characters" in page
    emails = set(db.session.execute(select(User.email)).scalars())
    assert not emails & {"x@test.gov.ge", "y@test.gov.ge"}

    target = factory.user()
    db.session.commit()
    page = admin.post(f"/directory/accounts/{target.id}/roles", data={"grant-role": HR_OFFICER,
                                                                      "grant-unit_code": "NOPE"}).get_data(as_text=True)
    assert "No org unit has the code NOPE" in page
    assert not db.session.execute(select(RoleAssignment).where(RoleAssignment.user_id == target.id)).first()


def test_disabling_and_resetting_end_the_sessions(login_as, factory, db):
    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    target = factory.user()
    victim_browser = login_as(target)
    assert victim_browser.get("/").status_code == 200
    admin.post(f"/directory/accounts/{target.id}/password", data={"reset-password": "another long pass phrase"})
    assert victim_browser.get("/").status_code == 302

    second_browser = login_as(target)
    admin.post(f"/directory/accounts/{target.id}/active")
    assert second_browser.get("/").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False


def test_revoking_a_role_removes_the_access(login_as, factory, db):
    unit = factory.unit()
    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    hr = factory.user(roles=[(HR_OFFICER, unit)])
    hr_browser = login_as(hr)
    assert hr_browser.get("/directory/").status_code == 200
    admin.post(f"/directory/accounts/{hr.id}/roles/{hr.roles[0].id}/revoke")
    assert hr_browser.get("/directory/").status_code == 403
