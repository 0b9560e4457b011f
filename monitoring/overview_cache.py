"""The strategy overview's progress section (roll-up and results tree), rendered once per document and data version.

Rendering the tree of a national strategy (400 indicators, each with its status and progress line) took most of
the page's second; yet it is the same for every reader who may open the document (it holds no links or
figures that depend on who looks: the view checks that the reader may see the document first). So it is kept in
``common.cache`` per document, language and *document version*, a number bumped whenever the session writes
something shown in it: the document, its results, activity reports, indicators, targets or values. A write in
one strategy leaves the others' sections in place; renaming an org unit (shown as "Responsible: …") retires all.
The M&E dashboard's figures (``reports.me_figures``) are kept the same way, per document and scope (``cached``).

Writes that bypass the ORM's flush say which indicators they touched (``note_indicators``; ``operations.store``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common import cache
from common.cache_events import KeyedVersions
from common.extensions import db
from common.models import OrgUnit
from monitoring.models import (
    ActivityReport,
    ActivitySpending,
    DataValue,
    DocumentRevision,
    Indicator,
    PolicyDocument,
    ResultNode,
    Target,
    ValidationRule,
)

NAMESPACE = "monitoring-overview"
WATCHED = (PolicyDocument, DocumentRevision, ResultNode, ActivityReport, ActivitySpending, Indicator, Target, DataValue,
           ValidationRule, OrgUnit)


def _documents_written(session: Session, objects: list[Any]) -> set[int] | None:
    """The documents whose sections these flushed objects change (``None``: an org unit, shown in every one)."""
    if any(isinstance(obj, OrgUnit) for obj in objects):
        return None
    documents = {obj.id for obj in objects if isinstance(obj, PolicyDocument)}
    documents |= {obj.document_id for obj in objects
                  if isinstance(obj, (ResultNode, Indicator, DocumentRevision, ValidationRule))}
    documents |= _documents_of(session, Indicator, {obj.indicator_id for obj in objects
                                                    if isinstance(obj, (DataValue, Target))})
    documents |= _documents_of(session, ResultNode, {obj.result_id for obj in objects
                                                     if isinstance(obj, (ActivityReport, ActivitySpending))})
    return documents


VERSIONS = KeyedVersions(NAMESPACE, "document", WATCHED, _documents_written, bulk_retires=WATCHED)


def document_version(document_id: int) -> int:
    """The document's data version: bumped by every write to it, its tree, indicators, targets or values."""
    return VERSIONS.version(document_id)


def cached(document_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` kept until the document's data changes (or an org unit does): figures of one strategy."""
    # The document's version is read with the namespace's: one round trip to the version store.
    return cache.cached(NAMESPACE, f"{document_id}:{key}", compute, depends=[VERSIONS.name(document_id)])


def section(document: PolicyDocument, render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``render()`` (plain JSON: the section's HTML and what the page needs besides), kept per document version."""
    return cached(document.id, f"section:{get_locale()}:{request.script_root}", render)


def progress_section(document: PolicyDocument) -> tuple[Markup, list[int]]:
    """The rendered section and the ids of the indicators it counts, in tree order (from the cache when it can)."""
    from monitoring import queries

    def render() -> dict[str, Any]:
        overview = queries.document_overview(document, with_pending=False)
        html = render_template("monitoring/_progress_section.html", overview=overview, document=document)
        return {"html": html, "indicators": list(overview.results)}

    found = section(document, render)
    return Markup(found["html"]), found["indicators"]  # rendered by Jinja, autoescaped


def pending_values(indicator_ids: list[int]) -> int:
    """How many values of these indicators await approval (not cached: it changes with every submission)."""
    if not indicator_ids:
        return 0
    return db.session.execute(select(func.count()).select_from(DataValue).where(  # the partial index
        DataValue.indicator_id.in_(indicator_ids), DataValue.status == "submitted")).scalar_one()


def note_indicators(session: Session, indicator_ids: set[int]) -> None:
    """Retire the sections of the documents holding ``indicator_ids`` (for writes that bypass the ORM)."""
    if indicator_ids:
        VERSIONS.note(session, _documents_of(session, Indicator, indicator_ids))


def _documents_of(session: Session, model: type, ids: set[int]) -> set[int]:
    """The documents of these indicators or results, read on the flush's own connection."""
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return set()
    rows = session.connection().execute(select(model.document_id).where(model.id.in_(ids)).distinct())
    return {document_id for (document_id,) in rows}


def connect() -> None:
    """Listen once per process (safe to call again)."""
    VERSIONS.connect()
