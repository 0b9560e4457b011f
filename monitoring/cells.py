"""Disaggregation cells: which dimensions an indicator has, and the canonical key of one cell.

A key names its dimensions in alphabetical order (``region=Tbilisi|sex=female``); the total is the
empty key. The same key comes out of a form, an import row and an API call, so a value entered one
way is found again the other ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product

from common.i18n import lazy_gettext as _l
from common.labels import dimension_value
from common.models.directory import REGIONS

BUILTIN: dict[str, list[str]] = {
    "sex": ["female", "male"],
    "age_group": ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    "region": list(REGIONS),
}
LABELS = {"sex": _l("Sex"), "age_group": _l("Age group"), "region": _l("Region")}
NAME_PATTERN = r"[a-z][a-z0-9_]{0,30}"


def key(cell: Mapping[str, str]) -> tuple[str, int]:
    """The canonical key of a cell and how many dimensions it names (0: the total)."""
    named = {name: value for name, value in cell.items() if value}
    return "|".join(f"{name}={named[name]}" for name in sorted(named)), len(named)


def parse(cell_key: str) -> dict[str, str]:
    if not cell_key:
        return {}
    return dict(part.split("=", 1) for part in cell_key.split("|"))


def full_cells(dimensions: Mapping[str, list[str]]) -> list[str]:
    """Every cell naming all the indicator's dimensions (the cells a breakdown is entered in)."""
    if not dimensions:
        return []
    names = sorted(dimensions)
    return [key(dict(zip(names, values, strict=True)))[0] for values in product(*(dimensions[n] for n in names))]


def label(cell_key: str) -> str:
    """A readable form of a key, e.g. "Region: Tbilisi, Sex: female"; the total reads "Total"."""
    if not cell_key:
        return str(_l("Total"))
    return ", ".join(f"{dimension_label(name)}: {value_label(name, value)}" for name, value in parse(cell_key).items())


value_label = dimension_value


def dimension_label(name: str) -> str:
    return str(LABELS.get(name, name.replace("_", " ").capitalize()))
