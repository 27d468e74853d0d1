"""Behaviour of the pure-Python deployment planner (siaga.engine.deployment)."""

from __future__ import annotations

import json
import math
import pathlib
import re
from collections import Counter

import numpy as np
import pytest

from siaga.engine.deployment import (
    Officer,
    Pattern,
    Plan,
    PlanConfig,
    ReserveSite,
    Station,
    exact_mclp,
    exact_staffing,
    greedy_mclp,
    plan,
    plan_partitioned,
    synthetic,
)

PATTERNS = {
    "kurang_rawan": Pattern(2, 10, 20),
    "rawan": Pattern(2, 2, 4),
    "sangat_rawan": Pattern(2, 1, 2),
    "khusus": Pattern(2, 1, 2),
}
AMPLE = synthetic.SyntheticSpec(tps=300, officers=200, sectors=6, desa=30, width_km=25, height_km=20, seed=1)
KM_LAT = 1 / 111.32  # degrees of latitude per km


def ample_plan(**config) -> tuple[synthetic.Partition, Plan]:
    part = synthetic.polres(AMPLE)
    return part, plan(part.stations, part.officers, part.patterns, part.sites, PlanConfig(**config))


def codes(result: Plan) -> Counter:
    return Counter(p.code for p in result.problems)


def test_every_post_meets_its_pattern_when_strength_suffices():
    part, result = ample_plan()
    assert result.posts and not result.shortfall and result.bko_needed == 0
    for post in result.posts:
        assert len(post.officer_ids) == post.required == part.patterns[post.category].polri
    assigned = [oid for oid in result.assignments()]
    assert len(assigned) == len(set(assigned)) == len(part.officers)  # surplus joins the reserve by default


def test_pattern_enforces_body_system_and_defaults_linmas():
    with pytest.raises(ValueError, match="body system"):
        Pattern(1, 1, 2)
    with pytest.raises(ValueError):
        Pattern(2, 0)
    assert Pattern(2, 10).linmas == 20


def test_posts_never_mix_categories_exceed_tps_or_cross_sectors():
    part, result = ample_plan()
    by_id = {s.id: s for s in part.stations}
    seen = Counter(sid for post in result.posts for sid in post.station_ids)
    assert set(seen) == set(by_id) and max(seen.values()) == 1
    for post in result.posts:
        members = [by_id[sid] for sid in post.station_ids]
        assert {s.category for s in members} == {post.category}
        assert {s.sector_id for s in members} == {post.sector_id}
        assert len(members) <= part.patterns[post.category].tps
        assert post.linmas == math.ceil(
            part.patterns[post.category].linmas * len(members) / part.patterns[post.category].tps
        )


def test_grouping_keeps_far_desa_apart_and_merges_close_leftovers():
    far = [Station(i, 0.0, 0.001 * i, "kurang_rawan", 1, 1) for i in range(3)]
    far += [Station(10 + i, 0.1, 0.001 * i, "kurang_rawan", 2, 1) for i in range(3)]  # ~11 km north
    close = [Station(20 + i, 0.5, 0.001 * i, "kurang_rawan", 3, 1) for i in range(3)]
    close += [Station(30 + i, 0.505, 0.001 * i, "kurang_rawan", 4, 1) for i in range(3)]  # ~0.6 km away
    result = plan(far + close, [], PATTERNS)
    groups = sorted(sorted(p.station_ids) for p in result.posts)
    assert groups == [[0, 1, 2], [10, 11, 12], [20, 21, 22, 30, 31, 32]]


def test_big_desa_group_is_split_into_compact_posts():
    west = [Station(i, 0.0, 0.0001 * i, "rawan", 1, 1) for i in range(2)]
    east = [Station(10 + i, 0.0, 0.05 + 0.0001 * i, "rawan", 1, 1) for i in range(2)]
    result = plan(west + east, [], PATTERNS)
    assert sorted(sorted(p.station_ids) for p in result.posts) == [[0, 1], [10, 11]]


