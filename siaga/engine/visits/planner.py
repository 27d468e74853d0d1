"""Prize-collecting team orienteering per officer with OR-Tools routing: one vehicle per working day, each
target optional with its prize as the drop penalty, a time dimension capped at the day's working minutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .model import Officer, VisitConfig, check_officer, minutes_matrix

PRIZE_SCALE = 1000  # prizes are floats; the solver wants integers


@dataclass(frozen=True)
class PlannedStop:
    target_id: str
    day: int  # 0 = first working day
    order: int
    arrive_min: int  # minutes after the start of the working day


@dataclass
class OfficerPlan:
    officer_id: str
    stops: list[PlannedStop] = field(default_factory=list)
    prize: float = 0.0
    day_minutes: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "officer": self.officer_id,
            "prize": round(self.prize, 3),
            "day_minutes": self.day_minutes,
            "stops": [s.__dict__ for s in self.stops],
        }


def plan_week(officers: list[Officer], config: VisitConfig | None = None) -> list[OfficerPlan]:
    config = config or VisitConfig()
    return [plan_officer(o, config) for o in officers]


def plan_officer(officer: Officer, config: VisitConfig | None = None) -> OfficerPlan:
    """The best week found for one officer (targets that do not fit in any day are left out)."""
    config = config or VisitConfig()
    check_officer(officer)
    days = config.days if officer.days is None else officer.days
    targets = officer.targets
    if not targets or days <= 0:
        return OfficerPlan(officer.id, day_minutes=[0] * max(days, 0))
    minutes = minutes_matrix(officer, config)
    service = [0] + [t.minutes for t in targets]
    n = len(targets) + 1
    manager = pywrapcp.RoutingIndexManager(n, days, 0)
    routing = pywrapcp.RoutingModel(manager)
    transit = [[int(minutes[i, j]) + service[i] for j in range(n)] for i in range(n)]

    def cost(i, j):
        return transit[manager.IndexToNode(i)][manager.IndexToNode(j)]

    callback = routing.RegisterTransitCallback(cost)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    routing.AddDimension(callback, 0, config.day_minutes, True, "time")
    time = routing.GetDimensionOrDie("time")
    for node, target in enumerate(targets, start=1):
        penalty = int(round(target.prize * PRIZE_SCALE)) * 10  # a prize outweighs any travel saved
        routing.AddDisjunction([manager.NodeToIndex(node)], max(penalty, 1))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.TABU_SEARCH
    params.time_limit.FromMilliseconds(max(config.time_limit_ms, 1))
    solution = routing.SolveWithParameters(params)
    found = _read(officer, targets, manager, routing, time, solution, days)
    greedy = plan_greedy(officer, minutes, config.day_minutes, days)
    return found if found.prize >= greedy.prize else greedy


def plan_greedy(officer: Officer, minutes, day_minutes: int, days: int) -> OfficerPlan:
    """Day by day, go next to the target with the best prize per minute (travel + visit) that still lets the
    officer get back in time: the fallback when the search finds nothing better in its time."""
    plan = OfficerPlan(officer.id, day_minutes=[0] * days)
    left = set(range(1, len(officer.targets) + 1))
    for day in range(days):
        at, here, order = 0, 0, 0
        while True:
            best, best_ratio = None, -1.0
            for node in left:
                target = officer.targets[node - 1]
                cost = int(minutes[here, node]) + target.minutes
                if at + cost + int(minutes[node, 0]) <= day_minutes and target.prize / (cost + 1) > best_ratio:
                    best, best_ratio = node, target.prize / (cost + 1)
            if best is None:
                break
            target = officer.targets[best - 1]
            plan.stops.append(PlannedStop(target.id, day, order, at + int(minutes[here, best])))
            plan.prize += target.prize
            at += int(minutes[here, best]) + target.minutes
            here, order = best, order + 1
            left.discard(best)
        plan.day_minutes[day] = at + int(minutes[here, 0])
    return plan


def _read(officer, targets, manager, routing, time, solution, days) -> OfficerPlan:
    plan = OfficerPlan(officer.id, day_minutes=[0] * days)
    if solution is None:
        return plan
    for day in range(days):
        index = routing.Start(day)
        order = 0
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node:
                target = targets[node - 1]
                arrive = solution.Value(time.CumulVar(index))
                plan.stops.append(PlannedStop(target.id, day, order, int(arrive)))
                plan.prize += target.prize
                order += 1
            index = solution.Value(routing.NextVar(index))
        plan.day_minutes[day] = int(solution.Value(time.CumulVar(index)))
    return plan
