"""The org chart's tree, drawn once per unit, language, mount point and version of what it shows.

Reading the levels, units and heads (three statements) and drawing a few dozen units with their heads was most of
the chart's cost, and it grew with the country: a national ministry draws more units than a tenth of one (1.69x,
issue 20). Yet the tree is the same for every reader allowed to see the unit (the view checks access at every
request), so each process keeps it drawn, under

* the unit, the language, ``request.script_root`` (the links) and the drawing budget (``ORG_CHART_UNITS``);
* the version of ``directory-chart`` in ``common.cache``, raised by every write to an ``OrgUnit`` (names, moves),
  an ``Employee`` (a head's name, post, manager, unit or departure; a hire or a leaver moves the headcounts, whose
  summary ``directory.headcounts`` keeps in the same flush) or a ``Position`` (a head's title): ORM flushes and
  bulk ORM statements, at the flush and again when the transaction ends (``common.cache_events``). Writes that
  bypass the session are followed by ``flask staff rebuild-headcounts``, which raises it too. The version lives in
  Redis or the database when there are several processes, so each of them shows a change at its next request.

The tree names people, so it is kept in this process's memory only (never in Redis), with the ids of the heads
it names: every view, drawn or kept, logs them as read (``common.reads.shows``), so the audit entry is the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import render_template, request
from markupsafe import Markup

from common import cache, cache_events
from common.directory.chart import ChartNode, org_chart
from common.i18n import get_locale
from common.models import Employee, OrgUnit, OrgUnitHeadcount, Position
from common.reads import shows

NAMESPACE = "directory-chart"
WATCHED = (OrgUnit, Employee, Position, OrgUnitHeadcount)
HEADS_NAMED = 3  # the chart names up to three heads per unit (the template draws this many)
ENTRIES = 256  # units x languages kept per process; a national ministry's tree is ~10 kB

_lock = threading.Lock()
_trees: OrderedDict[tuple[int, int, str, str, int], DrawnChart] = OrderedDict()


@dataclass(frozen=True, slots=True)
class DrawnChart:
    """The chart's tree as HTML (autoescaped when drawn) and the people it names."""

    html: Markup
    named: tuple[int, ...]


def connect() -> None:
    """Retire the trees whenever a session writes what they show; forget them with the cache's (safe to call
    again)."""
    cache_events.retire_on_writes(NAMESPACE, *WATCHED)
    cache.on_clear(clear)


def drawn_chart(unit: OrgUnit, budget: int) -> Markup:
    """The tree of ``unit``'s chart (``chart.org_chart`` drawn by ``directory/_chart_tree.html``), the people it
    names logged as read. The caller has checked the unit is in the reader's scope."""
    key = (cache.version(NAMESPACE), unit.id, str(get_locale()), request.script_root, budget)
    with _lock:
        found = _trees.get(key)
        if found is not None:
            _trees.move_to_end(key)
    if found is None:
        root = org_chart(unit, budget=budget)
        html = render_template("directory/_chart_tree.html", root=root, heads_named=HEADS_NAMED)
        found = DrawnChart(Markup(html), _named(root))
        with _lock:
            _trees[key] = found
            while len(_trees) > ENTRIES:
                _trees.popitem(last=False)
    shows(found.named)
    return found.html


def _named(root: ChartNode) -> tuple[int, ...]:
    """The heads the tree names (``HEADS_NAMED`` per unit, as the template draws them)."""
    named: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        named.extend(head.id for head in node.heads[:HEADS_NAMED])
        stack.extend(node.children)
    return tuple(named)


def clear() -> None:
    """Forget this process's trees (``cache.clear``: tests, after a restore from backup)."""
    with _lock:
        _trees.clear()
