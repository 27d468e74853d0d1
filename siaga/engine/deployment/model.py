"""Input and output dataclasses of the deployment planner (pure Python, JSON-friendly)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

# travel_fn(origins, destinations) -> minutes; origins (n, 2) and destinations (m, 2) are [lat, lon] arrays,
# the result is an (n, m) array of travel minutes (e.g. an OSRM /table adapter written by the caller).
TravelFn = Callable[[np.ndarray, np.ndarray], np.ndarray]

DEFAULT_PRIORITY = ("sangat_rawan", "khusus", "rawan", "kurang_rawan")
RESERVE_KINDS = ("polsek", "polres", "pos_aju")


@dataclass(frozen=True, slots=True)
class Station:
    """A TPS. lat/lon may be None (the TPS is still grouped by desa and reported as a problem)."""

    id: int
    lat: float | None
    lon: float | None
    category: str
    desa_id: int
    sector_id: int
    voters: int = 0


@dataclass(frozen=True, slots=True)
class Officer:
    """A police officer. sector_id None = Polres HQ / BKO pool; lat/lon None = no known home base."""

    id: int
    lat: float | None
    lon: float | None
    sector_id: int | None = None
    available: bool = True


@dataclass(frozen=True, slots=True)
class Pattern:
    """Security pattern of a category, Polri : TPS : Linmas. linmas None means 2 per TPS.

    The "body system" (officers never stand alone) is enforced: polri < 2 raises ValueError.
    """

    polri: int
    tps: int
    linmas: int | None = None

    def __post_init__(self) -> None:
        if self.polri < 2:
            raise ValueError(f"pattern polri={self.polri}: body system requires at least 2 officers per post")
        if self.tps < 1:
            raise ValueError(f"pattern tps={self.tps}: a post covers at least 1 TPS")
        if self.linmas is None:
            object.__setattr__(self, "linmas", 2 * self.tps)
        elif self.linmas < 0:
            raise ValueError("pattern linmas must be >= 0")


@dataclass(frozen=True, slots=True)
class ReserveSite:
    """Candidate location of a reserve ("power on hand") team. sector_id, if set, makes it a Polsek site."""

    id: int
    lat: float
    lon: float
    kind: str = "polsek"
    sector_id: int | None = None


@dataclass(slots=True)
class PlanConfig:
    """Planner settings; the defaults follow DOMAIN.md 1.3-1.4."""

    reserve_fraction: float = 0.15
    response_minutes: float = 30.0
    speed_kmh: float = 40.0
    circuity: float = 1.3
    category_priority: Sequence[str] = DEFAULT_PRIORITY
    reserve_team_size: int = 10
    must_cover_categories: Sequence[str] = ("rawan", "sangat_rawan")
    # Posts of these categories are staffed before the reserve is held (see package docstring, "shortage rule").
    reserve_yields_to: Sequence[str] = ("sangat_rawan",)
    surplus_to_reserve: bool = True
    pool_penalty_minutes: float = 30.0
    out_of_sector_penalty_minutes: float = 90.0
    merge_radius_km: float = 3.0
    candidate_posts: int = 48
    candidate_sectors: int = 32
    dense_arc_limit: int = 1_500_000
    swap_rounds: int = 50
    mclp_iterations: int = 30
    travel_fn: TravelFn | None = None

    def minutes(self, distance_km):
        """Straight-line km to travel minutes under this config."""
        return np.asarray(distance_km) * self.circuity / self.speed_kmh * 60.0


@dataclass(slots=True)
class Post:
    """A guard post: one or more TPS of one category, staffed by `required` officers."""

    id: int
    category: str
    station_ids: list[int]
    desa_ids: list[int]
    sector_id: int
    lat: float | None
    lon: float | None
    required: int
    linmas: int
    officer_ids: list[int] = field(default_factory=list)
    fill_rank: int = 0


@dataclass(slots=True)
class ReserveTeam:
    """A reserve team at a site; covered_station_ids = must-cover TPS reachable within the response time."""

    site_id: int | None
    kind: str
    officer_ids: list[int]
    covered_station_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Shortfall:
    """A post staffed below its pattern."""

    post_id: int
    category: str
    sector_id: int
    required: int
    assigned: int
    missing: int


@dataclass(slots=True)
class Problem:
    """A finding for the user: stable `code`, Bahasa Indonesia `message`, optional object reference."""

    code: str
    message: str
    ref: int | None = None


@dataclass(slots=True)
class Plan:
    """Result of plan()/replan(). Round-trips through to_dict()/from_dict() (plain JSON types)."""

    posts: list[Post]
    reserves: list[ReserveTeam]
    shortfall: list[Shortfall]
    fill_order: list[int]
    bko_needed: int
    problems: list[Problem]
    stats: dict[str, Any]
    unassigned_officer_ids: list[int] = field(default_factory=list)
    moved: int = 0

    def assignments(self) -> dict[int, tuple[str, int | None]]:
        """officer id -> ("post", post_id) or ("reserve", site_id)."""
        out: dict[int, tuple[str, int | None]] = {}
        for post in self.posts:
            out.update({oid: ("post", post.id) for oid in post.officer_ids})
        for team in self.reserves:
            out.update({oid: ("reserve", team.site_id) for oid in team.officer_ids})
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        parts = {
            "posts": [Post(**p) for p in data["posts"]],
            "reserves": [ReserveTeam(**r) for r in data["reserves"]],
            "shortfall": [Shortfall(**s) for s in data["shortfall"]],
            "problems": [Problem(**p) for p in data["problems"]],
        }
        rest = {f.name: data[f.name] for f in fields(cls) if f.name not in parts and f.name in data}
        return cls(**parts, **rest)
