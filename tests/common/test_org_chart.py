"""The org chart draws whole levels only while they fit in ``ORG_CHART_UNITS``: a national ministry's branch in
every municipality would make the page (and its cost) grow with the country. Units whose sub-units are not drawn
say how many they have and link to their own chart."""

from __future__ import annotations

import re

import pytest

from common.models.users import ADMIN


@pytest.fixture()
def wide(app, factory, db):
    """A ministry, 2 departments, 3 divisions under each, 4 sections under every division (1 + 2 + 6 + 24 units)."""
    ministry = factory.unit("WM", name_en="Ministry Wide")
    for d in range(2):
        dept = factory.unit(f"WM-{d}", parent=ministry, kind="department", name_en=f"Wide Dept {d}")
        for v in range(3):
            division = factory.unit(f"WM-{d}-{v}", parent=dept, kind="division", name_en=f"Wide Division {d}{v}")
            for s in range(4):
                factory.unit(f"WM-{d}-{v}-{s}", parent=division, kind="division", name_en=f"Wide Section {d}{v}{s}")
    db.session.commit()
    app.config["ORG_CHART_UNITS"] = 20
    yield ministry
    app.config["ORG_CHART_UNITS"] = 40


def test_levels_beyond_the_budget_are_linked_not_drawn(login_as, factory, wide):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get(f"/directory/units/{wide.id}/chart").get_data(as_text=True)
    assert "Wide Division 12" in page and "Wide Section" not in page
    assert page.count("4 sub-units") == 6
    division = re.search(r'href="/directory/units/(\d+)/chart">4 sub-units', page).group(1)
    below = client.get(f"/directory/units/{division}/chart").get_data(as_text=True)
    assert "Wide Section" in below and "sub-unit" not in below


def test_a_chart_within_the_budget_draws_three_levels(app, login_as, factory, wide):
    app.config["ORG_CHART_UNITS"] = 40
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get(f"/directory/units/{wide.id}/chart").get_data(as_text=True)
    assert "Wide Section 123" in page and "sub-unit" not in page


def test_georgian_names_the_sub_units(login_as, factory, wide):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    with client.session_transaction() as session:
        session["lang"] = "ka"
    page = client.get(f"/directory/units/{wide.id}/chart").get_data(as_text=True)
    assert page.count("4 ქვედანაყოფი") == 6
