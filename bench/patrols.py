"""Benchmark of the patrol planner; prints one JSON object per line.

Run: .venv/bin/python bench/patrols.py
Synthetic instances: heavy-tailed (Pareto) risk weights, objects clustered in a ~60 x 60 km district around
lat -8.17, lon 113.7 (Jember-sized), teams on day (07:00-15:00) and evening (15:00-23:00) shifts.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from time import perf_counter

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from siaga.engine.patrols import (  # noqa: E402
    PatrolConfig,
    Target,
    Team,
    compute_coverage,
    defender_utility,
    deterministic_coverage,
    plan_patrols,
    solve_coverage_lp,
    uniform_coverage,
)

CENTER = (-8.17, 113.7)
KM_PER_DEG = 111.0
VISITS = 6
INSTANCES = ((50, 5), (500, 20), (5000, 50))


def synthetic(n_objects: int, n_teams: int, seed: int) -> tuple[list[Target], list[Team]]:
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-25, 25, size=(12, 2))
    which = rng.integers(0, len(centres), size=n_objects)
    xy = centres[which] + rng.normal(0, 4, size=(n_objects, 2))
    weights = rng.pareto(1.5, size=n_objects) + 1.0
    targets = [
        Target(i, *_latlon(x, y), risk_weight=float(w)) for i, ((x, y), w) in enumerate(zip(xy, weights, strict=True))
    ]
    bases = centres[rng.integers(0, len(centres), size=n_teams)] + rng.normal(0, 2, size=(n_teams, 2))
    teams = [
        Team(f"T{j}", *_latlon(x, y), shift_start=420 + 480 * (j % 2), shift_end=900 + 480 * (j % 2), speed_kmh=35.0)
        for j, (x, y) in enumerate(bases)
    ]
    return targets, teams


def _latlon(x_km: float, y_km: float) -> tuple[float, float]:
    lat = CENTER[0] + y_km / KM_PER_DEG
    return lat, CENTER[1] + x_km / (KM_PER_DEG * np.cos(np.radians(lat)))


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = perf_counter()
        fn()
        times.append(perf_counter() - started)
    return statistics.median(times)


def emit(**record: object) -> None:
    print(json.dumps(record), flush=True)


def bench_instance(n_objects: int, n_teams: int) -> None:
    targets, teams = synthetic(n_objects, n_teams, seed=n_objects)
    m = n_teams * VISITS
    size = {"objects": n_objects, "teams": n_teams, "resources": m}
    solve_s = _median_time(lambda: compute_coverage(targets, m), repeats=5)
    emit(metric=f"patrol_solve_{n_objects}_s", value=round(solve_s, 5), unit="s", includes_routing=False, **size)
    coverage = compute_coverage(targets, m)
    optimal = defender_utility(coverage, targets)
    for name, baseline in (("uniform", uniform_coverage), ("deterministic", deterministic_coverage)):
        gain = optimal - defender_utility(baseline(targets, m), targets)
        emit(metric=f"utility_gain_vs_{name}", value=round(gain, 6), unit="utility", **size)
    config = PatrolConfig(seed="bench-secret", visits_per_shift=VISITS)
    started = perf_counter()
    plan = plan_patrols(targets, teams, config, day="2024-11-20")
    total_s = perf_counter() - started
    routing = {"visited": plan.stats["visited"], "dropped": plan.stats["dropped"], **size}
    emit(metric=f"patrol_route_{n_objects}_s", value=round(plan.stats["routing_s"], 4), unit="s", **routing)
    emit(metric=f"patrol_plan_{n_objects}_s", value=round(total_s, 4), unit="s", includes_routing=True, **size)


def bench_optimality(instances: int = 300) -> None:
    """Coverage against the multiple-LP optimum on random general-sum games with real-valued resources, half
    of them between n - 1 and n (where a fully covered target leaves resources that must be placed well)."""
    rng = np.random.default_rng(2009)
    worst = 0.0
    for case in range(instances):
        n = int(rng.integers(2, 12))
        m = n - 1 + float(rng.uniform(0, 1)) if case % 2 else float(rng.uniform(0, n))
        targets = []
        for i in range(n):
            ac, du = float(rng.integers(-3, 3)), float(rng.integers(-5, 1))
            targets.append(
                Target(
                    i,
                    attacker_covered=ac,
                    attacker_uncovered=ac + float(rng.integers(1, 5)),
                    defender_uncovered=du,
                    defender_covered=du + float(rng.integers(0, 5)),
                )
            )
        gap = solve_coverage_lp(targets, m)[1] - defender_utility(compute_coverage(targets, m), targets)
        worst = max(worst, gap)
    emit(
        metric="coverage_utility_gap_vs_lp",
        value=round(worst, 9),
        unit="utility",
        aggregate="max over instances of (LP optimum - ORIGAMI defender utility)",
        instances=instances,
        resources="real-valued, half in (n-1, n)",
    )


def main() -> None:
    for n_objects, n_teams in INSTANCES:
        bench_instance(n_objects, n_teams)
    bench_optimality()


if __name__ == "__main__":
    main()
