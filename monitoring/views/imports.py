"""Uploading a long-format file of baselines, targets and values. Thin: the rules live in ``operations.imports``."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.extensions import db
from common.i18n import gettext as _
from common.permissions import require
from common.spreadsheet import csv_response
from monitoring import bp
from monitoring.forms import ImportForm
from monitoring.operations import imports as ops
from monitoring.operations.checks import KIND_LABELS, KINDS

SAMPLE = [
    ("PAR-1.1", "2022", "", "", "", "baseline", "45", ""),
    ("PAR-1.1", "2026", "", "", "", "target", "80", ""),
    ("PAR-1.1", "2025Q1", "RS", "", "", "actual", "52", "From the service register"),
    ("PAR-2.3", "2025Q1", "RS", "female", "Tbilisi", "numerator", "120", ""),
    ("PAR-2.3", "2025Q1", "RS", "female", "Tbilisi", "denominator", "150", ""),
]
SAMPLE_COLUMNS = ("indicator_code", "period", "org_unit_code", "sex", "region", "value_type", "value", "comment")


@bp.route("/import", methods=["GET", "POST"])
@require("monitoring.enter")
def import_page() -> str | Response:
    form = ImportForm()
    limit_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    form.file.description = _("CSV (UTF-8, comma or semicolon separated) or Excel .xlsx, at most %(mb)d MB.",
                              mb=limit_mb)
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        result = ops.import_file(upload.read(), upload.filename or "upload", actor=current_user._get_current_object(),
                                 submit=form.submit_values.data, dry_run=form.dry_run.data)
        if result.rejected or result.dry_run:
            db.session.rollback()
        if result.problem is not None:
            form.file.errors = [str(result.problem)]
        elif not result.rejected and not result.dry_run:
            flash(_("%(file)s imported: %(values)d values, %(targets)d targets, %(baselines)d baselines.",
                    file=result.source, values=result.values, targets=result.targets, baselines=result.baselines),
                  "success")
            for warning in result.warnings[:20]:
                flash(_("Line %(line)d: %(message)s", line=warning.line or 0, message=warning.message), "warning")
            return redirect(url_for(".import_page"))
    return render_template("monitoring/import.html", form=form, result=result, kinds=KINDS, kind_labels=KIND_LABELS,
                           columns=SAMPLE_COLUMNS)


@bp.route("/import/template.csv")
@require("monitoring.enter")
def import_template() -> Response:
    return csv_response(SAMPLE_COLUMNS, SAMPLE, "me-values-template.csv")
