"""Sampling daily schedules from coverage: exact marginals, fixed size, reproducible, different each day."""

import numpy as np

from siaga.engine.patrols import Target, comb_sample, compute_coverage, draw_schedule, shift_rng


def coverage_fixture() -> dict[int, float]:
    rng = np.random.default_rng(21)
    targets = [Target(i, risk_weight=float(w)) for i, w in enumerate(rng.pareto(1.2, 40) + 1)]
    return {t.id: c for t, c in zip(targets, compute_coverage(targets, 9), strict=True)}


def test_sampled_frequencies_match_coverage_within_four_standard_errors():
    coverage = coverage_fixture()
    draws = 2000
    counts = dict.fromkeys(coverage, 0)
    for day in range(draws):
        for object_id in draw_schedule(coverage, "secret", f"d{day}"):
            counts[object_id] += 1
    for object_id, prob in coverage.items():
        stderr = np.sqrt(prob * (1 - prob) / draws)
        assert abs(counts[object_id] / draws - prob) <= max(4 * stderr, 1e-12), object_id


def test_each_draw_has_exactly_round_m_distinct_objects():
    coverage = coverage_fixture()
    for day in range(300):
        schedule = draw_schedule(coverage, 7, f"2024-11-{day}")
        assert len(schedule) == 9 == len(set(schedule))


def test_schedules_are_reproducible_but_change_with_day_period_and_seed():
    coverage = coverage_fixture()
    first = draw_schedule(coverage, "secret", "2024-11-20")
    assert first == draw_schedule(coverage, "secret", "2024-11-20")
    days = {tuple(draw_schedule(coverage, "secret", f"2024-11-{d:02d}")) for d in range(1, 31)}
    assert len(days) > 20
    assert first != draw_schedule(coverage, "secret", "2024-11-20", period="malam")
    assert first != draw_schedule(coverage, "other-secret", "2024-11-20")


def test_comb_sample_with_fractional_total_keeps_marginals():
    probabilities = np.array([0.9, 0.5, 0.3, 0.8, 0.0, 1.0])
    rng = shift_rng(1, "x")
    draws = 4000
    counts = np.zeros(len(probabilities))
    for _ in range(draws):
        picks = comb_sample(probabilities, rng)
        assert len(picks) in (3, 4)
        counts[picks] += 1
    stderr = np.sqrt(probabilities * (1 - probabilities) / draws)
    assert np.all(np.abs(counts / draws - probabilities) <= np.maximum(4 * stderr, 1e-12))


def test_zero_and_full_coverage_are_deterministic():
    coverage = {"a": 1.0, "b": 0.0, "c": 1.0, "d": 0.0}
    for day in range(50):
        assert draw_schedule(coverage, 0, str(day)) == ["a", "c"]
