"""Small-group suppression: no published figure may let a reader single out a person.

A group of fewer than ``THRESHOLD`` people is shown as "<5", never as its count. When a breakdown
whose total is shown has exactly one such group, the smallest other group is hidden as well
(complementary suppression); otherwise the hidden count would be the total minus the others.
Suppression happens before figures are cached or leave the server, so the exact count of a small
group is in no page, callback response, export or PDF.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from common.i18n import gettext as _

THRESHOLD = 5
SMALL = "small"  # fewer than THRESHOLD people
HIDDEN = "hidden"  # big enough, hidden so that a small group cannot be worked out from the total

Cell = int | float | str | None  # a float is an M&E figure (never a count of people), None a missing one
K = TypeVar("K", bound=Hashable)


def suppress_one(count: int) -> Cell:
    return SMALL if 0 < count < THRESHOLD else count


def suppress(counts: dict[K, int]) -> dict[K, Cell]:
    """Suppress the small groups of a breakdown that adds up to a published total."""
    cells: dict[K, Cell] = {key: suppress_one(count) for key, count in counts.items()}
    small = [key for key, cell in cells.items() if cell == SMALL]
    if len(small) == 1:
        others = sorted((count, str(key), key) for key, count in counts.items() if count >= THRESHOLD)
        if others:
            cells[others[0][2]] = HIDDEN
    return cells


def display(cell: Cell) -> str:
    """The text a reader sees for a cell: the count, "<5" or "hidden"; a figure with thousands separators."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:,.2f}".rstrip("0").rstrip(".")
    if cell == SMALL:
        return f"<{THRESHOLD}"
    if cell == HIDDEN:
        return _("hidden")
    return str(cell)


def value(cell: Cell) -> int | None:
    """The number to chart, or ``None`` where the count is suppressed."""
    return cell if isinstance(cell, int) else None


def export_value(cell: Cell) -> int | float | str | None:
    """A number stays a number in a spreadsheet (a missing one an empty cell); a suppressed cell becomes its text."""
    return cell if cell is None or isinstance(cell, int | float) else display(cell)
