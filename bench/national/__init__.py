"""National volumes for the benchmark, on top of the demo: years of appraisals, thousands of indicators, courses.

The demo generators (``flask demo``) give each module enough to show every screen; a national civil
service has far more. Each module's generator here adds its share scaled by the number of employees
(national = 100,000 employees: 500,000 appraisals, 2,000 indicators with 1,000,000 values, 300
courses with 1,000,000 enrolments, 1,000,000 xAPI statements), written with bulk inserts, never row by row.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import click

NATIONAL = 100_000  # employees at national scale; every volume below is proportional to the dataset's size


def build(size: int) -> None:
    """Add every module's national-scale data for a directory of ``size`` employees, reporting each step."""
    from bench.national import hrms, learning, monitoring, xapi

    steps: list[tuple[str, Callable[[int], str]]] = [("appraisals", hrms.build), ("M&E values", monitoring.build),
                                                     ("courses and enrolments", learning.build),
                                                     ("xAPI statements", xapi.build)]
    for name, step in steps:
        started = time.perf_counter()
        summary = step(size)
        click.echo(f"  {name}: {summary} in {time.perf_counter() - started:.1f} s")
