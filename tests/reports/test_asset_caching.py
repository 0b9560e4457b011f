"""Dashboards light on a slow link: versioned assets cached for a year and compressed; pages stay ``no-store``."""

from __future__ import annotations

import gzip
import os
import re

import brotli
import plotly
from dash.fingerprint import build_fingerprint

from tests.reports.helpers import build_ministry

IMMUTABLE = "public, max-age=31536000, immutable"


def _plotly_url() -> str:
    path = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")
    name = build_fingerprint("package_data/plotly.min.js", plotly.__version__, int(os.stat(path).st_mtime))
    return f"/dashboards/_dash-component-suites/plotly/{name}"


def test_plotly_is_immutable_and_compressed_while_the_page_is_no_store(factory, login_as):
    hr = login_as(build_ministry(factory).hr)
    page = hr.get("/dashboards/hr")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    plain = hr.head(_plotly_url())  # curl -I: no Accept-Encoding
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in plain.headers
    size = int(plain.headers["Content-Length"])
    assert size > 1_000_000
    for algorithm, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        head = hr.head(_plotly_url(), headers={"Accept-Encoding": f"{algorithm}"})
        assert head.headers["Cache-Control"] == IMMUTABLE and head.headers["Content-Encoding"] == algorithm
        assert "Accept-Encoding" in head.headers["Vary"]
        body = hr.get(_plotly_url(), headers={"Accept-Encoding": f"{algorithm}, deflate"})
        assert len(body.data) < size / 3 and len(decode(body.data)) == size


def test_every_script_and_stylesheet_of_a_dashboard_is_versioned_and_immutable(factory, login_as):
    hr = login_as(build_ministry(factory).hr)
    html = hr.get("/dashboards/hr").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', html)
    assert any(u.startswith("/static/css/site.css?v=") for u in urls), urls
    assert any("dash_renderer" in u for u in urls) and any("/dashboards/assets/" in u for u in urls)
    for url in urls:
        response = hr.get(url.replace("&amp;", "&"), headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE, url
    # A signed-in page's data response (the dashboard's layout) is still never stored.
    assert hr.get("/dashboards/_dash-layout").headers["Cache-Control"] == "no-store"
    css = hr.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})
    assert "immutable" not in css.headers.get("Cache-Control", ""), "an unversioned URL may change"


def test_callback_json_is_compressed_but_html_pages_are_not(factory, login_as):
    hr = login_as(build_ministry(factory).hr)
    page = hr.get("/dashboards/hr", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in page.headers  # HTML carries the CSRF token: no BREACH oracle
    layout = hr.get("/dashboards/_dash-dependencies", headers={"Accept-Encoding": "gzip"})
    assert layout.headers.get("Content-Encoding") == "gzip" or len(layout.data) < 500


def test_the_dashboards_load_plotlys_basic_bundle_when_make_vendor_fetched_it(factory, login_as):
    """``make vendor`` (a step of ``make test`` and ``make run``) fetches the partial bundle; the page's config
    names it, versioned, and it is sent immutable and compressed like the full one."""
    import json

    from plotly.offline import get_plotlyjs_version

    hr = login_as(build_ministry(factory).hr)
    html = hr.get("/dashboards/hr").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html,
                                  re.S).group(1))
    basic = f"/static/vendor/plotly-basic-{get_plotlyjs_version()}.min.js?v="
    assert config["plotlyjs_url"].startswith(basic), "run `make vendor`: " + config["plotlyjs_url"]
    response = hr.get(config["plotlyjs_url"], headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == IMMUTABLE and response.headers["Content-Encoding"] == "br"
    assert len(brotli.decompress(response.data)) < 1_500_000, "the basic bundle, a quarter of the full one"
