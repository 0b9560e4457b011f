"""The org chart's reads: a unit and the levels below it, with headcounts and heads, as plain rows.

The chart names a few dozen units and their heads on every view, so what it costs per unit counts: its statements
are built once per process (their values bound at each request), read columns rather than ORM objects (nothing on
the chart is ever written back), and the names are picked in the reader's language once per list (``pick``), not
per unit and name in the template. Three statements whatever the size of the subtree; headcounts come from the
summary (``directory.headcounts``), joined to the units rather than read apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select

from common.extensions import db
from common.models import Employee, OrgUnit, OrgUnitHeadcount, Position
from common.models.base import pick, reads_english
from common.reads import shows

_unit = OrgUnit.__table__.c
_count = OrgUnitHeadcount.__table__.c
_employee = Employee.__table__
_manager = Employee.__table__.alias("manager")
_position = Position.__table__


def _in_subtree() -> object:
    """``OrgUnit.path.startswith(path, autoescape=True)`` with the pattern bound at each request (``_prefix``)."""
    return and_(_unit.path.like(bindparam("prefix"), escape="/"), _unit.valid_to.is_(None))


def _prefix(path: str) -> str:
    """The ``LIKE`` pattern (escape ``/``) of every path starting with ``path``, as ``autoescape`` builds it."""
    return path.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


# Current sub-units per parent on the levels below the unit (``_chart_depth``).
_LEVELS = (select(_unit.depth, _unit.parent_id, func.count())
           .where(_in_subtree(), _unit.depth > bindparam("depth"), _unit.depth <= bindparam("deepest"))
           .group_by(_unit.depth, _unit.parent_id))
# The drawn units with their subtree headcounts, in the chart's order.
_UNITS = (select(_unit.id, _unit.parent_id, _unit.depth, _unit.name_ka, _unit.name_en,
                 func.coalesce(_count.subtree, 0))
          .select_from(OrgUnit.__table__.outerjoin(OrgUnitHeadcount.__table__, _count.org_unit_id == _unit.id))
          .where(_in_subtree(), _unit.depth <= bindparam("deepest"))
          .order_by(_unit.code))
# The head of a unit is whoever in it has no manager inside the same unit.
_HEADS = (select(_employee.c.id, _employee.c.org_unit_id, _employee.c.first_name_ka, _employee.c.last_name_ka,
                 _employee.c.first_name_en, _employee.c.last_name_en, _position.c.id, _position.c.title_ka,
                 _position.c.title_en)
          .select_from(_employee.outerjoin(_manager, _employee.c.manager_id == _manager.c.id)
                       .outerjoin(_position, _employee.c.position_id == _position.c.id))
          .where(_employee.c.org_unit_id.in_(bindparam("units", expanding=True)), _employee.c.deleted_at.is_(None),
                 or_(_manager.c.id.is_(None), _manager.c.org_unit_id != _employee.c.org_unit_id))
          .order_by(_employee.c.id))


class ChartHead(NamedTuple):
    id: int
    name: str
    title: str | None  # None: no position


@dataclass
class ChartNode:
    id: int
    name: str
    headcount: int = 0
    heads: list[ChartHead] = field(default_factory=list)
    children: list[ChartNode] = field(default_factory=list)
    hidden_units: int = 0  # sub-units not drawn here (the chart's budget or depth): the node links to its own chart


def _chart_depth(unit: OrgUnit, levels: int, budget: int) -> tuple[int, dict[int, int]]:
    """How many levels below ``unit`` the chart draws, and how many current sub-units each unit has.

    Whole levels are drawn while they fit in ``budget`` units (the unit's own sub-units always): a national
    ministry's third level is a branch in every municipality, and drawing them all would make the page, and its
    cost, grow with the country rather than with what a reader can take in.
    """
    rows = db.session.connection().execute(_LEVELS, {"prefix": _prefix(unit.path), "depth": unit.depth,
                                                     "deepest": unit.depth + levels + 1}).all()
    per_level: Counter[int] = Counter()
    kids: dict[int, int] = {}
    for depth, parent_id, count in rows:
        per_level[depth - unit.depth] += count
        kids[parent_id] = count
    shown, drawn = 1, 1 + per_level[1]
    while shown < levels and drawn + per_level[shown + 1] <= budget:
        shown += 1
        drawn += per_level[shown]
    return shown, kids


def org_chart(unit: OrgUnit, levels: int = 3, budget: int = 40) -> ChartNode:
    """The unit and up to ``levels`` levels below it (as many as fit in ``budget`` units), with headcounts and the
    heads of each unit (the people named are logged as read); a unit whose sub-units are not drawn says how many it
    has."""
    shown, kids = _chart_depth(unit, levels, budget)
    connection, english = db.session.connection(), reads_english()
    units = connection.execute(_UNITS, {"prefix": _prefix(unit.path), "deepest": unit.depth + shown}).all()
    nodes = {u[0]: ChartNode(u[0], pick(u[3], u[4], english), u[5]) for u in units}
    for e in connection.execute(_HEADS, {"units": list(nodes)}):
        title = None if e[6] is None else pick(e[7], e[8], english)
        nodes[e[1]].heads.append(ChartHead(e[0], pick(f"{e[2]} {e[3]}", f"{e[4]} {e[5]}", english), title))
    shows(head.id for node in nodes.values() for head in node.heads[:3])  # the chart names up to three per unit
    deepest = unit.depth + shown
    for unit_id, parent_id, depth, *_names in units:
        if unit_id != unit.id and parent_id in nodes:
            nodes[parent_id].children.append(nodes[unit_id])
        if depth == deepest:
            nodes[unit_id].hidden_units = kids.get(unit_id, 0)
    return nodes[unit.id]
