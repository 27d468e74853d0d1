"""The weekly visit planner: feasible days, never worse than the rota or above the exact optimum, priorities that
grow with kerawanan, staleness and directives, and bad input named in Bahasa Indonesia."""

import math
import random

import pytest

from siaga.engine.visits import Officer, PlanInputError, Target, VisitConfig, plan_officer, priority
from siaga.engine.visits.exact import solve_exact
from siaga.engine.visits.model import minutes_matrix
from siaga.engine.visits.roundrobin import plan_rota


def _officer(n, seed=1, spread_km=2.5):
    rng = random.Random(seed)
    d = spread_km / 111
    targets = [
        Target(f"t{i}", -8.2 + rng.uniform(-d, d), 113.5 + rng.uniform(-d, d), rng.uniform(1, 20), rng.choice([30, 45]))
        for i in range(n)
    ]
    return Officer("o", -8.2, 113.5, targets)


def _day_lengths(officer, plan, config):
    minutes = minutes_matrix(officer, config)
    index = {t.id: i + 1 for i, t in enumerate(officer.targets)}
    lengths = []
    for day in range(config.days):
        stops = sorted((s for s in plan.stops if s.day == day), key=lambda s: s.order)
        here, total = 0, 0
        for s in stops:
            node = index[s.target_id]
            total += minutes[here, node] + officer.targets[node - 1].minutes
            here = node
        lengths.append(total + minutes[here, 0])
    return lengths


def test_every_day_fits_the_working_hours_and_no_target_is_planned_twice():
    officer, config = _officer(26), VisitConfig(days=5, day_minutes=180)
    plan = plan_officer(officer, config)
    assert max(_day_lengths(officer, plan, config)) <= config.day_minutes
    ids = [s.target_id for s in plan.stops]
    assert len(ids) == len(set(ids)) and 0 < len(ids) < 26
    assert math.isclose(plan.prize, sum(t.prize for t in officer.targets if t.id in ids))


@pytest.mark.parametrize("seed", range(6))
def test_the_plan_beats_the_rota_and_never_exceeds_the_exact_optimum(seed):
    officer, config = _officer(10, seed), VisitConfig(days=2, day_minutes=150)
    exact = solve_exact(officer, config)
    plan = plan_officer(officer, config)
    assert plan_rota(officer, config).prize <= plan.prize + 1e-9 <= exact + 1e-6
    assert plan.prize >= 0.85 * exact


def test_the_exact_solver_finds_the_known_optimum_of_a_tiny_case():
    # three targets at the base: each takes 60 min, one day of 120 min: the two largest prizes
    officer = Officer("o", -8.2, 113.5, [Target(str(i), -8.2, 113.5, p, 60) for i, p in enumerate((5, 9, 7))])
    config = VisitConfig(days=1, day_minutes=120)
    assert solve_exact(officer, config) == 16
    assert plan_officer(officer, config).prize == 16


def test_priority_grows_with_kerawanan_staleness_and_a_directive():
    base = priority(influence=3, days_since_visit=10)
    assert priority(influence=3, days_since_visit=10, kerawanan=1.0) > base
    assert priority(influence=3, days_since_visit=40) > base
    assert priority(influence=3, days_since_visit=10, directive=True) == pytest.approx(3 * base, rel=1e-3)
    assert priority(influence=3, days_since_visit=None) > priority(influence=3, days_since_visit=30)


def test_bad_coordinates_are_named():
    officer = Officer("o", -8.2, 113.5, [Target("rusak", float("nan"), 113.5, 3.0)])
    with pytest.raises(PlanInputError, match="rusak"):
        plan_officer(officer)
    with pytest.raises(PlanInputError, match="Pangkalan"):
        plan_officer(Officer("o", None, None, []))
