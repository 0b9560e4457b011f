"""The one helper that decides where a page may send the browser next (``?next=``, ``next`` form fields).

A ``next`` value comes from the request, so anyone can put anything in it. Only a path on this site is
followed: browsers read ``/\\evil.example`` and ``//evil.example`` as another host, ignore tabs and new
lines inside a URL (``/\\t/evil.example``), and accept schemes such as ``javascript:``. Rather than
listing what is dangerous, this accepts one shape only: a single ``/`` followed by printable characters
with no backslash, no scheme and no host. Everything else falls back to a page of the caller's choice.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import url_for

MAX_LENGTH = 2048


def is_local_path(target: str | None) -> bool:
    """Whether ``target`` is a path on this site that every browser reads the same way."""
    if not target or not isinstance(target, str) or len(target) > MAX_LENGTH:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    # Control and format characters (tabs, new lines, NUL, bidi marks): browsers drop or reinterpret them.
    if any(unicodedata.category(char)[0] == "C" for char in target):
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """``target`` if it is a local path, else ``fallback`` (the home page when none is given)."""
    if is_local_path(target):
        return target  # type: ignore[return-value]
    return fallback if fallback is not None else url_for("home")
