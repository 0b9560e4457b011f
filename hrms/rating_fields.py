"""The rating selects of the assessment forms, rendered as the ``field`` macro renders a select, in one step each.

A self- or manager assessment has one select per objective and competency, each with the same five or six
choices. Through ``_macros.html``'s ``field`` every select cost a macro call, its label, its attributes and every
option rendered by WTForms (an attribute string and escaping per option): about a sixth of the appraisal page's
CPU (issue 20). Here each select is one string, and the options are rendered once per page for each rating that
is selected somewhere, not once per field. The markup is exactly the macro's (tests/hrms/test_rating_fields.py
renders both), so the form's look, its labels, hints, errors and their ``aria-describedby`` stay the same; what
is posted and how it is validated is the form's own business and does not change.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from common.i18n import gettext as _

_GROUP = (
    '\n\n<div class="form-group{group_error}">\n  \n    <label class="label" for="{id}">{label}</label>\n'
    "    {hint}\n    {error}\n"
    '    <select {described}{invalid}class="input{input_error} input--{width}" id="{id}" name="{name}">{options}'
    "</select>\n  \n</div>"
)


class RatingFields:
    """Renders a form's rating selects (``SelectField`` with ``coerce=str``, no validators of their own: the
    fields of ``hrms.forms.rating_form``); the option lists, keyed by choices and selected value, are kept for the
    page (one instance per rendering)."""

    def __init__(self) -> None:
        self._options: dict[tuple[Any, ...], Markup] = {}

    def options(self, field: Any) -> Markup:
        """The ``<option>``s of ``field`` as WTForms' ``Select`` renders them (``selected`` before ``value``)."""
        choices = tuple((str(value), escape(label)) for value, label in field.choices)
        key = (choices, field.data)
        found = self._options.get(key)
        if found is None:
            data = field.data
            found = self._options[key] = Markup("".join(
                f'<option {"selected " if value == data else ""}value="{escape(value)}">{label}</option>'
                for value, label in choices))
        return found

    def __call__(self, field: Any, width: str = "short") -> Markup:
        """``field(field, width=width)`` of ``_macros.html`` for a select, with the same markup."""
        ident = escape(field.id)
        errors, hint = field.errors, field.description
        described = ([f"{ident}-hint"] if hint else []) + ([f"{ident}-error"] if errors else [])
        return Markup(_GROUP.format(
            group_error=" form-group--error" if errors else "", id=ident, name=escape(field.name),
            label=escape(field.label.text), width=escape(width),
            hint=f'<div id="{ident}-hint" class="hint">{escape(hint)}</div>' if hint else "",
            error=(f'<p id="{ident}-error" class="error-message"><span class="visually-hidden">{Markup(_("Error:"))}'
                   f'</span> {escape(" ".join(map(str, errors)))}</p>') if errors else "",
            described=f'aria-describedby="{" ".join(described)}" ' if described else "",
            invalid='aria-invalid="true" ' if errors else "", input_error=" input--error" if errors else "",
            options=self.options(field)))
