"""The HR dashboard's unit picker, kept per scope, language and org-unit version: only the reader's units, in their
language, and a new, renamed or closed unit at the very next request, whatever wrote it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update

from common.directory import operations as directory_ops
from common.extensions import db
from common.models import OrgUnit
from common.models.users import HR_OFFICER
from tests.reports.helpers import build_ministry
from tests.reports.test_dash import CALLBACK, _page_body


def _find(node: Any, component_id: str) -> dict[str, Any] | None:
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        values = node.values()
    elif isinstance(node, list):
        values = node
    else:
        return None
    for value in values:
        found = _find(value, component_id)
        if found is not None:
            return found
    return None


def _picker(client: Any) -> list[str]:
    """The labels the HR dashboard's unit picker offers, as the routing callback builds the page."""
    response = client.post(CALLBACK, json=_page_body("/dashboards/hr"))
    assert response.status_code == 200
    dropdown = _find(response.get_json(), "hr-unit")
    assert dropdown is not None
    return [option["label"] for option in dropdown["props"]["options"]]


def test_the_picker_offers_the_readers_units_only_in_their_language(factory, login_as):
    world = build_ministry(factory)
    everywhere = factory.user(roles=[(HR_OFFICER, None)])
    db.session.commit()
    hr, hr_other, national = login_as(world.hr), login_as(world.hr_other), login_as(everywhere)
    expected = ["Ministry A (MA)", "— Audit Division (MA-A)", "— Budget Division (MA-B)", "— Tax Division (MA-T)"]
    assert _picker(hr) == expected
    assert _picker(hr_other) == ["Ministry B (MB)"]
    assert _picker(national) == ["Whole civil service", *expected, "Ministry B (MB)"]
    assert _picker(hr) == expected, "a second visit (from the kept tree) offers the same"
    hr.post("/auth/language", data={"lang": "ka", "next": "/"})
    national.post("/auth/language", data={"lang": "ka", "next": "/"})
    assert _picker(hr) == ["ერთეული MA (MA)", "— ერთეული MA-A (MA-A)", "— ერთეული MA-B (MA-B)",
                           "— ერთეული MA-T (MA-T)"]
    assert _picker(national)[0] == "მთელი საჯარო სამსახური"
    assert _picker(hr_other) == ["Ministry B (MB)"], "still English for the reader who did not switch"


def test_a_new_renamed_or_closed_unit_shows_at_the_next_request(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    assert "— Budget Division (MA-B)" in _picker(hr)
    directory_ops.create_org_unit("MA-N", "ახალი", "New Division", "division", parent=world.unit, audit=False)
    db.session.commit()
    assert "— New Division (MA-N)" in _picker(hr)
    world.budget.name_en = "Budgeting Division"
    db.session.commit()
    labels = _picker(hr)
    assert "— Budgeting Division (MA-B)" in labels and "— Budget Division (MA-B)" not in labels
    # A bulk statement (the directory importer's way) retires the tree too.
    db.session.execute(update(OrgUnit).where(OrgUnit.id == world.tax.id).values(name_en="Revenue Division"))
    db.session.commit()
    assert "— Revenue Division (MA-T)" in _picker(hr)
    world.audit.valid_to = date(2024, 1, 1)
    db.session.commit()
    assert not any("MA-A" in label for label in _picker(hr)), "a closed unit is no longer offered"


def test_a_second_visit_does_not_load_the_units_again(factory, login_as, count_queries):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    with count_queries() as first:
        _picker(hr)
    with count_queries() as second:
        _picker(hr)
    assert any("ORDER BY org_unit.depth" in statement for statement in first.statements)
    assert not any("ORDER BY org_unit.depth" in statement for statement in second.statements)
