"""The upload page for directory files (CSV or XLSX). Thin: every rule lives in ``operations``.

The upload is read in memory and never written to disk, so its user-chosen name never becomes a
path. Requests over ``MAX_CONTENT_LENGTH`` are refused by Werkzeug with the 413 page.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.directory import bp
from common.directory import operations as ops
from common.directory.file_format import COLUMNS
from common.directory.forms import ImportForm
from common.directory.samples import sample_row
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import has_capability, require
from common.spreadsheet import csv_response


def _allowed_kinds() -> set[str]:
    return {kind for kind, capability in ops.KIND_CAPABILITY.items() if has_capability(current_user, capability)}


@bp.route("/import", methods=["GET", "POST"])
@require("directory.import_staff")
def import_page() -> str | Response:
    form = ImportForm()
    kinds = _allowed_kinds()
    form.limit_kinds(kinds)
    limit_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    form.file.description = _("CSV (UTF-8, comma or semicolon separated) or Excel .xlsx, at most %(mb)d MB.",
                              mb=limit_mb)
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        result = ops.import_directory_file(upload.read(), upload.filename or "upload",
                                           kind=None if form.kind.data == "auto" else form.kind.data,
                                           actor=current_user._get_current_object(), dry_run=form.dry_run.data)
        if result.rejected or result.dry_run:
            db.session.rollback()
        if result.problem is not None:
            form.file.errors = [str(result.problem)]
        elif not result.rejected and not result.dry_run:
            flash(_("%(file)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
                    file=result.filename, created=result.created, updated=result.updated,
                    unchanged=result.unchanged), "success")
            return redirect(url_for(".import_page"))
    return render_template("directory/import.html", form=form, result=result, kinds=sorted(kinds),
                           columns=COLUMNS, shown=1000)


@bp.route("/import/template/<any(employees, units, positions):kind>.csv")
@require("directory.import_staff")
def import_template(kind: str) -> Response:
    if kind not in _allowed_kinds():
        abort(403)
    return csv_response(COLUMNS[kind], [sample_row(kind, current_user)], f"{kind}-template.csv")
