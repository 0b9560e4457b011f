"""PDF rendering with WeasyPrint that never reaches outside the suite.

The URL fetcher serves only the suite's own static files (by path, from the static folder) and
``data:`` URLs; a ``file://`` URL, a path that climbs out of the static folder, or any other host
is refused. A template that pulled ``/etc/passwd`` or an internal address into a PDF would
otherwise leak it to whoever downloads the report.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import gettext as _

STATIC_PREFIX = "/static/"


class RefusedResource(ValueError):
    """A PDF asked for a resource outside the suite."""


def _make_fetcher(static_folder: str) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_root = Path(static_folder).resolve()

    class SuiteOnlyFetcher(URLFetcher):
        """Serves ``data:`` URLs and the suite's static files; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "https" and parts.netloc == "suite.local" and parts.path.startswith(STATIC_PREFIX):
                target = (static_root / parts.path[len(STATIC_PREFIX):]).resolve()
                if target.is_relative_to(static_root) and target.is_file():
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": _mime(target)})
            raise RefusedResource(f"PDF resource refused: {url[:200]}")

    return SuiteOnlyFetcher(allowed_protocols={"data", "https"})


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf",
            ".woff2": "font/woff2"}.get(path.suffix, "application/octet-stream")


def render_pdf_html(html: str) -> bytes:
    """Render HTML to PDF. Relative URLs resolve against the suite's own (fetcher-guarded) base."""
    from weasyprint import HTML

    fetcher = _make_fetcher(current_app.static_folder)
    return HTML(string=html, base_url="https://suite.local/", url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template: str, **context: Any) -> bytes:
    """Render a Jinja template to PDF bytes."""
    return render_pdf_html(render_template(template, **context))


def page_counter_css() -> str:
    """The translated "Page N of M" as a CSS ``content`` value with live page counters (every PDF's footer)."""
    text = _("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    pieces = []
    for part in text.split("\x00"):
        if part in ("page", "pages"):
            pieces.append(f"counter({part})")
        elif part:
            pieces.append(css_string(part))
    return " ".join(pieces)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:``), whatever quotes or backslashes it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


NUMBERING_PAGES = 100  # page-number sheets are laid out this many pages at a time, like the parts


def render_pdf_in_parts(parts: Iterable[str], numbering: Callable[[list[str]], str] | None = None) -> bytes:
    """Render each HTML of ``parts`` on its own and join the PDFs, so that a long report never lays out at once.

    WeasyPrint keeps every laid-out page of a document in memory (2-3 MB each): a 200-page staff list
    in one piece needs most of a gigabyte. Rendered in parts of a few dozen pages, each part's layout is
    dropped before the next begins, so the worker needs the memory of one part. ``parts`` may be a
    generator: each HTML is made only when its turn comes. Only the first part's document outline and
    tags survive the join (pypdf does not merge structure trees).

    A part cannot know the total page count, so the parts leave out the page numbers; once the total is
    known, ``numbering`` (given the footers of up to ``NUMBERING_PAGES`` pages, "Page X of Y" translated)
    returns an HTML of as many empty pages holding only their footer, each laid over its page of the file.
    """
    from pypdf import PdfReader, PdfWriter

    writer: PdfWriter | None = None
    for html in parts:
        part = render_pdf_html(html)
        gc.collect()  # the part's layout (boxes, fonts' glyph caches) is garbage now: free it before the next
        if writer is None:
            writer = PdfWriter(clone_from=io.BytesIO(part))  # keeps the first part's outline, tags and language
        else:
            writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    if writer is None:
        raise ValueError("No part to render")
    total = len(writer.pages)
    for first in range(0, total if numbering is not None else 0, NUMBERING_PAGES):
        footers = [_("Page %(page)s of %(pages)s", page=n + 1, pages=total)
                   for n in range(first, min(first + NUMBERING_PAGES, total))]
        sheet = PdfReader(io.BytesIO(render_pdf_html(numbering(footers))))
        if len(sheet.pages) != len(footers):
            raise RuntimeError(f"A page-number sheet has {len(sheet.pages)} pages for {len(footers)}")
        for page, numbers in zip(writer.pages[first:first + len(footers)], sheet.pages, strict=True):
            page.merge_page(numbers)
            page.compress_content_streams()  # merging decoded the page's drawing: keep it compressed, not raw
        gc.collect()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
