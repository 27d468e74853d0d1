"""Approximate outlines: kecamatan cells partition the kabupaten hull and contain their own point."""

import numpy as np

from siaga.regions.gazetteer import assign_coordinates, region_rows
from siaga.regions.outlines import assign_boundaries, clip_convex


def _area(ring) -> float:
    pts = np.array(ring)
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


def _inside(point, ring) -> bool:
    pts = np.array(ring[:-1])
    edges = np.roll(pts, -1, axis=0) - pts
    rel = np.array(point) - pts
    return bool(np.all(edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0] >= -1e-12))


def test_kecamatan_cells_partition_the_kabupaten():
    rows = region_rows("35.09")
    assign_coordinates(rows)
    outlines = assign_boundaries(rows)
    kab = outlines["35.09"]
    kecamatan = [r for r in rows if r.level == 3]
    assert all(outlines[k.code]["approx"] for k in kecamatan)
    cells_area = sum(_area(outlines[k.code]["coordinates"][0]) for k in kecamatan)
    assert (
        abs(cells_area - _area(kab["coordinates"][0])) / _area(kab["coordinates"][0]) < 1e-4
    )  # coordinates are rounded to 5 decimals
    for k in kecamatan:
        assert _inside((k.lon, k.lat), outlines[k.code]["coordinates"][0]), k.name


def test_clipping_a_square_to_a_triangle():
    square = np.array([[0, 0], [2, 0], [2, 2], [0, 2]], dtype=float)
    triangle = np.array([[0, 0], [4, 0], [0, 4]], dtype=float)
    clipped = clip_convex(square, triangle)
    assert _area(np.vstack([clipped, clipped[:1]])) == 4.0
    outside = clip_convex(square + 10, triangle)
    assert len(outside) == 0
