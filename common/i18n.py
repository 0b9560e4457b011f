"""Translations looked up once per request and language, not once per string.

Flask-Babel resolves every ``_()`` afresh: it finds its state on ``g`` three times, asks for the locale, turns the
locale into a string and looks the catalogue up in a dictionary; 2,408 strings on the strategy overview cost
about 10 ms. Here the request keeps the catalogue beside the locale it was made for, and each string costs one
look-up on the request's state and one in the catalogue.

The catalogue is found again for every string, from the request being served: nothing is remembered by a
template. Jinja keeps a template imported with ``{% import %}`` / ``{% from %}`` between renders, so a catalogue
handed to a render would stay in the first request's language in every later request's macros
(tests/common/test_template_i18n.py). ``force_locale`` (an e-mail in its addressee's language) replaces the
request's locale object, which the kept catalogue no longer matches, so it is looked up for the forced one, and
again when the request's own locale comes back.

Python code imports ``gettext``, ``ngettext``, ``lazy_gettext`` and ``get_locale`` from here rather than from
Flask-Babel, whose module functions find their state through ``g`` (a context-local proxy, asked again for every
string and name): the compliance page made 95 locale and 62 domain look-ups a request that way.
"""

from __future__ import annotations

from typing import Any

import flask_babel
from babel import Locale, support
from flask import Flask
from flask.globals import _cv_app
from flask_babel import Domain
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from common.extensions import babel

_NULL = support.NullTranslations()


class RequestCatalogue(Domain):
    """Flask-Babel's domain with the catalogue kept per request: ``flask_babel.gettext`` and ``_l`` use it too."""

    def get_translations(self) -> Any:
        app_ctx = _cv_app.get(None)
        if app_ctx is None:
            return _NULL
        state = app_ctx.g.__dict__.get("_flask_babel")
        if state is not None:
            kept = state.__dict__.get("suite_catalogue")
            if kept is not None and kept[0] is state.__dict__.get("babel_locale"):
                return kept[1]
        translations = super().get_translations()  # sets up the request's state and locale on the way
        state = app_ctx.g._flask_babel
        state.suite_catalogue = (state.babel_locale, translations)
        return translations


_CATALOGUE = RequestCatalogue()


def _gettext(string: str) -> str:
    return _CATALOGUE.get_translations().ugettext(string)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _CATALOGUE.get_translations().ungettext(singular, plural, n)


def _pgettext(context: str, string: str) -> str:
    return _CATALOGUE.get_translations().upgettext(context, string)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _CATALOGUE.get_translations().unpgettext(context, singular, plural, n)


def get_locale() -> Locale | None:
    """Flask-Babel's ``get_locale``, read straight from the request's state once it has been chosen (and while
    ``force_locale`` holds another); ``None`` outside a request."""
    app_ctx = _cv_app.get(None)
    if app_ctx is not None:
        state = app_ctx.g.__dict__.get("_flask_babel")
        if state is not None:
            locale = state.__dict__.get("babel_locale")
            if locale is not None:
                return locale
    return flask_babel.get_locale()  # noqa: TID251 (the one fallback to Flask-Babel itself)


def gettext(string: str, **variables: Any) -> str:
    """``flask_babel.gettext`` through the request's catalogue."""
    text = _CATALOGUE.get_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """``flask_babel.ngettext`` through the request's catalogue: ``%(num)d`` is always available."""
    variables.setdefault("num", num)
    return _CATALOGUE.get_translations().ungettext(singular, plural, num) % variables


def pgettext(context: str, string: str, **variables: Any) -> str:
    """``flask_babel.pgettext`` through the request's catalogue."""
    text = _CATALOGUE.get_translations().upgettext(context, string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """A string translated when it is shown (form labels, module-level names), in the reader's language then."""
    return LazyString(gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables: Any) -> LazyString:
    """``lazy_gettext`` with a message context."""
    return LazyString(pgettext, context, string, **variables)


@pass_context
def _template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    """Jinja's own newstyle ``_()`` (escaping, ``%(name)s``), less the formatting of a string with no ``%`` in it,
    which returns it unchanged but costs as much as the look-up itself."""
    text = _CATALOGUE.get_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def install(app: Flask) -> None:
    """After ``babel.init_app``: Python code (``gettext``, ``_l``) and templates (``_``, ``ngettext``) use it."""
    babel.__dict__["domain_instance"] = _CATALOGUE  # Flask-Babel's cached property, set before its first use
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
                                            npgettext=_npgettext, newstyle=True)
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)
