"""PDF rendering with WeasyPrint that never reaches outside the suite.

The rules (the URL fetcher that serves only the suite's static files and ``data:`` URLs) live in
``common.pdf_render``, which imports no Flask, so that the child process laying out a long PDF
(``render_pdf_in_child``) keeps them as well. Here: rendering in the current process, from the app's
static folder, and the parent's side of the child.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import current_app, render_template

from common.i18n import gettext as _
from common.pdf_render import css_string, write_pdf

__all__ = ["css_string", "page_counter_css", "render_pdf", "render_pdf_html", "render_pdf_in_child"]
ROOT = Path(__file__).resolve().parent.parent  # where ``python -m common.pdf_render`` finds the package
log = logging.getLogger(__name__)
# What the last layout process said of itself (parts, bytes, peak_mb): read by the benchmark and in a shell.
LAST_CHILD: dict[str, Any] = {}


def render_pdf_html(html: str) -> bytes:
    """Render HTML to PDF. Relative URLs resolve against the suite's own (fetcher-guarded) base."""
    return write_pdf(html, current_app.static_folder)


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


def render_pdf_in_child(parts: Iterable[str], sheet: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Lay out the HTML ``parts`` of one long PDF in a child process and return the joined PDF.

    The first part numbers its pages with the house footer; the later parts leave the footer out and get
    their "Page N of M" from ``sheet``, an empty document in the house page style (see
    ``common.pdf_render.render_parts``). The layout's memory (2-3 MB a page, which WeasyPrint does not give
    back to the system) ends with the child: the worker keeps only the HTML and the finished file.
    ``progress(done, total)`` follows the parts as the child lays them out.
    """
    with tempfile.TemporaryDirectory(prefix="suite-pdf-") as folder:
        paths = []
        for n, html in enumerate(parts):
            paths.append(Path(folder) / f"part-{n:04d}.html")
            paths[-1].write_text(html, encoding="utf-8")
        if not paths:
            raise ValueError("No part to render")
        (Path(folder) / "sheet.html").write_text(sheet, encoding="utf-8")
        manifest = {
            "parts": [str(path) for path in paths],
            "sheet": str(Path(folder) / "sheet.html"),
            "footer": _("Page %(page)s of %(pages)s"),
            "static_folder": current_app.static_folder,
            "output": str(Path(folder) / "out.pdf"),
            "parent": os.getpid(),
        }
        (Path(folder) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with open(Path(folder) / "errors.txt", "w+", encoding="utf-8") as errors:
            child = subprocess.Popen(
                [sys.executable, "-m", "common.pdf_render", str(Path(folder) / "manifest.json")],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
            for line in child.stdout:
                if not line.startswith("{"):  # a library's stray print: not the child's report
                    continue
                step = json.loads(line)
                if "peak_mb" in step:
                    log.info("PDF layout process: %(parts)s parts, %(bytes)s bytes, peak %(peak_mb)s MB", step)
                    LAST_CHILD.clear()
                    LAST_CHILD.update(step)
                elif progress is not None:
                    progress(step["done"], step["total"])
            if child.wait() != 0:
                errors.seek(0)
                raise RuntimeError(f"The PDF layout process failed ({child.returncode}): {errors.read()[-2000:]}")
        return (Path(folder) / "out.pdf").read_bytes()
