"""The figures of the learning dashboard, from ``learning.queries`` only, after a scope check every time.

Enrolments, completions and pass rates by course and by unit; overdue and expiring mandatory training
by unit. Plain JSON-able figures, so a dashboard table and its export are the same numbers.

The figures of a unit are kept whole, language-neutral, per scope, unit and day in the learning cache
(``learning.queries.cached``, the ``learning`` namespace of ``learning.counts_cache``), which every write
to enrolments, certificates, courses, employees and org units retires. At national scale a ministry's
staff take some 300 courses: loading those courses and their counts on every callback was what grew
with the data. Only the scope check and the names in the reader's language are done per request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from common.cache import scope_key
from common.charts import bar_chart
from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.models.base import localized
from common.permissions import can_read_learning_statistics, has_capability
from learning import queries as lq
from reports.tables import Table

CAPABILITY = "learning.learners"
DONE = ("completed", "expiring", "expired")  # completed, whether or not the certificate is still valid
OPEN = ("assigned", "in_progress", "overdue")


def unit_choices(user: Any) -> list[tuple[int, str]]:
    """The top units of the user's scope and their direct sub-units."""
    found = []
    for top in lq.units_in_scope(user, None):
        found.append((top.id, f"{top.name} ({top.code})"))
        found.extend((child.id, f"— {child.name} ({child.code})") for child in lq.units_in_scope(user, top))
    return found


def _summary(counts: dict[str, int]) -> dict[str, Any]:
    done, failed = sum(counts.get(s, 0) for s in DONE), counts.get("failed", 0)
    return {"enrolments": sum(counts.values()), "completions": done, "failed": failed,
            "pass_rate": round(100 * done / (done + failed)) if done + failed else None,
            "overdue": counts.get("overdue", 0), "expiring": counts.get("expiring", 0),
            "expired": counts.get("expired", 0), "open": sum(counts.get(s, 0) for s in OPEN)}


def learning_figures(user: Any, unit_id: Any, today: date | None = None,
                     courses_shown: int | None = None) -> dict[str, Any] | None:
    """The figures of ``unit_id``'s subtree, or ``None`` if the unit is unknown or outside the user's scope.

    ``courses_shown`` keeps only that many courses, those with the most enrolments (the dashboard's table): an
    entry of its own, so that reading it costs the same whatever the number of courses; ``totals`` still counts
    them all. The scope is checked on every call; the figures come from the learning cache (the module's docstring).
    """
    try:
        unit = db.session.get(OrgUnit, int(unit_id))
    except (TypeError, ValueError):
        return None
    if not can_read_learning_statistics(user, unit):
        return None
    today = today or date.today()
    key = f"dashboard:{scope_key(user, CAPABILITY)}:{unit.id}:{today.isoformat()}"

    def every_course() -> dict[str, Any]:
        return lq.cached(key, lambda: _compute(user, unit, today))

    if courses_shown is None:
        return _in_language(every_course())
    return _in_language(lq.cached(f"{key}:top{courses_shown}", lambda: _busiest(every_course(), courses_shown)))


def learning_cached(user: Any, unit_id: Any, name: str, compute: Callable[[int], Any],
                    today: date | None = None) -> Any:
    """``compute(unit id)`` kept per scope, unit, day and ``name`` in the learning cache, as the figures are.

    For what is derived from ``learning_figures`` (a dashboard view in one language). ``compute`` checks the scope (it
    asks ``learning_figures``) and must return ``None`` when that does; its answer is kept under the reader's scope
    (``scope_key``: the units they see) and the unit, so a later reader is served only what the same check gave the
    same scope for the same unit. The namespace is retired by every write to org units too, so the unit is not
    loaded again here: a hit reads only the cache's version. ``None`` without the capability or for a bad id."""
    try:
        unit_id = int(unit_id)
    except (TypeError, ValueError):
        return None
    if not has_capability(user, CAPABILITY):
        return None
    today = today or date.today()
    key = f"dashboard:{scope_key(user, CAPABILITY)}:{unit_id}:{today.isoformat()}:{name}"
    return lq.cached(key, lambda: compute(unit_id))


