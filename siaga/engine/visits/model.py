"""Inputs of the visit planner and the priority of a target."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from siaga.engine.geo import haversine_km, travel_minutes


class PlanInputError(ValueError):
    """Bad planner input; the message (Bahasa Indonesia) names the bad rows."""


@dataclass(frozen=True)
class VisitConfig:
    days: int = 5  # working days of the week (Mon–Fri)
    day_minutes: int = 360  # field time per day (e.g. 08.00–14.00), travel included
    speed_kmh: float = 25.0  # motorbike on village roads
    road_factor: float = 1.4
    time_limit_ms: int = 10  # OR-Tools search per officer


@dataclass(frozen=True)
class Target:
    """Someone or somewhere to visit: `prize` is its priority (see `priority`), `minutes` the visit's length."""

    id: str
    lat: float
    lon: float
    prize: float
    minutes: int = 30


@dataclass
class Officer:
    id: str
    base_lat: float
    base_lon: float
    targets: list[Target] = field(default_factory=list)
    days: int | None = None  # working days this week (None: config.days)


def priority(
    *,
    influence: int = 3,
    kerawanan: float = 0.0,
    incidents: int = 0,
    days_since_visit: int | None = None,
    directive: bool = False,
    stage_soon: bool = False,
) -> float:
    """A target's priority: influence (1–5) scaled by the desa's kerawanan (0–1) and incident history, growing with
    the days since it was last visited (never: as if 60 days) and raised by a directive or an upcoming stage."""
    days = 60 if days_since_visit is None else max(0, min(days_since_visit, 90))
    base = max(1, min(influence, 5))
    value = base * (1.0 + 1.5 * max(0.0, min(kerawanan, 1.0))) * (1.0 + 0.5 * math.log1p(max(incidents, 0)))
    value *= 0.4 + days / 30.0
    if directive:
        value *= 3.0
    if stage_soon:
        value *= 1.5
    return round(value, 3)


def check_officer(officer: Officer) -> None:
    bad = [t.id for t in officer.targets if not _ok(t.lat, t.lon) or not math.isfinite(t.prize) or t.prize < 0]
    if not _ok(officer.base_lat, officer.base_lon):
        raise PlanInputError(f"Pangkalan petugas {officer.id} tidak memiliki koordinat yang sah.")
    if bad:
        raise PlanInputError("Sasaran dengan koordinat atau prioritas tidak sah: " + ", ".join(bad[:10]))


def _ok(lat, lon) -> bool:
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


def minutes_matrix(officer: Officer, config: VisitConfig) -> np.ndarray:
    """Travel minutes between the base (index 0) and the targets (1..n), rounded up to whole minutes."""
    lats = np.array([officer.base_lat] + [t.lat for t in officer.targets], dtype=float)
    lons = np.array([officer.base_lon] + [t.lon for t in officer.targets], dtype=float)
    km = haversine_km(lats[:, None], lons[:, None], lats[None, :], lons[None, :])
    return np.ceil(travel_minutes(km, config.speed_kmh, config.road_factor)).astype(int)
