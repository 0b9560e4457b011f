"""``shell_url``: the links of the page shell (``base.html``), built once per process instead of once per page.

Every page's header, navigation and head carry some 16 links to fixed endpoints and static files. Flask's
``url_for`` rebuilds each from the URL map at every page (about 15 us each, a quarter of a millisecond per page);
those URLs change only with the application's mount point (``SCRIPT_NAME``), and a static file's version only with
its content, which ``common.static_cache`` reads once per process anyway. So they are built once per application,
mount point, endpoint and file name, and looked up after that.

Only for endpoints without variable parts (or ``static`` with a file name); ``id_url`` does the same for the
links a list repeats on every row with a different id.
"""

from __future__ import annotations

from flask import current_app, request, url_for

KEY = "shell_urls"
ENTRIES = 256  # endpoints x mount points; past this (a proxy sending many SCRIPT_NAMEs) URLs are built each time


def shell_url(endpoint: str, filename: str | None = None) -> str:
    """``url_for(endpoint)`` (``url_for('static', filename=filename)`` with a file name), kept per process."""
    built: dict[tuple[str, str, str | None], str] = current_app.extensions.setdefault(KEY, {})
    key = (request.script_root, endpoint, filename)
    url = built.get(key)
    if url is None:
        url = url_for(endpoint, filename=filename) if filename is not None else url_for(endpoint)
        if len(built) < ENTRIES:
            built[key] = url
    return url


_SENTINEL = 987654321  # stands for the id while a link is built once; never a real id in a built URL's text


def id_url(endpoint: str, value: int, **values: object) -> str:
    """``url_for(endpoint, **{the rule's one integer part: value}, **values)``, built once per process and endpoint.

    For the links a list carries on every row (a profile per person): the URL is built with a stand-in id, cut
    around it, and each row only joins the two halves around its own id. ``values`` are fixed parts (the same on
    every row) and part of the key.
    """
    before, after = id_url_halves(endpoint, **values)
    return f"{before}{int(value)}{after}"


def id_url_halves(endpoint: str, **values: object) -> tuple[str, str]:
    """The text of ``id_url(endpoint, value, **values)`` before and after the id: a template that repeats the link
    on every row of a long list asks once (``{% set before, after = id_url_halves(...) %}``) and writes
    ``{{ before }}{{ row.id }}{{ after }}``, with no call per row."""
    built: dict[tuple, tuple[str, str]] = current_app.extensions.setdefault(KEY + "_id", {})
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    halves = built.get(key)
    if halves is None:
        rule = next(current_app.url_map.iter_rules(endpoint))
        (name,) = [arg for arg in rule.arguments if arg not in values]
        url = url_for(endpoint, **values, **{name: _SENTINEL})
        before, _sentinel, after = url.partition(str(_SENTINEL))
        halves = (before, after)
        if len(built) < ENTRIES:
            built[key] = halves
    return halves