def _compute(user: Any, unit: OrgUnit, today: date) -> dict[str, Any]:
    """The figures with both forms of every name (``_in_language`` picks one per request)."""
    children = lq.units_in_scope(user, unit)
    mandatory = lq.status_by_unit(user, [unit, *children], None, today)
    courses = [{"code": c.code, "title_ka": c.title_ka, "title_en": c.title_en, **_summary(counts)}
               for c, counts in lq.status_by_course(user, unit, today)]
    return {
        "unit": {"id": unit.id, "code": unit.code, "name_ka": unit.name_ka, "name_en": unit.name_en},
        "courses": courses,
        "totals": {"courses": len(courses), **{name: sum(c[name] for c in courses)
                                               for name in ("enrolments", "completions", "failed")}},
        "mandatory": [{"code": u.code, "name_ka": u.name_ka, "name_en": u.name_en,
                       **_summary(mandatory.get(u.id, {})),
                       "compliance": lq.compliance_summary(mandatory.get(u.id, {}))["percent"]}
                      for u in [unit, *children]],
    }


def _busiest(figures: dict[str, Any], shown: int) -> dict[str, Any]:
    """``figures`` with the ``shown`` courses of the most enrolments only (they come in that order)."""
    return {**figures, "courses": figures["courses"][:shown]}


def _in_language(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` with ``name`` and ``title`` in the reader's language: the locale is asked once, not per row."""
    english = localized("ka", "en") == "en"

    def pick(row: dict[str, Any], field: str) -> str:
        ka, en = row[f"{field}_ka"], row[f"{field}_en"]
        return (en or ka or "") if english else (ka or en or "")

    figures["unit"]["name"] = pick(figures["unit"], "name")
    for row in figures["mandatory"]:
        row["name"] = pick(row, "name")
    for row in figures["courses"]:
        row["title"] = pick(row, "title")
    return figures


TABLE_KEYS = ("mandatory", "courses")


def _rate(row: dict[str, Any]) -> str:
    return "–" if row["pass_rate"] is None else f"{row['pass_rate']}%"


def learning_charts(tables: list[Table]) -> dict[str, Any]:
    """The SVG bar chart of each table that has bars (the page without JavaScript and the PDF): compliance bars are
    labelled with their percentage. A table without bars gets none, and the page says there is nothing to chart."""
    return {t.key: bar_chart(t.title, t.chart, [f"{v}%" for _label, v in t.chart] if t.key == "mandatory" else None)
            for t in tables if t.chart}


def learning_tables(figures: dict[str, Any]) -> list[Table]:
    """The tables the dashboard, the page, the exports and the PDF all show, in this order."""
    mandatory = Table("mandatory", _("Mandatory training by unit"),
                      [_("Org unit"), _("Mandatory enrolments"), _("Completed"), _("Overdue"), _("Expiring soon"),
                       _("Expired"), _("Compliance")],
                      [[f"{u['name']} ({u['code']})", u["enrolments"], u["completions"], u["overdue"], u["expiring"],
                        u["expired"], "–" if u["compliance"] is None else f"{u['compliance']}%"]
                       for u in figures["mandatory"]],
                      # the chart: compliance (%) of the units where someone is assigned; none at all, no chart
                      [(f"{u['name']} ({u['code']})", u["compliance"]) for u in figures["mandatory"]
                       if u["enrolments"]])
    courses = Table("courses", _("Enrolments, completions and pass rates by course"),
                    [_("Course"), _("Enrolments"), _("Completions"), _("Failed"), _("Pass rate"), _("Overdue")],
                    [[f"{c['code']} {c['title']}", c["enrolments"], c["completions"], c["failed"], _rate(c),
                      c["overdue"]] for c in figures["courses"]],
                    [(c["code"], c["enrolments"]) for c in figures["courses"][:10]])
    return [mandatory, courses]
