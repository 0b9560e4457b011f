"""The HR figures: right counts, small groups suppressed, the scope applied, cached and retired on change."""

from __future__ import annotations

import pytest

from common import cache
from common.directory.operations import import_directory_file
from common.extensions import db
from reports.hr_figures import hr_figures, hr_table
from reports.privacy import HIDDEN, SMALL, suppress
from tests.reports.helpers import YEAR, build_ministry


def _cells(figures, key):
    return {row["key"]: row["n"] for row in figures[key]}


def test_a_lone_small_group_takes_the_next_smallest_with_it():
    assert suppress({"a": 12, "b": 7, "c": 3}) == {"a": 12, "b": HIDDEN, "c": SMALL}
    assert suppress({"a": 12, "b": 2, "c": 3}) == {"a": 12, "b": SMALL, "c": SMALL}  # two small: no sum to undo
    assert suppress({"a": 14, "b": 8}) == {"a": 14, "b": 8}


def test_headcount_by_every_dimension_on_the_last_day_of_the_year(factory):
    world = build_ministry(factory)
    figures = hr_figures(world.hr, world.unit.id, YEAR)
    assert figures["total"] == 22 and figures["on"] == "2024-12-31"
    by_unit = {row["code"]: row["n"] for row in figures["by_unit"]}
    assert by_unit == {"MA-A": SMALL, "MA-B": 12, "MA-T": HIDDEN}  # 3 people, and 7 that would give them away
    assert _cells(figures, "by_rank") == {"3": 12, "2": HIDDEN, "4": SMALL}
    assert _cells(figures, "by_category") == {"specialist": 12, "middle management": HIDDEN, "support staff": SMALL}
    assert _cells(figures, "by_gender") == {"female": 14, "male": 8}
    assert _cells(figures, "by_age_band") == {"30_39": 12, "60_plus": HIDDEN, "under_30": SMALL}


def test_hires_and_leavers_by_year_count_leave_dates_and_leaver_marks(factory):
    world = build_ministry(factory)
    figures = hr_figures(world.hr, world.unit.id, YEAR)
    moves = {row["year"]: (row["hires"], row["leavers"]) for row in figures["movements"]}
    assert list(moves) == list(range(2015, 2025))
    assert moves[2015] == (10, 0) and moves[2020] == (5, 0) and moves[2024] == (7, SMALL)
    assert moves[2023] == (SMALL, SMALL)  # 3 hires, 2 leavers: both suppressed


def test_an_earlier_year_counts_who_was_in_post_then(factory):
    world = build_ministry(factory)
    figures = hr_figures(world.hr, world.unit.id, 2023)
    # The tax division was hired in 2024; its leaver (marked in 2024) was still there; the budget leavers were not.
    assert figures["total"] == 16
    assert {row["code"]: row["n"] for row in figures["by_unit"]} == {"MA-A": SMALL, "MA-B": 12, "MA-T": SMALL}


def test_the_scope_decides_which_units_answer(factory):
    world = build_ministry(factory)
    assert hr_figures(world.hr, world.other.id, YEAR) is None
    assert hr_figures(world.hr, 0, YEAR) is None  # the whole civil service: unscoped roles only
    assert hr_figures(world.hr, 999999, YEAR) is None
    assert hr_figures(world.hr_other, world.other.id, YEAR)["total"] == 20
    admin = factory.user(roles=[("admin", None)])
    everyone = hr_figures(admin, 0, YEAR)
    assert everyone["total"] == 42 and {row["code"] for row in everyone["by_unit"]} == {"MA", "MB"}
    employee = factory.user()
    assert hr_figures(employee, world.unit.id, YEAR) is None


def test_tables_read_the_same_cells_in_both_languages(factory):
    from flask_babel import force_locale

    world = build_ministry(factory)
    figures = hr_figures(world.hr, world.unit.id, YEAR)
    with force_locale("en"):
        english = hr_table(figures, "by_unit").display_rows()
    with force_locale("ka"):
        georgian = hr_table(figures, "by_unit").display_rows()
    assert english == [["Audit Division", "<5"], ["Budget Division", "12"], ["Tax Division", "hidden"],
                       ["Total", "22"]]
    assert georgian[0] == ["ერთეული MA-A", "<5"] and georgian[1][1] == "12" and georgian[3][1] == "22"


@pytest.mark.parametrize("redis", [False, True], ids=["in-process", "redis"])
def test_figures_are_cached_until_the_directory_changes(factory, app, count_queries, redis, monkeypatch, request):
    """HR figures are cached (in process, or in Redis) until the directory changes."""
    if redis:
        redis_url = request.getfixturevalue("redis_url")
        monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
        cache.clear()
    world = build_ministry(factory)
    first = hr_figures(world.hr, world.unit.id, YEAR)
    with count_queries() as counter:
        again = hr_figures(world.hr, world.unit.id, YEAR)
    assert again == first
    assert not [s for s in counter.statements if "employee" in s.lower()], "a cached answer reads no staff"
    if redis:
        import redis as redis_client

        keys = redis_client.Redis.from_url(redis_url).keys("suite:cache:directory:*")
        assert keys, "the figures are stored in Redis"
    csv = ("personal_number,first_name_ka,last_name_ka,first_name_en,last_name_en,gender,birth_date,hire_date,"
           "org_unit_code\n" + "".join(f"{70000000000 + i},ანა,ახალი{i},Ana,New{i},female,1990-01-01,2024-01-01,MA-A\n"
                                       for i in range(5)))
    result = import_directory_file(csv.encode(), "new.csv", actor=None)
    assert not result.rejected and result.created == 5
    after = hr_figures(world.hr, world.unit.id, YEAR)
    assert after["total"] == 27 and {row["code"]: row["n"] for row in after["by_unit"]}["MA-A"] == 8


def test_the_figures_cost_the_same_queries_for_a_small_and_a_large_ministry(factory, count_queries):
    from datetime import date

    from tests.reports.helpers import add_people, people

    world = build_ministry(factory)

    def statements() -> int:
        cache.clear()
        db.session.commit()  # the same start each time: nothing loaded
        with count_queries() as counter:
            assert hr_figures(world.hr, world.unit.id, YEAR) is not None
        return counter.count

    small = statements()
    divisions = [factory.unit(f"MA-X{n}", parent=world.unit, kind="division") for n in range(30)]
    add_people([row for n, unit in enumerate(divisions)
                for row in people(unit, 40, start=50_000 + n * 100, hired=date(2019, 1, 1))])
    assert hr_figures(world.hr, world.unit.id, YEAR)["total"] == 22  # still cached: nothing was signalled
    assert statements() == small
    assert hr_figures(world.hr, world.unit.id, YEAR)["total"] == 22 + 1200
