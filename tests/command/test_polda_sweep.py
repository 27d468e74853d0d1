"""Polda staff only read a Polres's plans and records: every deployment, personnel and patrol write service of the
foundation sweep (tests/foundation/test_service_sweep_ops.py) refuses the Polda's Karoops and its Kapolda, and
writes nothing, although the records lie in their Polda (the Polres's own staff may: the sweep's positive control)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import _user
from tests.foundation.test_service_sweep_ops import CASES, World, _prepare, _state

pytestmark = pytest.mark.django_db

POLRES_OWN = [
    name
    for name in CASES
    if name.startswith(("deployment_", "reserve_site", "pattern_", "personnel_", "unavailability_", "support_"))
    or name.startswith(("vulnerable_object", "critical_period", "patrol_team", "shift_", "patrol_plan"))
]


def test_the_sweep_covers_the_three_apps():
    assert len(POLRES_OWN) >= 20


@pytest.mark.parametrize("role", ["ops", "kapolres"])
@pytest.mark.parametrize("name", POLRES_OWN)
def test_polda_staff_cannot_write_a_polres_record(name, role, district):
    actor = _user(f"{role}_polda", role, district.polda)
    world = World(district)
    _prepare(name, world)
    before = _state()
    with pytest.raises(PermissionDenied):
        CASES[name].call(world, actor)
    assert _state() == before, f"{name} wrote something for {role} at the Polda before refusing"
