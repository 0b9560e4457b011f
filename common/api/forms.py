"""Forms of the personal access tokens page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from common.i18n import lazy_gettext as _l

# scope -> what it lets a token do, in the holder's words (never more than their own roles allow).
SCOPE_LABELS = {
    "directory:read": _l("Read the staff directory"),
    "hr:read": _l("Read HR details (personal numbers, dates)"),
    "me:read": _l("Read M&E indicators and values"),
    "me:write": _l("Enter M&E values"),
    "learning:read": _l("Read learning records"),
}


def field_name(scope: str) -> str:
    return "scope_" + scope.replace(":", "_")


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What the token is for, e.g. the script that uses it."))
    days = IntegerField(_l("Valid for (days)"), default=90, validators=[DataRequired(), NumberRange(min=1, max=3650)])

    @property
    def scope_fields(self) -> list[BooleanField]:
        return [getattr(self, field_name(scope)) for scope in SCOPE_LABELS]

    def chosen_scopes(self) -> list[str]:
        return [scope for scope in SCOPE_LABELS if getattr(self, field_name(scope)).data]


for _scope, _label in SCOPE_LABELS.items():
    setattr(TokenForm, field_name(_scope), BooleanField(_label))


class RevokeForm(FlaskForm):
    """Only the CSRF token: the token to revoke is in the URL."""
