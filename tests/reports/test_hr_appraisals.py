"""Appraisal completion and final labels in the HR figures: same numbers on the dashboard, export and PDF,
and no small group (or a distribution that would tell each person's label) published."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from common.extensions import db
from hrms.models import Appraisal
from reports.hr_figures import hr_figures, hr_table
from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_exports_and_pdf import _dashboard_rows, _pdf, _pdf_text


def appraisals_of(unit) -> list[int]:
    return list(db.session.execute(select(Appraisal.id).where(Appraisal.org_unit_id == unit.id)
                                   .order_by(Appraisal.id)).scalars())


def release(ids: list[int], label: str) -> None:
    db.session.execute(update(Appraisal).where(Appraisal.id.in_(ids)).values(state="released", label=label))


def build(factory):
    world = build_ministry(factory)
    factory.hr_cycle(world.unit, period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
                     excellent_cap=20)
    budget, tax = appraisals_of(world.budget), appraisals_of(world.tax)
    release(budget[:3], "excellent")
    release(budget[3:9], "good")
    release(tax[:2], "satisfactory")
    db.session.commit()
    return world, len(budget), len(tax), len(appraisals_of(world.audit))


def test_completion_and_labels_against_the_guideline_with_small_groups_suppressed(factory):
    world, budget, tax, audit = build(factory)
    assert (budget, tax, audit) == (12, 7, 3), "the cycle appraises the people in post"
    figures = hr_figures(world.hr, world.unit.id, YEAR)
    completion = hr_table(figures, "appraisal_completion").display_rows()
    assert completion[-1] == ["Total", "22", "11", "50%"]
    # Tax's 2 completed is small, so Budget's 9 is hidden too, and no rate gives either away.
    assert completion[:3] == [["Audit Division", "<5", "0", "–"], ["Budget Division", "12", "hidden", "–"],
                              ["Tax Division", "hidden", "<5", "–"]]
    labels = hr_table(figures, "appraisal_labels").display_rows()
    # 3 excellent (small) and 2 satisfactory (small): two small groups, no complement needed.
    assert labels == [["Excellent", "<5", "–", "20%"], ["Good", "6", "55%", "–"], ["Satisfactory", "<5", "–", "–"],
                      ["Unsatisfactory", "0", "0%", "–"], ["Total", "11", "–", "–"]]


def test_a_distribution_with_one_label_is_hidden(factory):
    world = build_ministry(factory)
    factory.hr_cycle(world.unit, period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31))
    release(appraisals_of(world.budget), "good")
    db.session.commit()
    labels = hr_table(hr_figures(world.hr, world.unit.id, YEAR), "appraisal_labels").display_rows()
    assert [row[1] for row in labels[:4]] == ["hidden"] * 4


def test_the_dashboard_export_and_pdf_show_the_same_appraisal_figures(factory, login_as):
    world, *_sizes = build(factory)
    hr = login_as(world.hr)
    dashboard = _dashboard_rows(hr, world.unit.id)
    assert dashboard["appraisal_completion"][-1] == ["Total", "22", "11", "50%"]
    text = _pdf_text(_pdf(hr, world.unit.id, "en"))
    for key in ("appraisal_completion", "appraisal_labels"):
        csv = hr.get(f"/reports/hr/{key}.csv?unit={world.unit.id}&year={YEAR}").get_data(as_text=True)
        for row in dashboard[key]:
            assert ",".join(row) in csv and " ".join(row) in text, row
