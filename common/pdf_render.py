"""PDF layout that never reaches outside the suite, and a process of its own for long PDFs (no Flask here).

The URL fetcher serves only the suite's own static files (by path, from the static folder) and ``data:``
URLs; a ``file://`` URL, a path that climbs out of the static folder, or any other host is refused. A
template that pulled ``/etc/passwd`` or an internal address into a PDF would otherwise leak it to whoever
downloads the report. ``common.pdf`` renders with these rules in the web or worker process; this module
holds them so that a child process, which imports neither Flask nor the application, keeps them too.

``python -m common.pdf_render MANIFEST``: lays out the parts of a long PDF (HTML files, see ``render_parts``)
and joins them. WeasyPrint keeps every laid-out page in memory (2-3 MB each) and returns little of it to the
system afterwards, so a worker that laid out a staff annex itself would stay hundreds of MB large; in a child,
that memory ends with the child, and the child holds one part's layout at a time.
"""

from __future__ import annotations

import ctypes
import gc
import io
import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STATIC_PREFIX = "/static/"
BASE_URL = "https://suite.local/"
PDF_VARIANT = "pdf/ua-1"
NUMBERING_PAGES = 25  # page-number sheets are laid out this many pages at a time (100 cost the child 30 MB)
STAMP = "/SuitePageNumber"  # the name of a page's stamp (its page number) among its resources


class RefusedResource(ValueError):
    """A PDF asked for a resource outside the suite."""


def make_fetcher(static_folder: str) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_root = Path(static_folder).resolve()

    class SuiteOnlyFetcher(URLFetcher):
        """Serves ``data:`` URLs and the suite's static files; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "https" and parts.netloc == "suite.local" and parts.path.startswith(STATIC_PREFIX):
                target = (static_root / parts.path[len(STATIC_PREFIX) :]).resolve()
                if target.is_relative_to(static_root) and target.is_file():
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": _mime(target)})
            raise RefusedResource(f"PDF resource refused: {url[:200]}")

    return SuiteOnlyFetcher(allowed_protocols={"data", "https"})


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf",
            ".woff2": "font/woff2"}.get(path.suffix, "application/octet-stream")  # fmt: skip


def layout(html: str, static_folder: str, *, tagged: bool = True) -> Any:
    """The laid-out WeasyPrint document of ``html``; relative URLs resolve against the suite's guarded base."""
    from weasyprint import HTML

    fetcher = make_fetcher(static_folder)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(pdf_variant=_variant(tagged))


def write_pdf(html: str, static_folder: str, *, tagged: bool = True) -> bytes:
    """``html`` as PDF bytes: tagged (PDF/UA-1), or plain for a part whose tags a join would drop anyway."""
    return layout(html, static_folder, tagged=tagged).write_pdf(pdf_variant=_variant(tagged))


def _variant(tagged: bool) -> str | None:
    return PDF_VARIANT if tagged else None


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:``), whatever quotes or backslashes it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _with_blank_pages(html: str, count: int) -> str:
    """``html`` followed by ``count`` blank pages: its ``counter(pages)`` then counts the parts laid out apart."""
    if not count:
        return html
    blank = (
        "@page suite-blank { "
        + " ".join(f"@{box} {{ content: none; }}" for box in ("top-left", "top-right", "bottom-left", "bottom-right"))
        + " }"
    )
    pages = '<div style="page: suite-blank; break-before: page"></div>' * count
    head, found, tail = html.rpartition("</body>")
    if not found:
        raise ValueError("The first part has no </body>")
    return f"{head}<style>{blank}</style>{pages}</body>{tail}"


def _numbering_sheet(sheet: str, footers: list[str]) -> str:
    """The empty page-number sheet ``sheet`` with a page per footer, each showing only that footer."""
    rules = "".join(f"@page suite-n{n} {{ @bottom-right {{ content: {css_string(footer)}; }} }}\n"
                    for n, footer in enumerate(footers))  # fmt: skip
    pages = "".join(f'<div class="sheet" style="page: suite-n{n}"></div>' for n in range(len(footers)))
    head, found, tail = sheet.rpartition("</style>")
    body_head, body_found, body_tail = (head + rules + found + tail).rpartition("</body>")
    if not (found and body_found):
        raise ValueError("The page-number sheet needs a <style> and a </body>")
    return f"{body_head}{pages}</body>{body_tail}"


