"""Approximate region outlines. No package ships official boundaries, so Siaga draws:

- a kabupaten as the padded convex hull of its desa points;
- its kecamatan as the Voronoi cells of the kecamatan points, clipped to that hull (a partition of the
  kabupaten in which every kecamatan owns the area nearest to it).

Every outline is marked `"approx": true`; the map draws them dashed. Pure NumPy/SciPy, no Django."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.spatial import ConvexHull, QhullError, Voronoi

from siaga.regions.gazetteer import RegionRow

PAD_FACTOR = 1.15
PAD_DEGREES = 0.01


def _polygon(points: np.ndarray) -> dict:
    ring = [[round(float(x), 5), round(float(y), 5)] for x, y in points]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]], "approx": True}


def padded_hull(points: np.ndarray) -> np.ndarray | None:
    """Counter-clockwise hull of (lon, lat) points, pushed outwards a little."""
    if len(points) < 3:
        return None
    try:
        hull = points[ConvexHull(points).vertices]
    except QhullError:
        return None
    center = points.mean(axis=0)
    offset = hull - center
    norm = np.linalg.norm(offset, axis=1, keepdims=True)
    return center + offset * PAD_FACTOR + offset / np.maximum(norm, 1e-9) * PAD_DEGREES


def clip_convex(subject: np.ndarray, clip: np.ndarray) -> np.ndarray:
    """Sutherland–Hodgman: the part of polygon `subject` inside the convex counter-clockwise polygon `clip`."""
    output = list(subject)
    for a, b in zip(clip, np.roll(clip, -1, axis=0), strict=True):
        edge = b - a
        inputs, output = output, []
        for k, p in enumerate(inputs):
            q = inputs[k - 1]
            p_in = edge[0] * (p[1] - a[1]) - edge[1] * (p[0] - a[0]) >= 0
            q_in = edge[0] * (q[1] - a[1]) - edge[1] * (q[0] - a[0]) >= 0
            if p_in != q_in:
                d = p - q
                t = (edge[0] * (a[1] - q[1]) - edge[1] * (a[0] - q[0])) / (edge[0] * d[1] - edge[1] * d[0])
                output.append(q + t * d)
            if p_in:
                output.append(p)
        if not output:
            break
    return np.array(output)


def voronoi_cells(sites: np.ndarray, boundary: np.ndarray) -> list[np.ndarray | None]:
    """One clipped Voronoi cell per site; far-away guard points keep every real cell bounded."""
    span = np.ptp(boundary, axis=0).max() * 10 + 1
    center = boundary.mean(axis=0)
    guards = center + span * np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])
    vor = Voronoi(np.vstack([sites, guards]))
    cells = []
    for i in range(len(sites)):
        region = vor.regions[vor.point_region[i]]
        if not region or -1 in region:
            cells.append(None)
            continue
        cell = vor.vertices[region]
        order = np.argsort(np.arctan2(cell[:, 1] - sites[i][1], cell[:, 0] - sites[i][0]))
        clipped = clip_convex(cell[order], boundary)
        cells.append(clipped if len(clipped) >= 3 else None)
    return cells


def assign_boundaries(rows: list[RegionRow]) -> dict[str, dict]:
    desa_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    kecamatan: dict[str, list[RegionRow]] = defaultdict(list)
    for row in rows:
        if row.lat is None:
            continue
        kab = ".".join(row.code.split(".")[:2])
        if row.level == 4:
            desa_points[kab].append((row.lon, row.lat))
        elif row.level == 3:
            kecamatan[kab].append(row)
    outlines: dict[str, dict] = {}
    for kab, points in desa_points.items():
        hull = padded_hull(np.array(points))
        if hull is None:
            continue
        outlines[kab] = _polygon(hull)
        kecs = kecamatan.get(kab, [])
        if len(kecs) < 2:
            continue
        sites = np.array([(k.lon, k.lat) for k in kecs]) + _jitter(len(kecs))
        try:
            cells = voronoi_cells(sites, hull)
        except QhullError:
            continue
        outlines.update({k.code: _polygon(c) for k, c in zip(kecs, cells, strict=True) if c is not None})
    return outlines


def _jitter(n: int) -> np.ndarray:
    """Tiny deterministic offsets so that two kecamatan on the same point still get cells."""
    return np.random.default_rng(0).normal(0, 1e-6, (n, 2))
