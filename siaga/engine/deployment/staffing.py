"""Step c: assign officers to post and reserve slots by min-cost flow (OR-tools), sector first, least travel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from siaga.engine.geo import haversine_km

from .model import PlanConfig

COST_SCALE = 100  # costs are integer hundredths of a minute
NO_SECTOR = -1


@dataclass(slots=True)
class Side:
    """Points (n, 2) as [lat, lon] and their sector ids (NO_SECTOR for the Polres pool / sector-free sites)."""

    pts: np.ndarray
    sector: np.ndarray


@dataclass(slots=True)
class Arcs:
    officer: np.ndarray
    group: np.ndarray
    minutes: np.ndarray
    cost: np.ndarray


def pair_minutes(src: np.ndarray, dst: np.ndarray, config: PlanConfig) -> np.ndarray:
    """Travel minutes for aligned pairs src[i] -> dst[i]; uses config.travel_fn (matrix form) when given."""
    if config.travel_fn is None:
        return config.minutes(haversine_km(src[:, 0], src[:, 1], dst[:, 0], dst[:, 1]))
    out = np.empty(len(src))
    for start in range(0, len(src), 50_000):
        s, d = src[start : start + 50_000], dst[start : start + 50_000]
        us, si = np.unique(s, axis=0, return_inverse=True)
        ud, di = np.unique(d, axis=0, return_inverse=True)
        out[start : start + len(s)] = np.asarray(config.travel_fn(us, ud), dtype=float)[si.ravel(), di.ravel()]
    return out


def penalty(off_sector: np.ndarray, grp_sector: np.ndarray, config: PlanConfig) -> np.ndarray:
    """0 in the own sector or at sector-free targets; pool penalty for HQ officers; out-of-sector otherwise."""
    own = (grp_sector == NO_SECTOR) | (off_sector == grp_sector)
    pool = off_sector == NO_SECTOR
    return np.where(own, 0.0, np.where(pool, config.pool_penalty_minutes, config.out_of_sector_penalty_minutes))


def arc_costs(off: Side, grp: Side, oi: np.ndarray, gi: np.ndarray, config: PlanConfig) -> np.ndarray:
    """Integer arc costs: travel minutes plus sector penalty, in hundredths of a minute."""
    total = pair_minutes(off.pts[oi], grp.pts[gi], config) + penalty(off.sector[oi], grp.sector[gi], config)
    return np.rint(total * COST_SCALE).astype(np.int64)


def sector_pairs(off_sector: np.ndarray, grp_sector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (officer, group) pair sharing a sector, vectorised."""
    order = np.argsort(grp_sector, kind="stable")
    sorted_sec = grp_sector[order]
    lo = np.searchsorted(sorted_sec, off_sector, side="left")
    hi = np.searchsorted(sorted_sec, off_sector, side="right")
    counts = np.where(off_sector == NO_SECTOR, 0, hi - lo)
    oi = np.repeat(np.arange(len(off_sector)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return oi, order[np.repeat(lo, counts) + offsets]


def unique_pairs(pairs: list[tuple[np.ndarray, np.ndarray]], n_grp: int) -> tuple[np.ndarray, np.ndarray]:
    keys = np.sort(np.concatenate([o.astype(np.int64) * n_grp + g for o, g in pairs]))
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    return keys // n_grp, keys % n_grp


def run_flow(tails: np.ndarray, heads: np.ndarray, caps: np.ndarray, costs: np.ndarray, supplies: np.ndarray):
    """Max-flow min-cost over the given arcs (OR-tools); returns the flow per arc."""
    flow = min_cost_flow.SimpleMinCostFlow()
    idx = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), costs)
    flow.set_nodes_supplies(np.arange(len(supplies)), supplies.astype(np.int64))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(idx)


def assign_direct(off: Side, grp: Side, demand: np.ndarray, oi: np.ndarray, gi: np.ndarray, config: PlanConfig):
    """Officer -> group arcs only; returns the group per officer (-1 = none)."""
    n_off = len(off.pts)
    supplies = np.concatenate([np.ones(n_off, dtype=np.int64), -demand])
    flows = run_flow(oi, n_off + gi, np.ones(len(oi)), arc_costs(off, grp, oi, gi, config), supplies)
    used = flows > 0
    out = np.full(n_off, -1, dtype=np.int64)
    out[oi[used]] = gi[used]
    return out


def assign(off: Side, grp: Side, demand: np.ndarray, config: PlanConfig) -> np.ndarray:
    """Group index per officer (-1 = not needed): exact on all pairs when small, else the sparse hub graph."""
    n_off, n_grp = len(off.pts), len(grp.pts)
    if not n_off or not n_grp or demand.sum() == 0:
        return np.full(n_off, -1, dtype=np.int64)
    if n_off * n_grp <= config.dense_arc_limit:
        return assign_direct(
            off, grp, demand, np.repeat(np.arange(n_off), n_grp), np.tile(np.arange(n_grp), n_off), config
        )
    from .sparse import assign_sparse

    result = assign_sparse(off, grp, demand, config)
    filled = np.bincount(result[result >= 0], minlength=n_grp)
    free, open_groups = np.flatnonzero(result < 0), np.flatnonzero(filled < demand)
    if len(free) and len(open_groups):  # rare: slots the sparse graph could not reach
        sub = Side(off.pts[free], off.sector[free])
        oi, gi = np.repeat(np.arange(len(free)), len(open_groups)), np.tile(open_groups, len(free))
        result[free] = assign_direct(sub, grp, demand - filled, oi, gi, config)
    return result
