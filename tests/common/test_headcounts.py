"""Subtree headcounts come from a summary table the writes keep: what the org chart and the unit pages show
must follow hires, moves, leavers, deletions, imports (of staff and of units) and a rebuild from scratch."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import text

from common.directory.file_format import COLUMNS
from common.directory.headcounts import rebuild
from common.directory.operations import import_directory_file
from common.models.users import ADMIN
from tests.common.test_directory import _bulk_employees
from tests.common.test_import import person, to_csv


@pytest.fixture()
def tree(factory, db):
    ministry = factory.unit("HM", name_en="Ministry Heads")
    dept = factory.unit("HM-1", parent=ministry, kind="department", name_en="Dept One")
    other = factory.unit("HM-2", parent=ministry, kind="department", name_en="Dept Two")
    people = [factory.employee(dept) for _ in range(3)]
    db.session.commit()
    return {"ministry": ministry, "dept": dept, "other": other, "people": people}


def chart_counts(client, unit) -> list[int]:
    """The headcounts on the org chart, in page order (the unit first, then its departments by code)."""
    page = client.get(f"/directory/units/{unit.id}/chart").get_data(as_text=True)
    return [int(n) for n in re.findall(r"· (\d+) staff", page)]


def test_hire_move_leave_and_delete_change_the_chart(login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert chart_counts(client, tree["ministry"]) == [3, 3, 0]
    factory.employee(tree["other"])
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [4, 3, 1]
    tree["people"][0].org_unit = tree["other"]  # moved through the relationship
    tree["people"][1].org_unit_id = tree["other"].id  # and through the id
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [4, 1, 3]
    tree["people"][2].deleted_at = datetime(2026, 1, 1)  # left
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [3, 0, 3]
    extra = factory.employee(tree["dept"])  # hired and deleted before any page showed them (reads keep people)
    db.session.commit()
    db.session.delete(extra)
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [3, 0, 3]
    index = client.get("/directory/").get_data(as_text=True)
    assert re.search(r"Ministry Heads</a></td><td>[^<]*</td><td class=\"num\">3<", index)


def test_a_rolled_back_change_leaves_the_counts(login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    factory.employee(tree["other"])
    db.session.flush()
    db.session.rollback()
    assert chart_counts(client, tree["ministry"]) == [3, 3, 0]


def test_bulk_inserts_and_imports_are_counted_at_commit(login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    _bulk_employees(db, tree["other"], 5, 0)  # insert(Employee) through the session
    assert chart_counts(client, tree["ministry"]) == [8, 3, 5]
    result = import_directory_file(to_csv([person(i, "HM-1") for i in range(1, 5)]), "staff.csv")
    assert not result.rejected
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [12, 7, 5]
    unit_page = client.get(f"/directory/units/{tree['ministry'].id}").get_data(as_text=True)
    assert re.search(r"Dept One</a></td><td>[^<]*</td><td class=\"num\">7<", unit_page)


def test_writes_bypassing_the_session_are_fixed_by_a_rebuild(app, login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    db.session.execute(text("UPDATE employee SET org_unit_id = :u"), {"u": tree["other"].id})
    db.session.execute(text("DELETE FROM org_unit_headcount"))
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [0, 0, 0]
    result = app.test_cli_runner().invoke(args=["staff", "rebuild-headcounts"])
    assert result.exit_code == 0, result.output
    assert chart_counts(client, tree["ministry"]) == [3, 0, 3]
    rebuild(db.session.connection())


def test_a_transfer_by_import_moves_the_count_at_the_next_request(login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert chart_counts(client, tree["ministry"]) == [3, 3, 0]
    moved = tree["people"][0]
    row = person(1, "HM-2", personal_number=moved.personal_number, last_name_en=moved.last_name_en)
    result = import_directory_file(to_csv([row]), "staff.csv")
    assert not result.rejected and result.updated == 1
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [3, 2, 1]


def test_a_unit_moved_by_import_carries_its_staff_to_the_new_ministry(login_as, factory, db, tree):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    elsewhere = factory.unit("HN", name_en="Ministry Elsewhere")
    db.session.commit()
    assert chart_counts(client, elsewhere) == [0]
    data = to_csv([{"code": "HM-1", "parent_code": "HN", "name_ka": "ა", "name_en": "Dept One", "kind": "department"}],
                  header=COLUMNS["units"])
    result = import_directory_file(data, "units.csv")
    assert not result.rejected and result.updated == 1
    db.session.commit()
    assert chart_counts(client, tree["ministry"]) == [0, 0]  # the ministry and its remaining department
    assert chart_counts(client, elsewhere) == [3, 3]
