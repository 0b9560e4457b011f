"""The strategy overview's shared parts (progress tree, passports' quality, rules), rendered once per document version.

Rendering the tree of a national strategy (400 indicators, each with its status and progress line) took most of
the page's second, and loading its 400 indicators again for the quality check and the rule form most of what was
left; yet all of it is the same for every reader who may open the document (it holds no links or figures that
depend on who looks: the view checks that the reader may see the document, and decides which forms they get, at
each request). So it is kept in ``common.cache`` per document, language and *document version*, a number bumped
whenever the session writes something shown in it: the document, its results, activity reports, indicators,
targets, values (submissions too) or rules. A write in one strategy leaves the others' parts in place; renaming
an org unit ("Responsible: …") retires all.
The M&E dashboard's figures (``reports.me_figures``) are kept the same way, per document and scope (``cached``).

Writes that bypass the ORM's flush say which indicators they touched (``note_indicators``; ``operations.store``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from flask import get_template_attribute, render_template, request
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from common import cache
from common.cache_events import KeyedVersions
from common.i18n import get_locale
from common.models import OrgUnit
from monitoring import quality
from monitoring.forms import COMPONENT_LABELS, RuleForm
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


@dataclass(frozen=True)
class ProposedChange:
    """A result or indicator proposed for a published document, as the page lists it (kept in the cache)."""

    kind: str  # "result" or "indicator"
    id: int
    code: str
    label: str  # its title or name
    proposed_by_id: int | None  # who may not decide it (``permissions.can_decide_tree_change``)


@dataclass(frozen=True)
class Parts:
    """What the strategy overview shows the same way to every reader: rendered HTML (autoescaped by Jinja) and
    figures. Who may see the page, and which forms they get, the view decides at each request."""

    progress: Markup  # the roll-up and the results tree
    pending: int  # values of the counted indicators awaiting approval
    quality: Markup  # the passports' quality check
    rules: Markup  # the validation rules
    rule_fields: Markup  # the rule form's fields (empty: nothing to compare)
    proposed: tuple[ProposedChange, ...]  # awaiting an approver: who may decide each is asked at each request


def overview_parts(document: PolicyDocument) -> Parts:
    """The overview's shared parts, rendered once per document version and language (from the cache when it can).

    Values awaiting approval are kept too: submitting one writes a ``DataValue``, which bumps the version like an
    approval does. A miss reads the tree (progress from ``progress_cache``: only changed indicators' values), the
    document's indicators, their targets and rules: the first view after a write is bounded as well.
    """
    # Kept built in this process too (``cache.cached_object``): decoding the entry cost more than the rest of the view.
    return cache.cached_object(NAMESPACE, f"{document.id}:parts:{get_locale()}:{request.script_root}",
                               lambda: _render(document), _parts, depends=[VERSIONS.name(document.id)])


def _parts(found: dict[str, Any]) -> Parts:
    return Parts(pending=found["pending"], proposed=tuple(ProposedChange(**change) for change in found["proposed"]),
                 **{name: Markup(found[name]) for name in ("progress", "quality", "rules", "rule_fields")})


def _render(document: PolicyDocument) -> dict[str, Any]:
    from monitoring import queries  # which imports this module

    overview = queries.document_overview(document)
    indicators = queries.document_indicators(document)
    by_id = {indicator.id: indicator for indicator in indicators}
    counted = {i: by_id[i] for i in overview.results if i in by_id}  # tree order
    rule_form = RuleForm(meta={"csrf": False})  # fields only: the page adds its own token
    rule_form.offer(list(counted.values()), COMPONENT_LABELS)
    macros = "monitoring/_overview_parts.html"
    return {
        "progress": render_template("monitoring/_progress_section.html", overview=overview, document=document),
        "pending": overview.pending,
        "quality": get_template_attribute(macros, "quality_section")(quality.quality(document, indicators)),
        "rules": get_template_attribute(macros, "rules_list")(queries.validation_rules(document, counted),
                                                              COMPONENT_LABELS),
        "rule_fields": get_template_attribute(macros, "rule_fields")(rule_form),
        "proposed": [asdict(ProposedChange("indicator" if isinstance(item, Indicator) else "result", item.id,
                                           item.code, item.name if isinstance(item, Indicator) else item.title,
                                           item.proposed_by_id))
                     for item in queries.proposed_changes(document)],
    }


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
