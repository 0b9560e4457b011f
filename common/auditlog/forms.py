"""The audit log's filter form (GET, so a filtered view can be bookmarked and shared)."""

from __future__ import annotations

from flask_wtf import FlaskForm
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
