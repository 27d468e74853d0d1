"""End-to-end planning: routes within shifts, reasons for everything not covered, JSON round trip, reports."""

import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from siaga.engine.patrols import (
    PatrolConfig,
    PatrolPlan,
    Target,
    Team,
    coverage_report,
    expected_visits,
    plan_patrols,
    reasons,
    route_team,
)
from siaga.engine.patrols._geo import haversine_km, travel_minutes

LAT, LON = -8.17, 113.7
CONFIG = PatrolConfig(seed="rahasia", dwell_minutes=12)


def scattered_targets(n: int, seed: int = 1, spread_km: float = 15.0) -> list[Target]:
    rng = np.random.default_rng(seed)
    offsets = rng.uniform(-spread_km, spread_km, size=(n, 2)) / 111.0
    weights = rng.pareto(1.5, n) + 1
    return [
        Target(f"o{i}", LAT + dy, LON + dx, float(w))
        for i, ((dy, dx), w) in enumerate(zip(offsets, weights, strict=True))
    ]


def day_team(team_id: str, capacity: int = 4, start: int = 480, end: int = 960) -> Team:
    return Team(team_id, LAT, LON, shift_start=start, shift_end=end, speed_kmh=30, capacity=capacity)


def minutes_between(a: tuple[float, float], b: tuple[float, float], team: Team, config: PatrolConfig) -> int:
    return int(travel_minutes(haversine_km(a[0], a[1], b[0], b[1]), team.speed_kmh, config.road_factor))


def assert_route_is_feasible(route, team: Team, config: PatrolConfig) -> None:
    start, end = team.shift_window()
    assert route.shift_start == start and route.shift_end == end
    here, clock = (team.base_lat, team.base_lon), route.depart_min
    assert start <= clock
    for stop in route.stops:
        assert stop.arrival_min >= clock + minutes_between(here, (stop.lat, stop.lon), team, config)
        assert stop.departure_min - stop.arrival_min == config.dwell_minutes
        here, clock = (stop.lat, stop.lon), stop.departure_min
    assert route.return_min >= clock + minutes_between(here, (team.base_lat, team.base_lon), team, config)
    assert route.return_min <= end


def test_routes_respect_shift_windows_and_dwell_times():
    teams = [day_team("A"), day_team("B", start=1320, end=360), day_team("C", capacity=6, start=420, end=600)]
    plan = plan_patrols(scattered_targets(40), teams, CONFIG, day="2024-11-20")
    assert plan.resources == 14
    for route, team in zip(plan.routes, teams, strict=True):
        assert_route_is_feasible(route, team, CONFIG)
        assert len(route.stops) <= team.capacity
    assert plan.routes[1].return_min > 1440  # overnight shift runs past midnight
    assert len(plan.visited_ids()) + plan.stats["dropped"] == len(plan.sampled)


def test_critical_time_window_is_honoured():
    targets = [Target("gudang", LAT + 0.02, LON, 5.0, windows=((600, 630),)), *scattered_targets(3, seed=4)]
    team = day_team("A", capacity=4)
    route, dropped = route_team(team, targets, CONFIG)
    assert not dropped
    stop = next(s for s in route.stops if s.object_id == "gudang")
    assert 600 <= stop.arrival_min <= 630
    assert_route_is_feasible(route, team, CONFIG)


def test_window_outside_shift_makes_object_unreachable():
    targets = [Target("kpu", LAT, LON + 0.01, 3.0, windows=((1200, 1260),)), Target("x", LAT, LON + 0.02, 1.0)]
    plan = plan_patrols(targets, [day_team("A", capacity=2)], CONFIG, day="2024-11-20")
    reasons_by_id = {item.object_id: item for item in plan.uncovered}
    assert reasons_by_id["kpu"].code == reasons.UNREACHABLE
    assert plan.coverage["kpu"] == 0.0 and plan.coverage["x"] == 1.0


def test_objects_without_coordinates_are_reported_and_never_visited():
    targets = [*scattered_targets(5), Target("tanpa", None, None, 100.0), Target("nan", float("nan"), LON, 50.0)]
    for day in range(10):
        plan = plan_patrols(targets, [day_team("A", capacity=3)], CONFIG, day=f"2024-12-{day + 1:02d}")
        missing = {u.object_id: u.reason for u in plan.uncovered if u.code == reasons.NO_COORDINATES}
        assert missing == {"tanpa": reasons.message(reasons.NO_COORDINATES), "nan": missing["nan"]}
        assert "objek tanpa koordinat" in missing["tanpa"]
        assert not {"tanpa", "nan"} & set(plan.visited_ids())
        assert plan.coverage["tanpa"] == 0.0


def test_teams_without_shift_or_base_are_reported():
    teams = [day_team("A"), Team("B", LAT, LON), Team("C", None, None, 480, 960), day_team("D", capacity=0)]
    plan = plan_patrols(scattered_targets(10), teams, CONFIG, day="2024-11-20")
    issues = {issue.team_id: issue.code for issue in plan.team_issues}
    assert issues == {"B": reasons.TEAM_NO_SHIFT, "C": reasons.TEAM_NO_BASE, "D": reasons.TEAM_NO_CAPACITY}
    assert "tim tanpa jadwal shift" in next(i.reason for i in plan.team_issues if i.team_id == "B")
    assert [route.team_id for route in plan.routes] == ["A"]
    assert plan.resources == 4


