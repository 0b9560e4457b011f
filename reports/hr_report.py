"""The PDF "HR report for a unit and year": the dashboard's tables and charts, optionally a staff annex.

It runs as a report job (``reports.jobs``), in the language the owner chose. Access is checked again
when the job runs, against the owner's roles at that moment: a role withdrawn in between stops it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _

from common.charts import bar_chart
from common.directory import stats
from common.models.base import localized
from common.pdf import render_pdf_html
from common.permissions import can_list_staff_of
from common.reads import reading
from reports.hr_figures import hr_figures, hr_tables, reference_date, resolve_unit, unit_label
from reports.hr_training import training_table
from reports.jobs import Progress, ReportError, readable, runner
from reports.models import Job
from reports.tables import Table, page_counter_css


def render_hr_report_html(figures: dict[str, Any], lang: str, annex: list[Any] | None = None) -> str:
    tables = hr_tables(figures)
    training = training_table(figures, Table)
    charts = {table.key: bar_chart(table.title, table.chart, table.chart_texts())
              for table in [*tables, *([training] if training else [])]}
    template = current_app.jinja_env.get_template("reports/hr_report_pdf.html")
    return template.render(
        lang=lang, figures=figures, tables=tables, charts=charts, unit_name=unit_label(figures),
        on=format_date(date.fromisoformat(figures["on"]), "long"), generated=format_date(date.today(), "long"),
        page_counter=page_counter_css(), annex=annex, localized=localized, training=training)


@readable("hr_report")
def may_read_hr_report(job: Job, user: Any) -> bool:
    allowed, unit = resolve_unit(user, job.parameters.get("unit") or 0)
    return allowed and (not job.parameters.get("annex") or can_list_staff_of(user, unit))


@runner("hr_report")
def build_hr_report(job: Job, progress: Progress) -> tuple[bytes, str]:
    params, owner = job.parameters, job.owner
    figures = hr_figures(owner, params.get("unit") or 0, params.get("year"))
    if figures is None:
        raise ReportError(_("You no longer have access to the figures of this unit, so the report was not made."))
    progress(10)
    annex = None
    if params.get("annex"):
        _allowed, unit = resolve_unit(owner, params.get("unit") or 0)
        if not can_list_staff_of(owner, unit):
            raise ReportError(_("Only HR staff of this unit may include the list of staff."))
        # The annex names people: one read entry by the job's owner, naming everyone listed.
        with reading("report", "reports", actor=owner, about=job, summary=f"Staff annex of HR report job {job.id}"):
            annex = stats.staff_in_post(unit.path if unit else "", reference_date(figures["year"]))
    progress(25)
    html = render_hr_report_html(figures, params.get("lang") or "ka", annex)
    progress(40)
    pdf = render_pdf_html(html)
    progress(95)
    code = figures["unit"]["code"] if figures["unit"] else "all"
    return pdf, f"hr-report-{code}-{figures['year']}-{params.get('lang') or 'ka'}.pdf"
