"""A square grid over an area (cell size in metres), with events binned into it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KM_PER_DEG_LAT = 110.574


class HotspotInputError(ValueError):
    """Bad input to the hot-spot engine; the message (Indonesian) names the bad rows."""


@dataclass(frozen=True)
class Grid:
    lat_min: float
    lon_min: float
    lat_max: float
    lon_max: float
    cell_m: float = 250.0

    def __post_init__(self):
        if not (self.lat_min < self.lat_max and self.lon_min < self.lon_max) or self.cell_m <= 0:
            raise HotspotInputError("Batas wilayah atau ukuran sel peta panas tidak sah.")

    @classmethod
    def around(cls, lats, lons, cell_m: float = 250.0, pad_m: float = 500.0) -> Grid:
        lats, lons = np.asarray(lats, float), np.asarray(lons, float)
        if lats.size == 0:
            raise HotspotInputError("Tidak ada kejadian berkoordinat untuk peta panas.")
        pad_lat = pad_m / 1000 / KM_PER_DEG_LAT
        pad_lon = pad_lat / max(math.cos(math.radians(float(np.mean(lats)))), 0.1)
        return cls(lats.min() - pad_lat, lons.min() - pad_lon, lats.max() + pad_lat, lons.max() + pad_lon, cell_m)

    @property
    def km_per_deg_lon(self) -> float:
        return 111.320 * math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def shape(self) -> tuple[int, int]:
        rows = max(1, math.ceil((self.lat_max - self.lat_min) * KM_PER_DEG_LAT * 1000 / self.cell_m))
        cols = max(1, math.ceil((self.lon_max - self.lon_min) * self.km_per_deg_lon * 1000 / self.cell_m))
        return rows, cols

    def index(self, lats, lons) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row and column of each point, and a mask of the points inside the grid."""
        lats, lons = np.asarray(lats, float), np.asarray(lons, float)
        bad = np.flatnonzero(~(np.isfinite(lats) & np.isfinite(lons)))
        if bad.size:
            raise HotspotInputError(
                f"Koordinat kejadian tidak sah pada baris {', '.join(str(i + 1) for i in bad[:10])}."
            )
        rows, cols = self.shape
        r = np.floor((lats - self.lat_min) * KM_PER_DEG_LAT * 1000 / self.cell_m).astype(int)
        c = np.floor((lons - self.lon_min) * self.km_per_deg_lon * 1000 / self.cell_m).astype(int)
        inside = (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
        return r, c, inside

    def histogram(self, lats, lons, weights=None) -> np.ndarray:
        r, c, inside = self.index(lats, lons)
        out = np.zeros(self.shape)
        w = np.ones(len(r)) if weights is None else np.asarray(weights, float)
        np.add.at(out, (r[inside], c[inside]), w[inside])
        return out

    def centre(self, row: int, col: int) -> tuple[float, float]:
        lat = self.lat_min + (row + 0.5) * self.cell_m / 1000 / KM_PER_DEG_LAT
        lon = self.lon_min + (col + 0.5) * self.cell_m / 1000 / self.km_per_deg_lon
        return lat, lon
