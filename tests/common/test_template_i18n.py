"""Templates speak the language of the request they render for: plurals and ``%`` formatting, a render under
``force_locale`` (an e-mail in its addressee's language) in that language even when the page around it speaks
another, and macros imported from ``_macros.html`` too. Jinja keeps an imported template's module between renders,
so a catalogue remembered per render leaked one request's language into the next one's breadcrumbs: a faster
gettext tried for issue 20 did that, and these tests keep any later attempt honest."""

from __future__ import annotations

from typing import Any

from flask import render_template_string, session
from flask_babel import force_locale

PAGE = ("{{ _('Sign in') }}|{{ ngettext('Field must be at least %(min)d character long.', "
        "'Field must be at least %(min)d characters long.', 3, min=3) }}|{{ _('Sign in') }}")


def test_a_render_speaks_the_requests_language_and_a_forced_one_its_own(app: Any) -> None:
    with app.test_request_context("/"):
        session["lang"] = "ka"
        assert render_template_string(PAGE) == ("შესვლა|ველი უნდა შეიცავდეს სულ მცირე 3 სიმბოლოს.|შესვლა")
        with force_locale("en"):
            assert render_template_string(PAGE) == "Sign in|Field must be at least 3 characters long.|Sign in"
        assert render_template_string("{{ _('Sign in') }}") == "შესვლა"


def test_a_loop_of_strings_keeps_the_language_of_its_render(app: Any) -> None:
    with app.test_request_context("/"):
        session["lang"] = "ka"
        text = render_template_string("{% for n in range(3) %}{{ _('Sign in') }};{% endfor %}")
    assert text == "შესვლა;" * 3


def test_an_imported_macro_speaks_each_requests_language(app: Any) -> None:
    page = "{% from '_macros.html' import breadcrumbs %}{{ breadcrumbs([('x', none)]) }}"
    for lang in ("en", "ka", "en"):
        with app.test_request_context("/"):
            session["lang"] = lang
            html = render_template_string(page)
        assert ('aria-label="Breadcrumbs"' in html) == (lang == "en"), (lang, html)


def test_requests_in_a_row_each_speak_their_own_language(app: Any, client: Any) -> None:
    """The catalogue kept per request (common/i18n.py) stays with its request: the sign-in page's macros (imported
    from ``_macros.html``) and its form's lazy labels (``_l``) follow each request's language, in turn."""
    for lang in ("ka", "en", "ka", "en"):
        with client.session_transaction() as saved:
            saved["lang"] = lang
        html = client.get("/auth/login").get_data(as_text=True)
        assert ("პაროლი" in html) == (lang == "ka"), lang  # the form's _l("Password")
        assert (">Password<" in html or "Password</label>" in html) == (lang == "en"), lang


def test_python_gettext_follows_a_forced_locale_and_comes_back(app: Any) -> None:
    from flask_babel import gettext, lazy_gettext

    label = lazy_gettext("Sign in")
    with app.test_request_context("/"):
        session["lang"] = "ka"
        assert gettext("Sign in") == "შესვლა"
        with force_locale("en"):
            assert (gettext("Sign in"), str(label)) == ("Sign in", "Sign in")
        assert (gettext("Sign in"), str(label)) == ("შესვლა", "შესვლა")
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert str(label) == "Sign in"
