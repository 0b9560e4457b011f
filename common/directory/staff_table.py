"""The staff table's rows (the unit page and the search), rendered in one step for the page.

Each row of ``directory/_staff_table.html`` cost the template some ninety calls (an attribute look-up and an
escape per cell, the loop's bookkeeping, a resumed generator per piece of text): a page of 25 rows was about a
sixth of the page's CPU (issue 20). Here a row is one format of its escaped cells, and the profile link's halves
are escaped once per page. The markup is exactly the loop's (tests/common/test_staff_table.py renders both).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from common.directory import bp
from common.directory.queries import StaffRow
from common.shell_url import id_url_halves

# ``markupsafe.escape`` of a plain string, in one call: the cells are text read from the database, never markup.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})
_ROW = ('\n    <tr>\n      <td><a href="{before}{id}{after}">{name}</a></td>\n      <td>{number}</td>\n'
        '      <td>{post}</td>\n      <td>{unit}</td>\n    </tr>\n  ')


@bp.app_template_global("staff_rows")
def staff_rows(rows: Sequence[StaffRow]) -> Markup:
    """The ``<tr>``s of ``rows``, each linking to the person's profile (the text between ``<tbody>`` and the empty
    table's message, which the template keeps)."""
    before, after = (escape(half) for half in id_url_halves("directory.profile"))
    return Markup("".join(_ROW.format(
        before=before, id=row.id, after=after, name=row.full_name.translate(_ESCAPES),
        number=str(row.personal_number).translate(_ESCAPES),
        post="" if row.title is None else
        f'{row.title.translate(_ESCAPES)} <span class="tag">{str(row.rank_roman).translate(_ESCAPES)}</span>',
        unit=row.unit_name.translate(_ESCAPES)) for row in rows))
