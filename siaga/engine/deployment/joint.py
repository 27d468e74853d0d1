"""Exact joint model of the whole deployment problem, for benchmarks and tests on small instances.

The planner decides in stages (group TPS into posts, allocate strength, place the reserve, staff by min-cost
flow). This module states the same problem as ONE mixed-integer program and solves it exactly with
scipy.optimize.milp (HiGHS), so that the planner can be measured against the true optimum. It deliberately
shares no code with the planner: its own distances, penalties, coverage test and formulation; only the input
dataclasses are common.

The joint problem (every TPS and officer located, strength enough to staff every post fully)
--------------------------------------------------------------------------------------------
Decisions: a partition of the TPS into posts, each post anchored at one of its own TPS (its place); which
officers staff each post; the number of reserve teams, their sites and their officers.

Hard rules (the planner's rules, so that its plan is a feasible point of the model):
  * a post holds TPS of one sector and one category, at most ``pattern.tps`` of them;
  * every post gets exactly ``pattern.polri`` officers; every available officer is on a post or in the reserve;
  * the reserve R holds at least ceil(reserve_fraction x S) officers; it forms p = round(R / team size) teams
    (p >= 1, half up) on p distinct sites whose team sizes differ by at most one. (The model assumes at
    least as many sites as teams, where the planner would stack teams; it has no solution otherwise.)
Objective, in minutes:
  * staffing: travel minutes officer -> post anchor or reserve site, plus the sector penalty (0 in the own
    sector and at sector-free sites, ``pool_penalty_minutes`` for a Polres-pool officer,
    ``out_of_sector_penalty_minutes`` for a Polsek officer elsewhere);
  * grouping: for every TPS, the travel minutes from its post's anchor (how far the post's officers must go);
  * reserve coverage: ``uncovered_minutes`` (default 1000, more than any travel saving on these instances, so
    coverage comes first as in the planner) for every must-cover TPS no reserve site reaches in the response time.
Travel minutes = great-circle km x circuity / speed x 60.

``joint_cost(plan, ...)`` evaluates a planner result under this objective: each post is anchored at the member
TPS that is cheapest for its TPS and its officers (the planner's centroid is not a TPS), and the result says
whether the plan satisfies the hard rules. ``solve_joint(...)`` returns the exact optimum.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .model import Officer, Pattern, Plan, PlanConfig, ReserveSite, Station

EARTH_KM = 6371.0088
UNCOVERED_MINUTES = 1000.0


@dataclass(slots=True)
class JointCost:
    """Objective (minutes) and its parts; ``feasible`` False lists the broken hard rules in ``violations``."""

    total: float
    staffing: float
    grouping: float
    uncovered: float
    posts: int
    reserve: int
    teams: int
    feasible: bool = True
    violations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class JointOptimum:
    cost: JointCost
    optimal: bool  # proven optimal (False: time limit hit; ``bound`` is then the best lower bound)
    bound: float
    runtime_s: float
    variables: int


@dataclass(slots=True)
class _Data:
    tps: np.ndarray  # (n, 2)
    cat: list[str]
    sector: list[int]
    off: np.ndarray  # (S, 2)
    off_sector: list[int | None]
    site: np.ndarray  # (J, 2)
    site_sector: list[int | None]
    must: np.ndarray  # TPS indices that must be covered
    cover: np.ndarray  # (J, len(must)) bool


def _minutes(a: np.ndarray, b: np.ndarray, config: PlanConfig) -> np.ndarray:
    """Travel minutes between every row of a and every row of b ([lat, lon] degrees)."""
    la1, lo1 = np.radians(a[:, 0])[:, None], np.radians(a[:, 1])[:, None]
    la2, lo2 = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return km * config.circuity / config.speed_kmh * 60.0


def _penalties(officer_sectors: Sequence[int | None], targets: Sequence[int | None], config: PlanConfig) -> np.ndarray:
    out = np.zeros((len(officer_sectors), len(targets)))
    for i, own in enumerate(officer_sectors):
        for j, there in enumerate(targets):
            if there is None or own == there:
                continue
            out[i, j] = config.pool_penalty_minutes if own is None else config.out_of_sector_penalty_minutes
    return out


def _data(stations, officers, sites, config: PlanConfig) -> _Data:
    avail = [o for o in officers if o.available]
    if any(s.lat is None or s.lon is None for s in stations) or any(o.lat is None or o.lon is None for o in avail):
        raise ValueError("the joint model needs coordinates for every TPS and every available officer")
    tps = np.array([(s.lat, s.lon) for s in stations], dtype=float).reshape(-1, 2)
    site = np.array([(s.lat, s.lon) for s in sites], dtype=float).reshape(-1, 2)
    must = np.array([i for i, s in enumerate(stations) if s.category in config.must_cover_categories], dtype=int)
    cover = _minutes(site, tps[must], config) <= config.response_minutes if len(must) and len(site) else None
    return _Data(
        tps,
        [s.category for s in stations],
        [s.sector_id for s in stations],
        np.array([(o.lat, o.lon) for o in avail], dtype=float).reshape(-1, 2),
        [o.sector_id for o in avail],
        site,
        [s.sector_id for s in sites],
        must,
        np.zeros((len(site), len(must)), dtype=bool) if cover is None else cover,
    )


def _reserve_target(strength: int, fraction: float) -> int:
    return math.ceil(round(fraction * strength, 9))


def _teams(reserve: int, size: int) -> int:
    return max(1, math.floor(reserve / size + 0.5)) if reserve > 0 else 0


def solve_joint(
    stations: Sequence[Station],
    officers: Sequence[Officer],
    patterns: Mapping[str, Pattern],
    sites: Sequence[ReserveSite],
    config: PlanConfig | None = None,
    *,
    uncovered_minutes: float | None = None,
    time_limit: float = 120.0,
) -> JointOptimum:
    """Exact optimum of the joint model (module docstring). Raises ValueError when the instance is infeasible."""
    config = config or PlanConfig()
    u_min = UNCOVERED_MINUTES if uncovered_minutes is None else uncovered_minutes
    d = _data(stations, officers, sites, config)
    n, n_off, n_site, n_must = len(d.tps), len(d.off), len(d.site), len(d.must)
    size = config.reserve_team_size
    tt = _minutes(d.tps, d.tps, config)
    to_post = _minutes(d.off, d.tps, config) + _penalties(d.off_sector, d.sector, config)
    to_site = _minutes(d.off, d.site, config) + _penalties(d.off_sector, d.site_sector, config)

    # variable layout: y (TPS s in the post anchored at a), x (officer, anchor), w (officer, site), u (site), p,
    # b (p >= 2), v (must-cover TPS covered)
    pairs = [(s, a) for a in range(n) for s in range(n) if d.cat[s] == d.cat[a] and d.sector[s] == d.sector[a]]
    y_of = {pair: k for k, pair in enumerate(pairs)}
    x0 = len(pairs)
    w0 = x0 + n_off * n
    u0 = w0 + n_off * n_site
    p_col = u0 + n_site
    b_col = p_col + 1
    v0 = b_col + 1
    n_var = v0 + n_must
    cost = np.zeros(n_var)
    cost[:x0] = [tt[a, s] for s, a in pairs]
    cost[x0:w0] = to_post.ravel()
    cost[w0:u0] = to_site.ravel()
    cost[v0:] = -u_min  # objective constant u_min x n_must added back below

    rows: list[tuple[dict[int, float], float, float]] = []

    def row(coefs: dict[int, float], lo: float, hi: float) -> None:
        rows.append((coefs, lo, hi))

    def x(o: int, a: int) -> int:
        return x0 + o * n + a

    def w(o: int, j: int) -> int:
        return w0 + o * n_site + j

    for s in range(n):  # every TPS in exactly one post
        row({y_of[(s, a)]: 1.0 for a in range(n) if (s, a) in y_of}, 1, 1)
    for s, a in pairs:  # a member only where the anchor is open
        if s != a:
            row({y_of[(s, a)]: 1.0, y_of[(a, a)]: -1.0}, -np.inf, 0)
    for a in range(n):
        open_a = y_of[(a, a)]
        pat = patterns[d.cat[a]]
        members = {y_of[(s, a)]: 1.0 for s in range(n) if (s, a) in y_of}
        members[open_a] = members[open_a] - pat.tps
        row(members, -np.inf, 0)  # at most pattern.tps TPS
        row({**{x(o, a): 1.0 for o in range(n_off)}, open_a: -float(pat.polri)}, 0, 0)  # exactly polri officers
    for o in range(n_off):  # every officer on a post or in the reserve
        row({**{x(o, a): 1.0 for a in range(n)}, **{w(o, j): 1.0 for j in range(n_site)}}, 1, 1)
    all_w = {w(o, j): 1.0 for o in range(n_off) for j in range(n_site)}
    row(all_w, _reserve_target(n_off, config.reserve_fraction), np.inf)
    # p = max(1, round(R / size)), half up:  size*p - size/2 <= R (only when p >= 2) and R < size*p + size/2,
    # both times 2 to stay in integers; b = 1 exactly when p >= 2
    row({**{k: 2.0 for k in all_w}, p_col: -2.0 * size, b_col: -float(size)}, -2.0 * size, np.inf)
    row({**{k: 2.0 for k in all_w}, p_col: -2.0 * size}, -np.inf, size - 1)
    row({p_col: 1.0, b_col: -1.0}, 1, np.inf)
    row({p_col: 1.0, b_col: -float(max(1, n_site - 1))}, -np.inf, 1)
    row({**{u0 + j: 1.0 for j in range(n_site)}, p_col: -1.0}, 0, 0)  # p distinct sites
    for j in range(n_site):
        at_j = {w(o, j): 1.0 for o in range(n_off)}
        row({**at_j, u0 + j: -float(n_off)}, -np.inf, 0)  # officers only at open sites
        row({**at_j, u0 + j: -1.0}, 0, np.inf)  # an open site holds a team
    big = float(n_off)
    for j in range(n_site):  # team sizes of open sites differ by at most one
        for k in range(j + 1, n_site):
            for first, second in ((j, k), (k, j)):
                coefs = {w(o, first): 1.0 for o in range(n_off)}
                coefs.update({w(o, second): -1.0 for o in range(n_off)})
                coefs[u0 + first], coefs[u0 + second] = big, big
                row(coefs, -np.inf, 1 + 2 * big)
    for m_idx in range(n_must):  # covered only by an open site within the response time
        coefs = {u0 + j: -1.0 for j in np.flatnonzero(d.cover[:, m_idx])}
        coefs[v0 + m_idx] = 1.0
        row(coefs, -np.inf, 0)

    r_idx, c_idx, vals = [], [], []
    for i, (coefs, _, _) in enumerate(rows):
        r_idx += [i] * len(coefs)
        c_idx += list(coefs)
        vals += list(coefs.values())
    matrix = sparse.csr_matrix((vals, (r_idx, c_idx)), shape=(len(rows), n_var))
    lower = np.array([r[1] for r in rows], dtype=float)
    upper = np.array([r[2] for r in rows], dtype=float)
    integrality = np.ones(n_var)
    integrality[v0:] = 0
    lb, ub = np.zeros(n_var), np.ones(n_var)
    lb[p_col], ub[p_col] = 1, max(1, n_site)
    started = time.perf_counter()
    res = milp(
        cost,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-7},
    )
    if res.x is None:
        raise ValueError(f"joint model has no solution: {res.message}")
    sol = np.rint(res.x[:v0])
    grouping = float(cost[:x0] @ sol[:x0])
    staffing = float(cost[x0:u0] @ sol[x0:u0])
    covered = int(d.cover[np.flatnonzero(sol[u0:p_col] > 0.5)].any(axis=0).sum()) if n_must else 0
    uncovered = u_min * (n_must - covered)
    reserve = int(sol[w0:u0].sum())
    cost_out = JointCost(
        total=grouping + staffing + uncovered,
        staffing=staffing,
        grouping=grouping,
        uncovered=uncovered,
        posts=int(sum(sol[y_of[(a, a)]] for a in range(n))),
        reserve=reserve,
        teams=int(sol[p_col]),
    )
    bound = float(getattr(res, "mip_dual_bound", res.fun) or res.fun) + u_min * n_must
    return JointOptimum(cost_out, res.status == 0, bound, time.perf_counter() - started, n_var)


def joint_cost(
    result: Plan,
    stations: Sequence[Station],
    officers: Sequence[Officer],
    patterns: Mapping[str, Pattern],
    sites: Sequence[ReserveSite],
    config: PlanConfig | None = None,
    *,
    uncovered_minutes: float | None = None,
) -> JointCost:
    """The joint objective of a planner result, and whether it keeps the model's hard rules."""
    config = config or PlanConfig()
    u_min = UNCOVERED_MINUTES if uncovered_minutes is None else uncovered_minutes
    d = _data(stations, officers, sites, config)
    avail = [o for o in officers if o.available]
    off_index = {o.id: i for i, o in enumerate(avail)}
    tps_index = {s.id: i for i, s in enumerate(stations)}
    site_index = {s.id: j for j, s in enumerate(sites)}
    violations: list[str] = []
    grouping = staffing = 0.0
    seen_tps: list[int] = []
    staffed: list[int] = []
    for post in result.posts:
        members = [tps_index[sid] for sid in post.station_ids]
        seen_tps += members
        crew = [off_index[oid] for oid in post.officer_ids]
        staffed += crew
        pat = patterns[post.category]
        if len({(d.cat[s], d.sector[s]) for s in members}) != 1 or len(members) > pat.tps:
            violations.append(f"post {post.id}: mixed or oversized")
        if len(crew) != pat.polri:
            violations.append(f"post {post.id}: {len(crew)} officers instead of {pat.polri}")
        pts = d.tps[members]
        tps_part = _minutes(pts, pts, config).sum(axis=1)  # anchor candidate -> every member
        crew_part = (
            _minutes(pts, d.off[crew], config).sum(axis=1)
            + _penalties([d.off_sector[o] for o in crew], [d.sector[members[0]]], config).sum()
            if crew
            else np.zeros(len(members))
        )
        best = int(np.argmin(tps_part + crew_part))
        grouping += float(tps_part[best])
        staffing += float(crew_part[best])
    if sorted(seen_tps) != list(range(len(stations))):
        violations.append("not every TPS is in exactly one post")
    team_sites, team_sizes, reserve_off = [], [], []
    for team in result.reserves:
        if team.site_id is None:
            violations.append("reserve team without a site")
            continue
        j = site_index[team.site_id]
        crew = [off_index[oid] for oid in team.officer_ids]
        reserve_off += crew
        team_sites.append(j)
        team_sizes.append(len(crew))
        if crew:
            staffing += float(_minutes(d.off[crew], d.site[[j]], config).sum())
            staffing += float(_penalties([d.off_sector[o] for o in crew], [d.site_sector[j]], config).sum())
    if sorted(staffed + reserve_off) != list(range(len(avail))):
        violations.append("not every available officer is assigned exactly once")
    reserve = len(reserve_off)
    if reserve < _reserve_target(len(avail), config.reserve_fraction):
        violations.append("reserve below target")
    if len(team_sites) != _teams(reserve, config.reserve_team_size) or len(set(team_sites)) != len(team_sites):
        violations.append("team count or distinct sites")
    if team_sizes and max(team_sizes) - min(team_sizes) > 1:
        violations.append("unbalanced teams")
    covered = int(d.cover[sorted(set(team_sites))].any(axis=0).sum()) if team_sites and len(d.must) else 0
    uncovered = u_min * (len(d.must) - covered)
    return JointCost(
        total=grouping + staffing + uncovered,
        staffing=staffing,
        grouping=grouping,
        uncovered=uncovered,
        posts=len(result.posts),
        reserve=reserve,
        teams=len(team_sites),
        feasible=not violations,
        violations=violations,
    )
