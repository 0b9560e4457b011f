"""Forms of the SCORM pages: a new SCORM lesson (titles and the package), and a new version of its package."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from common.i18n import lazy_gettext as _l

PACKAGE_HELP = _l("A SCORM 1.2 or SCORM 2004 package: a .zip file with imsmanifest.xml at its root.")


class PackageForm(FlaskForm):
    package = FileField(_l("SCORM package"), description=PACKAGE_HELP,
                        validators=[FileRequired(_l("Choose the package (a .zip file) to upload."))])


class LessonDetailsForm(FlaskForm):
    title_ka = StringField(_l("Title in Georgian"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=255)])
    required = BooleanField(_l("Required for completion"))


class ScormLessonForm(PackageForm):
    title_ka = StringField(_l("Title in Georgian"), validators=[Length(max=255)],
                           description=_l("Leave empty to use the package's own title."))
    title_en = StringField(_l("Title in English"), validators=[Length(max=255)],
                           description=_l("Leave empty to use the package's own title."))
    required = BooleanField(_l("Required for completion"), default=True)

STATUS_LABELS = {"not attempted": _l("Not started"), "incomplete": _l("Incomplete"), "browsed": _l("Browsed"),
                 "completed": _l("Completed"), "passed": _l("Passed"), "failed": _l("Failed")}
