"""Where countries are on the overview's map: a label point and a bounding box for each country
of the vendored world-atlas shapes (Natural Earth 1:110m, ISO numeric ids), read once.

The map zooms to the flagged region: the box around the flagged countries' main land masses
(their largest polygon, so that French Guiana does not pull France's label into the Atlantic and
the Aleutians do not stretch the USA across the antimeridian).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ATLAS = Path(__file__).parent / "static" / "vendor" / "countries-110m.json"


@dataclass(frozen=True)
class Place:
    """A country on the map: its name, a point for its label (lon, lat) and its box
    (west, south, east, north) in degrees."""

    name: str
    lon: float
    lat: float
    box: tuple[float, float, float, float]


def _decode_arcs(topo: dict[str, object]) -> list[list[tuple[float, float]]]:
    t = topo["transform"]
    assert isinstance(t, dict)
    (sx, sy), (tx, ty) = t["scale"], t["translate"]
    out = []
    for arc in topo["arcs"]:  # type: ignore[attr-defined]
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs: list[list[tuple[float, float]]], ids: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in ids:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Planar area and centroid of a ring in degrees (good enough to place a label)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


@cache
def places() -> dict[str, Place]:
    """Every country of the atlas by its ISO numeric code (three digits, as `ref_countries.m49`)."""
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    out: dict[str, Place] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if "id" not in g or not g.get("arcs"):
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        best: tuple[float, float, float, list[tuple[float, float]]] | None = None
        for polygon in polygons:
            outer = _ring(arcs, polygon[0])
            if max(p[0] for p in outer) - min(p[0] for p in outer) > 180:  # across 180°
                outer = [(x + 360 if x < 0 else x, y) for x, y in outer]
            area, x, y = _area_centroid(outer)
            if best is None or area > best[0]:
                best = (area, x, y, outer)
        assert best is not None
        _, x, y, outer = best
        xs, ys = [p[0] for p in outer], [p[1] for p in outer]
        out[str(g["id"]).zfill(3)] = Place(
            name=str(g.get("properties", {}).get("name", g["id"])),
            lon=round(x - 360 if x > 180 else x, 3),
            lat=round(y, 3), box=(min(xs), min(ys), max(xs), max(ys)),
        )  # fmt: skip
    return out


def bounds(m49_codes: list[str], pad: float = 0.15) -> list[list[float]] | None:
    """The box [[west, south], [east, north]] around these countries' main land masses, with
    `pad` of its size added on each side (None when none of them is on the map)."""
    boxes = [places()[c].box for c in m49_codes if c in places()]
    if not boxes:
        return None
    w, s = min(b[0] for b in boxes), min(b[1] for b in boxes)
    e, n = max(b[2] for b in boxes), max(b[3] for b in boxes)
    dx, dy = max(e - w, 4.0) * pad, max(n - s, 4.0) * pad
    return [[round(max(-180.0, w - dx), 2), round(max(-85.0, s - dy), 2)],
            [round(min(180.0, e + dx), 2), round(min(85.0, n + dy), 2)]]  # fmt: skip
