"""The org chart's tree is kept drawn per unit and language (common.directory.chart_cache): a kept view must log
the same people as read as a drawn one, and every write to what the tree shows must show at the next request."""

from __future__ import annotations

import re

from common.models.users import ADMIN
from tests.common.reads_helpers import indexed_subjects, read_entries


def _chart(client, unit) -> str:
    return client.get(f"/directory/units/{unit.id}/chart").get_data(as_text=True)


def _masked(page: str) -> str:
    """The page without its CSRF token, whose signature carries the second it was made in."""
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', page)


def test_a_kept_chart_logs_the_heads_it_names_as_a_drawn_one_does(login_as, factory, db, count_queries):
    ministry = factory.unit(name_en="Ministry Kept")
    dept = factory.unit(parent=ministry, kind="department", name_en="Kept Department")
    head = factory.employee(dept, last_name_en="Keptson")
    staff = [factory.employee(dept, manager=head) for _ in range(2)]
    minister = factory.employee(ministry, last_name_en="Ministerson")
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    drawn = _chart(client, ministry)
    with count_queries() as kept_queries:
        kept = _chart(client, ministry)
    assert _masked(kept) == _masked(drawn) and "Keptson" in kept and "Ministerson" in kept
    first, second = read_entries(db, "unit")
    assert first.subject_ids == second.subject_ids == sorted([head.id, minister.id])
    assert indexed_subjects(db, second) == {head.id, minister.id} and staff[0].id not in second.subject_ids
    with count_queries() as drawn_queries:
        _chart(client, dept)  # another unit: drawn
    assert kept_queries.count < drawn_queries.count


def test_writes_to_what_the_chart_shows_show_at_the_next_request(login_as, factory, db):
    ministry = factory.unit(name_en="Ministry Changing")
    dept = factory.unit(parent=ministry, kind="department", name_en="Changing Department")
    post = factory.position()
    head = factory.employee(dept, last_name_en="Firstname", position=post)
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert "Firstname" in _chart(client, ministry) and post.title_en in _chart(client, ministry)

    head.last_name_en = "Renamed"  # a head's name
    db.session.commit()
    assert "Renamed" in _chart(client, ministry)
    post.title_en = "Chief of Everything"  # a head's post
    db.session.commit()
    assert "Chief of Everything" in _chart(client, ministry)
    dept.name_en = "Renamed Department"  # a unit
    db.session.commit()
    assert "Renamed Department" in _chart(client, ministry)
    newcomer = factory.employee(dept, manager=head)  # a hire: the headcounts
    db.session.commit()
    assert _chart(client, ministry).count("2 staff") == 2
    factory.unit(parent=dept, kind="division", name_en="New Division")  # a new unit
    db.session.commit()
    assert "New Division" in _chart(client, ministry)
    head.manager_id = newcomer.id  # the head now reports inside the unit: the newcomer heads it
    newcomer.manager_id = None
    db.session.commit()
    page = _chart(client, dept)
    assert f"/directory/employees/{newcomer.id}" in page and f"/directory/employees/{head.id}\"" not in page


def test_the_tree_is_drawn_in_the_readers_language(login_as, factory, db):
    ministry = factory.unit(name_en="Ministry Bilingual")
    factory.employee(ministry, last_name_en="Englishson", last_name_ka="ქართველიშვილი")
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert "Englishson" in _chart(client, ministry)
    with client.session_transaction() as session:
        session["lang"] = "ka"
    assert "ქართველიშვილი" in _chart(client, ministry) and "Englishson" not in _chart(client, ministry)
