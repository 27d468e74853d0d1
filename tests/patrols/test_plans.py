from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from siaga.core.models import Job
from siaga.patrols.models import PatrolPlan, PatrolStop, PlanPeriod
from siaga.patrols.services import patrol_plan_create
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory


def test_patrol_plan_create_stores_periods_and_stops_within_the_shift(world, make_plan):
    plan = make_plan(days=2)
    assert plan.status == "done"
    assert plan.job.status == Job.Status.DONE and "kunjungan" in plan.job.result["summary"]
    assert PlanPeriod.objects.filter(plan=plan).count() == 2  # one window (08-14) x 2 days
    stops = list(PatrolStop.objects.filter(plan=plan).select_related("object"))
    assert len(stops) == plan.summary["visits"] > 0
    for stop in stops:
        arrival, departure = timezone.localtime(stop.arrival), timezone.localtime(stop.departure)
        assert time(8) <= arrival.time() and departure.time() <= time(14)
        assert 10 <= (departure - arrival).total_seconds() / 60 <= 15
        assert stop.object.lat is not None and stop.team_id in (world.team_a.pk, world.team_b.pk)
    # capacity 2 teams x 4 visits >= 6 located objects: every located object is visited every shift
    visited_today = {s.object_id for s in stops if s.day == plan.date_from}
    assert visited_today == {o.pk for o in [*world.objects_a, *world.objects_b, world.kpu_office]}


def test_plan_lists_what_it_cannot_cover_with_engine_reasons(world, make_plan, district):
    world.team_a.visits_per_shift = world.team_b.visits_per_shift = 1  # 2 visits per shift for 18 objects
    world.team_a.save()
    world.team_b.save()
    for i in range(12):
        VulnerableObjectFactory(
            unit=district.polsek_a,
            name=f"Tempat ibadah {i}",
            kind="ibadah",
            base_weight=1,
            lat=-8.22,
            lon=113.34 + i / 500,
        )
    plan = make_plan()
    never = {item["object_id"]: item for item in plan.summary["never"]}
    assert never[world.no_coords.pk]["code"] == "no_coordinates"
    assert "koordinat" in never[world.no_coords.pk]["reason"]
    assert any(item["code"] == "not_allocated" for item in never.values())
    issues = {item["team_id"]: item for item in plan.summary["team_issues"]}
    assert issues[world.team_idle.pk]["code"] == "team_no_shift"
    assert issues[world.team_idle.pk]["reason"] == "tim tanpa jadwal shift"


def test_plan_without_any_shift_says_there_is_no_active_team(district, ops_user, make_plan):
    VulnerableObjectFactory(unit=district.polres, name="Gudang")
    PatrolTeamFactory(unit=district.polres)
    plan = make_plan()
    assert plan.plan_periods.get().period == "tanpa-shift"
    assert [item["code"] for item in plan.summary["never"]] == ["no_active_team"]
    assert PatrolStop.objects.count() == 0


def test_overnight_shift_stops_run_past_midnight(district, make_plan):
    VulnerableObjectFactory(unit=district.polres, name="Alun-alun", lat=-8.17, lon=113.70)
    team = PatrolTeamFactory(unit=district.polres, base_lat=-8.17, base_lon=113.71)
    ShiftFactory(team=team, name="Malam", start=time(20), end=time(2))
    plan = make_plan()
    stop = PatrolStop.objects.get(plan=plan)
    assert stop.arrival >= timezone.make_aware(timezone.datetime.combine(plan.date_from, time(20)))
    assert stop.departure <= timezone.make_aware(timezone.datetime.combine(plan.date_from + timedelta(days=1), time(2)))


def test_plan_seed_is_secret_and_draws_differ_between_plans(world, make_plan):
    first, second = make_plan(), make_plan()
    assert first.seed != second.seed and len(first.seed) == 32
    assert "seed" not in str(first.summary)


def test_patrol_plan_create_rejects_bad_ranges(district, ops_user):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        patrol_plan_create(unit=district.polres, date_from=today, date_to=today - timedelta(days=1), actor=ops_user)
    with pytest.raises(ValidationError):
        patrol_plan_create(unit=district.polres, date_from=today, date_to=today + timedelta(days=40), actor=ops_user)
    assert PatrolPlan.objects.count() == 0


def test_newer_plan_supersedes_older_one_for_the_same_day(world, make_plan, ops_user):
    from siaga.patrols.selectors import stops_between

    make_plan()
    newer = make_plan()
    today = timezone.localdate()
    assert {s.plan_id for s in stops_between(user=ops_user, day_from=today, day_to=today)} == {newer.pk}
