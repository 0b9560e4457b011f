"""The PDF monitoring report of a strategy: the four implementation levels, the indicators, the narratives.

Semi-annual or annual as the activities were last reported; the figures are ``me_figures``' own, the
same the M&E dashboard shows. It runs as a report job in the language the owner chose, and the scope
is checked again when the job runs. It is laid out in a child process (``common.pdf.render_pdf_in_child``):
a national strategy's 53 pages took the report worker from 226 to 308 MB, which WeasyPrint does not give back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date

from common.charts import bar_chart
from common.i18n import gettext as _
from common.pdf import render_pdf_in_child
from reports.jobs import Progress, ReportError, readable, runner
from reports.labels import LEVEL_LABELS, RAG_LABELS
from reports.me_figures import LEVELS, NO_REPORT, RAG, me_figures, number, share, title
from reports.models import Job
from reports.tables import page_counter_css


def report_kind(as_of: str | None) -> str:
    """A half-year report ("2025S1") is semi-annual; the second half closes the year, so it is annual."""
    if as_of and as_of.endswith("S1"):
        return _("Semi-annual monitoring report")
    return _("Annual monitoring report")


def render_me_report_html(figures: dict[str, Any], lang: str) -> str:
    levels = [(str(LEVEL_LABELS[k]), figures["levels"][k]) for k in (*LEVELS, NO_REPORT)]
    template = current_app.jinja_env.get_template("reports/me_report_pdf.html")
    return template.render(
        lang=lang, figures=figures, title=title, number=number, share=share, kind=report_kind(figures["as_of"]),
        levels=levels, level_keys=(*LEVELS, NO_REPORT), level_labels=LEVEL_LABELS, rag=RAG, rag_labels=RAG_LABELS,
        chart=bar_chart(_("Implementation of activities"), levels), activities=sum(figures["levels"].values()),
        generated=format_date(date.today(), "long"), page_counter=page_counter_css())


@readable("me_report")
def may_read_me_report(job: Job, user: Any) -> bool:
    return me_figures(user, job.parameters.get("document")) is not None


@runner("me_report")
def build_me_report(job: Job, progress: Progress) -> tuple[bytes, str]:
    figures = me_figures(job.owner, job.parameters.get("document"))
    if figures is None:
        raise ReportError(_("You no longer have access to this strategy, so the report was not made."))
    progress(30)
    html = render_me_report_html(figures, job.parameters.get("lang") or "ka")
    progress(50)
    pdf = render_pdf_in_child([html], sheet="")  # one part: numbered by its own footer, no page-number sheet
    progress(95)
    return pdf, f"monitoring-report-{figures['document']['code']}-{figures['as_of'] or 'none'}-" \
                f"{job.parameters.get('lang') or 'ka'}.pdf"
