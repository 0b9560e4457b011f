"""The pages of the data-entry grid: the indicators an officer reports, grouped by objective, kept per scope.

An officer thinks in objectives ("1.2 Faster tax refunds"), not in pages of a hundred codes, so the grid shows
one objective's indicators per page, or a few small objectives together up to ``PAGE_SIZE`` indicators (an
objective larger than that is split into parts, so no page grows with the strategy). Working out the pages reads
every indicator in scope and the results trees above them; that changes only when a strategy, its tree, an
indicator or an org unit is written, never when values are, so the plan is kept in ``common.cache`` under its own
namespace, retired by exactly those writes (``common.cache_events``), per scope of units and language-free (both
titles are kept). A page's rows come from the plan, without the ORM: a warm page reads no table but the values'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from common import cache
from common.cache_events import retire_on_writes
from common.extensions import db
from common.models import OrgUnit
from common.permissions import unit_scope
from monitoring.models import Indicator, PolicyDocument, ResultNode

NAMESPACE = "monitoring-grid"
WATCHED = (PolicyDocument, ResultNode, Indicator, OrgUnit)
PAGE_SIZE = 40  # indicators on a page at most (a larger objective is split into parts of this size)
OBJECTIVE_LEVEL = 1  # goal → objective → output: a node at this level, or the top node above an indicator


def pages(user: Any, page: int | None = None, nav: Callable[[list[dict[str, Any]], int], str] | None = None,
          where: str = "") -> dict[str, Any]:
    """What the grid needs of the plan, in one round trip to the cache: ``summary`` (the number of pages and of
    indicators in scope) and, with ``page`` (from 1), that ``page``'s groups of rows and, with ``nav``, the pager
    rendered for it (``nav(pager, page)``, kept per ``where``: the language and the application's root); without
    ``page``, the whole ``pager`` (each page's objectives and indicator ids), to find the page holding an indicator.

    The pager lists every page's objectives: decoding and drawing it at each view grew with the indicators in
    scope (a national ministry's five pages named 50 objectives and held 180 ids), so a view reads it drawn."""
    scope = cache.scope_key(user, "monitoring.enter")
    kinds = {f"summary:{scope}:{PAGE_SIZE}": "summary"}
    if page:
        kinds[f"page:{scope}:{PAGE_SIZE}:{page}"] = "page"
        if nav is not None:
            kinds[f"nav:{scope}:{PAGE_SIZE}:{page}:{where}"] = "nav"
    else:
        kinds[f"pager:{scope}:{PAGE_SIZE}"] = "pager"

    def compute(missing: list[str]) -> dict[str, Any]:
        built = build(user)
        pager = [{"objectives": [group["objective"] for group in groups],
                  "indicators": [row["id"] for group in groups for row in group["rows"]]} for groups in built]
        parts = {"summary": {"pages": len(built), "total": sum(len(entry["indicators"]) for entry in pager)},
                 "pager": pager, "page": built[page - 1] if page and page <= len(built) else []}
        return {key: nav(pager, page) if kinds[key] == "nav" and nav and page else parts[kinds[key]]
                for key in missing}

    found = cache.cached_many(NAMESPACE, list(kinds), compute)
    return {kind: found[key] for key, kind in kinds.items()}


def build(user: Any) -> list[list[dict[str, Any]]]:
    """Every page: a list of groups (one objective, or part of one), each with its rows (plain JSON)."""
    unit = OrgUnit
    rows = db.session.execute(
        select(Indicator.id, Indicator.code, Indicator.name_ka, Indicator.name_en, Indicator.frequency,
               Indicator.document_id, Indicator.result_id, unit.id.label("unit_id"),
               unit.name_ka.label("unit_ka"), unit.name_en.label("unit_en"))
        .join(unit, unit.id == Indicator.responsible_unit_id).where(unit_scope(user, "monitoring.enter"))).all()
    if not rows:
        return []
    nodes = {node.id: node for node in db.session.execute(
        select(ResultNode.id, ResultNode.parent_id, ResultNode.level, ResultNode.code, ResultNode.title_ka,
               ResultNode.title_en, ResultNode.position, ResultNode.document_id, PolicyDocument.code.label("doc"),
               PolicyDocument.period_start, PolicyDocument.period_end)
        .join(PolicyDocument, PolicyDocument.id == ResultNode.document_id)
        .where(ResultNode.document_id.in_({row.document_id for row in rows})))}
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        objective = _objective(nodes, row.result_id)
        grouped[objective].append({
            "id": row.id, "code": row.code, "name": [row.name_ka, row.name_en], "frequency": row.frequency,
            "unit": {"id": row.unit_id, "name": [row.unit_ka, row.unit_en]}})
    groups = []
    for objective in sorted(grouped, key=lambda i: _order(nodes, i)):
        node, members = nodes[objective], sorted(grouped[objective], key=lambda r: (r["code"], r["id"]))
        parts = -(-len(members) // PAGE_SIZE)
        for part in range(parts):
            label = {"id": node.id, "code": node.code, "title": [node.title_ka, node.title_en], "document": node.doc,
                     "part": [part + 1, parts] if parts > 1 else None}
            groups.append({"objective": label, "span": [node.period_start.isoformat(), node.period_end.isoformat()],
                           "rows": members[part * PAGE_SIZE:(part + 1) * PAGE_SIZE]})
    return _pack(groups)


def _objective(nodes: dict[int, Any], result_id: int) -> int:
    """The objective above (or at) ``result_id``: its ancestor at ``OBJECTIVE_LEVEL``, else its top node."""
    node = nodes[result_id]
    while node.level > OBJECTIVE_LEVEL and node.parent_id in nodes:
        node = nodes[node.parent_id]
    return node.id


def _order(nodes: dict[int, Any], node_id: int) -> tuple:
    """Strategies by code, then the tree's own order (each ancestor's position and code, top down)."""
    path = []
    node = nodes[node_id]
    while node is not None:
        path.append((node.position, node.code))
        node = nodes.get(node.parent_id)
    return (nodes[node_id].doc, *reversed(path))


def _pack(groups: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Consecutive groups on one page while they fit in ``PAGE_SIZE`` indicators (a group never straddles two)."""
    packed: list[list[dict[str, Any]]] = []
    size = PAGE_SIZE + 1
    for group in groups:
        if size + len(group["rows"]) > PAGE_SIZE:
            packed.append([])
            size = 0
        packed[-1].append(group)
        size += len(group["rows"])
    return packed


def connect() -> None:
    """Listen once per process (safe to call again): values written do not move an indicator to another page."""
    retire_on_writes(NAMESPACE, *WATCHED)
