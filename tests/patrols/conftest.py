"""A small patrol world on the test district: objects in both Polsek sectors, joint teams, a plan for today."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.patrols.models import PatrolPlan, PatrolTeam, VulnerableObject
from siaga.patrols.services import patrol_plan_create
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory


@dataclass
class PatrolWorld:
    objects_a: list[VulnerableObject]
    objects_b: list[VulnerableObject]
    kpu_office: VulnerableObject
    no_coords: VulnerableObject
    team_a: PatrolTeam
    team_b: PatrolTeam
    team_idle: PatrolTeam


@pytest.fixture
def world(district, field_a_user) -> PatrolWorld:
    d = district
    objects_a = [
        VulnerableObjectFactory(
            unit=d.polsek_a,
            name=f"PPK Jombang {i}",
            kind="ppk_pps",
            lat=-8.23 + i / 300,
            lon=113.33 + i / 300,
            base_weight=4 + i,
            desa=d.desa_a[0],
        )
        for i in range(3)
    ]
    objects_b = [
        VulnerableObjectFactory(
            unit=d.polsek_b, name=f"Posko Kencong {i}", kind="kandidat", lat=-8.28 + i / 300, lon=113.37, base_weight=6
        )
        for i in range(2)
    ]
    kpu_office = VulnerableObjectFactory(unit=d.polres, name="Kantor KPU Jember", lat=-8.2, lon=113.36, base_weight=9)
    kpu_office.shared_with.set([d.kpu])
    no_coords = VulnerableObjectFactory(unit=d.polres, name="Rumah tanpa peta", lat=None, lon=None, base_weight=7)
    team_a = PatrolTeamFactory(unit=d.polsek_a, name="Tim Jombang", base_lat=-8.23, base_lon=113.33)
    team_a.members.set([field_a_user])
    ShiftFactory(team=team_a)
    team_b = PatrolTeamFactory(unit=d.polsek_b, name="Tim Kencong", base_lat=-8.28, base_lon=113.37)
    ShiftFactory(team=team_b)
    team_idle = PatrolTeamFactory(unit=d.polres, name="Tim Cadangan")
    return PatrolWorld(objects_a, objects_b, kpu_office, no_coords, team_a, team_b, team_idle)


@pytest.fixture
def make_plan(district, ops_user, django_capture_on_commit_callbacks):
    def _make(days: int = 1, unit=None) -> PatrolPlan:
        today = timezone.localdate()
        with django_capture_on_commit_callbacks(execute=True):
            plan = patrol_plan_create(
                unit=unit or district.polres,
                date_from=today,
                date_to=today + timedelta(days=days - 1),
                actor=ops_user,
            )
        plan.refresh_from_db()
        return plan

    return _make
