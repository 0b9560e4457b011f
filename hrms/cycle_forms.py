"""Forms of the bulk actions on a cycle: the confirmed release and the cancellation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from common.i18n import lazy_gettext as _l


class ReleaseConfirmForm(FlaskForm):
    """The number of appraisals HR saw on the confirmation page travels with the POST."""

    count = HiddenField()


class CancelCycleForm(FlaskForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired(), Length(max=2000)],
                           description=_l("Recorded on the cycle and in the audit log."))
