"""The data-entry grid paged by objective: a pager naming the objectives, values saved from a page kept and
shown on that page, and the same statements on every page (fewer once the page is kept)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from monitoring import grid_plan
from monitoring.models import DataValue, ResultNode


@pytest.fixture()
def objectives(factory: Any, me: Any, db: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Three objectives of 3, 1 and 3 indicators with pages of 4: "1.1" and "1.2" share page 1, "1.3" is page 2."""
    monkeypatch.setattr(grid_plan, "PAGE_SIZE", 4)
    found = {}
    for code, title, size in (("1.1", "Faster refunds", 3), ("1.2", "Fewer audits", 1), ("1.3", "Open data", 3)):
        node = me.objective if code == "1.1" else factory.me_result(me.document, parent=me.goal, code=code)
        node.title_en = title
        found[code] = [factory.me_indicator(me.document, node, code=f"OBJ{code}-{n}") for n in range(size)]
    db.session.commit()
    return found


def _cell_url(page: str, indicator: Any) -> str:
    """The link of the indicator's latest period in the grid, as the officer follows it."""
    links = re.findall(rf'href="(/me/indicators/{indicator.id}/values\?[^"]+)"', page)
    return html.unescape(links[-1])


def test_the_pager_names_the_objectives_and_each_page_holds_whole_objectives(me, login_as, objectives):
    officer = login_as(me.officer)
    first = officer.get("/me/entry").get_data(as_text=True)
    assert all(i.code in first for i in objectives["1.1"] + objectives["1.2"])
    assert not any(i.code in first for i in objectives["1.3"])
    assert '<strong aria-current="page">1.1 Faster refunds; 1.2 Fewer audits</strong>' in first
    assert '<a href="/me/entry?page=2">1.3 Open data</a>' in first and 'rel="next"' in first
    second = officer.get("/me/entry?page=2").get_data(as_text=True)
    assert all(i.code in second for i in objectives["1.3"]) and objectives["1.1"][0].code not in second
    assert "PAR · 1.3 Open data" in second and 'rel="prev"' in second
    assert "Page 2 of 2 (7 indicators)" in second


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_a_value_saved_from_page_2_is_kept_and_shown_on_page_2(request, app, me, db, login_as, objectives, store,
                                                               monkeypatch):
    if store == "redis":  # the plan and the rows kept in Redis, as in production
        monkeypatch.setitem(app.config, "REDIS_URL", request.getfixturevalue("redis_url"))
    officer = login_as(me.officer)
    on_first, on_second = objectives["1.1"][0], objectives["1.3"][1]
    first_url = _cell_url(officer.get("/me/entry").get_data(as_text=True), on_first)
    assert officer.post(first_url, data={"v_0_value": "11", "action": "save"}).status_code == 302

    second = officer.get("/me/entry?page=2").get_data(as_text=True)
    form = officer.get(_cell_url(second, on_second)).get_data(as_text=True)
    back_link = f'href="/me/entry?indicator={on_second.id}#indicator-{on_second.id}">Back to the objective in the grid'
    assert back_link in form
    saved = officer.post(_cell_url(second, on_second), data={"v_0_value": "22", "action": "save"})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"/me/entry?indicator={on_second.id}#indicator-{on_second.id}")
    back = officer.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Values saved as a draft." in back and "Page 2 of 2" in back
    row = back[back.index(f'id="indicator-{on_second.id}"'):].split("</tr>")[0]
    assert "Draft" in row

    # The value entered from page 1 is still there, and still shown on page 1.
    stored = {(v.indicator_id, v.value) for v in db.session.query(DataValue)}
    assert stored == {(on_first.id, 11.0), (on_second.id, 22.0)}
    first = officer.get("/me/entry").get_data(as_text=True)
    assert "Draft" in first[first.index(f'id="indicator-{on_first.id}"'):].split("</tr>")[0]


def test_every_page_runs_the_same_statements_and_a_kept_page_fewer(me, login_as, objectives, count_queries):
    officer = login_as(me.officer)
    counts = {}
    for visit in ("first", "again"):
        for page in (1, 2):
            with count_queries() as counter:
                text = officer.get(f"/me/entry?page={page}").get_data(as_text=True)
            assert f"Page {page} of 2" in text
            counts[visit, page] = counter.count
    assert counts["first", 1] == counts["first", 2]
    assert counts["again", 1] == counts["again", 2] < counts["first", 1]


def test_the_pager_is_drawn_once_per_page_and_language_and_follows_a_renamed_objective(me, db, login_as, objectives,
                                                                                      monkeypatch):
    """The pager names every page's objectives, so drawing it at each view grew with the indicators in scope: it is
    kept drawn, per page and language, and retired by the writes that change the plan."""
    from monitoring import entry_grid

    drawn: list[int] = []
    real = entry_grid._nav
    monkeypatch.setattr(entry_grid, "_nav", lambda pager, number: drawn.append(number) or real(pager, number))
    officer = login_as(me.officer)
    for _visit in range(2):
        assert '<a href="/me/entry?page=2">1.3 Open data</a>' in officer.get("/me/entry").get_data(as_text=True)
    assert drawn == [1]
    officer.post("/auth/language", data={"lang": "ka", "next": "/"})
    officer.get("/me/entry")
    assert drawn == [1, 1]
    officer.post("/auth/language", data={"lang": "en", "next": "/"})

    node = db.session.get(ResultNode, objectives["1.3"][0].result_id)
    node.title_en = "Open data portal"
    db.session.commit()
    first = officer.get("/me/entry").get_data(as_text=True)
    assert '<a href="/me/entry?page=2">1.3 Open data portal</a>' in first and drawn == [1, 1, 1]
