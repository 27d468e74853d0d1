"""Exact MILP counterparts (scipy.optimize.milp / HiGHS) for benchmarks on small instances."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, milp

from siaga.engine.geo import haversine_km

from .model import Officer, Plan, PlanConfig, ReserveSite
from .staffing import NO_SECTOR, pair_minutes, penalty
from .validation import validate_inputs


@dataclass(slots=True)
class ExactStaffing:
    """Optimal cost of the staffing step of `plan`: minutes incl. sector penalties, and road-km estimate."""

    objective_minutes: float
    travel_km: float


def exact_staffing(
    plan: Plan, officers: Sequence[Officer], sites: Sequence[ReserveSite], config: PlanConfig | None = None
) -> ExactStaffing:
    """Re-solve plan's staffing step exactly: same slots per post/site, same available officers, same costs.

    min sum c_og x_og  s.t.  sum_o x_og = slots_g,  sum_g x_og <= 1,  x binary. Needs coordinates everywhere.
    """
    config = config or PlanConfig()
    validate_inputs(officers=officers, sites=sites, config=config)
    avail = [o for o in officers if o.available]
    if any(o.lat is None or o.lon is None for o in avail):
        raise ValueError("exact_staffing needs a home base for every available officer")
    groups = _groups(plan, sites)
    if not groups:
        return ExactStaffing(0.0, 0.0)
    o_pts = np.array([(o.lat, o.lon) for o in avail], dtype=float)
    o_sec = np.array([NO_SECTOR if o.sector_id is None else o.sector_id for o in avail], dtype=np.int64)
    g_pts = np.array([g[0] for g in groups], dtype=float)
    g_sec = np.array([g[1] for g in groups], dtype=np.int64)
    demand = np.array([g[2] for g in groups], dtype=float)
    n, m = len(avail), len(groups)
    oi, gi = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    minutes = pair_minutes(o_pts[oi], g_pts[gi], config)
    cost = minutes + penalty(o_sec[oi], g_sec[gi], config)
    x = _solve(cost, oi, gi, n, m, demand)
    km = haversine_km(*o_pts[oi].T, *g_pts[gi].T) * config.circuity
    return ExactStaffing(float(cost @ x), float(km @ x))


def _groups(plan: Plan, sites: Sequence[ReserveSite]) -> list[tuple[tuple[float, float], int, int]]:
    out = []
    for post in plan.posts:
        if post.officer_ids:
            if post.lat is None or post.lon is None:
                raise ValueError("exact_staffing needs coordinates for every staffed post")
            out.append(((post.lat, post.lon), post.sector_id, len(post.officer_ids)))
    by_id = {s.id: s for s in sites}
    demand: dict[int, int] = {}
    for team in plan.reserves:
        if team.site_id is not None:
            demand[team.site_id] = demand.get(team.site_id, 0) + len(team.officer_ids)
    for sid, d in sorted(demand.items()):
        s = by_id[sid]
        out.append(((s.lat, s.lon), NO_SECTOR if s.sector_id is None else s.sector_id, d))
    return out


def _solve(cost: np.ndarray, oi: np.ndarray, gi: np.ndarray, n: int, m: int, demand: np.ndarray) -> np.ndarray:
    cols = np.arange(len(cost))
    per_group = sparse.csr_matrix((np.ones(len(cost)), (gi, cols)), shape=(m, len(cost)))
    per_officer = sparse.csr_matrix((np.ones(len(cost)), (oi, cols)), shape=(n, len(cost)))
    cons = [LinearConstraint(per_group, demand, demand), LinearConstraint(per_officer, 0, 1)]
    res = milp(cost, constraints=cons, integrality=np.ones(len(cost)), bounds=(0, 1))
    if res.x is None:
        raise RuntimeError(f"exact staffing MILP failed: {res.message}")
    return np.rint(res.x)
