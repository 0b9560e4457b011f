"""Small helpers the learning views share: the signed-in learner, refused operations."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_login import current_user

from common.errors import OperationError
from common.extensions import db
from common.models import Employee


def learner() -> Employee:
    """The signed-in civil servant; accounts without a person in the directory cannot take courses."""
    if current_user.employee_id is None:
        abort(403)
    return current_user.employee


def refused(error: OperationError, form: Any = None) -> None:
    """Undo the failed operation's changes and show its message, on its field when it names one."""
    db.session.rollback()
    field = getattr(form, error.details.get("field", ""), None) if form is not None else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors or []), str(error)]
    else:
        flash(str(error), "error")


def actor() -> Any:
    return current_user._get_current_object()