def test_no_active_team_means_everything_is_reported():
    plan = plan_patrols(scattered_targets(4), [Team("B", LAT, LON)], CONFIG, day="2024-11-20")
    assert plan.resources == 0 and plan.routes == [] and plan.sampled == []
    assert {u.code for u in plan.uncovered} == {reasons.NO_ACTIVE_TEAM}


def test_more_objects_than_visits_reports_unallocated_objects():
    targets = scattered_targets(30, seed=9)
    plan = plan_patrols(targets, [day_team("A", capacity=3)], CONFIG, day="2024-11-20")
    assert len(plan.sampled) == 3
    unallocated = {u.object_id for u in plan.uncovered if u.code == reasons.NOT_ALLOCATED}
    assert unallocated == {object_id for object_id, c in plan.coverage.items() if c <= 1e-9}
    assert unallocated and not unallocated & set(plan.sampled)
    riskiest = max(targets, key=lambda t: t.risk_weight)
    assert riskiest.id not in unallocated


def test_shift_too_short_for_all_visits_reports_dropped_objects():
    targets = scattered_targets(12, seed=3, spread_km=8)
    team = day_team("A", capacity=12, start=480, end=560)
    plan = plan_patrols(targets, [team], CONFIG, day="2024-11-20")
    dropped = [u for u in plan.uncovered if u.code in (reasons.SHIFT_FULL, reasons.OUT_OF_SHIFT)]
    assert dropped and all(u.team_id == "A" for u in dropped)
    assert len(plan.visited_ids()) + len(dropped) == len(plan.sampled) == 12
    assert_route_is_feasible(plan.routes[0], team, CONFIG)


def test_far_object_is_unreachable_within_shift():
    targets = [*scattered_targets(3), Target("jauh", LAT + 4.0, LON, 10.0)]
    plan = plan_patrols(targets, [day_team("A", capacity=4)], CONFIG, day="2024-11-20")
    far = next(u for u in plan.uncovered if u.object_id == "jauh")
    assert far.code == reasons.UNREACHABLE and "tidak terjangkau" in far.reason


def test_plan_is_reproducible_and_changes_by_day():
    targets = scattered_targets(60, seed=2)
    teams = [day_team("A"), day_team("B")]
    first = plan_patrols(targets, teams, CONFIG, day="2024-11-20")
    assert first.to_dict() | {"stats": {}} == plan_patrols(targets, teams, CONFIG, day="2024-11-20").to_dict() | {
        "stats": {}
    }
    other_days = [plan_patrols(targets, teams, CONFIG, day=f"2024-11-{d}").sampled for d in range(21, 26)]
    assert any(sampled != first.sampled for sampled in other_days)


def test_plan_round_trips_through_json():
    targets = [*scattered_targets(8), Target(99, None, None)]
    plan = plan_patrols(targets, [day_team("A", capacity=3), Team(7, LAT, LON)], CONFIG, day="2024-11-20")
    restored = PatrolPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert restored == plan
    assert 99 in restored.coverage


def test_stats_show_gain_over_baselines():
    plan = plan_patrols(scattered_targets(80, seed=5), [day_team("A"), day_team("B")], CONFIG, day="2024-11-20")
    assert plan.stats["defender_utility"] >= plan.stats["defender_utility_uniform"]
    assert plan.stats["defender_utility"] >= plan.stats["defender_utility_deterministic"]
    assert sum(plan.coverage.values()) == pytest.approx(plan.resources, abs=1e-6)


def test_coverage_report_flags_under_visited_objects():
    planned = expected_visits({"a": 0.5, "b": 0.05, "c": 1.0}, periods=10)
    rows = {row.object_id: row for row in coverage_report(planned, {"a": 5, "b": 0, "c": 6, "z": 2})}
    assert not rows["a"].under_visited and rows["a"].ratio == 1.0
    assert not rows["b"].under_visited  # half a planned visit missed is within min_shortfall
    assert rows["c"].under_visited and rows["c"].planned == 10.0
    assert rows["z"].planned == 0.0 and rows["z"].ratio is None and not rows["z"].under_visited


def test_engine_package_does_not_import_django():
    package = pathlib.Path(__file__).resolve().parents[2] / "siaga" / "engine" / "patrols"
    assert not any("django" in path.read_text() for path in package.glob("*.py"))
    code = "import sys, siaga.engine.patrols; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=package.parents[2])


def test_out_of_range_or_infinite_coordinates_are_reported_like_missing_ones():
    targets = [*scattered_targets(4), Target("jauh", 200.0, LON, 80.0), Target("inf", LAT, float("inf"), 60.0)]
    teams = [day_team("A"), Team("B", float("inf"), LON, 480, 960), Team("C", LAT, -181.0, 480, 960)]
    plan = plan_patrols(targets, teams, CONFIG, day="2024-11-20")
    bad = {u.object_id: u.reason for u in plan.uncovered if u.code == reasons.NO_COORDINATES}
    assert set(bad) == {"jauh", "inf"} and "di luar rentang" in bad["jauh"]
    assert {i.team_id: i.code for i in plan.team_issues} == {"B": reasons.TEAM_NO_BASE, "C": reasons.TEAM_NO_BASE}
    assert not {"jauh", "inf"} & set(plan.visited_ids())
