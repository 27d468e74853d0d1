"""Service sweep (risk, patrols, personnel, deployment): every write service refuses an unauthorised actor itself.

Each service is called directly, not through a page, with
  (a) actors lacking the role: the viewer and the KPU partner;
  (b) for Polres-wide objects (deployment plans, patterns, Pos AJU, the kerawanan catalog and rule, a full
      recomputation): an ops or intel user whose unit is a Polsek;
  (c) for Polsek A's records: a user of Polsek B with the role that would otherwise allow it.
Each call must raise PermissionDenied and leave every row of the four apps (plus TPS, jobs and the audit trail)
exactly as it was. A positive control calls every service once as the actor who may, and sees a write, so the
table cannot pass because a call is broken."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siaga.core.access import SYSTEM
from siaga.deployment import patterns as deployment_patterns
from siaga.deployment import services as deployment
from siaga.patrols import services as patrols
from siaga.personnel import services as personnel
from siaga.risk import services as risk
from tests.conftest import _user
from tests.deployment.factories import election_for, operation_for, strength, tps
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory
from tests.personnel.factories import PersonnelFactory

pytestmark = pytest.mark.django_db

WATCHED_APPS = ("risk", "patrols", "personnel", "deployment", "stations")
WATCHED_MODELS = ("core.Job", "core.ObjectChange")


def _state() -> dict[str, list[tuple]]:
    """Every row of the watched models, as sorted tuples of their column values."""
    models = [m for label in WATCHED_APPS for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(label) for label in WATCHED_MODELS]
    out = {}
    for model in models:
        rows = model._base_manager.order_by("pk").values_list()
        out[model._meta.label] = [tuple(repr(v) for v in row) for row in rows]
    return out


class World:
    """Polsek A's records and the Polres-wide ones, built on first use as SYSTEM (only what a case needs)."""

    def __init__(self, district):
        self.d = district

    @cached_property
    def election(self):
        return election_for(self.d)

    @cached_property
    def operation(self):
        return operation_for(self.d, self.election)

    @cached_property
    def stations(self):
        made = tps(self.d, self.election, per_desa=1, categories=("kurang_rawan", "rawan"))
        return [s for s in made if s.unit_id == self.d.polsek_a.pk]

    @cached_property
    def station(self):
        return self.stations[0]

    @cached_property
    def profile(self):
        self.stations  # noqa: B018 - the TPS exist before the profile is rated
        profile = risk.profile_get_or_create(election=self.election, operation=self.operation)
        risk.categories_recompute(election=self.election)
        return profile

    @cached_property
    def indicator(self):
        return self.profile.indicators.first()

    @cached_property
    def overridden_station(self):
        self.profile  # noqa: B018
        risk.station_override_set(station=self.station, category="rawan", reason="Laporan Bhabin", actor=SYSTEM)
        return self.station

    @cached_property
    def desa_category(self):
        return risk.desa_category_set(
            profile=self.profile, desa=self.d.desa_a[0], category="rawan", reason="Sengketa", actor=SYSTEM,
            unit=self.d.polsek_a,
        )  # fmt: skip

    @cached_property
    def note(self):
        self.profile  # noqa: B018
        return risk.intel_note_create(
            election=self.election, station=self.station, text="Isu politik uang", severity=2, actor=SYSTEM
        )

    @cached_property
    def officer(self):
        return PersonnelFactory(unit=self.d.polsek_a, name="Bripka Uji")

    @cached_property
    def unavailability(self):
        day = datetime.date(2024, 11, 20)
        return personnel.unavailability_add(user=SYSTEM, personnel=self.officer, start=day, end=day, reason="cuti")

    @cached_property
    def plan(self):
        self.stations  # noqa: B018
        strength(self.d, per_polsek=6, at_polres=4)
        plan = deployment.deployment_plan_create(user=SYSTEM, operation=self.operation, election=self.election)
        return deployment.deployment_plan_compute(plan=plan)

    @cached_property
    def obj(self):
        desa = self.d.desa_a[0]
        return VulnerableObjectFactory(unit=self.d.polsek_a, lat=desa.lat, lon=desa.lon, desa=desa)

    @cached_property
    def team(self):
        desa = self.d.desa_a[0]
        team = PatrolTeamFactory(unit=self.d.polsek_a, base_lat=desa.lat, base_lon=desa.lon)
        ShiftFactory(team=team)
        return team

    def team_with_member(self, member):
        self.team.members.add(member)
        return self.team


