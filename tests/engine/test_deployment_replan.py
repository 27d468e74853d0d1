"""replan(): after a change, as few officers as possible move."""

from __future__ import annotations

from dataclasses import replace

from siaga.engine.deployment import PlanConfig, plan, replan, synthetic

SPEC = synthetic.SyntheticSpec(tps=300, officers=200, sectors=6, desa=30, width_km=25, height_km=20, seed=1)


def _base(**config):
    part = synthetic.polres(SPEC)
    cfg = PlanConfig(**config)
    return part, cfg, plan(part.stations, part.officers, part.patterns, part.sites, cfg)


def test_replan_without_change_moves_nobody():
    part, cfg, first = _base()
    again = replan(first, part.stations, part.officers, part.patterns, part.sites, cfg)
    assert again.moved == 0 and again.assignments() == first.assignments()


def test_one_officer_drops_moves_at_most_three():
    part, cfg, first = _base()
    for victim_post in (first.posts[0], first.posts[len(first.posts) // 2]):
        gone = victim_post.officer_ids[0]
        officers = [replace(o, available=False) if o.id == gone else o for o in part.officers]
        second = replan(first, part.stations, officers, part.patterns, part.sites, cfg)
        assert second.moved <= 3 and second.stats["released"] == 1
        assert gone not in second.assignments()
        post = next(p for p in second.posts if p.id == victim_post.id)
        assert len(post.officer_ids) == post.required and not second.shortfall


def test_one_officer_drops_with_surplus_idle_moves_at_most_three():
    part, cfg, first = _base(surplus_to_reserve=False)
    gone = first.posts[3].officer_ids[1]
    officers = [replace(o, available=False) if o.id == gone else o for o in part.officers]
    second = replan(first, part.stations, officers, part.patterns, part.sites, cfg)
    assert second.moved <= 3 and not second.shortfall


def test_recategorised_tps_moves_few_and_keeps_post_ids():
    part, cfg, first = _base()
    stations = list(part.stations)
    i = next(k for k, s in enumerate(stations) if s.category == "kurang_rawan")
    stations[i] = replace(stations[i], category="sangat_rawan")
    second = replan(first, stations, part.officers, part.patterns, part.sites, cfg)
    new_post = next(p for p in second.posts if stations[i].id in p.station_ids)
    assert new_post.category == "sangat_rawan" and new_post.station_ids == [stations[i].id]
    assert len(new_post.officer_ids) == 2 and not second.shortfall
    assert second.moved <= 4
    unchanged = {p.id for p in first.posts} & {p.id for p in second.posts}
    assert len(unchanged) >= len(first.posts) - 1
