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
from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from common import cache
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
_DIRTY = "overview_documents_written"


def _version_name(document_id: int) -> str:
    return f"{NAMESPACE}:document:{document_id}"


def document_version(document_id: int) -> int:
    """The document's data version: bumped by every write to it, its tree, indicators, targets or values."""
    return cache.version(_version_name(document_id))


def cached(document_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` kept until the document's data changes (or an org unit does): figures of one strategy."""
    return cache.cached(NAMESPACE, f"{document_id}:v{document_version(document_id)}:{key}", compute)


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
        _note(session, _documents_of(session, Indicator, indicator_ids))


def _note(session: Session, document_ids: set[int]) -> None:
    if document_ids:
        session.info.setdefault(_DIRTY, set()).update(document_ids)
        cache.bump_many({_version_name(i) for i in document_ids})


def _documents_of(session: Session, model: type, ids: set[int]) -> set[int]:
    """The documents of these indicators or results, read on the flush's own connection."""
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return set()
    rows = session.connection().execute(select(model.document_id).where(model.id.in_(ids)).distinct())
    return {document_id for (document_id,) in rows}


def _after_flush(session: Session, _context: Any) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    if any(isinstance(obj, OrgUnit) for obj in touched):
        cache.bump(NAMESPACE)
    documents = {obj.id for obj in touched if isinstance(obj, PolicyDocument)}
    documents |= {obj.document_id for obj in touched if isinstance(obj, (ResultNode, Indicator, DocumentRevision,
                                                                                    ValidationRule))}
    documents |= _documents_of(session, Indicator, {obj.indicator_id for obj in touched
                                                    if isinstance(obj, (DataValue, Target))})
    documents |= _documents_of(session, ResultNode, {obj.result_id for obj in touched
                                                     if isinstance(obj, (ActivityReport, ActivitySpending))})
    documents.discard(None)  # type: ignore[arg-type]
    _note(session, documents)


def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, WATCHED):
        cache.bump(NAMESPACE)  # which rows it wrote is not known here: retire every document's section
        state.session.info[_DIRTY + ":all"] = True


def _transaction_over(session: Session, *_args: Any) -> None:
    written = session.info.pop(_DIRTY, set())
    if written:
        cache.bump_many({_version_name(i) for i in written})
    if session.info.pop(_DIRTY + ":all", False):
        cache.bump(NAMESPACE)


def connect() -> None:
    """Listen once per process (safe to call again)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bulk_statement)
        event.listen(Session, "after_commit", _transaction_over)
        event.listen(Session, "after_soft_rollback", _transaction_over)
