"""The audit log's filter form (GET, so a filtered view can be bookmarked and shared), and its fields kept rendered."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import render_template, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from common.i18n import lazy_gettext as _l


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search form changes nothing

    person = StringField(_l("Person"), validators=[Optional(), Length(max=255)],
                         description=_l("The e-mail of who acted, or the personal number of whom it concerns."))
    looked_at = StringField(_l("Whose data was read"), validators=[Optional(), Length(max=11)],
                            description=_l("A personal number: every page, export and report that showed this person."))
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=64)])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=64)])
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind"), choices=[("", _l("All")), ("write", _l("Changes")), ("read", _l("Reads")),
                                             ("auth", _l("Sign-in")), ("api", _l("API calls"))],
                       validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


FIELDS = ("person", "looked_at", "object_type", "object_id", "action", "kind", "date_from", "date_to")
KEPT = 64  # rendered forms per process: the plain page's in each language, and recent filters
_rendered: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()
_lock = threading.Lock()


def rendered_fields(form: AuditFilterForm, actions: tuple[str, ...], locale: str) -> Markup:
    """The filter's fields as ``audit/_filter_fields.html`` renders them, kept per language (``locale``), list of
    actions (the choices) and values typed, which decide each field's value and error: eight fields through the
    ``field`` macro cost a tenth of the page, and most views show the same form. ``form`` must have been validated."""
    key = (locale, actions, *(tuple(request.args.getlist(name)) for name in FIELDS))
    with _lock:
        fields = _rendered.get(key)
        if fields is not None:
            _rendered.move_to_end(key)
            return fields
    fields = Markup(render_template("audit/_filter_fields.html", form=form))
    with _lock:
        _rendered[key] = fields
        while len(_rendered) > KEPT:
            _rendered.popitem(last=False)
    return fields
