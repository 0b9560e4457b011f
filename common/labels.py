"""Translatable labels for the codes the directory stores (unit kinds, employment types, genders)."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from common.i18n import lazy_gettext as _l
from common.shell_url import id_url

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
# Position categories are free text in the directory; the usual ones are translated, others shown as stored.
POSITION_CATEGORY_LABELS = {
    "senior management": _l("senior management"),
    "middle management": _l("middle management"),
    "specialist": _l("specialist"),
    "support staff": _l("support staff"),
    "political official": _l("political official"),
    "administrative contract": _l("administrative contract"),
}
REGION_LABELS = {
    "Tbilisi": _l("Tbilisi"), "Adjara": _l("Adjara"), "Guria": _l("Guria"), "Imereti": _l("Imereti"),
    "Kakheti": _l("Kakheti"), "Kvemo Kartli": _l("Kvemo Kartli"), "Mtskheta-Mtianeti": _l("Mtskheta-Mtianeti"),
    "Racha-Lechkhumi and Kvemo Svaneti": _l("Racha-Lechkhumi and Kvemo Svaneti"),
    "Samegrelo-Zemo Svaneti": _l("Samegrelo-Zemo Svaneti"), "Samtskhe-Javakheti": _l("Samtskhe-Javakheti"),
    "Shida Kartli": _l("Shida Kartli"), "Abkhazia": _l("Abkhazia"),
}
AUDIT_KIND_LABELS = {"write": _l("Change"), "read": _l("Read"), "auth": _l("Sign-in"), "api": _l("API call")}
# The unit of an M&E indicator (``monitoring.models.UNITS``), as an export's "Unit" column names it.
INDICATOR_UNIT_LABELS = {"number": _l("Number"), "percentage": _l("Percentage"), "currency": _l("Currency (GEL)"),
                         "yes_no": _l("Yes/no")}
# Levels of a results tree (``PolicyDocument.levels``); a level named otherwise is shown as typed.
RESULT_LEVEL_LABELS = {"goal": _l("Goal"), "objective": _l("Objective"), "output": _l("Output"),
                       "outcome": _l("Outcome"), "activity": _l("Activity"), "pillar": _l("Pillar"),
                       "task": _l("Task"), "measure": _l("Measure")}
# Values of the built-in disaggregations (``monitoring.cells.BUILTIN``): sex here, regions in REGION_LABELS.
SEX_LABELS = {"female": _l("female"), "male": _l("male")}
# An indicator's status against its targets: one source for the strategy page, the dashboard and the PDF report.
ME_STATUS_LABELS = {"green": _l("On track"), "amber": _l("Needs attention"), "red": _l("Off track"),
                    "grey": _l("No data")}
# What a read showed (``common.reads.WHAT``), as the person whose data it was sees it.
READ_WHAT_LABELS = {
    "profile": _l("Your profile"), "appraisal": _l("Your appraisal"), "calibration": _l("Calibration of appraisals"),
    "consequences": _l("Consequences of appraisals"), "development": _l("Your professional development"),
    "learning": _l("Your learning record"), "compliance": _l("Mandatory training compliance"),
    "enrolments": _l("A course's enrolment list"), "scorm": _l("Your e-learning attempts"),
    "search": _l("Staff directory search"), "unit": _l("Unit page or org chart"), "team": _l("A manager's team list"),
    "export": _l("Staff export"), "report": _l("Report"), "audit": _l("The audit log"),
    "certificate": _l("Your certificate"), "accounts": _l("Account administration"),
    "undeclared": _l("Other page"), "view": _l("Other page"),
}


def dimension_value(dimension: str, value: str) -> str:
    """A built-in disaggregation's value in the reader's language (regions, sex); custom values as entered."""
    vocabulary = {"region": REGION_LABELS, "sex": SEX_LABELS}.get(dimension, {})
    return str(vocabulary.get(value, value))


def result_level(name: str | None) -> str:
    """A results-tree level as the reader's language names it ("Goal", "მიზანი")."""
    label = RESULT_LEVEL_LABELS.get((name or "").strip().lower())
    return str(label) if label is not None else (name or "").capitalize()


def bilingual(ka: str | None, en: str | None) -> Markup:
    """A text entered in both languages, in the reader's; when only the other language has it, that text marked
    with its language and a visible "only in English" (or Georgian), never passed off as a translation."""
    from common.i18n import get_locale
    from common.i18n import gettext as _

    english = getattr(get_locale(), "language", "ka") == "en"
    wanted, other = (en, ka) if english else (ka, en)
    if (wanted or "").strip():
        return Markup.escape(wanted)
    if (other or "").strip():
        marker = _("only in Georgian") if english else _("only in English")
        return Markup('<span lang="{}">{}</span> <span class="fallback-marker">[{}]</span>').format(
            "ka" if english else "en", other, marker)
    return Markup("—")


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    from common.i18n import get_locale

    app.jinja_env.globals.update(
        get_locale=get_locale,
        unit_kind=lambda code: str(UNIT_KIND_LABELS.get(code, code or "—")),
        employment_type=lambda code: str(EMPLOYMENT_TYPE_LABELS.get(code, code or "—")),
        gender=lambda code: str(GENDER_LABELS.get(code, code or "—")),
        position_category=lambda text: str(POSITION_CATEGORY_LABELS.get(text, text or "—")),
        region=lambda name: str(REGION_LABELS.get(name, name or "—")),
        me_status=lambda code: str(ME_STATUS_LABELS.get(code, ME_STATUS_LABELS["grey"])),
        audit_kind=lambda code: str(AUDIT_KIND_LABELS.get(code, code)),
        read_what=lambda code: str(READ_WHAT_LABELS.get(code, code)),
        result_level=result_level,
        bilingual=bilingual,
    )
    # A unit (or ``directory.queries.UnitCrumb``) as a breadcrumb; the link from ``id_url``, built once per process.
    app.jinja_env.filters["unit_crumb"] = lambda unit: (unit.name, id_url("directory.unit", unit.id))
