"""Weekly visit planning for Bhabinkamtibmas and Polisi RW (no Django).

Each officer's week is a prize-collecting team-orienteering problem: the working days are the vehicles, the
targets (tokoh, RW) the nodes with a prize (their priority), each day bounded by working hours including travel
and visit time. `plan_week` solves it per officer with OR-Tools routing; `exact.solve_exact` is an independent
exact solver (subset DP) for small instances; `roundrobin.plan_rota` is the naive rota the bench compares with."""

from .model import Officer, PlanInputError, Target, VisitConfig, priority
from .planner import OfficerPlan, PlannedStop, plan_officer, plan_week

__all__ = [
    "Officer",
    "OfficerPlan",
    "PlanInputError",
    "PlannedStop",
    "Target",
    "VisitConfig",
    "plan_officer",
    "plan_week",
    "priority",
]
