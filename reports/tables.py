"""Pieces every report shares, whatever its module: the captioned table and the PDF page counter.

A ``Table`` is what a dashboard section, an export sheet and a PDF table are all drawn from (HR, M&E and
learning figures alike), so their cells cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from common.pdf import page_counter_css  # noqa: F401  (the reports' PDFs share it with every module)
from reports.privacy import display, export_value


@dataclass
class Table:
    """One captioned table: each row is a label then cells (``reports.privacy.Cell``); ``chart`` holds the bars."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: list[tuple[str, int | None]] = field(default_factory=list)

    def display_rows(self) -> list[list[str]]:
        return [[row[0], *(display(cell) for cell in row[1:])] for row in self.rows]

    def export_rows(self) -> list[list[Any]]:
        return [[row[0], *(export_value(cell) for cell in row[1:])] for row in self.rows]

    def chart_texts(self) -> list[str]:
        """What each bar is labelled with: the first figure of its row, as the table shows it."""
        return [row[1] for row in self.display_rows()[: len(self.chart)]]
