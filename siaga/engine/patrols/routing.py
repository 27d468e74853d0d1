"""Route one team's shift through its assigned objects with OR-Tools (time dimension with windows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from . import reasons
from ._geo import distance_matrix_km, travel_minutes
from .feasibility import arrival_ranges, single_visit_fits
from .models import PatrolConfig, Target, Team
from .plan import Stop, TeamRoute, UncoveredObject

DROP_PENALTY = 1_000_000


@dataclass
class _Model:
    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    time: pywrapcp.RoutingDimension


def route_team(team: Team, targets: Sequence[Target], config: PatrolConfig) -> tuple[TeamRoute, list[UncoveredObject]]:
    """Visit as many of ``targets`` as fit (higher risk first when not all fit), from the base and back.

    The team must have a shift and a base; targets must have coordinates. Objects that cannot be fitted are
    returned as ``UncoveredObject`` with a reason.
    """
    shift = team.shift_window()
    if shift is None or not team.has_base:
        raise ValueError(f"team {team.id!r} needs a shift and a base to be routed")
    if not targets:
        return _empty_route(team, shift), []
    km, minutes = _matrices(team, targets, config)
    model = _build_model(minutes, targets, shift, config)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    params.time_limit.FromMilliseconds(int(config.route_time_limit_s * 1000))
    solution = model.routing.SolveWithParameters(params)
    order = _visit_order(model, solution)
    route = _build_route(team, targets, order, km, minutes, config.dwell_minutes)
    visited = {node for node, _ in order}
    dropped = [
        _drop_reason(team, shift, targets[i - 1], int(minutes[0, i]), config)
        for i in range(1, len(targets) + 1)
        if i not in visited
    ]
    return route, dropped


def _matrices(team: Team, targets: Sequence[Target], config: PatrolConfig) -> tuple[np.ndarray, np.ndarray]:
    lats = np.array([team.base_lat] + [t.lat for t in targets], dtype=float)
    lons = np.array([team.base_lon] + [t.lon for t in targets], dtype=float)
    km = distance_matrix_km(lats, lons, lats, lons)
    return km, travel_minutes(km, team.speed_kmh, config.road_factor)


def _build_model(
    minutes: np.ndarray, targets: Sequence[Target], shift: tuple[int, int], config: PatrolConfig
) -> _Model:
    start, end = shift
    dwell = config.dwell_minutes
    service = [0] + [dwell] * len(targets)
    transit = (minutes + np.array(service)[:, None]).tolist()
    manager = pywrapcp.RoutingIndexManager(len(service), 1, 0)
    routing = pywrapcp.RoutingModel(manager)

    def time_callback(from_index: int, to_index: int) -> int:
        return transit[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

    callback = routing.RegisterTransitCallback(time_callback)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    routing.AddDimension(callback, end - start, end, False, "Time")
    time = routing.GetDimensionOrDie("Time")
    time.CumulVar(routing.Start(0)).SetRange(start, end)
    time.CumulVar(routing.End(0)).SetRange(start, end)
    model = _Model(manager, routing, time)
    _add_visits(model, targets, shift, dwell)
    return model


def _add_visits(model: _Model, targets: Sequence[Target], shift: tuple[int, int], dwell: int) -> None:
    weights = np.array([t.risk_weight for t in targets], dtype=float)
    scale = weights.max() if weights.max() > 0 else 1.0
    for node, target in enumerate(targets, start=1):
        index = model.manager.NodeToIndex(node)
        ranges = arrival_ranges(target.windows, shift, dwell)
        penalty = DROP_PENALTY + int(DROP_PENALTY * weights[node - 1] / scale)
        model.routing.AddDisjunction([index], penalty)
        if not ranges:
            model.routing.solver().Add(model.routing.ActiveVar(index) == 0)
            continue
        cumul = model.time.CumulVar(index)
        cumul.SetRange(ranges[0][0], ranges[-1][1])
        for (_, hi), (lo, _) in zip(ranges, ranges[1:], strict=False):
            cumul.RemoveInterval(hi + 1, lo - 1)


def _visit_order(model: _Model, solution: pywrapcp.Assignment | None) -> list[tuple[int, int]]:
    """(node, earliest arrival minute) in visiting order; empty without a solution."""
    if solution is None:
        return []
    order, index = [], solution.Value(model.routing.NextVar(model.routing.Start(0)))
    while not model.routing.IsEnd(index):
        order.append((model.manager.IndexToNode(index), int(solution.Min(model.time.CumulVar(index)))))
        index = solution.Value(model.routing.NextVar(index))
    return order


def _build_route(
    team: Team, targets: Sequence[Target], order: list[tuple[int, int]], km: np.ndarray, minutes: np.ndarray, dwell: int
) -> TeamRoute:
    shift = team.shift_window()
    if not order:
        return _empty_route(team, shift)
    stops = [
        Stop(targets[node - 1].id, float(targets[node - 1].lat), float(targets[node - 1].lon), arrival, arrival + dwell)
        for node, arrival in order
    ]
    path = [0, *(node for node, _ in order), 0]
    travel_km = float(sum(km[a, b] for a, b in zip(path, path[1:], strict=False)))
    depart = max(shift[0], stops[0].arrival_min - int(minutes[0, path[1]]))
    back = stops[-1].departure_min + int(minutes[path[-2], 0])
    return TeamRoute(team.id, shift[0], shift[1], depart, back, round(travel_km, 3), stops)


def _empty_route(team: Team, shift: tuple[int, int]) -> TeamRoute:
    return TeamRoute(team.id, shift[0], shift[1], shift[0], shift[0], 0.0, [])


def _drop_reason(
    team: Team, shift: tuple[int, int], target: Target, out_min: int, config: PatrolConfig
) -> UncoveredObject:
    ranges = arrival_ranges(target.windows, shift, config.dwell_minutes)
    fits = single_visit_fits(ranges, shift, out_min, config.dwell_minutes)
    code = reasons.SHIFT_FULL if fits else reasons.OUT_OF_SHIFT
    return UncoveredObject.of(target.id, code, team_id=team.id)
