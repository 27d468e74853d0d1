"""Coverage (ORIGAMI) against the multiple-LP reference and the baselines."""

import numpy as np
import pytest

from siaga.engine.patrols import (
    Target,
    attacker_best_response,
    compute_coverage,
    defender_utility,
    deterministic_coverage,
    solve_coverage_lp,
    uniform_coverage,
)


def random_general_sum(rng: np.random.Generator, n: int) -> list[Target]:
    targets = []
    for i in range(n):
        attacker_covered = rng.uniform(-5, 2)
        defender_uncovered = rng.uniform(-8, 0)
        targets.append(
            Target(
                i,
                risk_weight=1.0,
                attacker_covered=attacker_covered,
                attacker_uncovered=attacker_covered + rng.uniform(0.1, 8),
                defender_uncovered=defender_uncovered,
                defender_covered=defender_uncovered + rng.uniform(0, 8),
            )
        )
    return targets


def heavy_tailed(rng: np.random.Generator, n: int) -> list[Target]:
    return [Target(i, -8.1, 113.7, risk_weight=float(w)) for i, w in enumerate(rng.pareto(1.5, n) + 1)]


@pytest.mark.parametrize("n,m", [(1, 0), (1, 1), (7, 3), (40, 12), (40, 39), (40, 40), (10, 25), (300, 57)])
def test_coverage_sums_to_resources_and_stays_in_unit_interval(n, m):
    coverage = np.array(compute_coverage(heavy_tailed(np.random.default_rng(n * 100 + m), n), m))
    assert abs(coverage.sum() - min(m, n)) < 1e-6
    assert coverage.min() >= 0.0 and coverage.max() <= 1.0


def test_general_sum_coverage_sums_to_resources():
    rng = np.random.default_rng(3)
    for _ in range(100):
        n = int(rng.integers(1, 15))
        m = int(rng.integers(0, n + 3))
        coverage = np.array(compute_coverage(random_general_sum(rng, n), m))
        assert abs(coverage.sum() - min(m, n)) < 1e-6
        assert coverage.min() >= 0.0 and coverage.max() <= 1.0


def test_origami_equals_multiple_lp_optimum_on_random_instances():
    rng = np.random.default_rng(2009)
    for _ in range(120):
        n = int(rng.integers(1, 11))
        m = int(rng.integers(0, n + 1))
        targets = random_general_sum(rng, n)
        _, lp_value = solve_coverage_lp(targets, m)
        assert defender_utility(compute_coverage(targets, m), targets) == pytest.approx(lp_value, abs=1e-6)


def test_origami_equals_multiple_lp_with_risk_weight_payoffs():
    rng = np.random.default_rng(11)
    targets = heavy_tailed(rng, 25)
    for m in (1, 5, 13, 24):
        _, lp_value = solve_coverage_lp(targets, m)
        assert defender_utility(compute_coverage(targets, m), targets) == pytest.approx(lp_value, abs=1e-6)


def test_defender_utility_beats_uniform_and_deterministic():
    rng = np.random.default_rng(5)
    for n, m in [(20, 3), (50, 30), (200, 40), (500, 120)]:
        targets = heavy_tailed(rng, n)
        optimal = defender_utility(compute_coverage(targets, m), targets)
        assert optimal > defender_utility(uniform_coverage(targets, m), targets) + 1e-6
        assert optimal > defender_utility(deterministic_coverage(targets, m), targets) + 1e-6


def test_defender_utility_never_below_baselines_in_general_sum_games():
    rng = np.random.default_rng(8)
    for _ in range(100):
        n = int(rng.integers(1, 12))
        m = int(rng.integers(0, n + 1))
        targets = random_general_sum(rng, n)
        optimal = defender_utility(compute_coverage(targets, m), targets)
        assert optimal >= defender_utility(uniform_coverage(targets, m), targets) - 1e-9
        assert optimal >= defender_utility(deterministic_coverage(targets, m), targets) - 1e-9


def test_riskier_objects_get_more_coverage():
    targets = [Target(i, risk_weight=w) for i, w in enumerate([1, 2, 4, 8, 16])]
    coverage = compute_coverage(targets, 2)
    assert coverage == sorted(coverage)
    assert coverage[0] == 0.0 and coverage[-1] > coverage[-2] > 0


def test_ties_are_broken_in_favour_of_defender():
    targets = [
        Target("a", attacker_covered=0, attacker_uncovered=1, defender_covered=0, defender_uncovered=-10),
        Target("b", attacker_covered=0, attacker_uncovered=1, defender_covered=0, defender_uncovered=-1),
    ]
    assert attacker_best_response([0.0, 0.0], targets) == 1
    assert defender_utility({"a": 0.0, "b": 0.0}, targets) == -1.0


def test_baselines_have_expected_shape():
    targets = [Target(i, risk_weight=w) for i, w in enumerate([5, 1, 9, 3])]
    assert uniform_coverage(targets, 2) == [0.5] * 4
    assert deterministic_coverage(targets, 2) == [1.0, 0.0, 1.0, 0.0]
    assert deterministic_coverage(targets, 10) == [1.0] * 4


def test_invalid_payoffs_and_resources_are_rejected():
    with pytest.raises(ValueError):
        Target("x", attacker_covered=2.0, attacker_uncovered=1.0)
    with pytest.raises(ValueError):
        Target("x", risk_weight=-1)
    with pytest.raises(ValueError):
        compute_coverage([Target("x")], -1)
