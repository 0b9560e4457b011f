"""Small helpers the learning views share: the signed-in learner, refused operations."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from common.models import Employee


def learner() -> Employee:
    """The signed-in civil servant; accounts without a person in the directory cannot take courses."""
    if current_user.employee_id is None:
        abort(403)
    return current_user.employee


def actor() -> Any:
    return current_user._get_current_object()
