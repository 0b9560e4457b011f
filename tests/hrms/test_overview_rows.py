"""The cycle overview's overdue rows are written in one step (hrms.overview_rows) with exactly the markup of the
template loop they replaced: links, escaped names, a missing evaluator, the state's name in either language."""

from __future__ import annotations

from datetime import date

from flask import render_template_string
from flask_babel import force_locale

from hrms.labels import STATE_LABELS
from hrms.overview_queries import OverdueAppraisal
from hrms.overview_rows import overdue_rows

# The loop cycle.html had before (issue 20), kept here as the reference.
LOOP = ("""{% for a in appraisals %}
    <tr><td><a href="{{ before }}{{ a.id }}{{ after }}">{{ a.employee_name }}</a></td>"""
        """<td>{{ a.evaluator_name or '—' }}</td><td>{{ names[a.state] }}</td><td>{{ a.due }}</td></tr>
  {% endfor %}""")


def test_the_overdue_rows_are_the_template_loops_markup(app):
    appraisals = [
        OverdueAppraisal(7, "objectives_draft", date(2026, 2, 28), "Nino <Beridze> & co", "Giorgi \"G\" O'Neil"),
        OverdueAppraisal(12, "self_assessed", date(2026, 11, 30), "ნინო ბერიძე", None),
        OverdueAppraisal(40, "calibration", date(2026, 12, 1), "Ana", ""),
    ]
    for language in ("en", "ka"):
        with app.test_request_context("/"), force_locale(language):
            names = {code: str(text) for code, text in STATE_LABELS.items()}  # as hr_state_names() gives them
            for before, after in (("/hr/appraisals/", ""), ("/root/hr/appraisals/", "?x=1&y=<2>")):
                expected = render_template_string(LOOP, appraisals=appraisals, names=names, before=before,
                                                  after=after)
                assert str(overdue_rows(appraisals, names, before, after)) == expected, (language, before)
    assert str(overdue_rows([], {}, "/a/", "")) == ""
