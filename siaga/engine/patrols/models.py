"""Input dataclasses of the patrol planner: targets (vulnerable objects), teams and configuration."""

from __future__ import annotations

import math
from dataclasses import dataclass

ObjectId = int | str
MINUTES_PER_DAY = 1440
MIN_WEIGHT = 1e-6
DWELL_RANGE = (10, 15)


@dataclass(frozen=True)
class Payoffs:
    """Stackelberg payoffs of one target: covered/uncovered utility for the defender and the attacker.

    The game requires ``attacker_uncovered > attacker_covered`` (an attack is worse for the attacker when the
    object is patrolled) and ``defender_covered >= defender_uncovered``.
    """

    defender_covered: float
    defender_uncovered: float
    attacker_covered: float
    attacker_uncovered: float

    def __post_init__(self) -> None:
        values = (self.defender_covered, self.defender_uncovered, self.attacker_covered, self.attacker_uncovered)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("payoffs must be finite numbers")
        if not self.attacker_uncovered > self.attacker_covered:
            raise ValueError("attacker_uncovered must be greater than attacker_covered")
        if self.defender_covered < self.defender_uncovered:
            raise ValueError("defender_covered must be at least defender_uncovered")


def _normalise_windows(windows: object) -> tuple[tuple[int, int], ...]:
    result = []
    for window in windows or ():  # type: ignore[union-attr]
        start, end = (int(v) for v in window)  # type: ignore[union-attr]
        if not (0 <= start <= MINUTES_PER_DAY and 0 <= end <= MINUTES_PER_DAY) or start == end:
            raise ValueError(f"invalid time window {window!r}: minutes of day 0..1440, start != end")
        result.append((start, end))
    return tuple(result)


@dataclass(frozen=True)
class Target:
    """A vulnerable object (KPU/Bawaslu office, logistics warehouse, crowd point).

    ``risk_weight`` (>= 0) derives the payoffs unless overridden: attacker uncovered = weight, defender
    uncovered = -weight, covered payoffs 0 for both. ``windows`` are optional critical time windows in minutes
    of day ``(start, end)``; ``end < start`` wraps past midnight. A visit must *start* inside one of them.
    """

    id: ObjectId
    lat: float | None = None
    lon: float | None = None
    risk_weight: float = 1.0
    windows: tuple[tuple[int, int], ...] = ()
    name: str = ""
    defender_covered: float | None = None
    defender_uncovered: float | None = None
    attacker_covered: float | None = None
    attacker_uncovered: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.risk_weight) and self.risk_weight >= 0):
            raise ValueError(f"target {self.id!r}: risk_weight must be a finite number >= 0")
        object.__setattr__(self, "windows", _normalise_windows(self.windows))
        self.payoffs  # noqa: B018 - validates overrides early

    @property
    def has_coordinates(self) -> bool:
        return _valid_point(self.lat, self.lon)

    @property
    def payoffs(self) -> Payoffs:
        weight = max(self.risk_weight, MIN_WEIGHT)
        return Payoffs(
            defender_covered=_pick(self.defender_covered, 0.0),
            defender_uncovered=_pick(self.defender_uncovered, -weight),
            attacker_covered=_pick(self.attacker_covered, 0.0),
            attacker_uncovered=_pick(self.attacker_uncovered, weight),
        )


@dataclass(frozen=True)
class Team:
    """A (joint) patrol team with its base and its shift in minutes of day.

    ``shift_end <= shift_start`` means the shift runs past midnight (e.g. 1320 -> 360). ``capacity`` is the
    number of object visits per shift; ``None`` uses ``PatrolConfig.visits_per_shift``.
    """

    id: ObjectId
    base_lat: float | None = None
    base_lon: float | None = None
    shift_start: int | None = None
    shift_end: int | None = None
    speed_kmh: float = 30.0
    capacity: int | None = None
    name: str = ""

    @property
    def has_shift(self) -> bool:
        return self.shift_start is not None and self.shift_end is not None and self.shift_start != self.shift_end

    @property
    def has_base(self) -> bool:
        return _valid_point(self.base_lat, self.base_lon)

    def shift_window(self) -> tuple[int, int] | None:
        """Shift as absolute minutes from midnight of the plan day; the end may exceed 1440."""
        if not self.has_shift:
            return None
        start, end = int(self.shift_start), int(self.shift_end)  # type: ignore[arg-type]
        return (start, end + MINUTES_PER_DAY) if end <= start else (start, end)

    def visits(self, config: PatrolConfig) -> int:
        return int(self.capacity if self.capacity is not None else config.visits_per_shift)


@dataclass(frozen=True)
class PatrolConfig:
    """Planner settings. ``seed`` is the secret that makes daily schedules reproducible but unpredictable."""

    dwell_minutes: int = 12
    visits_per_shift: int = 6
    seed: int | str = 0
    road_factor: float = 1.3
    route_time_limit_s: float = 1.0

    def __post_init__(self) -> None:
        if not DWELL_RANGE[0] <= self.dwell_minutes <= DWELL_RANGE[1]:
            raise ValueError(f"dwell_minutes must be within {DWELL_RANGE[0]}..{DWELL_RANGE[1]}")
        if self.visits_per_shift < 0:
            raise ValueError("visits_per_shift must be >= 0")
        if self.road_factor < 1.0:
            raise ValueError("road_factor must be >= 1.0")
        if self.route_time_limit_s <= 0:
            raise ValueError("route_time_limit_s must be > 0")


def _pick(value: float | None, default: float) -> float:
    return float(default if value is None else value)


def _valid_point(lat: float | None, lon: float | None) -> bool:
    if lat is None or lon is None:
        return False
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90 and -180 <= lon_f <= 180
