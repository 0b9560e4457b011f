"""``flask staff ...``: the command-line side of the staff directory."""

from __future__ import annotations

from flask.cli import AppGroup

staff_cli = AppGroup("staff", help="Staff directory: import org units, positions and employees.")
