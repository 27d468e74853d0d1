"""Optional road travel times from an OSRM server (/table service). Any error falls back to straight line
x circuity for the rest of the run and records a problem; the engine itself never touches the network."""

from __future__ import annotations

import json
import logging
import urllib.request

import numpy as np

from siaga.engine.geo import haversine_km, travel_minutes

log = logging.getLogger(__name__)
BLOCK = 50  # sources and destinations per request (OSRM's default max-table-size is 100)


class OsrmTravel:
    """travel_fn(origins, destinations) -> minutes, for PlanConfig.travel_fn."""

    def __init__(self, base_url: str, *, speed_kmh: float, circuity: float, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.speed_kmh = speed_kmh
        self.circuity = circuity
        self.timeout = timeout
        self.failed: str | None = None

    def __call__(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        origins, destinations = np.asarray(origins, float), np.asarray(destinations, float)
        if self.failed is None:
            try:
                return self._table(origins, destinations)
            except Exception as exc:  # noqa: BLE001 - network/format errors all mean "fall back"
                log.warning("OSRM gagal, memakai garis lurus: %s", exc)
                self.failed = str(exc)[:200]
        return self.straight(origins, destinations)

    def straight(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        km = haversine_km(origins[:, None, 0], origins[:, None, 1], destinations[None, :, 0], destinations[None, :, 1])
        return travel_minutes(km, self.speed_kmh, self.circuity)

    @property
    def problem(self) -> dict | None:
        if self.failed is None:
            return None
        message = f"Server OSRM tidak dapat dipakai ({self.failed}); waktu tempuh dihitung dari garis lurus."
        return {"code": "osrm_fallback", "message": message, "ref": None}

    def _table(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        out = np.empty((len(origins), len(destinations)))
        for i in range(0, len(origins), BLOCK):
            for j in range(0, len(destinations), BLOCK):
                out[i : i + BLOCK, j : j + BLOCK] = self._block(origins[i : i + BLOCK], destinations[j : j + BLOCK])
        return out

    def _block(self, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
        points = np.vstack([src, dst])
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        sources = ";".join(str(i) for i in range(len(src)))
        dests = ";".join(str(len(src) + j) for j in range(len(dst)))
        url = f"{self.base_url}/table/v1/driving/{coords}?sources={sources}&destinations={dests}&annotations=duration"
        with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - configured URL
            data = json.loads(response.read())
        if data.get("code") != "Ok":
            raise ValueError(f"OSRM menjawab {data.get('code')}")
        seconds = np.array(data["durations"], dtype=float)
        if seconds.shape != (len(src), len(dst)):
            raise ValueError("ukuran tabel OSRM tidak sesuai")
        straight = self.straight(src, dst)
        return np.where(np.isnan(seconds), straight, seconds / 60.0)
