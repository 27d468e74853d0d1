"""Reserve teams: how many, which sites (greedy + swap MCLP), and how many officers each site needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from siaga.engine.geo import unit_vectors

from .model import Plan, PlanConfig, ReserveSite
from .reserve import best_cover, cheaper_cover, coverage_matrix
from .staffing import NO_SECTOR, Side, pair_minutes, penalty


@dataclass(slots=True)
class ReserveLayout:
    """team_sites[t] = site index of team t, team_sizes[t] = officers in team t."""

    team_sites: list[int]
    team_sizes: list[int]
    cover: sparse.csr_matrix  # sites x must-cover stations
    must: np.ndarray  # station indices of the must-cover, located stations

    def site_demand(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for site, size in zip(self.team_sites, self.team_sizes, strict=True):
            out[site] = out.get(site, 0) + size
        return out


def team_count(reserve: int, config: PlanConfig, previous: Plan | None) -> int:
    """round(reserve / team size), at least 1; a replan keeps the previous count while sizes stay sensible."""
    if reserve <= 0:
        return 0
    size = max(1, config.reserve_team_size)
    if previous is not None and previous.reserves:
        n_prev = len(previous.reserves)
        if n_prev <= reserve and 0.5 * size <= reserve / n_prev <= 1.5 * size:
            return n_prev
    return max(1, int(reserve / size + 0.5))


def layout(
    reserve: int,
    sites: Sequence[ReserveSite],
    must: np.ndarray,
    must_pts: np.ndarray,
    config: PlanConfig,
    previous: Plan | None,
    officers: Side | None = None,
) -> ReserveLayout:
    """Teams and their sites: most must-cover TPS reached first; among equally covering placements (fresh
    plans only; a re-plan keeps its sites), the sites cheapest to staff from the officers' home bases."""
    site_pts = np.array([(s.lat, s.lon) for s in sites], dtype=float).reshape(-1, 2)
    cover = coverage_matrix(site_pts, must_pts, config)
    n_teams = team_count(reserve, config, previous)
    if not sites or n_teams == 0:
        return ReserveLayout([], [], cover, must)
    index = {s.id: i for i, s in enumerate(sites)}
    initial = [index[t.site_id] for t in previous.reserves if t.site_id in index] if previous else []
    chosen = best_cover(cover, min(n_teams, len(sites)), config, initial)
    if previous is None and officers is not None and len(officers.pts):
        team = max(1, round(reserve / n_teams))
        cost = site_staffing_cost(site_side(sites, range(len(sites))), officers, team, config)
        chosen = cheaper_cover(cover, chosen, cost, config.swap_rounds)
    reach = np.asarray(cover.sum(axis=1)).ravel()
    ranked = sorted(chosen, key=lambda j: (-reach[j], j))
    team_sites = list(chosen) + [ranked[t % len(ranked)] for t in range(n_teams - len(chosen))]
    sizes = [reserve // n_teams + (1 if t < reserve % n_teams else 0) for t in range(n_teams)]
    return ReserveLayout(team_sites, sizes, cover, must)


def site_side(sites: Sequence[ReserveSite], site_idx: Sequence[int]) -> Side:
    pts = np.array([(sites[j].lat, sites[j].lon) for j in site_idx], dtype=float).reshape(-1, 2)
    sectors = [NO_SECTOR if sites[j].sector_id is None else sites[j].sector_id for j in site_idx]
    return Side(pts, np.array(sectors, dtype=np.int64))


def site_staffing_cost(site: Side, officers: Side, team: int, config: PlanConfig) -> np.ndarray:
    """Per site: travel + sector penalty of the `team` cheapest officers among its nearest ones (a proxy that
    ignores competition between sites and posts, good enough to break coverage ties)."""
    k = min(len(officers.pts), 4 * team)
    tree = cKDTree(unit_vectors(officers.pts[:, 0], officers.pts[:, 1]))
    _, near = tree.query(unit_vectors(site.pts[:, 0], site.pts[:, 1]), k=k)
    near = np.asarray(near).reshape(len(site.pts), k)
    rows = np.repeat(np.arange(len(site.pts)), k)
    cols = near.ravel()
    cost = pair_minutes(officers.pts[cols], site.pts[rows], config) + penalty(
        officers.sector[cols], site.sector[rows], config
    )
    cheapest = np.sort(cost.reshape(len(site.pts), k), axis=1)[:, : min(team, k)]
    return cheapest.sum(axis=1)
