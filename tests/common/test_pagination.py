"""Paged lists (``common.pagination`` over Flask-SQLAlchemy's ``db.paginate``): the pager a reader follows, and a page
number typed or crafted into the address bar that never breaks the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from common.models import Employee
from common.models.users import HR_OFFICER
from common.pagination import MAX_PAGE, page_number, paginate, paginate_counted


@pytest.fixture()
def thirty_staff(factory):
    ministry = factory.unit("MP", name_en="Ministry of Pages")
    for n in range(30):
        factory.employee(ministry, last_name_en=f"Pager{n:02d}", first_name_en="Ana")
    return factory.user(roles=[(HR_OFFICER, ministry)])


def test_the_staff_list_pages_forward_and_back(login_as, thirty_staff, app):
    client = login_as(thirty_staff)
    first = client.get("/directory/employees").get_data(as_text=True)
    pages = -(-30 // app.config["PAGE_SIZE"])
    assert f"Page 1 of {pages}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/directory/employees?page=2").get_data(as_text=True)
    assert "Page 2 of" in second and 'rel="prev"' in second


@pytest.mark.parametrize("crafted", ["abc", "-3", "0", "1e9", str(10**30), str(2**63)])
def test_a_malformed_or_huge_page_number_shows_a_page_not_an_error(login_as, thirty_staff, crafted):
    response = login_as(thirty_staff).get(f"/directory/employees?page={crafted}")
    assert response.status_code == 200
    assert "Something went wrong" not in response.get_data(as_text=True)


def test_page_numbers_are_read_forgivingly(db, thirty_staff):
    assert [page_number(v) for v in (None, "x", "-1", 0, 3, 10**40)] == [1, 1, 1, 1, 3, MAX_PAGE]
    stmt = select(Employee).order_by(Employee.last_name_en)
    page = paginate(stmt, 2, 10)
    assert (page.page, page.total, page.pages, len(page.items)) == (2, 30, 3, 10)
    assert page.items[0].last_name_en == "Pager10"
    assert paginate(stmt, 1, 10, total=99).total == 99, "a count the caller holds is not counted again"
    assert paginate(stmt, MAX_PAGE, 10).items == []


@pytest.mark.parametrize("crafted", ["abc", str(10**30)])
def test_a_crafted_page_number_with_the_position_order_shows_a_page(login_as, thirty_staff, crafted):
    response = login_as(thirty_staff).get(f"/directory/employees?sort=-position&page={crafted}")
    assert response.status_code == 200
    assert "Something went wrong" not in response.get_data(as_text=True)


def test_a_counted_page_holds_the_total_of_every_match(db, thirty_staff, count_queries):
    stmt = select(Employee).where(Employee.last_name_en.like("Pager%")).order_by(Employee.last_name_en.desc())
    with count_queries() as counter:
        page = paginate_counted(stmt, 2, 10)
    assert (page.page, page.total, page.pages, len(page.items)) == (2, 30, 3, 10)
    assert page.items[0].last_name_en == "Pager19" and counter.count == 1
    past = paginate_counted(stmt, 7, 10)
    assert (past.items, past.total) == ([], 30), "a page past the end still knows the total"
