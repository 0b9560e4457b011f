"""What keeps the directory's list pages cheap must not change what they show: a search sorted by position reads
its matches by key and the page's rows whole, a unit's total is its headcount, row links are built once."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import url_for

from common.models.users import ADMIN
from common.shell_url import id_url, id_url_halves


def _names(page: str) -> list[str]:
    return re.findall(r">Nino (Rank\w+)<", page)


def test_a_search_sorted_by_position_lists_whole_rows_by_rank_then_id(login_as, factory, db):
    ministry = factory.unit(name_en="Ministry Sorted")
    division = factory.unit(parent=ministry, kind="division", name_en="Sorted Division")
    low, high, middle = factory.position(rank=4), factory.position(rank=1), factory.position(rank=2)
    for name, unit, position in [("RankLowA", ministry, low), ("RankHighA", division, high),
                                 ("RankLowB", division, low), ("RankMid", ministry, middle),
                                 ("RankHighB", ministry, high), ("RankNone", division, None)]:
        factory.employee(unit, position=position, last_name_en=name)
    client = login_as(factory.user(roles=[(ADMIN, None)]))

    ascending = client.get("/directory/employees?q=Rank&sort=position").get_data(as_text=True)
    descending = client.get("/directory/employees?q=Rank&sort=-position").get_data(as_text=True)
    # Someone without a position sorts where the database puts NULL (PostgreSQL and SQLite differ): only listed.
    assert [n for n in _names(ascending) if n != "RankNone"] == \
        ["RankHighA", "RankHighB", "RankMid", "RankLowA", "RankLowB"]
    assert [n for n in _names(descending) if n != "RankNone"] == \
        ["RankLowA", "RankLowB", "RankMid", "RankHighA", "RankHighB"]  # the same post: by id, in both orders
    for page in (ascending, descending):
        assert "RankNone" in _names(page) and "6 results" in page
        assert "Sorted Division" in page and high.title_en in page  # each row came with its unit and position


def test_the_page_of_a_search_sorted_by_position_counts_and_pages_by_key(app, login_as, factory, db):
    app.config["PAGE_SIZE"] = 2
    try:
        unit = factory.unit(name_en="Ministry Paged")
        positions = [factory.position(rank=r) for r in (1, 2, 3, 4)]
        for i, position in enumerate(positions):
            factory.employee(unit, position=position, last_name_en=f"RankPaged{i}")
        client = login_as(factory.user(roles=[(ADMIN, None)]))
        first = client.get("/directory/employees?q=RankPaged&sort=-position").get_data(as_text=True)
        second = client.get("/directory/employees?q=RankPaged&sort=-position&page=2").get_data(as_text=True)
        past = client.get("/directory/employees?q=RankPaged&sort=-position&page=9").get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = 25
    assert _names(first) == ["RankPaged3", "RankPaged2"] and "4 results" in first
    assert _names(second) == ["RankPaged1", "RankPaged0"] and "4 results" in second
    assert _names(past) == [] and "4 results" in past


def test_a_units_total_is_its_headcount_kept_by_hires_and_leavers(login_as, factory, db):
    ministry = factory.unit(name_en="Ministry Counted")
    division = factory.unit(parent=ministry, kind="division")
    for _ in range(3):
        factory.employee(division)
    leaver = factory.employee(ministry)
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert "4 results" in client.get(f"/directory/units/{ministry.id}").get_data(as_text=True)

    leaver.deleted_at = datetime(2026, 1, 1)
    db.session.commit()
    factory.employee(division)
    factory.employee(division)
    db.session.commit()
    page = client.get(f"/directory/units/{ministry.id}").get_data(as_text=True)
    assert "5 results" in page and leaver.last_name_en not in page
    assert "5 results" in client.get(f"/directory/units/{division.id}").get_data(as_text=True)


def test_row_links_built_once_are_the_links_url_for_builds(app):
    for root in ("", "/suite"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for value in (1, 42, 987654321, 10**12):
                assert id_url("directory.profile", value) == url_for("directory.profile", employee_id=value)
                assert id_url("directory.unit", value) == url_for("directory.unit", unit_id=value)
            assert id_url("directory.profile", 5).startswith(f"{root}/directory/")
            before, after = id_url_halves("directory.unit")
            assert f"{before}7{after}" == url_for("directory.unit", unit_id=7)


def _rows(page: str) -> list[str]:
    return re.findall(r'<td><a href="/directory/employees/\d+">([^<]+)</a></td>', page)


def test_a_units_staff_page_lists_what_the_search_of_the_unit_lists_in_every_order(app, login_as, factory, db):
    """The unit page reads its staff through a statement built once (``unit_staff``); the search of the same unit
    builds its own: same people, same order, same pages, sub-units and positions included."""
    app.config["PAGE_SIZE"] = 3
    try:
        ministry = factory.unit(name_en="Ministry Ordered")
        division = factory.unit(parent=ministry, kind="division", name_en="Ordered_Division")
        factory.unit(name_en="Elsewhere")
        staff = [(ministry, 2), (division, 1), (division, None), (ministry, 4), (division, 2)]
        for i, (unit, rank) in enumerate(staff):
            position = factory.position(rank=rank) if rank else None
            factory.employee(unit, position=position, last_name_en=f"Ordered{i}", hire_date=date(2010, 1, 1 + i))
        client = login_as(factory.user(roles=[(ADMIN, None)]))
        for sort in ("name", "-name", "name_ka", "unit", "-position", "hired", "bogus"):
            for number in (1, 2, 3):
                unit_page = client.get(f"/directory/units/{ministry.id}?sort={sort}&page={number}").text
                search = client.get(f"/directory/employees?unit={ministry.id}&sort={sort}&page={number}").text
                assert _rows(unit_page) == _rows(search), (sort, number)
                assert ("5 results" in unit_page) == ("5 results" in search)
        assert len(_rows(client.get(f"/directory/units/{ministry.id}?sort=name&page=1").text)) == 3
    finally:
        app.config["PAGE_SIZE"] = 25
