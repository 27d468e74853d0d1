"""Writes of the patrols app. Views, API, jobs and the demo all call these functions."""

from siaga.patrols.services.checkins import CheckinError, patrol_checkin_record
from siaga.patrols.services.objects import (
    critical_period_create,
    vulnerable_object_delete,
    vulnerable_object_save,
)
from siaga.patrols.services.plans import patrol_plan_compute, patrol_plan_create
from siaga.patrols.services.teams import patrol_team_delete, patrol_team_save, shift_create

__all__ = [
    "CheckinError",
    "critical_period_create",
    "patrol_checkin_record",
    "patrol_plan_compute",
    "patrol_plan_create",
    "patrol_team_delete",
    "patrol_team_save",
    "shift_create",
    "vulnerable_object_delete",
    "vulnerable_object_save",
]