@dataclass(frozen=True)
class Case:
    call: object  # (world, actor) -> None
    refused: tuple[str, ...]  # personas that must be refused
    allowed: str  # a persona that may (the positive control)


def _personas(district, request) -> dict:
    d = district
    return {
        "viewer": request.getfixturevalue("viewer_user"),
        "partner": request.getfixturevalue("partner_user"),
        "kapolres": request.getfixturevalue("kapolres"),
        "ops_polres": request.getfixturevalue("ops_user"),
        "intel_polres": request.getfixturevalue("intel_user"),
        "field_a": request.getfixturevalue("field_a_user"),
        "kapolsek_b": request.getfixturevalue("polsek_b_user"),
        "ops_polsek_a": _user("ops_polsek_a", "ops", d.polsek_a),
        "intel_polsek_a": _user("intel_polsek_a", "intel", d.polsek_a),
        "ops_polsek_b": _user("ops_polsek_b", "ops", d.polsek_b),
        "intel_polsek_b": _user("intel_polsek_b", "intel", d.polsek_b),
        "ops_other_polres": _user("ops_polres_lain", "ops", _other_polres(d)),
    }


def _other_polres(district):
    from tests.factories import UnitFactory

    return UnitFactory(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)


ROLELESS = ("viewer", "partner")
POLRES_WIDE_OPS = (*ROLELESS, "ops_polsek_a")  # deployment: ops placed at a Polsek
POLRES_WIDE_INTEL = (*ROLELESS, "intel_polsek_a", "ops_polsek_a")  # risk.rules: ops/intel placed at a Polsek
OTHER_SECTOR_OPS = (*ROLELESS, "ops_polsek_b")
OTHER_SECTOR_INTEL = (*ROLELESS, "intel_polsek_b")
TODAY = datetime.date(2024, 11, 20)


def _plan_create(w, actor):
    deployment.deployment_plan_create(user=actor, operation=w.operation, election=w.election, note="Versi baru")


def _plan_approve(w, actor):
    deployment.deployment_plan_approve(user=actor, plan=w.plan)


def _object_create(w, actor):
    data = {"unit": w.d.polsek_a, "kind": "kpu", "name": "Gudang PPK", "lat": -8.2, "lon": 113.3, "base_weight": 5}
    patrols.vulnerable_object_save(actor=actor, data=data)


def _team_create(w, actor):
    data = {"unit": w.d.polsek_a, "name": "Tim Baru", "polri_count": 2, "base_lat": -8.2, "base_lon": 113.3}
    patrols.patrol_team_save(actor=actor, data={**data, "speed_kmh": 40, "visits_per_shift": 4})


def _patrol_plan(unit_of):
    def call(w, actor):
        patrols.patrol_plan_create(unit=unit_of(w), date_from=TODAY, date_to=TODAY, actor=actor)

    return call


def _grid(w, actor):
    risk.checklist_grid_set(profile=w.profile, values={s.pk: {"politik_uang"} for s in w.stations}, actor=actor)


