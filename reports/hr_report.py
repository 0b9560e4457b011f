"""The PDF "HR report for a unit and year": the dashboard's tables and charts, optionally a staff annex.

It runs as a report job (``reports.jobs``), in the language the owner chose. Access is checked again
when the job runs, against the owner's roles at that moment: a role withdrawn in between stops it.

A ministry's staff annex runs to hundreds of pages, more than a worker should lay out (WeasyPrint holds
2-3 MB per page and keeps most of it after): a report with an annex is laid out in a child process
(``common.pdf.render_pdf_in_child``), in parts of ``ANNEX_ROWS_PER_PART`` rows, the report with the annex's
first rows, then the rest, joined into one file that reads as if made in one piece, page numbers included.
The report without an annex (a few pages) is rendered in the worker itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date

from common.charts import bar_chart
from common.directory import stats
from common.i18n import gettext as _
from common.models.base import localized
from common.pdf import css_string, render_pdf_html, render_pdf_in_child
from common.permissions import can_list_staff_of
from common.reads import reading
from reports.hr_figures import hr_figures, hr_tables, reference_date, resolve_unit, unit_label
from reports.hr_training import training_table
from reports.jobs import Progress, ReportError, readable, runner
from reports.models import Job
from reports.tables import Table, page_counter_css

# 8 to 16 pages of the annex per part (about 50 rows a page, half as many where titles take two lines): a part's
# layout then needs under 100 MB.
ANNEX_ROWS_PER_PART = 400


def render_hr_report_html(figures: dict[str, Any], lang: str, annex: list[Any] | None = None) -> str:
    """The report's HTML, with the annex's rows ``annex`` (the first part of a report with an annex)."""
    tables = hr_tables(figures)
    training = training_table(figures, Table)
    charts = {table.key: bar_chart(table.title, table.chart, table.chart_texts())
              for table in [*tables, *([training] if training else [])]}
    template = current_app.jinja_env.get_template("reports/hr_report_pdf.html")
    return template.render(
        lang=lang, figures=figures, tables=tables, charts=charts, unit_name=unit_label(figures),
        on=format_date(date.fromisoformat(figures["on"]), "long"), generated=format_date(date.today(), "long"),
        page_counter=page_counter_css(), annex=annex, annex_start=0, localized=localized, training=training)


def hr_report_pdf(figures: dict[str, Any], lang: str, annex: list[Any] | None = None,
                  progress: Progress | None = None) -> bytes:
    """The report as PDF: in the worker without an annex; with one, laid out in parts by a child process."""
    if annex is None:
        return render_pdf_html(render_hr_report_html(figures, lang))
    title = f"{_('HR report')}: {unit_label(figures)}, {figures['year']}"  # as the report's h1 reads
    context = {"lang": lang, "title": title, "title_css": css_string(title),
               "section_css": css_string(_("Annex: staff in post")), "page_counter": page_counter_css(),
               "generated": format_date(date.today(), "long"), "localized": localized}

    def parts() -> Iterator[str]:
        yield render_hr_report_html(figures, lang, annex[:ANNEX_ROWS_PER_PART])
        template = current_app.jinja_env.get_template("reports/hr_annex_part_pdf.html")
        for start in range(ANNEX_ROWS_PER_PART, len(annex), ANNEX_ROWS_PER_PART):
            yield template.render(annex=annex[start:start + ANNEX_ROWS_PER_PART], annex_start=start, **context)

    def laid_out(done: int, total: int) -> None:
        if progress is not None:
            progress(30 + 60 * done // total)

    sheet = current_app.jinja_env.get_template("_pdf_page_numbers.html").render(**context)
    return render_pdf_in_child(parts(), sheet, laid_out)


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
    pdf = hr_report_pdf(figures, params.get("lang") or "ka", annex, progress)
    progress(95)
    code = figures["unit"]["code"] if figures["unit"] else "all"
    return pdf, f"hr-report-{code}-{figures['year']}-{params.get('lang') or 'ka'}.pdf"
