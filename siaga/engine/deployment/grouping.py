"""Step a: group TPS of one category into compact posts, desa first, never above pattern.tps."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from siaga.engine.geo import haversine_km

from .model import Pattern, PlanConfig, Problem, Station


@dataclass(slots=True)
class Draft:
    """A post before ids and staffing: station indices into the station list."""

    category: str
    sector_id: int
    members: list[int]
    desa_ids: list[int]


@dataclass(slots=True)
class StationArrays:
    """Column view of the station list."""

    lat: np.ndarray
    lon: np.ndarray
    located: np.ndarray

    @classmethod
    def build(cls, stations: Sequence[Station]) -> StationArrays:
        lat = np.array([np.nan if s.lat is None else s.lat for s in stations], dtype=float)
        lon = np.array([np.nan if s.lon is None else s.lon for s in stations], dtype=float)
        return cls(lat, lon, np.isfinite(lat) & np.isfinite(lon))


def group_stations(
    stations: Sequence[Station], patterns: Mapping[str, Pattern], config: PlanConfig, arrays: StationArrays
) -> tuple[list[Draft], list[Problem]]:
    """Group per (sector, desa, category), split big groups by bisection, merge close leftovers per sector."""
    problems: list[Problem] = []
    buckets: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    missing: dict[str, int] = defaultdict(int)
    for i, st in enumerate(stations):
        if st.category not in patterns:
            missing[st.category] += 1
            continue
        buckets[(st.sector_id, st.desa_id, st.category)].append(i)
    for cat, n in sorted(missing.items()):
        problems.append(Problem("pattern_missing", f"Pola untuk kategori '{cat}' tidak ada; {n} TPS tidak diplot"))
    drafts: list[Draft] = []
    for (sector, desa, cat), members in sorted(buckets.items()):
        cap = patterns[cat].tps
        for part in _split(np.array(members), arrays, cap):
            drafts.append(Draft(cat, sector, part, [desa]))
    return _merge_leftovers(drafts, patterns, config, arrays), problems


def _split(idx: np.ndarray, arrays: StationArrays, cap: int) -> list[list[int]]:
    """Balanced recursive bisection of located TPS; TPS without coordinates fill free space, then new parts."""
    located = idx[arrays.located[idx]]
    loose = [int(i) for i in idx[~arrays.located[idx]]]
    parts: list[list[int]] = []
    if len(located):
        lat = arrays.lat[located]
        pts = np.column_stack([arrays.lon[located] * math.cos(math.radians(float(lat.mean()))), lat])
        k = math.ceil(len(located) / cap)
        parts = [located[p].tolist() for p in _bisect(np.arange(len(located)), pts, k)]
    for part in parts:
        while loose and len(part) < cap:
            part.append(loose.pop(0))
    parts.extend(loose[i : i + cap] for i in range(0, len(loose), cap))
    return parts


def _bisect(idx: np.ndarray, pts: np.ndarray, k: int) -> list[np.ndarray]:
    """Split positions idx (rows of pts) into k parts of balanced size along the principal axis, recursively."""
    if k <= 1:
        return [idx]
    centered = pts[idx] - pts[idx].mean(axis=0)
    _, _, vt = np.linalg.svd(centered, full_matrices=False)
    order = idx[np.argsort(centered @ vt[0], kind="stable")]
    k1 = k // 2
    m = round(len(idx) * k1 / k)
    return _bisect(order[:m], pts, k1) + _bisect(order[m:], pts, k - k1)


def _merge_leftovers(
    drafts: list[Draft], patterns: Mapping[str, Pattern], config: PlanConfig, arrays: StationArrays
) -> list[Draft]:
    """Merge under-full posts of the same sector and category whose centroids lie within merge_radius_km."""
    if config.merge_radius_km <= 0:
        return drafts
    by_key: dict[tuple[int, str], list[Draft]] = defaultdict(list)
    out: list[Draft] = []
    for d in drafts:
        small = len(d.members) < patterns[d.category].tps and arrays.located[d.members].any()
        (by_key[(d.sector_id, d.category)] if small else out).append(d)
    for (_, cat), group in by_key.items():
        out.extend(_merge_group(group, patterns[cat].tps, config.merge_radius_km, arrays))
    return out


def _merge_group(group: list[Draft], cap: int, radius_km: float, arrays: StationArrays) -> list[Draft]:
    """Greedy: the smallest post joins its nearest partner that still fits, while one lies within the radius."""
    alive = [(d, *_centroid(d, arrays), int(arrays.located[d.members].sum())) for d in group]
    done: list[Draft] = []
    while alive:
        alive.sort(key=lambda item: (len(item[0].members), item[0].desa_ids[0]))
        a, lat_a, lon_a, n_a = alive.pop(0)
        if not alive:
            done.append(a)
            break
        cents = np.array([(item[1], item[2]) for item in alive])
        dist = haversine_km(lat_a, lon_a, cents[:, 0], cents[:, 1])
        fits = np.array([len(item[0].members) + len(a.members) <= cap for item in alive]) & (dist <= radius_km)
        if not fits.any():
            done.append(a)
            continue
        b, lat_b, lon_b, n_b = alive.pop(int(np.argmin(np.where(fits, dist, np.inf))))
        merged = Draft(a.category, a.sector_id, b.members + a.members, sorted(set(b.desa_ids + a.desa_ids)))
        n = n_a + n_b
        alive.append((merged, (lat_a * n_a + lat_b * n_b) / n, (lon_a * n_a + lon_b * n_b) / n, n))
    return done


def _centroid(d: Draft, arrays: StationArrays) -> tuple[float, float]:
    m = np.array(d.members)
    m = m[arrays.located[m]]
    if not len(m):
        return (np.nan, np.nan)
    return float(arrays.lat[m].mean()), float(arrays.lon[m].mean())


def centroid(members: Sequence[int], arrays: StationArrays) -> tuple[float, float] | None:
    """Mean position of the located members, or None if none has coordinates."""
    lat, lon = _centroid(Draft("", 0, list(members), []), arrays)
    return None if math.isnan(lat) else (lat, lon)
