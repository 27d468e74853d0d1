"""Sparse flow graph for large instances: own-sector arcs, nearest posts, and sector hubs for everyone else.

An officer reaches a post of another sector either directly (one of its `candidate_posts` nearest groups) or
through the hub of one of its `candidate_sectors` nearest sectors (cost officer -> sector centroid -> post).
Officers routed through a hub are matched to that hub's slots by linear_sum_assignment on true costs.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

from siaga.engine.geo import unit_vectors

from .model import PlanConfig
from .staffing import (
    COST_SCALE,
    NO_SECTOR,
    Side,
    arc_costs,
    pair_minutes,
    penalty,
    run_flow,
    sector_pairs,
    unique_pairs,
)


def _knn(src: np.ndarray, dst: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(src index, dst index) pairs for the k nearest dst of every src point."""
    k = min(k, len(dst))
    if k == 0 or not len(src):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, near = cKDTree(unit_vectors(*dst.T)).query(unit_vectors(*src.T), k=k)
    near = np.asarray(near).reshape(len(src), k)
    return np.repeat(np.arange(len(src)), k), near.reshape(-1)


def _direct_pairs(off: Side, grp: Side, config: PlanConfig) -> tuple[np.ndarray, np.ndarray]:
    free_sites = np.flatnonzero(grp.sector == NO_SECTOR)
    fo, fg = _knn(off.pts, grp.pts[free_sites], 8)
    pairs = [sector_pairs(off.sector, grp.sector), _knn(off.pts, grp.pts, config.candidate_posts), (fo, free_sites[fg])]
    return unique_pairs(pairs, len(grp.pts))


def _hubs(grp: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hub per sector: (sector ids, centroid points, hub index per group or -1)."""
    has = grp.sector != NO_SECTOR
    sectors, inverse = np.unique(grp.sector[has], return_inverse=True)
    counts = np.bincount(inverse, minlength=len(sectors))
    pts = np.column_stack([np.bincount(inverse, grp.pts[has, c], len(sectors)) / counts for c in (0, 1)])
    hub_of = np.full(len(grp.pts), -1, dtype=np.int64)
    hub_of[has] = inverse
    return sectors, pts.reshape(-1, 2), hub_of


def assign_sparse(off: Side, grp: Side, demand: np.ndarray, config: PlanConfig) -> np.ndarray:
    n_off, n_grp = len(off.pts), len(grp.pts)
    oi, gi = _direct_pairs(off, grp, config)
    sectors, hub_pts, hub_of = _hubs(grp)
    hub = Side(hub_pts, sectors)
    ho, hh = _knn(off.pts, hub_pts, config.candidate_sectors)
    keep = sectors[hh] != off.sector[ho]
    ho, hh = ho[keep], hh[keep]
    hg = np.flatnonzero(hub_of >= 0)
    hub_node = n_off + n_grp + hub_of[hg]
    g_minutes = pair_minutes(hub_pts[hub_of[hg]], grp.pts[hg], config)
    tails = np.concatenate([oi, ho, hub_node])
    heads = np.concatenate([n_off + gi, n_off + n_grp + hh, n_off + hg])
    caps = np.concatenate([np.ones(len(oi) + len(ho), dtype=np.int64), demand[hg]])
    costs = np.concatenate(
        [arc_costs(off, grp, oi, gi, config), arc_costs(off, hub, ho, hh, config), np.rint(g_minutes * COST_SCALE)]
    ).astype(np.int64)
    supplies = np.concatenate([np.ones(n_off), -demand, np.zeros(len(sectors))])
    flows = run_flow(tails, heads, caps, costs, supplies)
    result = np.full(n_off, -1, dtype=np.int64)
    used = flows[: len(oi)] > 0
    result[oi[used]] = gi[used]
    via = flows[len(oi) : len(oi) + len(ho)] > 0
    out_flow = flows[len(oi) + len(ho) :]
    _route_hubs(off, grp, ho[via], hh[via], hg, hub_of, out_flow, result, config)
    return result


def _route_hubs(off, grp, ho, hh, hg, hub_of, out_flow, result, config: PlanConfig) -> None:
    """Match the officers entering each hub to the slots it feeds, on true travel + penalty."""
    slots = np.repeat(hg, out_flow)
    slot_hub = hub_of[slots]
    order_o, order_s = np.argsort(hh, kind="stable"), np.argsort(slot_hub, kind="stable")
    officers, slots = ho[order_o], slots[order_s]
    bounds_o = np.searchsorted(hh[order_o], np.arange(hub_of.max() + 2))
    bounds_s = np.searchsorted(slot_hub[order_s], np.arange(hub_of.max() + 2))
    for h in np.flatnonzero(np.diff(bounds_o) > 0):
        o = officers[bounds_o[h] : bounds_o[h + 1]]
        g = slots[bounds_s[h] : bounds_s[h + 1]]
        oo, gg = np.repeat(o, len(g)), np.tile(g, len(o))
        cost = pair_minutes(off.pts[oo], grp.pts[gg], config) + penalty(off.sector[oo], grp.sector[gg], config)
        rows, cols = linear_sum_assignment(cost.reshape(len(o), len(g)))
        result[o[rows]] = g[cols]
