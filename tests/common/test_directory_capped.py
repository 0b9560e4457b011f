"""Directory search counts exactly only up to ``SEARCH_COUNT_CAP``: past it the page says "more than"
(a national search for a common surname would otherwise count every match on each page view)."""

from __future__ import annotations

import pytest

from common.models.users import ADMIN
from tests.common.test_directory import _bulk_employees


@pytest.fixture()
def crowded(app, factory, db):
    app.config["SEARCH_COUNT_CAP"] = 30
    unit = factory.unit(name_en="Ministry Crowded")
    _bulk_employees(db, unit, 60, 0)
    yield unit
    app.config["SEARCH_COUNT_CAP"] = 1000


def test_above_the_cap_the_count_says_more_than(login_as, factory, crowded):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get("/directory/employees?q=Bulk").get_data(as_text=True)
    assert "more than 30 results" in page and "Page 1 of" not in page
    assert "Bulk000000" in page and 'rel="next"' in page
    last = client.get("/directory/employees?q=Bulk&page=3").get_data(as_text=True)
    assert "Bulk000059" in last and 'rel="next"' not in last and 'rel="prev"' in last
    unit = client.get(f"/directory/units/{crowded.id}").get_data(as_text=True)
    assert "more than 30 results" in unit


def test_below_the_cap_the_count_is_exact(login_as, factory, crowded):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get("/directory/employees?q=Bulk00001").get_data(as_text=True)
    assert "10 results" in page and "more than" not in page


def test_georgian_says_more_than(login_as, factory, crowded):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    with client.session_transaction() as session:
        session["lang"] = "ka"
    page = client.get("/directory/employees?q=Bulk").get_data(as_text=True)
    assert "30-ზე მეტი შედეგი" in page


@pytest.mark.parametrize("sort", ["name", "-hired", "-position", "unit"])
def test_every_order_reads_its_page_and_capped_count_in_one_statement(login_as, factory, crowded, count_queries,
                                                                       sort):
    """The page's rows and the count, counted no further than the cap, come from one statement whatever the order
    (by position or unit, PostgreSQL walks the posts or units in order and stops once the page is full), and the
    page still says "more than" above the cap and the exact number below it."""
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    client.get("/directory/employees?q=Bulk")
    with count_queries() as by_name:
        client.get("/directory/employees?q=Bulk").get_data(as_text=True)
    with count_queries() as sorted_apart:
        page = client.get(f"/directory/employees?q=Bulk&sort={sort}").get_data(as_text=True)
    assert sorted_apart.count == by_name.count
    assert len([s for s in sorted_apart.statements if "search_text" in s]) == 1
    assert "more than 30 results" in page and 'rel="next"' in page
    last = client.get(f"/directory/employees?q=Bulk&sort={sort}&page=3").get_data(as_text=True)
    assert "Bulk0000" in last and 'rel="next"' not in last and "more than 30 results" in last
    exact = client.get(f"/directory/employees?q=Bulk00001&sort={sort}").get_data(as_text=True)
    assert "10 results" in exact and "more than" not in exact
    past = client.get(f"/directory/employees?q=Bulk00001&sort={sort}&page=5").get_data(as_text=True)
    assert "Bulk000010" not in past and "more than" not in past and "10 results" in past
