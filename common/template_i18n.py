"""Jinja's ``_``/``gettext`` with the request's catalogue looked up once per render, not once per string.

Flask-Babel's template callables find the catalogue through three context look-ups for every string
(``get_domain``, ``get_translations``, ``get_locale``, each through ``g``): 280 strings on the catalogue page,
2,400 on a large strategy overview, about a third of the shell's CPU (issue 20). One render speaks one
language, so the catalogue is kept on Jinja's evaluation context, which a render shares with its loops and
blocks; an e-mail rendered under ``force_locale`` is a render of its own and gets its own catalogue.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext


def _catalogue(eval_ctx: EvalContext) -> Any:
    found = getattr(eval_ctx, "suite_catalogue", None)
    if found is None:
        found = eval_ctx.suite_catalogue = get_translations()  # type: ignore[attr-defined]
    return found


@pass_eval_context
def _gettext(eval_ctx: EvalContext, string: str) -> str:
    return _catalogue(eval_ctx).ugettext(string)


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, n: int) -> str:
    return _catalogue(eval_ctx).ungettext(singular, plural, n)


@pass_eval_context
def _pgettext(eval_ctx: EvalContext, context: str, string: str) -> str:
    return _catalogue(eval_ctx).upgettext(context, string)


@pass_eval_context
def _npgettext(eval_ctx: EvalContext, context: str, singular: str, plural: str, n: int) -> str:
    return _catalogue(eval_ctx).unpgettext(context, singular, plural, n)


def install(app: Flask) -> None:
    """Replace the callables Flask-Babel installed (call after ``babel.init_app``); same formatting rules."""
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
                                            npgettext=_npgettext, newstyle=True)
