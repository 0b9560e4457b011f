"""Forms of the cmi5 pages: a new cmi5 lesson (titles and the course structure), and a new version of it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField
from wtforms.validators import Length

from common.i18n import lazy_gettext as _l

COURSE_HELP = _l("A cmi5 course: a .zip file with cmi5.xml at its root, or cmi5.xml alone when every AU is hosted "
                 "elsewhere.")


class Cmi5PackageForm(FlaskForm):
    package = FileField(_l("cmi5 course"), description=COURSE_HELP,
                        validators=[FileRequired(_l("Choose the course (a .zip file with cmi5.xml) to upload."))])


class Cmi5LessonForm(Cmi5PackageForm):
    title_ka = StringField(_l("Title in Georgian"), validators=[Length(max=255)],
                           description=_l("Leave empty to use the course's own title."))
    title_en = StringField(_l("Title in English"), validators=[Length(max=255)],
                           description=_l("Leave empty to use the course's own title."))
    required = BooleanField(_l("Required for completion"), default=True)


MOVE_ON_LABELS = {"Passed": _l("Passed"), "Completed": _l("Completed"),
                  "CompletedAndPassed": _l("Completed and passed"), "CompletedOrPassed": _l("Completed or passed"),
                  "NotApplicable": _l("Not applicable")}
