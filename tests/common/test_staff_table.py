"""The staff table's rows rendered in one step (common.directory.staff_table) are exactly what the template's loop
rendered: links, escaping, a person without a post, the empty table."""

from __future__ import annotations

from common.directory.queries import StaffRow
from common.directory.staff_table import staff_rows

# ``directory/_staff_table.html``'s body as the loop wrote it before the rows were rendered in one step.
LOOP = """<tbody>{% set profile_before, profile_after = id_url_halves('directory.profile') %}
  {% for e in items %}
    <tr>
      <td><a href="{{ profile_before }}{{ e.id }}{{ profile_after }}">{{ e.full_name }}</a></td>
      <td>{{ e.personal_number }}</td>
      <td>{% if e.title is not none %}{{ e.title }} <span class="tag">{{ e.rank_roman }}</span>{% endif %}</td>
      <td>{{ e.unit_name }}</td>
    </tr>
  {% else %}
    <tr><td colspan="4">{{ _('No employees found.') }}</td></tr>
  {% endfor %}
  </tbody>"""
ONE_STEP = """<tbody>
  {{ staff_rows(items) }}{% if not items %}
    <tr><td colspan="4">{{ _('No employees found.') }}</td></tr>
  {% endif %}
  </tbody>"""

ROWS = [
    StaffRow(12, "Nino Beridze", "01001012345", "Head of <Division> & \"Co\"", "II", "Budget Department"),
    StaffRow(7, "O'Brien <b>Tom</b>", "01001000007", None, None, "Unit 'A' & B"),
    StaffRow(99, "ნინო ბერიძე", "01001000099", "უფროსი", "IV", "ბიუჯეტის დეპარტამენტი"),
]


def test_the_rows_in_one_step_are_the_loops_markup(app):
    for root in ("", "/suite"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for items in (ROWS, ROWS[:1], []):
                loop = app.jinja_env.from_string(LOOP).render(items=items)
                one_step = app.jinja_env.from_string(ONE_STEP).render(items=items)
                assert one_step == loop
            assert "&lt;b&gt;Tom&lt;/b&gt;" in str(staff_rows(ROWS)) and "O&#39;Brien" in str(staff_rows(ROWS))
