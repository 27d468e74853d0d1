"""The naive rota a Polsek draws by hand: the officer goes down the list of targets (by name, whatever their
priority), day after day, taking the next one while the day's hours allow it (nearest-first order inside a day)."""

from __future__ import annotations

from .model import Officer, VisitConfig, check_officer, minutes_matrix
from .planner import OfficerPlan, PlannedStop


def plan_rota(officer: Officer, config: VisitConfig | None = None, *, offset: int = 0) -> OfficerPlan:
    """`offset` rotates the list (where last week's rota stopped)."""
    config = config or VisitConfig()
    check_officer(officer)
    days = config.days if officer.days is None else officer.days
    n = len(officer.targets)
    plan = OfficerPlan(officer.id, day_minutes=[0] * days)
    if not n:
        return plan
    minutes = minutes_matrix(officer, config)
    queue = [(offset + k) % n + 1 for k in range(n)]
    for day in range(days):
        at, here, order = 0, 0, 0
        while queue:
            node = queue[0]
            target = officer.targets[node - 1]
            finish = at + int(minutes[here, node]) + target.minutes
            if finish + int(minutes[node, 0]) > config.day_minutes:
                break
            queue.pop(0)
            plan.stops.append(PlannedStop(target.id, day, order, at + int(minutes[here, node])))
            plan.prize += target.prize
            at, here, order = finish, node, order + 1
        plan.day_minutes[day] = at + int(minutes[here, 0])
    return plan
