"""Polygon simplification (Ramer–Douglas–Peucker) for boundary outlines, pure NumPy, no Django.

Official desa/kecamatan outlines can carry tens of thousands of vertices; a map of a whole kabupaten needs far
fewer. `simplify_polygons` raises the tolerance step by step until the outline fits a vertex budget, never
dropping an outer ring below a triangle."""

from __future__ import annotations

import numpy as np

START_TOLERANCE = 1e-5  # degrees, about a metre
MAX_STEPS = 24


def _rdp_mask(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Which points of an open polyline RDP keeps (first and last always)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        a, b = points[start], points[end]
        inner = points[start + 1 : end]
        seg = b - a
        length = float(np.hypot(seg[0], seg[1]))
        if length == 0.0:
            dist = np.hypot(inner[:, 0] - a[0], inner[:, 1] - a[1])
        else:
            dist = np.abs(seg[0] * (inner[:, 1] - a[1]) - seg[1] * (inner[:, 0] - a[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            mid = start + 1 + k
            keep[mid] = True
            stack.append((start, mid))
            stack.append((mid, end))
    return keep


def simplify_ring(ring: list, tolerance: float) -> list:
    """A closed ring simplified; split at its farthest point from the start so that both halves are real lines."""
    pts = np.asarray(ring, dtype=float)[:, :2]
    if len(pts) <= 4:
        return [list(p) for p in pts]
    far = int(np.argmax(np.hypot(pts[:, 0] - pts[0, 0], pts[:, 1] - pts[0, 1])))
    if far in (0, len(pts) - 1):
        return [list(p) for p in pts]
    keep = np.zeros(len(pts), dtype=bool)
    keep[: far + 1] |= _rdp_mask(pts[: far + 1], tolerance)
    keep[far:] |= _rdp_mask(pts[far:], tolerance)
    out = pts[keep]
    return [list(p) for p in out]


def vertex_count(polygons: list) -> int:
    """Vertices of a list of polygons (each a list of rings)."""
    return sum(len(ring) for polygon in polygons for ring in polygon)


def simplify_polygons(polygons: list, max_vertices: int) -> list:
    """Polygons (lists of rings of [lon, lat]) simplified until they hold at most `max_vertices` vertices
    (or as close as the shape allows). Holes that collapse below a triangle are dropped; outer rings are kept."""
    if vertex_count(polygons) <= max_vertices:
        return polygons
    tolerance = START_TOLERANCE
    result = polygons
    for _ in range(MAX_STEPS):
        result = []
        for polygon in polygons:
            rings = []
            for i, ring in enumerate(polygon):
                simple = simplify_ring(ring, tolerance)
                if len(simple) >= 4:
                    rings.append(simple)
                elif i == 0:
                    rings.append(ring)  # too small to simplify: the outline keeps its own shape
            result.append(rings)
        if vertex_count(result) <= max_vertices:
            break
        tolerance *= 2
    return result
