"""Data for the persona sweep: one record of every scoped kind in Polsek A's sector (and a few in B's), each
carrying a greppable marker, built through the apps' own services and factories.

Every text a Polsek A record carries starts with ``PENANDA-A-`` (B: ``PENANDA-B-``); the Polres-owned election
itself is public knowledge for everyone below the Polres and so carries no marker."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.test import TestCase
from django.utils import timezone

from siaga.core.models import Job
from siaga.deployment import services as deployment
from siaga.elections.models import CalendarEvent, Operation
from siaga.patrols.models import PatrolCheckin, PatrolStop, PlanPeriod
from siaga.patrols.services import patrol_plan_create
from siaga.patrols.services.checkins import patrol_checkin_record
from siaga.patrols.services.objects import critical_period_create
from siaga.personnel import services as personnel
from siaga.reports import locate, taxonomy, triage
from siaga.reports.services import alert_level_set
from siaga.risk.services.compute import station_override_set
from siaga.risk.services.notes import intel_note_create
from siaga.risk.services.profile import profile_get_or_create
from tests.deployment.factories import election_for, operation_for
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory
from tests.personnel.factories import PersonnelFactory
from tests.reports.factories import desa_point, submit

MARK_A = "PENANDA-A-"
MARK_B = "PENANDA-B-"


@dataclass
class World:
    """The records of the sweep. `a` maps a model label to the primary keys of its Polsek A records."""

    election: object
    operation: object
    a: dict[str, list[int]] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def add(self, key: str, obj, *, sector_a: bool = True) -> None:
        self.objects[key] = obj
        if sector_a:
            self.a.setdefault(obj._meta.label, []).append(obj.pk)

    def pks(self, label: str) -> list[int]:
        return self.a.get(label, [])

    def all_a_pks(self) -> list[int]:
        return sorted({pk for pks in self.a.values() for pk in pks})


def build(district, *, kapolres, ops_user, intel_user, field_a_user) -> World:
    for cache in (locate, taxonomy, triage):
        cache.clear_cache()
    election = election_for(district)
    operation = operation_for(district, election)
    world = World(election=election, operation=operation)
    # the Polres election and operation carry no marker but cover A's TPS: their pages are swept with A's data
    world.a = {election._meta.label: [election.pk], operation._meta.label: [operation.pk]}
    _elections(world, district)
    _stations(world, district)
    _risk(world, intel_user)
    _personnel(world, district, ops_user)
    _deployment(world, district, ops_user)
    _patrols(world, district, ops_user, field_a_user)
    _reports(world, district, kapolres)
    _community(world, district, field_a_user)
    return world


def _elections(world: World, d) -> None:
    day = world.election.voting_day
    event = CalendarEvent.objects.create(unit=d.polsek_a, title=f"{MARK_A}AGENDA", start=day, end=day)
    world.add("event", event)
    op = Operation.objects.create(name=f"{MARK_A}OPERASI", unit=d.polsek_a, start=day, end=day)
    op.elections.set([world.election])
    world.add("operation_a", op)


def _stations(world: World, d) -> None:
    from siaga.stations.models import Station

    for mark, desas, polsek in ((MARK_A, d.desa_a, d.polsek_a), (MARK_B, d.desa_b, d.polsek_b)):
        for i, desa in enumerate(desas):
            station = Station.objects.create(
                election=world.election, desa=desa, number=1, unit=polsek, address=f"{mark}TPS {i}",
                lat=desa.lat + 0.001, lon=desa.lon, voters_male=200, voters_female=210, category="kurang_rawan",
            )  # fmt: skip
            world.add(f"station_{mark[-2].lower()}{i}", station, sector_a=mark == MARK_A)


def _risk(world: World, intel_user) -> None:
    station = world.objects["station_a0"]
    profile_get_or_create(election=world.election, operation=world.operation)
    note = intel_note_create(election=world.election, station=station, text=f"{MARK_A}INTEL", severity=2,
                             actor=intel_user)  # fmt: skip
    world.add("intel_note", note)
    risk = station_override_set(station=station, category="rawan", reason=f"{MARK_A}OVERRIDE", actor=intel_user)
    world.add("station_risk", risk)


def _personnel(world: World, d, ops_user) -> None:
    for mark, polsek in ((MARK_A, d.polsek_a), (MARK_B, d.polsek_b)):
        for i in range(4):
            officer = PersonnelFactory(unit=polsek, name=f"{mark}PERSONEL {i}", home_lat=polsek.lat + i / 2000,
                                       home_lon=polsek.lon)  # fmt: skip
            world.add(f"personnel_{mark[-2].lower()}{i}", officer, sector_a=mark == MARK_A)
    start = world.election.voting_day + datetime.timedelta(days=30)
    away = personnel.unavailability_add(user=ops_user, personnel=world.objects["personnel_a0"], start=start, end=start,
                                        reason="cuti", note=f"{MARK_A}CUTI")  # fmt: skip
    world.add("unavailability", away)
    support = personnel.support_strength_set(user=ops_user, agency="tni", unit=d.polsek_a, count=7,
                                             note=f"{MARK_A}KEKUATAN")  # fmt: skip
    world.add("support", support)


def _deployment(world: World, d, ops_user) -> None:
    site = deployment.reserve_site_create(user=ops_user, unit=d.polsek_a, name=f"{MARK_A}POSAJU",
                                          lat=d.desa_a[0].lat, lon=d.desa_a[0].lon + 0.01)  # fmt: skip
    world.add("reserve_site", site)
    plan = deployment.deployment_plan_create(user=ops_user, operation=world.operation, election=world.election)
    plan = deployment.deployment_plan_compute(plan=plan)
    world.add("plan", plan, sector_a=False)
    world.a.setdefault(plan._meta.label, []).append(plan.pk)  # its A posts and officers are A records


def _patrols(world: World, d, ops_user, field_a_user) -> None:
    desa = d.desa_a[0]
    obj = VulnerableObjectFactory(unit=d.polsek_a, name=f"{MARK_A}OBJEK", lat=desa.lat, lon=desa.lon, desa=desa)
    world.add("object", obj)
    now = timezone.now()
    period = critical_period_create(actor=ops_user, obj=obj, label=f"{MARK_A}PERIODE", starts_at=now,
                                    ends_at=now + datetime.timedelta(days=2), multiplier=2.0)  # fmt: skip
    world.add("critical_period", period)
    b = d.desa_b[0]
    world.add("object_b", VulnerableObjectFactory(unit=d.polsek_b, name=f"{MARK_B}OBJEK", lat=b.lat, lon=b.lon),
              sector_a=False)  # fmt: skip
    team = PatrolTeamFactory(unit=d.polsek_a, name=f"{MARK_A}TIM", base_lat=desa.lat, base_lon=desa.lon)
    team.members.set([field_a_user])
    world.add("team", team)
    world.add("shift", ShiftFactory(team=team, start=datetime.time(0, 1), end=datetime.time(23, 59)))
    today = timezone.localdate()
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan = patrol_plan_create(unit=d.polsek_a, date_from=today, date_to=today, actor=ops_user,
                                  title=f"{MARK_A}PATROLI")  # fmt: skip
    world.add("patrol_plan", plan)
    for model in (PlanPeriod, PatrolStop):
        for row in model.objects.filter(plan=plan):
            world.a.setdefault(model._meta.label, []).append(row.pk)
    world.a.setdefault(Job._meta.label, []).extend(Job.objects.filter(unit=d.polsek_a).values_list("pk", flat=True))
    checkin, _ = patrol_checkin_record(user=field_a_user, client_id=uuid.uuid4(), team=team, obj=obj,
                                       note=f"{MARK_A}CHECKIN", lat=desa.lat, lon=desa.lon)  # fmt: skip
    world.add("checkin", checkin)
    assert PatrolCheckin.objects.filter(pk=checkin.pk).exists()


def _reports(world: World, d, kapolres) -> None:
    report_a = submit(
        kapolres, text=f"{MARK_A}LAPORAN pembagian amplop uang oleh tim sukses", **desa_point(d.desa_a[0])
    )
    report_b = submit(
        kapolres, text=f"{MARK_B}LAPORAN pembagian amplop uang oleh tim sukses", **desa_point(d.desa_b[0])
    )
    assert report_a.unit_id == d.polsek_a.pk and report_b.unit_id == d.polsek_b.pk, "laporan tidak ditempatkan"
    world.add("report", report_a)
    world.add("report_b", report_b, sector_a=False)
    if report_a.incident_id:
        world.a.setdefault("reports.Incident", []).append(report_a.incident_id)
    alert = alert_level_set(unit=d.polsek_a, level=2, user=kapolres, note=f"{MARK_A}SIAGA")
    world.add("alert", alert)


def _community(world: World, d, field_a_user) -> None:
    from siaga.community import services as community
    from siaga.core.access import SYSTEM

    desa = d.desa_a[0]
    beat = community.beat_save(actor=SYSTEM, unit=d.polsek_a, desa=desa, officer=field_a_user,
                               babinsa_name=f"{MARK_A}BABINSA")  # fmt: skip
    world.add("beat", beat)
    tokoh = community.tokoh_save(actor=SYSTEM, unit=d.polsek_a, desa=desa, name=f"{MARK_A}TOKOH", kind="tokoh_agama")
    world.add("tokoh", tokoh)
    visit, _ = community.visit_record(actor=field_a_user, client_id=uuid.uuid4(), desa=desa, topics=f"{MARK_A}SAMBANG",
                                      tokoh_ids=[tokoh.pk])  # fmt: skip
    world.add("visit", visit)
    aspiration = community.aspiration_record(actor=SYSTEM, unit=d.polsek_a, desa=desa, topic="pemilu",
                                             text=f"{MARK_A}ASPIRASI")  # fmt: skip
    world.add("aspiration", aspiration)
