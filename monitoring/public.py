"""Public pages for published strategies: approved data only, no sign-in.

Nothing here reads a draft, submitted or returned value (progress is computed from approved values
only, see ``queries``), nor who entered or approved anything, nor officers' comments.
"""

from __future__ import annotations

from flask import abort, render_template
from werkzeug.wrappers import Response

from common.extensions import db
from common.permissions import public
from common.spreadsheet import csv_response
from monitoring import chart, exports, public_bp
from monitoring import queries as q
from monitoring.models import Indicator, PolicyDocument


def _published(document_id: int) -> PolicyDocument:
    document = db.session.get(PolicyDocument, document_id)
    if document is None or not document.published:
        abort(404)
    return document


@public_bp.route("/")
@public
def index() -> str:
    return render_template("monitoring/public_index.html", documents=q.documents(published_only=True))


@public_bp.route("/documents/<int:document_id>")
@public
def document(document_id: int) -> str:
    doc = _published(document_id)
    return render_template("monitoring/public_document.html", document=doc,
                           overview=q.document_overview(doc, with_pending=False))


@public_bp.route("/indicators/<int:indicator_id>")
@public
def indicator(indicator_id: int) -> str:
    item = db.session.get(Indicator, indicator_id)
    if item is None or item.status != "approved":  # a proposed indicator is not public until approved
        abort(404)
    doc = _published(item.document_id)
    result = q.indicator_results(doc, [item])[item.id]
    targets = {period: target.value for period, target in result.targets.items()}
    return render_template("monitoring/public_indicator.html", indicator=item, document=doc, result=result,
                           groups=q.reported_groups(item, statuses=q.APPROVED),
                           chart=chart.build(item.baseline_value, item.baseline_year, targets, result.series),
                           rows=chart.table_rows(targets, result.series))


@public_bp.route("/documents/<int:document_id>/data.csv")
@public
def open_data(document_id: int) -> Response:
    doc = _published(document_id)
    headers, rows = exports.open_data(doc)
    return csv_response(headers, rows, f"{doc.code}-open-data.csv")
