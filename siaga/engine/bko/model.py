"""Inputs and result of BKO matching."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


class BkoInputError(ValueError):
    """Bad engine input; the message (Bahasa Indonesia) names the rows."""


@dataclass(frozen=True, slots=True)
class Demand:
    """A unit short of personnel: `need` officers (the plan's bko_needed) at (lat, lon); `group` is its Polda."""

    id: int
    group: int
    lat: float
    lon: float
    need: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class Supply:
    """A unit with `spare` officers to lend: a Polres with surplus or a Polda pool (`kind` "pool")."""

    id: int
    group: int
    lat: float
    lon: float
    spare: int
    name: str = ""
    kind: str = "polres"


@dataclass(frozen=True, slots=True)
class Match:
    supply_id: int
    demand_id: int
    personnel: int
    distance_km: float
    cross_border: bool


@dataclass(slots=True)
class BkoResult:
    matches: list[Match]
    unmet: dict[int, int]  # demand id -> officers still missing (only > 0)
    spare_left: dict[int, int]  # supply id -> officers not lent
    cost: int  # objective: sum of personnel x arc cost (tenths of a km, cross-border weighted)
    stats: dict = field(default_factory=dict)
    message: str = ""

    @property
    def moved(self) -> int:
        return sum(m.personnel for m in self.matches)

    def to_dict(self) -> dict:
        return {
            "matches": [
                {
                    "supply_id": m.supply_id,
                    "demand_id": m.demand_id,
                    "personnel": m.personnel,
                    "distance_km": m.distance_km,
                    "cross_border": m.cross_border,
                }
                for m in self.matches
            ],
            "unmet": {str(k): v for k, v in self.unmet.items()},
            "cost": self.cost,
            "moved": self.moved,
            "stats": self.stats,
            "message": self.message,
        }


def _bad_coord(lat, lon) -> bool:
    return not (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    )


def check(demands, supplies) -> None:
    """Raise BkoInputError naming every bad row (coordinates, negative counts, duplicate ids)."""
    bad: list[str] = []
    for kind, rows, amount in (("kebutuhan", demands, "need"), ("pemberi", supplies, "spare")):
        seen = set()
        for row in rows:
            label = row.name or f"#{row.id}"
            if row.id in seen:
                bad.append(f"{kind} {label}: ID ganda")
            seen.add(row.id)
            if _bad_coord(row.lat, row.lon):
                bad.append(f"{kind} {label}: koordinat tidak sah ({row.lat}, {row.lon})")
            value = getattr(row, amount)
            if not isinstance(value, int) or value < 0:
                bad.append(f"{kind} {label}: jumlah personel harus bilangan bulat ≥ 0 ({value!r})")
    if bad:
        more = f" (dan {len(bad) - 10} lainnya)" if len(bad) > 10 else ""
        raise BkoInputError("Data BKO tidak sah: " + "; ".join(bad[:10]) + more)
