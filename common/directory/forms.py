"""The upload form of the staff import page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField

from common.i18n import lazy_gettext as _l

KIND_CHOICES = [
    ("auto", _l("Tell from the column names")),
    ("employees", _l("Employees")),
    ("units", _l("Org units")),
    ("positions", _l("Positions")),
]


class ImportForm(FlaskForm):
    file = FileField(_l("File to import"), validators=[
        FileRequired(_l("Choose a file to import.")),
        FileAllowed(["csv", "xlsx"], _l("Only CSV and Excel (.xlsx) files can be imported.")),
    ], render_kw={"accept": ".csv,.xlsx"})
    kind = SelectField(_l("What the file holds"), choices=KIND_CHOICES, default="auto")
    dry_run = BooleanField(_l("Only check the file; do not import anything"))

    def limit_kinds(self, kinds: set[str]) -> None:
        """Offer only the kinds of file this user may import (HR officers: employees)."""
        self.kind.choices = [(value, label) for value, label in KIND_CHOICES if value == "auto" or value in kinds]