def _ring(post_lat: float, n: int) -> list[tuple[float, float]]:
    """n points 1 km from (post_lat, 0) at different bearings: equally placed home bases."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return [(post_lat + KM_LAT * math.cos(a), KM_LAT * math.sin(a)) for a in angles]


def test_in_sector_officer_preferred_over_equally_placed_outsiders():
    station = [Station(1, 0.0, 0.0, "rawan", 1, 1)]
    (a, b, c) = _ring(0.0, 3)
    officers = [Officer(1, *a, 1), Officer(2, *b, 2), Officer(3, *c, 1)]
    config = PlanConfig(reserve_fraction=0.0, surplus_to_reserve=False)
    result = plan(station, officers, PATTERNS, [], config)
    assert result.posts[0].officer_ids == [1, 3]
    assert result.unassigned_officer_ids == [2]
    pool_vs_other = [Officer(1, *a, 1), Officer(2, *b, 2), Officer(3, *c, None)]
    result = plan(station, pool_vs_other, PATTERNS, [], config)
    assert result.posts[0].officer_ids == [1, 3]  # Polres pool before another Polsek's officer


def _shortage_case() -> tuple[list[Station], list[Officer]]:
    stations = [
        Station(1, 0.0, 0.00, "kurang_rawan", 1, 1),
        Station(2, 0.0, 0.01, "rawan", 2, 1),
        Station(3, 0.0, 0.02, "sangat_rawan", 3, 1),
        Station(4, 0.0, 0.03, "rawan", 4, 1),
        Station(5, 0.0, 0.031, "rawan", 4, 1),
        Station(6, 0.0, 0.04, "khusus", 5, 1),
        Station(7, 0.5, 0.00, "kurang_rawan", 6, 1),
        Station(8, 0.5, 0.001, "kurang_rawan", 6, 1),
    ]
    officers = [Officer(i, 0.0, 0.0, 1) for i in range(1, 8)]
    return stations, officers


def test_shortage_fills_in_priority_order_and_reports_exact_bko():
    stations, officers = _shortage_case()
    result = plan(stations, officers, PATTERNS, [], PlanConfig(reserve_fraction=0.15))
    post_of = {sid: p for p in result.posts for sid in p.station_ids}
    order = [post_of[s].id for s in (3, 6, 4, 2, 7, 1)]  # sangat rawan, khusus, rawan (2 TPS), rawan, kurang x2
    assert result.fill_order == order
    assert [len(post_of[s].officer_ids) for s in (3, 6, 4, 2, 7, 1)] == [2, 2, 0, 0, 0, 0]
    assert [s.post_id for s in result.shortfall] == order[2:]
    assert all(s.missing == 2 for s in result.shortfall)
    # 7 officers: 2 sangat rawan, reserve ceil(0.15 x 7) = 2, 2 khusus, the lone leftover joins the reserve.
    assert sum(len(t.officer_ids) for t in result.reserves) == 3
    # 12 required; smallest k with (7 + k) - ceil(0.15 (7 + k)) >= 12 is 8.
    assert result.bko_needed == 8
    assert codes(result)["post_understaffed"] == 4 and codes(result)["bko_needed"] == 1
    assert f"Pos {order[2]} (rawan) kekurangan 2 personel" in [p.message for p in result.problems]


def test_reserve_gives_way_only_to_sangat_rawan_posts():
    stations, officers = _shortage_case()
    result = plan(stations, officers[:3], PATTERNS, [], PlanConfig(reserve_fraction=0.15))
    sangat = next(p for p in result.posts if p.category == "sangat_rawan")
    assert len(sangat.officer_ids) == 2
    assert sum(len(t.officer_ids) for t in result.reserves) == 1  # target ceil(0.45) = 1 still held
    assert result.stats["reserve_target"] == 1


def test_reserve_share_respected():
    part, result = ample_plan(surplus_to_reserve=False)
    available = len(part.officers)
    held = sum(len(t.officer_ids) for t in result.reserves)
    assert held == math.ceil(0.15 * available)
    assert len(result.unassigned_officer_ids) == available - held - result.stats["assigned_at_posts"]
    # under shortage the reserve keeps its full share as long as the sangat rawan posts are staffed
    short = synthetic.polres(synthetic.SyntheticSpec(tps=600, officers=120, sectors=6, desa=40, seed=2))
    result = plan(short.stations, short.officers, short.patterns, short.sites)
    assert result.shortfall and result.bko_needed > 0
    assert sum(len(t.officer_ids) for t in result.reserves) >= math.ceil(0.15 * 120)
    assert all(len(p.officer_ids) == p.required for p in result.posts if p.category == "sangat_rawan")


def test_missing_coordinates_and_home_bases_are_problems_not_crashes():
    spec = synthetic.SyntheticSpec(tps=300, officers=200, sectors=6, desa=30, no_coords_share=0.05, no_home_share=0.05)
    part = synthetic.polres(spec)
    result = plan(part.stations, part.officers, part.patterns, part.sites)
    no_coords = {s.id for s in part.stations if s.lat is None}
    no_home = {o.id for o in part.officers if o.lat is None}
    assert no_coords and no_home
    assert {p.ref for p in result.problems if p.code == "station_no_coords"} == no_coords
    assert {p.ref for p in result.problems if p.code == "officer_no_home"} == no_home
    assert {sid for p in result.posts for sid in p.station_ids} == {s.id for s in part.stations}
    assert not result.shortfall
    assert no_home <= set(result.assignments())


def test_infeasible_pattern_completes_with_problems():
    stations = [Station(i, 0.0, 0.01 * i, "sangat_rawan", i, 1 + i % 2) for i in range(50)]
    officers = [Officer(i, 0.0, 0.0, 1) for i in range(5)]
    sites = [ReserveSite(1, 0.0, 0.0, "polres")]
    result = plan(stations, officers, PATTERNS, sites)
    assert len(result.posts) == 50
    staffed = [p for p in result.posts if p.officer_ids]
    assert all(len(p.officer_ids) >= 2 for p in staffed)
    assert sum(s.missing for s in result.shortfall) == 100 - 2 * len(staffed)
    assert result.bko_needed > 0 and codes(result)["post_understaffed"] == len(result.shortfall)
    everyone = [o for p in result.posts for o in p.officer_ids] + [o for t in result.reserves for o in t.officer_ids]
    assert sorted(everyone) == list(range(5))


def test_no_officers_and_unknown_category():
    stations = [Station(1, 0.0, 0.0, "rawan", 1, 1), Station(2, 0.0, 0.0, "tidak_dikenal", 1, 1)]
    result = plan(stations, [], PATTERNS)
    # 2 required: k = 3 because ceil(0.15 x 3) = 1 of them is held as reserve
    assert codes(result)["pattern_missing"] == 1 and result.bko_needed == 3
    assert [s.missing for s in result.shortfall] == [2]


def test_exact_mclp_covers_at_least_as_much_as_greedy():
    part = synthetic.polres(synthetic.SyntheticSpec(tps=400, officers=100, sectors=8, desa=40, pos_aju=6, seed=4))
    config = PlanConfig(response_minutes=15)
    for p in (1, 2, 3, 5):
        greedy = greedy_mclp(part.stations, part.sites, p, config)
        exact = exact_mclp(part.stations, part.sites, p, config)
        assert len(exact.site_ids) <= p and len(greedy.site_ids) <= p
        assert exact.covered >= greedy.covered > 0


def test_reserve_teams_cover_must_cover_tps():
    part, result = ample_plan()
    must = {s.id for s in part.stations if s.category in ("rawan", "sangat_rawan")}
    covered = {sid for t in result.reserves for sid in t.covered_station_ids}
    assert covered <= must and result.stats["must_cover_covered"] == len(covered)
    assert all(t.site_id in {s.id for s in part.sites} for t in result.reserves)
    assert len(result.reserves) == round(result.stats["reserve_held"] / 10)


def test_travel_fn_hook_drives_the_choice():
    station = [Station(1, 0.0, 0.0, "rawan", 1, 1)]
    officers = [Officer(i, 0.0, 0.001 * i, 1) for i in range(1, 5)]

    def road(origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        far = np.where(origins[:, 1] > 0.0025, 1.0, 100.0)  # officers 3 and 4 have the good road
        return np.repeat(far[:, None], len(destinations), axis=1)

    config = PlanConfig(reserve_fraction=0.0, surplus_to_reserve=False, travel_fn=road)
    assert plan(station, officers, PATTERNS, [], config).posts[0].officer_ids == [3, 4]


def test_sparse_graph_staffs_like_the_dense_one():
    part = synthetic.polres(AMPLE)
    dense = plan(part.stations, part.officers, part.patterns, part.sites)
    sparse = plan(part.stations, part.officers, part.patterns, part.sites, PlanConfig(dense_arc_limit=0))
    assert not sparse.shortfall
    assert all(len(p.officer_ids) == p.required for p in sparse.posts)
    assert sparse.stats["objective_minutes"] <= 1.10 * dense.stats["objective_minutes"]


def test_dense_staffing_matches_the_exact_milp():
    part = synthetic.polres(synthetic.SyntheticSpec(tps=120, officers=50, sectors=4, desa=12, seed=5))
    result = plan(part.stations, part.officers, part.patterns, part.sites)
    exact = exact_staffing(result, part.officers, part.sites)
    assert result.stats["objective_minutes"] == pytest.approx(exact.objective_minutes, rel=1e-3)


def test_plan_round_trips_through_json():
    _, result = ample_plan()
    again = Plan.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result


def test_partitions_are_planned_independently():
    parts = list(synthetic.region(2, synthetic.SyntheticSpec(tps=200, officers=80, desa=20)))
    results = dict(plan_partitioned(parts))
    assert list(results) == [p.key for p in parts]
    for part in parts:
        ids = {s.id for s in part.stations}
        assert {sid for post in results[part.key].posts for sid in post.station_ids} == ids


def test_engine_never_imports_django():
    root = pathlib.Path(__file__).resolve().parents[2] / "siaga" / "engine"
    pattern = re.compile(r"^\s*(import|from)\s+django", re.MULTILINE)
    offenders = [str(f) for f in root.rglob("*.py") if pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_reserve_stands_where_it_is_cheapest_to_man_when_coverage_ties():
    # Every site reaches the one rawan TPS; the first listed is the Mako of a Polsek without officers of its own
    # here, so manning it would cost every officer the out-of-sector penalty.
    stations = [
        Station(1, -8.0, 113.0, "rawan", 1, 1),
        Station(2, -8.0 + KM_LAT, 113.0, "kurang_rawan", 1, 1),
    ]
    officers = [Officer(i, -8.0 + (i % 5) * KM_LAT / 5, 113.0, 1) for i in range(1, 21)]
    sites = [
        ReserveSite(10, -8.0, 113.01, "polsek", 2),
        ReserveSite(11, -8.0, 113.005, "polsek", 1),
        ReserveSite(12, -8.0 - KM_LAT, 113.0, "pos_aju", None),
    ]
    result = plan(stations, officers, PATTERNS, sites)
    assert len(result.reserves) == 2 and result.stats["must_cover_covered"] == 1
    assert sorted(t.site_id for t in result.reserves) == [11, 12]
    assert result.stats["objective_minutes"] < 16 * PlanConfig().out_of_sector_penalty_minutes / 2
