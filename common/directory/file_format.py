"""The shape of a staff-directory file, without pandas: the columns of each kind, and how a refusal or a row's
problem is reported. Pages (the upload form, the template download) and the M&E import read these; the checking
itself (``importer``) needs pandas and is imported only when a file is actually read, so a web process that
never imports a file does not carry pandas' 50 MB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.errors import OperationError

KINDS = ("employees", "units", "positions")
COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("code", "parent_code", "name_ka", "name_en", "kind", "region", "valid_from"),
    "positions": ("code", "title_ka", "title_en", "rank", "category"),
    "employees": ("personal_number", "first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "email",
                  "gender", "birth_date", "hire_date", "employment_type", "org_unit_code", "position_code",
                  "manager_personal_number"),
}
# What a new record cannot do without; any other column may be left out (its field is then left alone).
REQUIRED: dict[str, tuple[str, ...]] = {
    "units": ("code", "name_ka", "name_en", "kind"),
    "positions": COLUMNS["positions"],
    "employees": ("personal_number", "first_name_ka", "last_name_ka", "first_name_en", "last_name_en",
                  "org_unit_code"),
}
# The directory's own export has a rank column; it follows from the position, so it is read past.
IGNORED: dict[str, tuple[str, ...]] = {"employees": ("rank",), "units": (), "positions": ()}


class FileRefused(OperationError):
    """The file as a whole cannot be imported (unreadable, wrong columns, not allowed)."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: Any  # a lazy string, translated when shown
