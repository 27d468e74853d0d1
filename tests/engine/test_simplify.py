"""Ramer–Douglas–Peucker simplification of boundary rings (pure engine, no Django)."""

import math

from siaga.engine.simplify import simplify_polygons, simplify_ring, vertex_count


def _circle(n: int, radius: float = 0.02) -> list:
    ring = [
        [113.3 + radius * math.cos(2 * math.pi * k / n), -8.2 + radius * math.sin(2 * math.pi * k / n)]
        for k in range(n)
    ]
    return ring + [ring[0]]


def test_collinear_points_are_dropped_and_corners_kept():
    ring = [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0.5, 1], [0, 1], [0, 0.5], [0, 0]]
    assert simplify_ring(ring, 1e-9) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_a_dense_outline_fits_the_budget_and_stays_closed_and_close_to_the_original():
    polygons = [[_circle(20_000)]]
    simple = simplify_polygons(polygons, 500)
    ring = simple[0][0]
    assert vertex_count(simple) <= 500 and len(ring) >= 4
    assert ring[0] == ring[-1]
    for lon, lat in ring:  # every kept vertex lies on the original circle
        assert abs(math.hypot(lon - 113.3, lat + 8.2) - 0.02) < 1e-9


def test_an_outline_under_the_budget_is_returned_unchanged():
    polygons = [[_circle(100)]]
    assert simplify_polygons(polygons, 1000) is polygons


def test_a_tiny_hole_collapses_and_is_dropped_but_the_outer_ring_stays():
    outer = _circle(4000, 0.05)
    hole = [[113.3, -8.2], [113.30001, -8.2], [113.30001, -8.20001], [113.3, -8.20001], [113.3, -8.2]]
    hole = hole[:1] + [[113.3 + k * 1e-7, -8.2] for k in range(1, 50)] + hole[1:]
    simple = simplify_polygons([[outer, hole]], 300)
    assert len(simple[0]) == 1, "the collapsed hole is dropped"
    assert 4 <= len(simple[0][0]) <= 300
