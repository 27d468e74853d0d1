"""Top-level planning: coverage -> this period's draw -> team assignment -> routes, with reasons for gaps."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

import numpy as np
from scipy.optimize import linear_sum_assignment

from . import reasons
from .coverage import (
    attacker_utility,
    compute_coverage,
    defender_utility,
    deterministic_coverage,
    uniform_coverage,
)
from .feasibility import reachability, team_travel_minutes
from .models import ObjectId, PatrolConfig, Target, Team
from .plan import PatrolPlan, TeamIssue, TeamRoute, UncoveredObject
from .routing import route_team
from .sampling import draw_schedule

INFEASIBLE_COST = 1e7
REPAIR_TEAMS = 3
ZERO_COVERAGE = 1e-9


@dataclass
class _Screened:
    """Targets and teams that can take part, plus what was set aside and why."""

    teams: list[Team] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    reach: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    uncovered: list[UncoveredObject] = field(default_factory=list)
    issues: list[TeamIssue] = field(default_factory=list)


def plan_patrols(
    targets: Sequence[Target],
    teams: Sequence[Team],
    config: PatrolConfig | None = None,
    day: date | str = "",
    period: str = "",
) -> PatrolPlan:
    """Plan one day (or one ``period`` of it, e.g. "pagi"): see the package docstring."""
    config = config or PatrolConfig()
    day_key = day.isoformat() if isinstance(day, date) else str(day)
    _check_unique([t.id for t in targets], "target")
    _check_unique([t.id for t in teams], "team")
    screened = _screen(targets, teams, config)
    resources = int(min(sum(team.visits(config) for team in screened.teams), len(screened.targets)))
    started = perf_counter()
    eligible_cov = compute_coverage(screened.targets, resources)
    solve_s = perf_counter() - started
    by_id = dict(zip([t.id for t in screened.targets], eligible_cov, strict=True))
    sampled = draw_schedule(by_id, config.seed, day_key, period)
    started = perf_counter()
    routes, dropped, issues = _route_all(sampled, screened, config)
    route_s = perf_counter() - started
    coverage = {t.id: 0.0 for t in targets} | by_id
    stats = _stats(targets, screened, eligible_cov, coverage, routes, solve_s, route_s)
    stats |= {"resources": resources, "sampled": len(sampled), "dropped": len(dropped)}
    unallocated = [UncoveredObject.of(i, reasons.NOT_ALLOCATED) for i, c in by_id.items() if c <= ZERO_COVERAGE]
    return PatrolPlan(
        day=day_key,
        period=period,
        resources=resources,
        coverage=coverage,
        sampled=sampled,
        routes=routes,
        uncovered=screened.uncovered + unallocated + dropped,
        team_issues=screened.issues + issues,
        stats=stats,
    )


def _check_unique(ids: list[ObjectId], kind: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate {kind} ids")


def team_issue(team: Team, config: PatrolConfig) -> str | None:
    """Reason code why ``team`` cannot patrol, or None when it can."""
    if not team.has_shift:
        return reasons.TEAM_NO_SHIFT
    if not team.has_base:
        return reasons.TEAM_NO_BASE
    if not (math.isfinite(team.speed_kmh) and team.speed_kmh > 0):
        return reasons.TEAM_BAD_SPEED
    if team.visits(config) <= 0:
        return reasons.TEAM_NO_CAPACITY
    return None


def _screen(targets: Sequence[Target], teams: Sequence[Team], config: PatrolConfig) -> _Screened:
    screened = _Screened()
    for team in teams:
        code = team_issue(team, config)
        if code is None:
            screened.teams.append(team)
        else:
            screened.issues.append(TeamIssue.of(team.id, code))
    located = [t for t in targets if t.has_coordinates]
    screened.uncovered = [UncoveredObject.of(t.id, reasons.NO_COORDINATES) for t in targets if not t.has_coordinates]
    reach = reachability(located, screened.teams, config)
    keep = reach.any(axis=1)
    missing = reasons.UNREACHABLE if screened.teams else reasons.NO_ACTIVE_TEAM
    screened.uncovered += [UncoveredObject.of(t.id, missing) for t, ok in zip(located, keep, strict=True) if not ok]
    screened.targets = [t for t, ok in zip(located, keep, strict=True) if ok]
    screened.reach = reach[keep]
    return screened


def _route_all(
    sampled: list[ObjectId], screened: _Screened, config: PatrolConfig
) -> tuple[list[TeamRoute], list[UncoveredObject], list[TeamIssue]]:
    index = {t.id: i for i, t in enumerate(screened.targets)}
    rows = [index[object_id] for object_id in sampled]
    owners = _assign_to_teams(rows, screened, config)
    routes: dict[int, TeamRoute] = {}
    pending: list[UncoveredObject] = []
    for j, team in enumerate(screened.teams):
        mine = [screened.targets[r] for r, owner in zip(rows, owners, strict=True) if owner == j]
        routes[j], dropped = route_team(team, mine, config)
        pending += dropped
    pending += [
        UncoveredObject.of(screened.targets[r].id, reasons.NO_TEAM_SLOT)
        for r, owner in zip(rows, owners, strict=True)
        if owner < 0
    ]
    dropped = [item for item in pending if not _repair(item, index, routes, screened, config)]
    issues = [TeamIssue.of(screened.teams[j].id, reasons.TEAM_IDLE) for j, route in routes.items() if not route.stops]
    return [routes[j] for j in range(len(screened.teams))], dropped, issues


def _assign_to_teams(rows: list[int], screened: _Screened, config: PatrolConfig) -> list[int]:
    """Balanced nearest-base assignment (min total base distance, team capacities respected); -1 = no slot."""
    if not rows or not screened.teams:
        return [-1] * len(rows)
    chosen = [screened.targets[r] for r in rows]
    cost = np.column_stack([team_travel_minutes(chosen, team, config) for team in screened.teams]).astype(float)
    cost[~screened.reach[rows]] = INFEASIBLE_COST
    slots = np.repeat(np.arange(len(screened.teams)), [team.visits(config) for team in screened.teams])
    picked_rows, picked_slots = linear_sum_assignment(cost[:, slots])
    owners = [-1] * len(rows)
    for r, s in zip(picked_rows, picked_slots, strict=True):
        if cost[r, slots[s]] < INFEASIBLE_COST:
            owners[r] = int(slots[s])
    return owners


def _repair(
    item: UncoveredObject, index: dict, routes: dict[int, TeamRoute], screened: _Screened, config: PatrolConfig
) -> bool:
    """Try to give a dropped object to another team with spare capacity that can still fit it."""
    row = index[item.object_id]
    target = screened.targets[row]
    candidates = [
        j
        for j in np.flatnonzero(screened.reach[row])
        if screened.teams[j].id != item.team_id and len(routes[j].stops) < screened.teams[j].visits(config)
    ]
    by_distance = sorted(candidates, key=lambda j: int(team_travel_minutes([target], screened.teams[j], config)[0]))
    for j in by_distance[:REPAIR_TEAMS]:
        current = [screened.targets[index[stop.object_id]] for stop in routes[j].stops]
        route, dropped = route_team(screened.teams[j], [*current, target], config)
        if not dropped:
            routes[j] = route
            return True
    return False


def _stats(
    targets: Sequence[Target],
    screened: _Screened,
    eligible_cov: list[float],
    coverage: dict[ObjectId, float],
    routes: list[TeamRoute],
    solve_s: float,
    route_s: float,
) -> dict[str, float | int]:
    eligible = screened.targets
    resources = sum(eligible_cov)
    return {
        "objects": len(targets),
        "objects_eligible": len(eligible),
        "teams_active": len(screened.teams),
        "visited": sum(len(route.stops) for route in routes),
        "travel_km": round(sum(route.travel_km for route in routes), 3),
        "defender_utility": defender_utility(eligible_cov, eligible),
        "attacker_utility": attacker_utility(eligible_cov, eligible),
        "defender_utility_uniform": defender_utility(uniform_coverage(eligible, resources), eligible),
        "defender_utility_deterministic": defender_utility(deterministic_coverage(eligible, resources), eligible),
        "defender_utility_all_objects": defender_utility(coverage, targets),
        "coverage_solve_s": solve_s,
        "routing_s": route_s,
    }
