"""Synthetic but realistically shaped Polres instances for tests and benchmarks (seeded, deterministic)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .model import Officer, Pattern, ReserveSite, Station
from .planner import Partition

KM_PER_DEG = 111.32

# National Pilkada 2020 norm (DOMAIN.md 1.3): 2:10 kurang rawan, 2:2 rawan, 2:1 sangat rawan and khusus.
DEFAULT_PATTERNS = {
    "kurang_rawan": Pattern(2, 10, 20),
    "rawan": Pattern(2, 2, 4),
    "sangat_rawan": Pattern(2, 1, 2),
    "khusus": Pattern(2, 1, 2),
}
CATEGORIES = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")
# Hot desa (20 %) carry most rawan TPS; overall about 85 / 12 / 2 / 1 %.
HOT_P = (0.55, 0.36, 0.08, 0.01)
CALM_P = (0.925, 0.06, 0.005, 0.01)


@dataclass(slots=True)
class SyntheticSpec:
    tps: int = 4046
    officers: int = 1000
    sectors: int = 28
    desa: int = 300
    width_km: float = 60.0
    height_km: float = 50.0
    center: tuple[float, float] = (-8.17, 113.70)  # Jember
    pool_share: float = 0.3  # officers at Polres HQ (sector None)
    no_home_share: float = 0.0
    no_coords_share: float = 0.0
    pos_aju: int = 5
    seed: int = 0


def _offset(center: tuple[float, float], dx_km: np.ndarray, dy_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = center[0] + dy_km / KM_PER_DEG
    lon = center[1] + dx_km / (KM_PER_DEG * np.cos(np.radians(center[0])))
    return lat, lon


def polres(spec: SyntheticSpec | None = None, base: int = 0) -> Partition:
    """One Polres; ids of stations, officers, desa, sectors and sites are offset by `base` to stay unique."""
    spec = spec or SyntheticSpec()
    rng = np.random.default_rng(spec.seed)
    hq = rng.uniform(
        [-spec.width_km / 2, -spec.height_km / 2], [spec.width_km / 2, spec.height_km / 2], (spec.sectors, 2)
    )
    desa_xy = rng.uniform(
        [-spec.width_km / 2, -spec.height_km / 2], [spec.width_km / 2, spec.height_km / 2], (spec.desa, 2)
    )
    desa_sector = np.argmin(((desa_xy[:, None, :] - hq[None, :, :]) ** 2).sum(-1), axis=1)
    stations = _stations(spec, rng, desa_xy, desa_sector, base)
    officers = _officers(spec, rng, hq, stations, base)
    sites = _sites(spec, rng, hq, desa_xy, base)
    return Partition(base, stations, officers, DEFAULT_PATTERNS, sites)


def _stations(spec: SyntheticSpec, rng, desa_xy: np.ndarray, desa_sector: np.ndarray, base: int) -> list[Station]:
    weights = rng.gamma(2.0, 1.0, spec.desa)
    desa = np.concatenate(
        [np.arange(spec.desa), rng.choice(spec.desa, spec.tps - spec.desa, p=weights / weights.sum())]
    )
    desa = np.sort(desa[: spec.tps])
    xy = desa_xy[desa] + rng.normal(0.0, 0.7, (len(desa), 2))
    lat, lon = _offset(spec.center, xy[:, 0], xy[:, 1])
    hot = rng.random(spec.desa) < 0.2
    u = rng.random(len(desa))
    cum = np.where(hot[desa][:, None], np.cumsum(HOT_P), np.cumsum(CALM_P))
    cat_idx = np.minimum((u[:, None] > cum).sum(axis=1), len(CATEGORIES) - 1)
    no_coords = rng.random(len(desa)) < spec.no_coords_share
    voters = rng.integers(150, 300, len(desa))
    out = []
    for i in range(len(desa)):
        la, lo = (None, None) if no_coords[i] else (round(float(lat[i]), 6), round(float(lon[i]), 6))
        d = int(desa[i])
        out.append(
            Station(
                base * 10 + i + 1,
                la,
                lo,
                CATEGORIES[cat_idx[i]],
                base + d + 1,
                base + int(desa_sector[d]) + 1,
                int(voters[i]),
            )
        )
    return out


def _officers(spec: SyntheticSpec, rng, hq: np.ndarray, stations: list[Station], base: int) -> list[Officer]:
    n_pool = int(round(spec.officers * spec.pool_share))
    tps_per_sector = np.bincount([s.sector_id - base - 1 for s in stations], minlength=spec.sectors) + 1
    sector = rng.choice(spec.sectors, spec.officers - n_pool, p=tps_per_sector / tps_per_sector.sum())
    xy = np.vstack([hq[sector] + rng.normal(0, 2.0, (len(sector), 2)), rng.normal(0, 3.0, (n_pool, 2))])
    lat, lon = _offset(spec.center, xy[:, 0], xy[:, 1])
    no_home = rng.random(spec.officers) < spec.no_home_share
    out = []
    for i in range(spec.officers):
        sec = base + int(sector[i]) + 1 if i < len(sector) else None
        la, lo = (None, None) if no_home[i] else (round(float(lat[i]), 6), round(float(lon[i]), 6))
        out.append(Officer(base * 10 + i + 1, la, lo, sec))
    return out


def _sites(spec: SyntheticSpec, rng, hq: np.ndarray, desa_xy: np.ndarray, base: int) -> list[ReserveSite]:
    xy = np.vstack([hq, [[0.0, 0.0]], desa_xy[rng.choice(len(desa_xy), spec.pos_aju, replace=False)]])
    lat, lon = _offset(spec.center, xy[:, 0], xy[:, 1])
    kinds = ["polsek"] * spec.sectors + ["polres"] + ["pos_aju"] * spec.pos_aju
    sectors = [base + j + 1 for j in range(spec.sectors)] + [None] * (1 + spec.pos_aju)
    return [
        ReserveSite(base + j + 1, round(float(lat[j]), 6), round(float(lon[j]), 6), kinds[j], sectors[j])
        for j in range(len(kinds))
    ]


def region(
    n_polres: int, spec: SyntheticSpec | None = None, seed: int = 0, total_tps: int | None = None
) -> Iterator[Partition]:
    """n_polres Polres on a grid, generated lazily; sector and desa counts vary by about +-15 %.

    total_tps, if given, is spread evenly over the Polres (otherwise each gets spec.tps).
    """
    spec = spec or SyntheticSpec()
    cols = max(1, int(np.ceil(np.sqrt(n_polres))))
    rng = np.random.default_rng(seed)
    for k in range(n_polres):
        r, c = divmod(k, cols)
        center = (spec.center[0] - r * spec.height_km / KM_PER_DEG, spec.center[1] + c * spec.width_km / KM_PER_DEG)
        sectors = max(1, spec.sectors + int(rng.integers(-3, 4)))
        desa = min(spec.tps, max(1, round(spec.desa * rng.uniform(0.83, 1.17))))
        tps = spec.tps if total_tps is None else total_tps // n_polres + (k < total_tps % n_polres)
        desa = min(desa, tps)
        fields = {**_as_dict(spec), "center": center, "sectors": sectors, "desa": desa, "tps": tps}
        fields["seed"] = seed * 100_003 + k
        part = SyntheticSpec(**fields)
        yield polres(part, base=(k + 1) * 1_000_000)


def _as_dict(spec: SyntheticSpec) -> dict:
    return {name: getattr(spec, name) for name in SyntheticSpec.__slots__}
