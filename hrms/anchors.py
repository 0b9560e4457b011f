"""What each level of the rating scale means: the text shown beside every rating of the assessment form.

A template may hold its own descriptions (``AppraisalTemplate.anchors``, one per level, edited with the template);
without them the default ones below are shown, translated. Custom descriptions are the organisation's own words and
are shown as written.
"""

from __future__ import annotations

from typing import Any

from common.i18n import lazy_gettext as _l

DEFAULT_ANCHORS = {
    1: _l("Far below expectations: the work needed constant correction"),
    2: _l("Below expectations: some results missed or late"),
    3: _l("Meets expectations: the results the role requires"),
    4: _l("Above expectations: more or better than required"),
    5: _l("Far above expectations: a model for others"),
}


def anchors_for(template: Any) -> dict[int, str]:
    """Level -> description for 1..rating_max (a level without a description shows only its number)."""
    custom = [a.strip() for a in (template.anchors or [])]
    levels = range(1, template.rating_max + 1)
    if any(custom):
        return {n: custom[n - 1] if n <= len(custom) else "" for n in levels}
    return {n: str(DEFAULT_ANCHORS[n]) if template.rating_max == 5 else "" for n in levels}


def choice_text(level: int, anchors: dict[int, str]) -> str:
    text = anchors.get(level, "")
    return f"{level} – {text}" if text else str(level)


def parse_anchors(text: str | None) -> list[str] | None:
    """The template form's text area (one description per line, level 1 first); empty: the defaults."""
    lines = [line.strip() for line in (text or "").splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines or None
