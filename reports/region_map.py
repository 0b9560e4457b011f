"""A choropleth of Georgia's 12 first-level regions, drawn on the server as a small SVG.

The shapes are ``reports/geo/georgia_regions.geojson`` (Natural Earth admin-1, public domain; see
``reports/geo/build_regions.py``): no tile server, no network, no map library in the browser. Each region is
shaded by its value on one blue scale (grey where it has none); the picture is an image whose text alternative
names the highest and lowest region, and the same figures stand in a table beside it.
"""

from __future__ import annotations

import base64
import json
import math
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

GEOJSON = Path(__file__).parent / "geo" / "georgia_regions.geojson"
WIDTH = 600
# Light to dark blue (GOV.UK-like, darkest passes 4.5:1 against white) and the "no data" grey.
SCALE = ("#d2e2f1", "#9dc0e2", "#5694ca", "#1d70b8", "#003078")
NO_DATA = "#f3f2f1"


@cache
def _shapes() -> tuple[dict[str, list[list[list[float]]]], tuple[float, float, float, float]]:
    features = json.loads(GEOJSON.read_text())["features"]
    shapes = {f["properties"]["name"]: [ring for polygon in f["geometry"]["coordinates"] for ring in polygon]
              for f in features}
    xs = [x for rings in shapes.values() for ring in rings for x, _y in ring]
    ys = [y for rings in shapes.values() for ring in rings for _x, y in ring]
    return shapes, (min(xs), min(ys), max(xs), max(ys))


def region_names() -> list[str]:
    return sorted(_shapes()[0])


def colour(value: float | None, low: float, high: float) -> str:
    if value is None:
        return NO_DATA
    if high <= low:
        return SCALE[2]
    step = min(len(SCALE) - 1, int((value - low) / (high - low) * len(SCALE)))
    return SCALE[step]


def svg(values: dict[str, float | None], highlight: str | None = None) -> str:
    """The map as SVG text: one path per region, shaded by ``values`` (region name → value)."""
    shapes, (x0, y0, x1, y1) = _shapes()
    kx = math.cos(math.radians((y0 + y1) / 2))  # equirectangular, true to scale at Georgia's middle latitude
    scale = WIDTH / ((x1 - x0) * kx)
    height = round((y1 - y0) * scale)
    known = [v for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    paths = []
    for name, rings in sorted(shapes.items()):
        d = " ".join("M" + " L".join(f"{(x - x0) * kx * scale:.1f},{(y1 - y) * scale:.1f}" for x, y in ring) + " Z"
                     for ring in rings)
        stroke = ' stroke="#0b0c0c" stroke-width="3"' if name == highlight else ' stroke="#ffffff" stroke-width="1"'
        paths.append(f'<path d="{d}" fill="{colour(values.get(name), low, high)}"{stroke}>'
                     f"<title>{escape(name)}</title></path>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}">{"".join(paths)}</svg>')


def data_uri(values: dict[str, float | None], highlight: str | None = None) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(values, highlight).encode()).decode()
