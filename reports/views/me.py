"""The monitoring report of a strategy without JavaScript: pick a strategy, ask for its PDF (a report job)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import require
from common.spreadsheet import csv_response, xlsx_response
from reports import bp, me_report  # noqa: F401 - me_report registers the "me_report" job kind
from reports import jobs as job_ops
from reports.forms import MeReportForm
from reports.me_dashboard import Cuts, parse_view, pivot, pivot_export, settle
from reports.me_figures import CAPABILITY, me_figures, visible_documents
from reports.me_tables import TABLE_KEYS, me_tables


@bp.route("/me")
@require(CAPABILITY)
def me() -> str:
    documents = visible_documents(current_user)
    chosen = request.args.get("document", type=int) or (documents[0].id if documents else None)
    figures = me_figures(current_user, chosen) if chosen else None
    if chosen and figures is None:
        abort(404)
    lang = str(get_locale() or "ka")[:2]
    form = MeReportForm(formdata=None, document=str(chosen or ""), lang=lang)
    return render_template("reports/me.html", documents=documents, figures=figures, form=form, chosen=chosen)


@bp.route("/me/report", methods=["POST"])
@require(CAPABILITY)
def me_report_request() -> Response:
    form = MeReportForm()
    if not form.validate_on_submit():
        flash(_("The request could not be read. Please choose the report again."), "error")
        return redirect(url_for("reports.me"))
    if me_figures(current_user, form.document.data) is None:
        abort(404)
    job = job_ops.submit("me_report", {"document": int(form.document.data), "lang": form.lang.data}, current_user)
    return redirect(url_for("reports.job", job_id=job.id))


@bp.route("/me/<any({}):table>.<any(csv, xlsx):fmt>".format(", ".join(TABLE_KEYS)))
@require(CAPABILITY)
def me_export(table: str, fmt: str) -> Response:
    """A table of the M&E dashboard as CSV or Excel: the same rows, after the same scope check."""
    figures = me_figures(current_user, request.args.get("document", type=int)) or abort(404)
    data = next(t for t in me_tables(figures) if t.key == table)
    writer = csv_response if fmt == "csv" else xlsx_response
    return writer(data.columns, data.export_rows(), f"me-{table}-{figures['document']['code']}.{fmt}")


@bp.route("/me/pivot.<any(csv, xlsx):fmt>")
@require(CAPABILITY)
def me_pivot_export(fmt: str) -> Response:
    """The dashboard's region × sex pivot of one indicator, for the view in the query string: the numbers shown."""
    view = parse_view(request.args)
    figures = me_figures(current_user, view.document) or abort(404)
    view = settle(view, figures)
    table = pivot(Cuts(view.indicator) if view.indicator else None, view)
    writer = csv_response if fmt == "csv" else xlsx_response
    return writer(table.columns, pivot_export(table), f"me-pivot-{figures['document']['code']}-{view.period}.{fmt}")
