"""The PDF course-compliance report of a unit: mandatory training by sub-unit, and every course taken.

The tables are ``learning_tables``', the same the learning dashboard and the exports show. It runs as
a report job in the owner's chosen language; the scope is checked again when the job runs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date

from common.i18n import gettext as _
from common.pdf import render_pdf_html
from reports.jobs import Progress, ReportError, readable, runner
from reports.learning_figures import learning_charts, learning_figures, learning_tables
from reports.models import Job
from reports.tables import page_counter_css


def render_learning_report_html(figures: dict[str, Any], lang: str) -> str:
    tables = learning_tables(figures)
    charts = learning_charts(tables)
    template = current_app.jinja_env.get_template("reports/learning_report_pdf.html")
    return template.render(lang=lang, figures=figures, tables=tables, charts=charts,
                           generated=format_date(date.today(), "long"), page_counter=page_counter_css())


@readable("learning_report")
def may_read_learning_report(job: Job, user: Any) -> bool:
    return learning_figures(user, job.parameters.get("unit")) is not None


@runner("learning_report")
def build_learning_report(job: Job, progress: Progress) -> tuple[bytes, str]:
    figures = learning_figures(job.owner, job.parameters.get("unit"))
    if figures is None:
        raise ReportError(_("You no longer have access to the figures of this unit, so the report was not made."))
    progress(30)
    html = render_learning_report_html(figures, job.parameters.get("lang") or "ka")
    progress(50)
    pdf = render_pdf_html(html)
    progress(95)
    lang = job.parameters.get("lang") or "ka"
    return pdf, f"course-compliance-{figures['unit']['code']}-{date.today().isoformat()}-{lang}.pdf"
