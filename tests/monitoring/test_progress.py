"""Progress and status, against cases worked out by hand (no database: ``monitoring.progress`` is pure).

Dates used throughout: baseline at the end of 2022, final target at the end of 2026 (1,461 days later),
latest data at the end of 2024 (731 days after the baseline), so 731/1461 = 0.50034 of the way is expected.
"""

from __future__ import annotations

from datetime import date

import pytest

from monitoring import periods
from monitoring import progress as pg

START = date(2023, 1, 1)
HALF = 731 / 1461


def _progress(spec: pg.Spec, series: list[tuple[str, float]], targets: dict[str, float]) -> pg.Progress:
    return pg.indicator_progress(spec, series, targets, start=START)


def test_increasing_indicator_halfway_at_halftime_is_on_track():
    spec = pg.Spec(baseline=40, baseline_year=2022, aggregation="last")
    result = _progress(spec, [("2024Q3", 55), ("2024Q4", 60)], {"2026": 80})
    assert result.actual == 60 and result.as_of == "2024Q4"
    assert result.progress == pytest.approx(0.5)  # (60 − 40) / (80 − 40)
    assert result.expected == pytest.approx(HALF)
    assert result.ratio == pytest.approx(0.5 / HALF)  # 0.9993
    assert result.status == pg.GREEN


@pytest.mark.parametrize(("actual", "status"), [(55, pg.AMBER), (50, pg.RED), (80, pg.GREEN)])
def test_increasing_indicator_behind_schedule_turns_amber_then_red(actual, status):
    # 55: progress 0.375, 0.375 / 0.50034 = 0.7495 (amber ≥ 0.7); 50: 0.25 / 0.50034 = 0.4997 (red).
    spec = pg.Spec(baseline=40, baseline_year=2022, aggregation="last")
    assert _progress(spec, [("2024Q4", actual)], {"2026": 80}).status == status


@pytest.mark.parametrize(("actual", "share", "status"), [
    (20, 0.5, pg.GREEN),    # (20 − 30) / (10 − 30) = 0.5
    (22, 0.4, pg.AMBER),    # 0.4 / 0.50034 = 0.7995
    (26, 0.2, pg.RED),      # 0.2 / 0.50034 = 0.3997
    (35, -0.25, pg.RED),    # moved the wrong way
])
def test_decreasing_indicator_counts_a_fall_as_progress(actual, share, status):
    spec = pg.Spec(baseline=30, baseline_year=2022, direction="decrease", aggregation="last")
    result = _progress(spec, [("2024Q4", actual)], {"2026": 10})
    assert result.progress == pytest.approx(share)
    assert result.status == status


def test_expected_progress_follows_intermediate_targets():
    # Baseline 40 (2022), target 50 for 2024, 80 for 2026: at the end of 2024, 50 is expected, which is
    # (50 − 40) / (80 − 40) = 0.25 of the way; an actual of 50 is exactly on track.
    spec = pg.Spec(baseline=40, baseline_year=2022, aggregation="last")
    result = _progress(spec, [("2024Q4", 50)], {"2024": 50, "2026": 80})
    assert result.expected == pytest.approx(0.25)
    assert result.progress == pytest.approx(0.25)
    assert result.status == pg.GREEN


def test_percentage_over_regions_divides_summed_numerators_by_summed_denominators():
    # Region offices A: 30 of 100 (30 %), B: 90 of 200 (45 %). Overall 120 of 300 = 40 %, not the average 37.5 %.
    spec = pg.Spec(unit="percentage", computed=True, factor=100, aggregation="last")
    cells = [pg.Cells("2024Q4", 1, 0, "numerator", 30, 1), pg.Cells("2024Q4", 1, 0, "denominator", 100, 1),
             pg.Cells("2024Q4", 2, 0, "numerator", 90, 1), pg.Cells("2024Q4", 2, 0, "denominator", 200, 1)]
    totals = pg.period_totals(spec, cells)
    assert totals["2024Q4"].value == pytest.approx(40.0)
    assert pg.actual_series(spec, totals) == [("2024Q4", pytest.approx(40.0))]