CASES: dict[str, Case] = {
    # deployment: Polres-wide (plans, patterns) and Pos AJU, all at Polres level
    "deployment_plan_create": Case(_plan_create, POLRES_WIDE_OPS, "ops_polres"),
    "deployment_plan_create_elsewhere": Case(  # another Polres drawing a plan of this Polres' election
        lambda w, a: deployment.deployment_plan_create(
            user=a, operation=w.operation, election=w.election, unit=a.unit, note="Versi lain"
        ),
        ("ops_other_polres",), "ops_polres",
    ),
    "deployment_plan_update": Case(
        lambda w, a: deployment.deployment_plan_update(user=a, plan=w.plan, params={"reserve_fraction": 0.3}),
        POLRES_WIDE_OPS, "ops_polres",
    ),
    "deployment_plan_compute_enqueue": Case(
        lambda w, a: deployment.deployment_plan_compute_enqueue(user=a, plan=w.plan), POLRES_WIDE_OPS, "ops_polres"
    ),
    "deployment_plan_approve": Case(_plan_approve, (*POLRES_WIDE_OPS, "kapolsek_b"), "kapolres"),
    "deployment_plan_replan": Case(
        lambda w, a: deployment.deployment_plan_replan(user=a, plan=w.plan), POLRES_WIDE_OPS, "ops_polres"
    ),
    "reserve_site_create": Case(
        lambda w, a: deployment.reserve_site_create(user=a, unit=w.d.polsek_a, name="Pos AJU", lat=-8.2, lon=113.3),
        (*POLRES_WIDE_OPS, "ops_polsek_b"), "ops_polres",
    ),
    "pattern_set": Case(
        lambda w, a: deployment_patterns.pattern_set(user=a, operation=w.operation, category="rawan", polri=3, tps=2),
        POLRES_WIDE_OPS, "ops_polres",
    ),
    "pattern_load_preset": Case(
        lambda w, a: deployment_patterns.pattern_load_preset(user=a, operation=w.operation, key="polres_jember_2024"),
        POLRES_WIDE_OPS, "ops_polres",
    ),
    # personnel: Polsek A's officers and strength
    "personnel_update": Case(
        lambda w, a: personnel.personnel_update(user=a, personnel=w.officer, data={"name": "Nama Lain"}),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "unavailability_add": Case(
        lambda w, a: personnel.unavailability_add(user=a, personnel=w.officer, start=TODAY, end=TODAY, reason="sakit"),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "unavailability_delete": Case(
        lambda w, a: personnel.unavailability_delete(user=a, unavailability=w.unavailability),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "support_strength_set": Case(
        lambda w, a: personnel.support_strength_set(user=a, agency="tni", unit=w.d.polsek_a, count=9),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    # patrols: Polsek A's objects, teams and plans
    "vulnerable_object_save_create": Case(_object_create, OTHER_SECTOR_OPS, "ops_polsek_a"),
    "vulnerable_object_save_update": Case(
        lambda w, a: patrols.vulnerable_object_save(actor=a, obj=w.obj, data={"name": "Nama Lain"}),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "vulnerable_object_save_move": Case(  # moving Polsek A's object into one's own sector is taking it over
        lambda w, a: patrols.vulnerable_object_save(actor=a, obj=w.obj, data={"unit": a.unit}),
        ("ops_polsek_b",), "ops_polres",
    ),
    "vulnerable_object_delete": Case(
        lambda w, a: patrols.vulnerable_object_delete(actor=a, obj=w.obj), OTHER_SECTOR_OPS, "ops_polsek_a"
    ),
    "critical_period_create": Case(
        lambda w, a: patrols.critical_period_create(
            actor=a, obj=w.obj, label="Distribusi logistik", starts_at=timezone.now(),
            ends_at=timezone.now() + datetime.timedelta(days=1), multiplier=1.5,
        ),  # fmt: skip
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "patrol_team_save_create": Case(_team_create, OTHER_SECTOR_OPS, "ops_polsek_a"),
    "patrol_team_save_update": Case(
        lambda w, a: patrols.patrol_team_save(actor=a, team=w.team, data={"name": "Nama Lain"}),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "patrol_team_delete": Case(
        lambda w, a: patrols.patrol_team_delete(actor=a, team=w.team), OTHER_SECTOR_OPS, "ops_polsek_a"
    ),
    "shift_create": Case(
        lambda w, a: patrols.shift_create(actor=a, team=w.team, start=datetime.time(20), end=datetime.time(2)),
        OTHER_SECTOR_OPS, "ops_polsek_a",
    ),
    "patrol_plan_create": Case(_patrol_plan(lambda w: w.d.polsek_a), OTHER_SECTOR_OPS, "ops_polsek_a"),
    "patrol_plan_create_polres": Case(  # the Polres' plan is not a Polsek's to draw
        _patrol_plan(lambda w: w.d.polres), ("ops_polsek_a",), "ops_polres"
    ),
    "patrol_checkin_record": Case(
        lambda w, a: patrols.patrol_checkin_record(
            user=a, client_id=uuid.uuid4(), team=w.team, obj=w.obj, note="Aman"
        ),
        ("viewer", "partner", "kapolsek_b", "ops_polsek_b"), "ops_polsek_a",
    ),
    # risk: Polsek A's TPS and notes
    "checklist_set": Case(
        lambda w, a: risk.checklist_set(station=w.station, codes={"politik_uang"}, actor=a),
        (*ROLELESS, "kapolsek_b", "intel_polsek_b"), "field_a",
    ),
    "checklist_grid_set": Case(_grid, (*ROLELESS, "kapolsek_b", "intel_polsek_b"), "field_a"),
    "station_override_set": Case(
        lambda w, a: risk.station_override_set(station=w.station, category="sangat_rawan", reason="Konflik", actor=a),
        (*OTHER_SECTOR_INTEL, "field_a"), "intel_polsek_a",
    ),
    "station_override_clear": Case(
        lambda w, a: risk.station_override_clear(station=w.overridden_station, reason="Sudah aman", actor=a),
        (*OTHER_SECTOR_INTEL, "field_a"), "intel_polsek_a",
    ),
    "desa_category_set": Case(
        lambda w, a: risk.desa_category_set(
            profile=w.profile, desa=w.d.desa_a[0], category="rawan", reason="Sengketa", actor=a, unit=w.d.polsek_a
        ),
        OTHER_SECTOR_INTEL, "intel_polsek_a",
    ),
    "desa_category_set_existing": Case(  # re-rating A's desa, naming one's own unit as the owner
        lambda w, a: risk.desa_category_set(
            profile=w.profile, desa=w.d.desa_a[0], category="sangat_rawan", reason="Sengketa", actor=a, unit=a.unit
        ),
        ("intel_polsek_b",), "intel_polsek_a",
    ),
    "desa_category_set_own_unit": Case(  # naming one's own unit as the owner of another sector's desa
        lambda w, a: risk.desa_category_set(
            profile=w.profile, desa=w.d.desa_a[0], category="rawan", reason="Sengketa", actor=a, unit=a.unit
        ),
        ("intel_polsek_b",), "intel_polsek_a",
    ),
    "desa_category_clear": Case(
        lambda w, a: risk.desa_category_clear(profile=w.profile, desa=w.d.desa_a[0], actor=a),
        OTHER_SECTOR_INTEL, "intel_polsek_a",
    ),
    "intel_note_create": Case(
        lambda w, a: risk.intel_note_create(
            election=w.election, station=w.station, text="Isu baru", severity=3, actor=a
        ),
        (*OTHER_SECTOR_INTEL, "field_a"), "intel_polsek_a",
    ),
    "intel_note_create_desa": Case(  # a note on another sector's whole desa
        lambda w, a: risk.intel_note_create(
            election=w.election, desa=w.d.desa_a[0], text="Isu desa", severity=2, actor=a
        ),
        ("intel_polsek_b",), "intel_polsek_a",
    ),
    "intel_note_delete": Case(
        lambda w, a: risk.intel_note_delete(note=w.note, actor=a), OTHER_SECTOR_INTEL, "intel_polsek_a"
    ),
    # risk: the kabupaten-wide catalog and rule
    "indicator_update": Case(
        lambda w, a: risk.indicator_update(indicator=w.indicator, label="Label baru", weight=9, active=True, actor=a),
        POLRES_WIDE_INTEL, "intel_polres",
    ),
    "indicator_create": Case(
        lambda w, a: risk.indicator_create(
            profile=w.profile, code="baru", label="Indikator baru", variable_label="Lainnya", weight=1, actor=a
        ),
        POLRES_WIDE_INTEL, "intel_polres",
    ),
    "rule_update": Case(
        lambda w, a: risk.rule_update(profile=w.profile, rule={"incident_days": 14}, actor=a),
        POLRES_WIDE_INTEL, "intel_polres",
    ),
    "preset_apply": Case(
        lambda w, a: risk.preset_apply(profile=w.profile, preset="aman", actor=a), POLRES_WIDE_INTEL, "ops_polres"
    ),
    "recompute_enqueue": Case(
        lambda w, a: risk.recompute_enqueue(election=w.profile.election, actor=a), POLRES_WIDE_INTEL, "intel_polres"
    ),
}  # fmt: skip

REFUSALS = [(name, persona) for name, case in CASES.items() for persona in case.refused]


def _prepare(name: str, world: World) -> None:
    """Build what the call touches before the snapshot (cached on the world), so only the call itself is measured."""
    for attr in ("election", "operation", "stations", "profile", "officer", "obj", "team"):
        getattr(world, attr)
    if name.startswith("deployment_plan_") and name != "deployment_plan_create":
        world.plan  # noqa: B018
    extra = {
        "unavailability_delete": "unavailability",
        "station_override_clear": "overridden_station",
        "desa_category_clear": "desa_category",
        "desa_category_set_existing": "desa_category",
        "intel_note_delete": "note",
    }.get(name)
    if extra:
        getattr(world, extra)


@pytest.mark.parametrize(("name", "persona"), REFUSALS, ids=[f"{n}-{p}" for n, p in REFUSALS])
def test_service_refuses_unauthorised_actor(name, persona, district, request):
    actor = _personas(district, request)[persona]
    world = World(district)
    _prepare(name, world)
    before = _state()
    with pytest.raises(PermissionDenied):
        CASES[name].call(world, actor)
    assert _state() == before, f"{name} wrote something for {persona} before refusing"


@pytest.mark.parametrize("name", list(CASES))
def test_service_allows_the_actor_who_may(name, district, request):
    """The positive control: the same call by the actor who may goes through and writes."""
    personas = _personas(district, request)
    actor = personas[CASES[name].allowed]
    world = World(district)
    _prepare(name, world)
    before = _state()
    CASES[name].call(world, actor)
    assert _state() != before, f"{name} by {CASES[name].allowed} wrote nothing"


def test_a_member_checks_in_for_their_team_and_a_stranger_of_the_same_sector_does_not(district, request):
    personas = _personas(district, request)
    world = World(district)
    stranger = _user("bhabin_a2", "field", district.polsek_a)
    team = world.team_with_member(personas["field_a"])
    with pytest.raises(PermissionDenied, match="bukan anggota"):
        patrols.patrol_checkin_record(user=stranger, client_id=uuid.uuid4(), team=team, obj=world.obj)
    checkin, created = patrols.patrol_checkin_record(
        user=personas["field_a"], client_id=uuid.uuid4(), team=team, obj=world.obj
    )
    assert created and checkin.user == personas["field_a"]


# compute steps behind a checked entry point (documented in their docstrings), and the imports, which move onto
# siaga.core.imports with their own checks
NOT_ENTRY_POINTS = {"categories_recompute", "personnel_import"}


def test_every_write_service_of_the_four_apps_is_in_the_table():
    """A new service taking an actor must join the sweep."""
    import inspect

    found = set()
    for module in (deployment, deployment_patterns, patrols, personnel, risk):
        app = module.__name__.split(".")[1]
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = inspect.signature(fn).parameters
            if (
                fn.__module__.startswith(f"siaga.{app}.")
                and not name.startswith("_")
                and {"actor", "user"} & set(params)
            ):
                found.add(name)
    covered = {n for n in found if any(case == n or case.startswith(f"{n}_") for case in CASES)}
    assert sorted(found - covered - NOT_ENTRY_POINTS) == []
    assert len(covered) >= 30
