"""The rating selects of the assessment forms are rendered in one step (hrms.rating_fields), with exactly the markup
of the ``field`` macro that every other form uses: label, hint, error, aria attributes, the chosen option."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from hrms.forms import rating_form
from hrms.rating_fields import RatingFields

MACRO = "{% from '_macros.html' import field %}{{ field(f, width='short') }}"


def _rating_fields(form):
    return [f for f in form if f.name[:2] in ("o_", "c_")]


def test_a_rating_select_is_rendered_as_the_field_macro_renders_it(hr_world):
    appraisal = hr_world.appraisal()
    criteria = appraisal.cycle.template.section("competencies").criteria
    assert len(criteria) >= 2
    for manager in (False, True):  # the manager's selects carry a hint: the employee's own rating
        fresh = rating_form(appraisal, manager=manager, formdata=None, data={"version": appraisal.version},
                            meta={"csrf": False})
        posted = rating_form(appraisal, manager=manager, meta={"csrf": False}, formdata=MultiDict(
            {f"c_{criteria[0].id}": "9", f"c_{criteria[1].id}": "3", "version": str(appraisal.version)}))
        assert not posted.validate()
        fields = _rating_fields(fresh) + _rating_fields(posted)
        assert any(f.errors for f in fields) and any(f.data == "3" for f in fields)
        assert all(bool(f.description) == manager for f in fields)
        for language in ("en", "ka"):
            with force_locale(language):
                render = RatingFields()
                for f in fields:
                    assert str(render(f)) == render_template_string(MACRO, f=f), (manager, language, f.name)
