"""Forms of the account administration pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from common.i18n import lazy_gettext as _l
from common.models.users import ROLES

ROLE_LABELS = {
    "admin": _l("System administrator"),
    "hr_officer": _l("HR officer"),
    "me_officer": _l("M&E officer"),
    "me_approver": _l("M&E approver (policy-maker)"),
    "learning_admin": _l("Learning administrator"),
    "auditor": _l("Auditor / data-protection officer"),
}

TEMP_PASSWORD_HINT = _l("At least 12 characters and hard to guess. Give it to the person privately; they will "
                        "have to choose their own password when they first sign in.")


class AccountForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=255)])
    personal_number = StringField(
        _l("Personal number of the employee (optional)"),
        validators=[Optional(), Regexp(r"^\d{11}$", message=_l("A personal number has exactly 11 digits."))],
        description=_l("Links the account to the person in the staff directory."))
    password = PasswordField(_l("Temporary password"), validators=[DataRequired()], description=TEMP_PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})


class GrantRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    unit_code = StringField(_l("Org unit code of the scope"), validators=[Optional(), Length(max=32)],
                            description=_l("The role applies to this unit and everything below it. "
                                           "Leave empty for the whole government."))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New temporary password"), validators=[DataRequired()],
                             description=TEMP_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that post."""
