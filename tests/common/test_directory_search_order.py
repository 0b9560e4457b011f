"""Every page of a search is the slice of the whole sorted list it names.

On PostgreSQL a search sorted by position or unit walks the posts (or units) in order and reads each one's
matches, stopping once the page is full (``common.directory.search``): its pages must be those of sorting every
match, with people without a post where the database puts ``NULL``, across posts, across the cap and in scope.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from common.models.users import HR_OFFICER

SORTS = ["position", "-position", "unit", "-unit", "name", "-hired"]


@pytest.fixture()
def spread(app, factory, db):
    app.config["PAGE_SIZE"], app.config["SEARCH_COUNT_CAP"] = 3, 10
    ministry = factory.unit(name_en="Ministry Spread")
    divisions = [factory.unit(parent=ministry, kind="division") for _ in range(2)]
    elsewhere = factory.unit(name_en="Ministry Elsewhere")
    posts = [factory.position(rank=rank) for rank in (1, 2, 2, 3, 4)] + [None]
    people = [factory.employee((ministry, *divisions)[i % 3], position=posts[(i * 5) % 6],
                               last_name_en=f"Spread{i:02d}") for i in range(23)]
    factory.employee(elsewhere, position=posts[0], last_name_en="Spread99")  # out of the reader's scope
    factory.employee(divisions[0], position=posts[1], last_name_en="Spread98", deleted_at=datetime(2026, 1, 1))
    yield {"ministry": ministry, "divisions": divisions, "people": people}
    app.config["PAGE_SIZE"], app.config["SEARCH_COUNT_CAP"] = 25, 1000


def _expected(people: list, sort: str, nulls_smallest: bool) -> list[str]:
    """The people in ``sort``'s order as the database sorts them: by the sort's key in its direction, then by id."""
    descending = sort.startswith("-")

    def key(e):
        if sort.lstrip("-") == "position":
            values = (e.position.rank, e.position.code) if e.position else None
        elif sort.lstrip("-") == "unit":
            values = (e.org_unit.code,)
        elif sort.lstrip("-") == "hired":
            values = (e.hire_date,)
        else:
            values = (e.last_name_en, e.first_name_en)
        # PostgreSQL takes NULL as larger than any value, SQLite as smaller.
        return (0 if nulls_smallest else 1, ()) if values is None else (1 if nulls_smallest else 0, values)

    groups: dict = {}
    for e in people:
        groups.setdefault(key(e), []).append(e)
    ordered = sorted(groups, reverse=descending)
    return [e.last_name_en for k in ordered for e in sorted(groups[k], key=lambda e: e.id)]


def _names(page: str) -> list[str]:
    return re.findall(r">Nino (Spread\d+)<", page)


@pytest.mark.parametrize("sort", SORTS)
def test_every_page_is_its_slice_of_the_whole_order(login_as, factory, db, spread, sort):
    client = login_as(factory.user(roles=[(HR_OFFICER, spread["ministry"])]))
    expected = _expected(spread["people"], sort, db.engine.dialect.name == "sqlite")
    for number in range(1, 10):
        page = client.get(f"/directory/employees?q=spread&sort={sort}&page={number}").get_data(as_text=True)
        assert _names(page) == expected[(number - 1) * 3:number * 3], number
        assert "more than 10 results" in page and "Spread99" not in page and "Spread98" not in page


@pytest.mark.parametrize("sort", ["position", "-position", "unit", "-unit"])
def test_a_units_search_below_the_cap_is_counted_exactly_and_walked_in_order(login_as, factory, db, spread, sort):
    division = spread["divisions"][0]
    client = login_as(factory.user(roles=[(HR_OFFICER, spread["ministry"])]))
    staff = [e for e in spread["people"] if e.org_unit_id == division.id]
    expected = _expected(staff, sort, db.engine.dialect.name == "sqlite")
    seen = []
    for number in range(1, 5):
        page = client.get(f"/directory/employees?q=spread&unit={division.id}&sort={sort}&page={number}")
        text = page.get_data(as_text=True)
        seen += _names(text)
        assert f"{len(staff)} results" in text and "more than" not in text
    assert seen == expected
