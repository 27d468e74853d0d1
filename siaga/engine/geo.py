"""Tiny, generic geographic helpers shared by the engines (pure numpy, no Django)."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; arguments broadcast like numpy arrays (degrees)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def travel_minutes(distance_km, speed_kmh: float, circuity: float = 1.0):
    """Travel time in minutes for a straight-line distance, a road circuity factor and a mean speed."""
    return np.asarray(distance_km) * circuity / speed_kmh * 60.0


def unit_vectors(lat, lon) -> np.ndarray:
    """Points on the unit sphere (n, 3), handy for KD-trees: chord length grows with great-circle distance."""
    la, lo = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def chord_for_km(distance_km: float) -> float:
    """Unit-sphere chord length matching a great-circle distance (for KD-tree radius queries)."""
    return float(2.0 * np.sin(min(distance_km / EARTH_RADIUS_KM, np.pi) / 2.0))
