"""Forms of the sign-in pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, Length

from common.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=255)],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)],
                        description=_l("At least 12 characters. A few unrelated words are easy to remember."),
                        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class LanguageForm(FlaskForm):
    lang = SelectField(_l("Language"), choices=[("ka", "ქართული"), ("en", "English")])
    next = HiddenField()


class SetPasswordForm(FlaskForm):
    """A sign-in link's page: the person chooses their password (no current one to give)."""

    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)],
                        description=_l("At least 12 characters. A few unrelated words are easy to remember."),
                        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
