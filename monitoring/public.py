"""Public pages for published strategies: approved data only, no sign-in.

Nothing here reads a draft, submitted or returned value (progress is computed from approved values
only, see ``queries``), nor who entered or approved anything, nor officers' comments.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from werkzeug.wrappers import Response

from common import cache
from common.extensions import db, limiter
from common.permissions import public
from common.spreadsheet import csv_text, streamed_csv
from monitoring import exports, figures_cache, public_bp, reported
from monitoring import queries as q
from monitoring.models import CACHE_NAMESPACE, Indicator, PolicyDocument


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
    return render_template("monitoring/public_indicator.html", indicator=item, document=doc, result=result,
                           groups=reported.reported_groups(item, statuses=q.APPROVED),
                           chart=result.chart(),
                           rows=result.chart_rows())


def _open_data_limit() -> str:
    return current_app.config["RATELIMIT_OPEN_DATA"]


def _open_data_text(doc: PolicyDocument) -> str:
    headers, rows = exports.open_data(doc)
    return csv_text(headers, rows)


@public_bp.route("/documents/<int:document_id>/data.csv")
@limiter.limit(_open_data_limit)
@public
def open_data(document_id: int) -> Response:
    """The open-data file of a published strategy, for anyone: the most expensive page without sign-in.

    Building it reads every approved value of the strategy (over a second at national scale), so it is
    built once per document and data version (``monitoring.figures_cache``, retired by every write to the
    tables it reads), streamed from the cache, marked with an ETag of that version so a browser or proxy
    can revalidate for free, and each address may ask only ``RATELIMIT_OPEN_DATA`` times.
    """
    doc = _published(document_id)
    data_version = cache.version(CACHE_NAMESPACE)
    text = figures_cache.cached(f"open-data:{doc.id}", lambda: _open_data_text(doc))
    response = streamed_csv(text, f"{doc.code}-open-data.csv")
    response.set_etag(f"{doc.id}-{data_version}")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)