def _stamp(writer: Any, pages: list[Any], sheet_pdf: bytes) -> None:
    """Lay each page of ``sheet_pdf`` over its page of ``pages``, as a form drawn after the page's own drawing.

    pypdf's ``merge_page`` would decode, parse and rewrite every page's drawing; here a page keeps its drawing
    untouched and gains two shared one-line streams around it and its stamp in its resources.
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    sheet = PdfReader(io.BytesIO(sheet_pdf))
    if len(sheet.pages) != len(pages):
        raise RuntimeError(f"A page-number sheet has {len(sheet.pages)} pages for {len(pages)}")
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ q /Artifact BMC {STAMP} Do EMC Q\n".encode())  # a page number is no part of the text
    before_ref, after_ref = writer._add_object(before), writer._add_object(after)
    for page, numbers in zip(pages, sheet.pages, strict=True):
        contents = numbers["/Contents"].get_object()
        drawing = b"".join(c.get_object().get_data() for c in contents) if isinstance(contents, list) \
            else contents.get_data()  # fmt: skip
        form = DecodedStreamObject()
        form.set_data(drawing)
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): numbers.mediabox,
                     NameObject("/Resources"): numbers["/Resources"].clone(writer)})  # fmt: skip
        resources = DictionaryObject(page["/Resources"].get_object())  # its own: pages may share one
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(STAMP)] = writer._add_object(form.flate_encode())
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        own = page["/Contents"]
        own = list(own.get_object()) if isinstance(own.get_object(), list) else [own]
        page[NameObject("/Contents")] = ArrayObject([before_ref, *own, after_ref])


def render_parts(parts: list[str], sheet: str, footer: str, static_folder: str,
                 report: Callable[[int, int], None] = lambda done, total: None) -> bytes:  # fmt: skip
    """Lay out each HTML of ``parts`` on its own and join them into one PDF numbered "Page N of M" throughout.

    The first part numbers its own pages (``counter(page)`` of ``counter(pages)``): it is laid out last,
    followed by as many blank pages as the later parts have, which are then dropped. The later parts leave
    out the page numbers; once the total is known, they get them from ``sheet`` (an empty document in the
    house page style, to which a page per number is added) with ``footer`` ("Page %(page)s of %(pages)s",
    translated). Only the first part's outline and tags survive the join (pypdf merges no structure trees), so the
    later parts are laid out untagged: pypdf would hold each part's orphaned tags in memory and in the file.
    """
    from pypdf import PdfReader, PdfWriter

    if len(parts) == 1:  # one document (a monitoring report): laid out whole, its own footer numbers it
        pdf = write_pdf(parts[0], static_folder)
        report(1, 1)
        return pdf
    later: list[bytes] = []
    for n, html in enumerate(parts[1:], 2):
        later.append(write_pdf(html, static_folder, tagged=False))  # a tagged part costs pypdf 15 MB to join
        gc.collect()  # the part's layout (boxes, fonts' glyph caches) is garbage now: free it before the next
        report(n - 1, len(parts))
    counts = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in later]
    document = layout(_with_blank_pages(parts[0], sum(counts)), static_folder)
    own = len(document.pages) - sum(counts)
    if own < 1:
        raise RuntimeError("The first part lost pages to its blank ones")
    first = document.copy(document.pages[:own]).write_pdf(pdf_variant=PDF_VARIANT)
    del document
    gc.collect()  # the first part's layout goes before pypdf reads the parts
    writer = PdfWriter(clone_from=io.BytesIO(first))
    report(len(parts), len(parts))
    for pdf in later:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
    total = len(writer.pages)
    for first in range(own, total, NUMBERING_PAGES):
        numbers = range(first, min(first + NUMBERING_PAGES, total))
        footers = [footer % {"page": n + 1, "pages": total} for n in numbers]
        _stamp(
            writer,
            [writer.pages[n] for n in numbers],
            write_pdf(_numbering_sheet(sheet, footers), static_folder, tagged=False),
        )
        gc.collect()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when its parent ends (a worker stopped by its job timeout, say)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):  # not Linux: the parent's own wait still bounds the child
        return
    if os.getppid() != parent:  # the parent ended before the request above was made
        os._exit(1)


def main(manifest_path: str) -> None:
    """Run the manifest written by ``common.pdf.render_pdf_in_child``; report each part, then the peak memory,
    on stdout (JSON lines)."""
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    _die_with_parent(manifest["parent"])
    parts = [Path(path).read_text(encoding="utf-8") for path in manifest["parts"]]
    sheet = Path(manifest["sheet"]).read_text(encoding="utf-8")

    def report(done: int, total: int) -> None:
        print(json.dumps({"done": done, "total": total}), flush=True)

    pdf = render_parts(parts, sheet, manifest["footer"], manifest["static_folder"], report)
    Path(manifest["output"]).write_bytes(pdf)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"parts": len(parts), "bytes": len(pdf), "peak_mb": round(peak_mb, 1)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
