"""The page shell's header, drawn once per process for each language, mount point and what the person may see.

``base.html`` drew its header at every request: some 55 template calls, 116 generator steps and 22 look-ups of
``current_user`` through its context-local proxy, for markup that depends on the request only through a handful of
values. Here ``_shell_header.html`` is rendered once for each language, mount point (``SCRIPT_NAME``), signed-in or
not, whether the account has an employee record and the four capabilities the menu shows, with *slots* where the
request's own values go: the CSRF token, the language switch's return address, the person's name, the unread count
(its markup kept per language and number) and which menu item is the current page. Each request fills the slots,
escaped as the template would have escaped them. Nothing kept depends on data a write can change (the name and
count are the request's), so nothing needs to retire it; a process that reloads templates (development) draws the
header afresh at every request.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup, escape

from common.i18n import get_locale
from common.signed_cache import csrf_token

TEMPLATE = "_shell_header.html"
UNREAD_TEMPLATE = "_shell_unread.html"
MENU_CAPABILITIES = ("directory.browse", "monitoring.use", "users.manage", "audit.view")
ENTRIES = 256  # languages x mount points x menus; past this (a proxy sending many SCRIPT_NAMEs) drawn each time
_MARK, _ARG = "\x00", "\x1f"  # never in the header's text: slot names and arguments are ours
CURRENT = ' aria-current="page"'


def language_next() -> str:
    """The language switch's return address: this page."""
    return request.full_path.rstrip("?")


def _slot(name: str, arg: str = "") -> Markup:
    return Markup(f"{_MARK}{name}{_ARG}{arg}{_MARK}")


def _draw(signed_in: bool, has_employee: bool, caps: dict[str, bool]) -> list[str]:
    """The header with its slots, as [text, slot, text, slot, ..., text]; each slot "name\\x1fargument"."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    html = template.render(slot=_slot, signed_in=signed_in, has_employee=has_employee, caps=caps,
                           get_locale=get_locale)
    return html.split(_MARK)


def _parts(user: Any) -> tuple[list[str], bool]:
    from common.permissions import has_capability  # here: permissions imports the auth package, which imports this

    signed_in = bool(getattr(user, "is_authenticated", False))
    has_employee = bool(signed_in and user.employee_id)
    caps = {name: signed_in and has_capability(user, name) for name in MENU_CAPABILITIES}
    if current_app.jinja_env.auto_reload:
        return _draw(signed_in, has_employee, caps), signed_in
    kept: dict[tuple, list[str]] = current_app.extensions.setdefault("shell_header", {})
    key = (str(get_locale()), request.script_root, signed_in, has_employee, tuple(caps.values()))
    parts = kept.get(key)
    if parts is None:
        parts = _draw(signed_in, has_employee, caps)
        if len(kept) < ENTRIES:
            kept[key] = parts
    return parts, signed_in


def _unread(user: Any) -> str:
    """The unread count's markup, drawn once per process for each language and number."""
    from common.notifications import unread_count  # here: notifications imports models that import the shell's users

    unread = unread_count(user)
    if not unread:
        return ""
    kept: dict[tuple[str, int], str] = current_app.extensions.setdefault("shell_unread", {})
    key = (str(get_locale()), unread)
    html = kept.get(key)
    if html is None:
        html = current_app.jinja_env.get_template(UNREAD_TEMPLATE).render(unread=unread)
        if len(kept) < ENTRIES and not current_app.jinja_env.auto_reload:
            kept[key] = html
    return html


def shell_header() -> Markup:
    """The header of ``base.html`` for this request (a Jinja global)."""
    user = current_user._get_current_object()
    parts, signed_in = _parts(user)
    values: dict[str, str] = {"csrf": str(escape(csrf_token())), "next": str(escape(language_next()))}
    if signed_in:
        values["name"] = str(escape(user.display_name))
        values["unread"] = _unread(user)
        here = request.path
    out = []
    for i, part in enumerate(parts):
        if not i % 2:
            out.append(part)
            continue
        name, _, href = part.partition(_ARG)
        if name == "current":
            out.append(CURRENT if (here.startswith(href) and href != "/") or here == href else "")
        else:
            out.append(values[name])
    return Markup("".join(out))
