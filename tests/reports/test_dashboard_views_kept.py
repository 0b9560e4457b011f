"""The HR and learning dashboards keep each view whole, as Dash sends it (``reports.dash.hr.update``,
``reports.dash.learning.update``): a repeated view reads no staff nor enrolments, yet a change shows at the next call,
each reader gets their own language's labels, and a view kept for one scope is never served to another."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from common.directory.operations import import_directory_file
from common.extensions import db
from common.models.users import HR_OFFICER, LEARNING_ADMIN
from common.users.operations import grant_role, revoke_role
from learning.models import Enrolment
from learning.operations.progress import complete_enrolment
from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_dash import CALLBACK, _texts
from tests.reports.test_learning_dashboard import body as learning_body
from tests.reports.test_learning_dashboard import build as build_learning
from tests.reports.test_me import _table_rows
from tests.reports.test_permissions_matrix import _callback_body as hr_body

NEW_STAFF = ("personal_number,first_name_ka,last_name_ka,first_name_en,last_name_en,gender,birth_date,hire_date,"
             "org_unit_code\n" + "".join(f"{70000000000 + i},ანა,ახალი{i},Ana,New{i},female,1990-01-01,2024-01-01,"
                                         "MA-A\n" for i in range(5)))


def _figures_read(statements: list[str]) -> list[str]:
    """The statements besides the signed-in session's (which joins the account's employee and role units)."""
    return [s for s in statements if "user_session" not in s and "cache_version" not in s]


def _move(unit, parent) -> None:
    """``unit`` (no sub-units) moved under ``parent``, as a restructuring does: an ORM write to the org unit."""
    unit.parent, unit.depth, unit.path = parent, parent.depth + 1, f"{parent.path}{unit.id}/"
    db.session.commit()


def _reassign(user, role: str, unit) -> None:
    for assignment in list(user.roles):
        revoke_role(assignment)
    db.session.flush()
    grant_role(user, role, unit)
    db.session.commit()


def test_a_repeated_hr_view_reads_no_staff(factory, login_as, count_queries):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    first = hr.post(CALLBACK, json=hr_body(world.unit.id, YEAR))
    assert first.status_code == 200 and "Budget Division" in _texts(first.get_json())
    with count_queries() as counter:
        again = hr.post(CALLBACK, json=hr_body(world.unit.id, YEAR))
    assert again.data == first.data
    assert not _figures_read(counter.statements), "a kept view reads no staff, headcount nor appraisal"


def _shows_new_staff(factory, login_as) -> None:
    world = build_ministry(factory)
    hr = login_as(world.hr)
    assert "22" in _texts(hr.post(CALLBACK, json=hr_body(world.unit.id, YEAR)).get_json())
    result = import_directory_file(NEW_STAFF.encode(), "new.csv", actor=None)
    assert not result.rejected and result.created == 5
    db.session.commit()
    texts = _texts(hr.post(CALLBACK, json=hr_body(world.unit.id, YEAR)).get_json())
    assert "27" in texts and "22" not in texts, "the imported staff show at the next call"


def test_an_hr_view_shows_imported_staff_at_the_next_call(factory, login_as):
    _shows_new_staff(factory, login_as)


def test_the_same_through_redis(factory, login_as, cache_in_redis):
    _shows_new_staff(factory, login_as)


def test_the_same_with_versions_in_the_database(factory, login_as, versions_in_database):
    _shows_new_staff(factory, login_as)


def test_an_hr_view_is_not_served_outside_the_readers_scope(factory, login_as):
    """Kept for ministry A's HR officer: not for ministry B's, nor for the officer once moved to ministry B, nor for
    a division that has left ministry A."""
    world = build_ministry(factory)
    hr = login_as(world.hr)
    for unit in (world.unit, world.audit):
        assert hr.post(CALLBACK, json=hr_body(unit.id, YEAR)).status_code == 200
    other = login_as(world.hr_other).post(CALLBACK, json=hr_body(world.unit.id, YEAR))
    assert other.status_code == 204 and other.data == b""
    _move(world.audit, world.other)
    assert hr.post(CALLBACK, json=hr_body(world.audit.id, YEAR)).status_code == 204
    _reassign(world.hr, HR_OFFICER, world.other)
    assert hr.post(CALLBACK, json=hr_body(world.unit.id, YEAR)).status_code == 204


@pytest.mark.parametrize("dashboard", ["hr", "learning"])
def test_each_language_gets_its_own_labels(factory, login_as, dashboard):
    if dashboard == "hr":
        world = build_ministry(factory)
        client, request, english_only = login_as(world.hr), hr_body(world.unit.id, YEAR), "Headcount by unit"
        georgian_name = world.unit.name_ka
    else:
        ma, _mb, _division, users = build_learning(factory)
        client, request, english_only = login_as(users["admin_a"]), learning_body(ma.id), "Mandatory training by unit"
        georgian_name = ma.name_ka
    english = client.post(CALLBACK, json=request).data
    assert english_only in _texts(client.post(CALLBACK, json=request).get_json())
    client.post("/auth/language", data={"lang": "ka"})
    georgian = " ".join(_texts(client.post(CALLBACK, json=request).get_json()))
    assert georgian_name in georgian and english_only not in georgian, "no English label kept from the first view"
    client.post("/auth/language", data={"lang": "en"})
    assert client.post(CALLBACK, json=request).data == english


def test_a_repeated_learning_view_reads_nothing_but_the_session(factory, login_as, count_queries):
    """Not even the unit: the view was kept for this scope after the scope check, and any org-unit write retires it."""
    ma, _mb, _division, users = build_learning(factory)
    admin = login_as(users["admin_a"])
    first = admin.post(CALLBACK, json=learning_body(ma.id))
    with count_queries() as counter:
        again = admin.post(CALLBACK, json=learning_body(ma.id))
    assert again.data == first.data
    assert not _figures_read(counter.statements), "a kept view reads no course, enrolment nor unit"


def test_a_learning_view_is_not_served_outside_the_readers_scope(factory, login_as):
    ma, mb, division, users = build_learning(factory)
    admin = login_as(users["admin_a"])
    for unit in (ma, division):
        assert admin.post(CALLBACK, json=learning_body(unit.id)).status_code == 200
    other = login_as(users["hr_b"]).post(CALLBACK, json=learning_body(ma.id))
    assert other.status_code == 204 and other.data == b""
    _move(division, mb)
    assert admin.post(CALLBACK, json=learning_body(division.id)).status_code == 204, "the moved division is B's now"
    assert "Division One (MA-1)" in _texts(login_as(users["hr_b"]).post(CALLBACK, json=learning_body(mb.id))
                                           .get_json())
    _reassign(users["admin_a"], LEARNING_ADMIN, mb)
    assert admin.post(CALLBACK, json=learning_body(ma.id)).status_code == 204


def test_a_learning_view_shows_a_completion_at_the_next_call(factory, login_as):
    ma, _mb, _division, users = build_learning(factory)
    admin = login_as(users["admin_a"])
    for lang in ("ka", "en"):  # both languages kept, both retired
        admin.post("/auth/language", data={"lang": lang})
        admin.post(CALLBACK, json=learning_body(ma.id))
    complete_enrolment(db.session.execute(select(Enrolment).where(Enrolment.state == "assigned")).scalar_one())
    db.session.commit()
    for lang in ("ka", "en"):
        admin.post("/auth/language", data={"lang": lang})
        rows = _table_rows(admin.post(CALLBACK, json=learning_body(ma.id)).get_json(), "learning-courses-table")
        assert rows[0][1:] == ["3", "2", "1", "67%", "0"], lang
