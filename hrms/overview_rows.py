"""The cycle overview's overdue rows, written in one step instead of a Jinja loop.

The list names up to ``overview_queries.OVERDUE_SHOWN`` people, read afresh (and logged) at every view, so unlike
the counts it cannot be kept rendered. In the template each row cost a loop step, seven attribute look-ups and six
escapes through the runtime: at national scale (fifty rows where a tenth has thirty) that loop was what made the
page grow with the data (issue 20). Here a row is one format of already-escaped values; the markup is exactly the
template's (tests/hrms/test_overview_rows.py renders both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

from hrms.overview_queries import OverdueAppraisal

_ROW = ('\n    <tr><td><a href="{before}{id}{after}">{employee}</a></td><td>{evaluator}</td><td>{state}</td>'
        "<td>{due}</td></tr>\n  ")


def overdue_rows(appraisals: Iterable[OverdueAppraisal], names: Mapping[str, str], before: str, after: str) -> Markup:
    """The ``<tr>``s of ``appraisals`` (with the whitespace the template's loop wrote), each linking to
    ``before`` + id + ``after`` (``common.shell_url.id_url_halves``); ``names``: the states' names."""
    before, after = escape(before), escape(after)
    state_names = {state: escape(name) for state, name in names.items()}
    return Markup("".join(
        _ROW.format(before=before, id=a.id, after=after, employee=escape(a.employee_name),
                    evaluator=escape(a.evaluator_name or "—"), state=state_names[a.state], due=escape(str(a.due)))
        for a in appraisals))
