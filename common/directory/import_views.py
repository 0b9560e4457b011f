"""The HR officer's upload page for staff files (CSV or XLSX)."""

from __future__ import annotations

from flask import render_template

from common.directory import bp
from common.permissions import require


@bp.route("/import", methods=["GET", "POST"])
@require("directory.import_staff")
def import_page() -> str:
    return render_template("directory/import.html")
