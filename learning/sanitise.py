"""Lesson HTML, cleaned with an allow-list before it is stored and again before it is shown.

nh3 (the Ammonia HTML sanitiser) parses the text as a browser would and keeps only the tags and
attributes listed here: no ``script``, ``style``, ``iframe``, ``object`` or form elements, no event
handler or ``style`` attribute, and links only to ``http``, ``https`` and ``mailto`` addresses. Cleaning
on the way out too means a row written by some other path (an import, a fix by hand) is still safe.
No images: lessons must stay light on a slow rural connection, and the page's CSP would block foreign
hosts anyway.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "code", "pre", "kbd", "abbr",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "span", "div"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
              "td": {"colspan", "rowspan"}, "ol": {"start"}, "*": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str | None) -> str:
    """Only the allowed markup of ``html``; the text of removed elements stays, scripts and styles go entirely."""
    if not html:
        return ""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True).strip()


def safe_html(html: str | None) -> Markup:
    """For templates: the cleaned HTML, marked safe for Jinja."""
    return Markup(clean_html(html))
