from siaga.patrols.models.checkins import PatrolCheckin
from siaga.patrols.models.objects import CriticalPeriod, VulnerableObject
from siaga.patrols.models.plans import PatrolPlan, PatrolStop, PlanPeriod
from siaga.patrols.models.teams import PatrolTeam, Shift

__all__ = [
    "CriticalPeriod",
    "PatrolCheckin",
    "PatrolPlan",
    "PatrolStop",
    "PatrolTeam",
    "PlanPeriod",
    "Shift",
    "VulnerableObject",
]
