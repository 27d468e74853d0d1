"""Step d: place reserve teams to cover must-cover TPS within the response time (maximal covering location)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, milp
from scipy.spatial import cKDTree

from siaga.engine.geo import chord_for_km, haversine_km, unit_vectors

from .model import PlanConfig, ReserveSite, Station
from .validation import validate_inputs


@dataclass(slots=True)
class MclpResult:
    """Chosen site ids (in choice order) and the number of must-cover TPS they reach."""

    site_ids: list[int]
    covered: int


def coverage_matrix(site_pts: np.ndarray, station_pts: np.ndarray, config: PlanConfig) -> sparse.csr_matrix:
    """Sparse 0/1 matrix (sites x stations): 1 where the station is reachable within response_minutes."""
    n_sites, n_st = len(site_pts), len(station_pts)
    if not n_sites or not n_st:
        return sparse.csr_matrix((n_sites, n_st), dtype=np.int32)
    if config.travel_fn is not None:
        minutes = np.asarray(config.travel_fn(site_pts, station_pts), dtype=float)
        return sparse.csr_matrix((minutes <= config.response_minutes).astype(np.int32))
    radius_km = config.response_minutes / 60.0 * config.speed_kmh / config.circuity
    tree = cKDTree(unit_vectors(station_pts[:, 0], station_pts[:, 1]))
    near = tree.query_ball_point(unit_vectors(site_pts[:, 0], site_pts[:, 1]), chord_for_km(radius_km) * 1.001)
    rows = np.repeat(np.arange(n_sites), [len(x) for x in near])
    cols = np.fromiter((c for x in near for c in x), dtype=np.int64, count=len(rows))
    keep = config.minutes(haversine_km(*site_pts[rows].T, *station_pts[cols].T)) <= config.response_minutes
    data = np.ones(int(keep.sum()), dtype=np.int32)
    return sparse.csr_matrix((data, (rows[keep], cols[keep])), shape=(n_sites, n_st))


def greedy_cover(a: sparse.csr_matrix, p: int, initial: Sequence[int] = (), forbidden: Sequence[int] = ()) -> list[int]:
    """Greedy MCLP: repeatedly add the site with the largest new coverage (ties: larger total coverage)."""
    n_sites = a.shape[0]
    chosen = [i for i in dict.fromkeys(initial) if 0 <= i < n_sites][:p]
    uncovered = np.ones(a.shape[1], dtype=np.int64)
    if chosen:
        uncovered[a[chosen].sum(axis=0).A1 > 0] = 0
    total = a.sum(axis=1).A1.astype(np.int64)
    while len(chosen) < min(p, n_sites - len(forbidden)):
        score = (a @ uncovered) * (a.shape[1] + 1) + total
        score[chosen] = -1
        score[list(forbidden)] = -1
        best = int(np.argmax(score))
        chosen.append(best)
        uncovered[a[best].indices] = 0
    return chosen


def _swap_delta(a: sparse.csr_matrix, a_csc: sparse.csc_matrix, chosen: list[int]) -> np.ndarray:
    """delta[j, i] = change in covered stations when chosen[i] is replaced by site j."""
    count = a[chosen].sum(axis=0).A1
    only = np.flatnonzero(count == 1)
    owner = np.asarray(a[chosen][:, only].argmax(axis=0)).ravel()
    loss = np.bincount(owner, minlength=len(chosen))
    gain = a_csc[:, count == 0].sum(axis=1).A1
    owner_mat = sparse.csr_matrix((np.ones(len(only)), (np.arange(len(only)), owner)), (len(only), len(chosen)))
    inter = (a_csc[:, only] @ owner_mat).toarray()
    return gain[:, None] - loss[None, :] + inter


def swap_improve(a: sparse.csr_matrix, chosen: list[int], rounds: int) -> list[int]:
    """Local search: apply the best single swap (chosen site out, other site in) while coverage strictly rises."""
    chosen = list(chosen)
    a_csc = a.tocsc()
    for _ in range(rounds):
        if not chosen or len(chosen) >= a.shape[0]:
            break
        delta = _swap_delta(a, a_csc, chosen)
        delta[chosen, :] = -1
        j, i = np.unravel_index(int(np.argmax(delta)), delta.shape)
        if delta[j, i] <= 0:
            break
        chosen[i] = int(j)
    return chosen


def cheaper_cover(a: sparse.csr_matrix, chosen: list[int], site_cost: np.ndarray, rounds: int) -> list[int]:
    """Among placements that cover as much, move teams to sites cheaper to staff (best swap, while it saves).

    Coverage ties are common (a few must-cover TPS, many sites reaching them all); without this the team would
    stand wherever the greedy happened to stop, e.g. at the Mako of a Polsek too small to man it.
    """
    chosen = list(chosen)
    a_csc = a.tocsc()
    for _ in range(rounds):
        if not chosen or len(chosen) >= a.shape[0]:
            break
        saving = site_cost[chosen][None, :] - site_cost[:, None]
        allowed = (_swap_delta(a, a_csc, chosen) >= 0) & (saving > 1e-9)
        allowed[chosen, :] = False
        if not allowed.any():
            break
        j, i = np.unravel_index(int(np.argmax(np.where(allowed, saving, -np.inf))), saving.shape)
        chosen[i] = int(j)
    return chosen


def best_cover(a: sparse.csr_matrix, p: int, config: PlanConfig, initial: Sequence[int] = ()) -> list[int]:
    """Greedy + swap, then iterated local search: drop 1..p/2 random sites, refill greedily without them, swap.

    Seeded and deterministic; a perturbed solution replaces the incumbent only if it covers strictly more.
    The number of perturbations shrinks with sites x p so that large instances stay fast.
    """
    best = swap_improve(a, greedy_cover(a, p, initial), config.swap_rounds)
    score = covered_count(a, best)
    p = len(best)
    iterations = min(config.mclp_iterations, int(4e6 // max(1, a.shape[0] * p))) if p >= 2 else 0
    rng = np.random.default_rng(0)
    for _ in range(max(iterations, 2 if p >= 2 else 0)):
        drop = set(rng.choice(p, int(rng.integers(1, max(1, p // 2) + 1)), replace=False).tolist())
        keep = [site for i, site in enumerate(best) if i not in drop]
        refill = greedy_cover(a, p, keep, [best[i] for i in drop])
        candidate = swap_improve(a, refill, config.swap_rounds)
        if (cand_score := covered_count(a, candidate)) > score:
            best, score = candidate, cand_score
    return best


def covered_count(a: sparse.csr_matrix, chosen: Sequence[int]) -> int:
    """Number of stations reached by at least one chosen site."""
    return int((a[list(chosen)].sum(axis=0).A1 > 0).sum()) if len(chosen) else 0


def exact_cover(a: sparse.csr_matrix, p: int, time_limit: float = 60.0) -> list[int]:
    """Exact MCLP by MILP (HiGHS): max sum y_k  s.t.  y_k <= sum_j a_jk x_j,  sum x_j <= p,  x binary."""
    n_sites, n_st = a.shape
    if n_sites == 0 or p <= 0:
        return []
    c = np.concatenate([np.zeros(n_sites), -np.ones(n_st)])
    cover = sparse.hstack([-a.T.tocsr(), sparse.identity(n_st, format="csr")]).tocsr()
    budget = sparse.csr_matrix(np.concatenate([np.ones(n_sites), np.zeros(n_st)])[None, :])
    cons = [LinearConstraint(cover, -np.inf, 0), LinearConstraint(budget, 0, min(p, n_sites))]
    integrality = np.concatenate([np.ones(n_sites), np.zeros(n_st)])
    res = milp(c, constraints=cons, integrality=integrality, bounds=(0, 1), options={"time_limit": time_limit})
    if res.x is None:
        return []
    return [int(j) for j in np.flatnonzero(res.x[:n_sites] > 0.5)]


def _inputs(stations: Sequence[Station], sites: Sequence[ReserveSite], config: PlanConfig):
    validate_inputs(stations, sites=sites, config=config)
    must = set(config.must_cover_categories)
    pts = [(s.lat, s.lon) for s in stations if s.category in must and s.lat is not None and s.lon is not None]
    station_pts = np.array(pts, dtype=float).reshape(-1, 2)
    site_pts = np.array([(s.lat, s.lon) for s in sites], dtype=float).reshape(-1, 2)
    return coverage_matrix(site_pts, station_pts, config)


def greedy_mclp(
    stations: Sequence[Station], sites: Sequence[ReserveSite], p: int, config: PlanConfig | None = None
) -> MclpResult:
    """MCLP as plan() solves it (greedy, swap, iterated local search): up to p sites covering most must-cover TPS."""
    config = config or PlanConfig()
    a = _inputs(stations, sites, config)
    chosen = best_cover(a, p, config)
    return MclpResult([sites[i].id for i in chosen], covered_count(a, chosen))


def exact_mclp(
    stations: Sequence[Station], sites: Sequence[ReserveSite], p: int, config: PlanConfig | None = None
) -> MclpResult:
    """Optimal MCLP by scipy.optimize.milp (HiGHS), for benchmarks and tests on small instances."""
    config = config or PlanConfig()
    a = _inputs(stations, sites, config)
    chosen = exact_cover(a, p)
    return MclpResult([sites[i].id for i in chosen], covered_count(a, chosen))
