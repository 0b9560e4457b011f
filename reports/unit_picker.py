"""The HR unit picker's choices, built once per scope, language and version of the org units.

The HR dashboard (its routing callback, at every visit) and the HR report page offer the units of the reader's scope
as an indented tree. Loading and sorting every open unit for that, on every visit, was the part of the dashboard that
grew with the directory (1.98x tenth to national). The tree depends only on the units themselves, the reader's scope
and language, so it is kept in this process's memory under exactly those:

* the scope: the reader's ``reports.hr`` paths (``cache.scope_key``), so nobody is offered a unit outside theirs;
* the language: the labels are in the reader's language, "Whole civil service" included;
* the version of the ``org-units`` namespace of ``common.cache``, raised by every write to ``OrgUnit`` (ORM flushes
  and bulk ORM statements, the importer's included: ``common.cache_events.retire_on_writes``). The version lives in
  Redis or the database when there are several processes, so each of them shows a new or renamed unit at its next
  request. Reading it is one small round trip where the units were one large one.

The choices are a tuple of tuples nobody can change; callers get a list of their own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from common import cache, cache_events
from common.directory import stats
from common.i18n import get_locale
from common.i18n import gettext as _
from common.models import OrgUnit
from common.models.base import localized
from common.permissions import scope_paths

NAMESPACE = "org-units"
CAPABILITY = "reports.hr"
ENTRIES = 64  # scopes x languages kept per process; an entry is ~100 kB at national (3,000 units)
Choices = tuple[tuple[int, str], ...]

_lock = threading.Lock()
_trees: OrderedDict[tuple[int, str, str], Choices] = OrderedDict()


def connect() -> None:
    """Retire the trees whenever a session writes an org unit, forget them with the cache's (safe to call again)."""
    cache_events.retire_on_writes(NAMESPACE, OrgUnit)
    cache.on_clear(clear)


def unit_choices(user: Any) -> list[tuple[int, str]]:
    """(id, label) of the units ``user`` may pick, as an indented tree; 0 is the whole civil service (unscoped)."""
    paths = scope_paths(user, CAPABILITY)
    scope = "all" if paths is None else ",".join(sorted(paths))
    key = (cache.version(NAMESPACE), scope, str(get_locale()))
    with _lock:
        found = _trees.get(key)
        if found is not None:
            _trees.move_to_end(key)
            return list(found)
    built = _build(paths)
    with _lock:
        _trees[key] = built
        while len(_trees) > ENTRIES:
            _trees.popitem(last=False)
    return list(built)


def clear() -> None:
    """Forget this process's trees (``cache.clear``: tests, after a restore from backup)."""
    with _lock:
        _trees.clear()


def _build(paths: list[str] | None) -> Choices:
    rows = stats.units_under(paths)
    choices: list[tuple[int, str]] = [(0, _("Whole civil service"))] if paths is None else []
    by_parent: dict[int | None, list[Any]] = {}
    ids = {row.id for row in rows}
    for row in rows:
        by_parent.setdefault(row.parent_id if row.parent_id in ids else None, []).append(row)
    top_depth = min((row.depth for row in rows), default=0)

    def walk(parent: int | None) -> None:
        for row in sorted(by_parent.get(parent, []), key=lambda r: r.code):
            indent = "— " * (row.depth - top_depth)
            choices.append((row.id, f"{indent}{localized(row.name_ka, row.name_en)} ({row.code})"))
            walk(row.id)

    walk(None)
    return tuple(choices)
