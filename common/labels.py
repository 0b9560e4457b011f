"""Translatable labels for the codes the directory stores (unit kinds, employment types, genders)."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

UNIT_KIND_LABELS = {
    "ministry": _l("Ministry"),
    "agency": _l("Agency (LEPL)"),
    "department": _l("Department"),
    "division": _l("Division"),
    "municipality": _l("Municipality"),
    "regional_office": _l("Regional office"),
}
EMPLOYMENT_TYPE_LABELS = {
    "professional": _l("Professional civil servant"),
    "administrative": _l("Employed under an administrative contract"),
    "contract": _l("Employed under a labour contract"),
    "political": _l("Political official"),
    "probation": _l("On probation"),
}
GENDER_LABELS = {"female": _l("Female"), "male": _l("Male")}


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    from flask_babel import get_locale

    app.jinja_env.globals.update(
        get_locale=get_locale,
        unit_kind=lambda code: str(UNIT_KIND_LABELS.get(code, code or "—")),
        employment_type=lambda code: str(EMPLOYMENT_TYPE_LABELS.get(code, code or "—")),
        gender=lambda code: str(GENDER_LABELS.get(code, code or "—")),
    )
    app.jinja_env.filters["unit_crumb"] = lambda unit: (unit.name, url_for("directory.unit", unit_id=unit.id))