def test_a_plain_percentage_is_never_averaged_across_units():
    spec = pg.Spec(unit="percentage", aggregation="last")
    cells = [pg.Cells("2024Q4", 1, 0, "value", 30, 1), pg.Cells("2024Q4", 2, 0, "value", 45, 1)]
    assert pg.period_totals(spec, cells)["2024Q4"].value is None
    assert pg.actual_series(spec, pg.period_totals(spec, cells)) == []


def test_a_units_total_row_wins_over_its_breakdown_and_full_cells_stand_in_for_a_missing_total():
    spec = pg.Spec(dimensions=1, aggregation="last")
    cells = [pg.Cells("2024Q4", 1, 0, "value", 100, 1), pg.Cells("2024Q4", 1, 1, "value", 99, 2),  # total wins
             pg.Cells("2024Q4", 2, 1, "value", 50, 2)]  # unit 2 entered only its two cells
    assert pg.period_totals(spec, cells)["2024Q4"].value == 150


def test_indicator_without_data_is_grey_and_counted_in_the_roll_up():
    spec = pg.Spec(baseline=40, baseline_year=2022)
    nothing = _progress(spec, [], {"2026": 80})
    assert nothing.status == pg.GREY and nothing.progress is None and nothing.target == 80

    on_track = _progress(pg.Spec(baseline=40, baseline_year=2022, aggregation="last"), [("2024Q4", 60)], {"2026": 80})
    behind = _progress(pg.Spec(baseline=40, baseline_year=2022, aggregation="last"), [("2024Q4", 50)], {"2026": 80})
    rollup = pg.Rollup()
    for item in (on_track, behind, nothing):
        rollup.add(item)
    assert rollup.counts == {pg.GREEN: 1, pg.AMBER: 0, pg.RED: 1, pg.GREY: 1}
    assert rollup.without_data == 1 and rollup.total == 3
    # mean of the ratios 0.9993 and 0.4997 = 0.7495: amber
    assert rollup.status() == pg.AMBER
    assert pg.Rollup().status() == pg.GREY


def test_sum_accumulates_average_restarts_each_year_last_takes_the_latest():
    totals = {p: pg.PeriodTotal(v) for p, v in {"2024Q1": 10, "2024Q2": 20, "2024Q3": 30, "2025Q1": 4}.items()}
    assert pg.actual_series(pg.Spec(aggregation="sum"), totals) == [
        ("2024Q1", 10), ("2024Q2", 30), ("2024Q3", 60), ("2025Q1", 64)]
    assert pg.actual_series(pg.Spec(aggregation="average"), totals) == [
        ("2024Q1", 10), ("2024Q2", 15), ("2024Q3", 20), ("2025Q1", 4)]
    assert pg.actual_series(pg.Spec(aggregation="last"), totals)[-1] == ("2025Q1", 4)


def test_thresholds_are_configurable():
    assert pg.status_for(0.45, 0.5) == pg.GREEN  # 0.9 of the expected
    assert pg.status_for(0.45, 0.5, green=0.95, amber=0.9) == pg.AMBER
    assert pg.status_for(None, 0.5) == pg.GREY


def test_periods_parse_the_usual_spellings_and_know_when_entry_closes():
    assert periods.parse("2024h1").code == "2024S1"
    assert periods.parse("2024M07").code == "2024-07"
    assert periods.parse("2024.0").code == "2024"
    assert periods.parse("2024Q5") is None
    assert periods.parse("2024Q2").end == date(2024, 6, 30)
    assert periods.closes_on("2024Q2", 30) == date(2024, 7, 30)
    assert periods.is_closed("2024Q2", 30, date(2024, 7, 31)) and not periods.is_closed("2024Q2", 30, date(2024, 7, 30))
    assert periods.periods_between("semiannual", date(2023, 5, 1), date(2024, 2, 1)) == ["2023S1", "2023S2", "2024S1"]
