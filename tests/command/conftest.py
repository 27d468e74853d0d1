"""A small Polda world around the persona district: Polres Jember (short of personnel), Polres Lumajang (spare
strength) in Polda Jawa Timur, Polda Jawa Tengah with Polres Semarang (spare), all under a Mabes unit; users at the
Polda and Mabes levels. Plans carry their stored summary only (the engine is tested in tests/engine)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from siaga.command.services import mabes_attach
from siaga.core.access import SYSTEM
from siaga.deployment.models import DeploymentPlan
from siaga.elections.models import Election, Operation
from siaga.units.models import Unit
from tests.factories import UnitFactory, UserFactory


@dataclass
class PoldaWorld:
    mabes: Unit
    jatim: Unit
    jateng: Unit
    jember: Unit
    lumajang: Unit
    semarang: Unit
    plans: dict


def _plan(unit, *, status, bko_needed=0, reserve_held=0, reserve_target=0, unassigned=0, required=100):
    election = Election.objects.create(
        name=f"Pilkada {unit.name}", type="pilkada", unit=unit, voting_day=datetime.date(2024, 11, 27)
    )
    operation = Operation.objects.create(
        name=f"Ops {unit.name}", unit=unit, start=datetime.date(2024, 8, 19), end=datetime.date(2024, 12, 31)
    )
    operation.elections.set([election])
    summary = {
        "posts": required // 2,
        "required_at_posts": required,
        "assigned_at_posts": required - bko_needed,
        "missing_at_posts": bko_needed,
        "reserve_target": reserve_target,
        "reserve_held": reserve_held,
        "unassigned": unassigned,
        "bko_needed": bko_needed,
        "officers_available": required,
        "coverage_pct": 100.0,
    }
    return DeploymentPlan.objects.create(
        operation=operation, election=election, unit=unit, version=1, status=status, summary=summary
    )


@pytest.fixture
def polda_world(district) -> PoldaWorld:
    Unit.objects.filter(pk=district.polda.pk).update(lat=-7.29, lon=112.73)
    Unit.objects.filter(pk=district.polres.pk).update(lat=-8.17, lon=113.70)
    lumajang = UnitFactory(code="polres-lumajang", name="Polres Lumajang", kind="polres", parent=district.polda,
                           lat=-8.13, lon=113.22)  # fmt: skip
    jateng = UnitFactory(code="polda-jateng", name="Polda Jawa Tengah", kind="polda", lat=-6.99, lon=110.42)
    semarang = UnitFactory(code="polres-semarang", name="Polres Semarang", kind="polres", parent=jateng,
                           lat=-7.05, lon=110.44)  # fmt: skip
    mabes = mabes_attach(actor=SYSTEM, lat=-6.24, lon=106.80)
    for unit in (district.polda, district.polres, lumajang, jateng, semarang):
        unit.refresh_from_db()
    plans = {
        "jember": _plan(district.polres, status="computed", bko_needed=30),
        "lumajang": _plan(lumajang, status="approved", reserve_held=45, reserve_target=15),
        "semarang": _plan(semarang, status="approved", reserve_held=80, reserve_target=20),
    }
    district.polda.refresh_from_db()
    return PoldaWorld(mabes, district.polda, jateng, district.polres, lumajang, semarang, plans)


@pytest.fixture
def karoops(polda_world):
    """The Polda's Karoops: role ops at the Polda."""
    return UserFactory(username="karoops_jatim", role="ops", unit=polda_world.jatim)


@pytest.fixture
def kapolda(polda_world):
    return UserFactory(username="kapolda_jatim", role="kapolres", unit=polda_world.jatim)


@pytest.fixture
def karoops_jateng(polda_world):
    return UserFactory(username="karoops_jateng", role="ops", unit=polda_world.jateng)


@pytest.fixture
def mabes_ops(polda_world):
    return UserFactory(username="ops_mabes", role="ops", unit=polda_world.mabes)
