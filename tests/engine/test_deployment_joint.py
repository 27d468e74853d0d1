"""The exact joint model used to measure the whole planner (grouping, allocation, staffing, reserves)."""

from __future__ import annotations

import math

import pytest

from siaga.engine.deployment import Officer, Pattern, PlanConfig, ReserveSite, Station, plan, synthetic
from siaga.engine.deployment.joint import joint_cost, solve_joint

KR = {"kurang_rawan": Pattern(2, 10, 20)}
KM_LAT = math.degrees(1 / 6371.0088)  # one great-circle km of latitude


def test_two_close_tps_form_one_post_at_the_officers_side():
    # Both TPS in one post anchored where the officers and the site are: 1 km of grouping travel, nothing else.
    stations = [Station(1, -8.0, 113.0, "kurang_rawan", 1, 1), Station(2, -8.0 + KM_LAT, 113.0, "kurang_rawan", 1, 1)]
    officers = [Officer(i, -8.0, 113.0, 1) for i in range(1, 7)]
    sites = [ReserveSite(1, -8.0, 113.0, "polsek", 1)]
    config = PlanConfig(reserve_team_size=4)
    one_km = 1.0 * config.circuity / config.speed_kmh * 60.0
    exact = solve_joint(stations, officers, KR, sites, config)
    assert exact.optimal and exact.cost.posts == 1 and exact.cost.reserve == 4 and exact.cost.teams == 1
    assert exact.cost.total == pytest.approx(one_km, rel=1e-6)
    result = plan(stations, officers, KR, sites, config)
    cost = joint_cost(result, stations, officers, KR, sites, config)
    assert cost.feasible and cost.total == pytest.approx(exact.cost.total, rel=1e-6)


def test_coverage_outweighs_travel_and_sector_penalties_count():
    # The only site that reaches the rawan TPS is another sector's Mako: the reserve goes there anyway.
    stations = [Station(1, -8.0, 113.0, "rawan", 1, 1)]
    officers = [Officer(i, -8.0, 113.0, 1) for i in range(1, 9)]
    sites = [ReserveSite(1, -8.0, 113.0 + 0.05, "polsek", 2), ReserveSite(2, -8.0 - 0.5, 113.0, "pos_aju", None)]
    config = PlanConfig(reserve_team_size=6, response_minutes=15)
    exact = solve_joint(stations, officers, {"rawan": Pattern(2, 2, 4)}, sites, config)
    assert exact.cost.uncovered == 0 and exact.cost.reserve == 6
    assert exact.cost.staffing >= 6 * config.out_of_sector_penalty_minutes


def test_the_planner_is_feasible_in_the_model_and_never_beats_its_optimum():
    spec = synthetic.SyntheticSpec(tps=10, officers=36, sectors=2, desa=3, width_km=8, height_km=6, pos_aju=1, seed=2)
    part = synthetic.polres(spec)
    config = PlanConfig(response_minutes=8)
    exact = solve_joint(part.stations, part.officers, part.patterns, part.sites, config)
    result = plan(part.stations, part.officers, part.patterns, part.sites, config)
    cost = joint_cost(result, part.stations, part.officers, part.patterns, part.sites, config)
    assert exact.optimal and cost.feasible, cost.violations
    assert exact.cost.total <= cost.total + 1e-6
    assert exact.bound == pytest.approx(exact.cost.total, rel=1e-6, abs=1e-6)


def test_a_broken_plan_is_reported_as_infeasible():
    spec = synthetic.SyntheticSpec(tps=8, officers=30, sectors=2, desa=2, width_km=6, height_km=5, pos_aju=1, seed=5)
    part = synthetic.polres(spec)
    result = plan(part.stations, part.officers, part.patterns, part.sites)
    result.posts[0].officer_ids = result.posts[0].officer_ids[:1]
    cost = joint_cost(result, part.stations, part.officers, part.patterns, part.sites)
    assert not cost.feasible and any("officers instead of" in v for v in cost.violations)
