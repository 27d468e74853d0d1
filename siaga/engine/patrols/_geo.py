"""Distances and travel times; uses ``siaga.engine.geo.haversine_km`` when present."""

from __future__ import annotations

import numpy as np

try:
    from siaga.engine.geo import haversine_km
except ImportError:  # pragma: no cover - fallback while the shared helper is absent

    def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:  # type: ignore[no-redef]
        p1, p2 = np.radians(lat1), np.radians(lat2)
        dlon = np.radians(lon2) - np.radians(lon1)
        a = np.sin((p2 - p1) / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2.0) ** 2
        return 2.0 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_matrix_km(lats: np.ndarray, lons: np.ndarray, lats2: np.ndarray, lons2: np.ndarray) -> np.ndarray:
    """Great-circle distances (len(lats), len(lats2)) in km."""
    return np.asarray(haversine_km(lats[:, None], lons[:, None], lats2[None, :], lons2[None, :]), dtype=float)


def travel_minutes(distance_km: np.ndarray, speed_kmh: float, road_factor: float) -> np.ndarray:
    """Whole travel minutes (rounded up) for straight-line distances, a road detour factor and a speed."""
    return np.ceil(np.asarray(distance_km) * road_factor / speed_kmh * 60.0 - 1e-9).astype(np.int64)
