"""WTForms' own messages ("This field is required.") in the user's language, from our catalogue.

WTForms ships no Georgian translation, so every form would answer a Georgian user in English.
``install`` routes WTForms' gettext through Flask-Babel's catalogue, and ``_MESSAGES`` lists the
messages WTForms uses so that ``make extract-messages`` puts them into the catalogue to translate.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_translations
from flask_wtf import FlaskForm


def N_(message: str) -> str:  # the extractor's conventional name: mark, do not translate
    return message


def ngettext(singular: str, plural: str, n: int = 1) -> tuple[str, str]:
    return singular, plural


_MESSAGES = (
    N_("This field is required."), N_("Invalid email address."), N_("Invalid URL."), N_("Invalid input."),
    N_("Not a valid choice."), N_("Not a valid integer value."), N_("Not a valid decimal value."),
    N_("Not a valid float value."), N_("Not a valid date value."), N_("Not a valid datetime value."),
    N_("Not a valid time value."), N_("Number must be at least %(min)s."), N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."), N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Invalid value, must be one of: %(values)s."), N_("Invalid value, can't be any of: %(values)s."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("'%(value)s' is not a valid choice for this field."),
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field."),
)


class _CatalogueTranslations:
    """The interface WTForms expects; formatting of ``%(min)d`` and the like is left to WTForms."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = _CatalogueTranslations()


def _get_translations(_meta: Any, _form: Any) -> _CatalogueTranslations:
    return _TRANSLATIONS


def install() -> None:
    FlaskForm.Meta.get_translations = _get_translations
