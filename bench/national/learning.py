"""National-scale learning data for the benchmark (see bench/national/__init__.py)."""

from __future__ import annotations


def build(size: int) -> str:
    """Add this module's share for a directory of ``size`` employees; returns a one-line summary."""
    return "nothing yet"
