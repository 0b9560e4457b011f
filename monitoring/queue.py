"""The approval queue's groups (indicator × period × org unit of submitted values), one page at a time.

The groups are read from their summary (``SubmittedGroup``, kept by ``monitoring.submitted``): grouping and
sorting every submitted value in scope grew with the values (17,000 at national scale) for a page of 20.

A page names its groups with the few columns the queue shows (code, names, unit of measure), read in the page's
own query, not as ``Indicator`` and ``OrgUnit`` entities: the figures beside them come from
``queue_cache``, which loads the indicators it has to review itself, and only when its entry is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, false, func, or_, select, true

from common.extensions import db
from common.models import OrgUnit
from common.models.base import Named
from common.pagination import ListPage, page_number
from common.permissions import scope_paths
from monitoring.models import Indicator, SubmittedGroup

QUEUE_PAGE_SIZE = 20


@dataclass(frozen=True)
class QueueIndicator(Named):
    """What a queue row shows of an indicator."""

    id: int
    code: str
    name_ka: str
    name_en: str
    unit: str


@dataclass(frozen=True)
class QueueUnit(Named):
    """What a queue row shows of an org unit."""

    id: int
    name_ka: str
    name_en: str


@dataclass(frozen=True)
class QueueItem:
    indicator: QueueIndicator
    period: str
    unit: QueueUnit
    count: int
    submitted_at: Any

    @property
    def token(self) -> str:
        return f"{self.indicator.id}:{self.period}:{self.unit.id}"


@dataclass
class ApprovalQueue:
    """One page of the approval queue: its groups and where the page stands among all groups waiting."""

    page: ListPage
    items: list[QueueItem]

    def __iter__(self) -> Iterator[QueueItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _in_scope(scopes: int | None) -> ColumnElement[bool]:
    """``permissions.unit_scope`` with the paths as parameters ``p0``…: ``scopes`` is how many (``None``: all units)."""
    if scopes is None:
        return true()
    return or_(false(), *(OrgUnit.path.like(bindparam(f"p{n}"), escape="\\") for n in range(scopes)))


def _scope_parameters(user: Any) -> tuple[int | None, dict[str, str]]:
    paths = scope_paths(user, "monitoring.approve")
    if paths is None:
        return None, {}
    escaped = (path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for path in paths)
    return len(paths), {f"p{n}": f"{path}%" for n, path in enumerate(escaped)}


def _in_scope_groups(scopes: int | None, *columns: Any) -> Select:
    """``columns`` of the groups waiting (``SubmittedGroup``, kept by the value writes) in the approver's scope
    (``None``: all units). The scope is a set of unit ids, so only a page's units are joined for their names."""
    found = select(*columns).select_from(SubmittedGroup)
    if scopes is None:  # every unit: no look-up of the units of all the groups waiting
        return found
    return found.where(SubmittedGroup.org_unit_id.in_(select(OrgUnit.id).where(_in_scope(scopes))))


@functools.cache
def _page_statement(scopes: int | None) -> Select:
    """A page of groups (``offset``, ``size``) with what their rows show, built once per number of scope paths:
    building it afresh cost a tenth of the page. The order is the summary's index (submission, then key)."""
    g, i = SubmittedGroup, Indicator
    found = (_in_scope_groups(scopes, g.indicator_id, g.period, g.org_unit_id, g.value_count.label("count"),
                              g.submitted_at.label("at"), func.count().over().label("total"))
             .order_by(g.submitted_at, g.indicator_id, g.period, g.org_unit_id)
             .offset(bindparam("offset")).limit(bindparam("size")).subquery())
    return (select(found.c.indicator_id, i.code, i.name_ka, i.name_en, i.unit, found.c.period, found.c.org_unit_id,
                   OrgUnit.name_ka, OrgUnit.name_en, found.c.count, found.c.at, found.c.total)
            .join(i, i.id == found.c.indicator_id).join(OrgUnit, OrgUnit.id == found.c.org_unit_id)
            .order_by(found.c.at, found.c.indicator_id, found.c.period, found.c.org_unit_id))


@functools.cache
def _count_statement(scopes: int | None) -> Select:
    return _in_scope_groups(scopes, func.count())


def approval_queue(user: Any, page: Any = 1, size: int = QUEUE_PAGE_SIZE) -> ApprovalQueue:
    """Page ``page`` of the groups awaiting approval in the approver's scope, oldest first (one query; a page past
    the end shows the last page, for two more).

    Ties on the submission time are broken by indicator, period and unit, so the order is total: no group shows on
    two pages or on none. The total rides along as a window count over the groups: a page costs no count query."""
    scopes, parameters = _scope_parameters(user)

    def groups(offset: int) -> list[Any]:
        return db.session.execute(_page_statement(scopes), {**parameters, "offset": offset, "size": size}).all()

    number = page_number(page)
    rows = groups((number - 1) * size)
    if rows:
        listed = ListPage(number, size, rows[0].total)
    else:  # past the end (a decision emptied the last page), or nothing waits
        total = db.session.execute(_count_statement(scopes), parameters).scalar_one()
        listed = ListPage.of(number, size, total)
        if not total:
            return ApprovalQueue(listed, [])
        rows = groups(listed.offset)
    return ApprovalQueue(listed, [
        QueueItem(QueueIndicator(i, code, name_ka, name_en, measure), period, QueueUnit(u, unit_ka, unit_en), n, at)
        for i, code, name_ka, name_en, measure, period, u, unit_ka, unit_en, n, at, _total in rows])
