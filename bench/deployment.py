"""Benchmark of the deployment planner. Prints one JSON object per line.

    .venv/bin/python bench/deployment.py            # polres, polda, nation (820,000 TPS), quality, joint
    .venv/bin/python bench/deployment.py --quick    # skips the nation run

Quality: ``plan_objective_ratio_vs_exact`` measures the whole planner (grouping, allocation, staffing, reserve
placement) against the exact joint MILP of siaga.engine.deployment.joint on small instances (its objective is
printed with the metric; 1.0 = optimal). ``staffing_sparse_vs_dense_cost_ratio`` compares the sparse staffing
graph (used above ``dense_arc_limit`` pairs) with the dense exact one on a Polres, with both times;
``staffing_sparse_ratio_vs_exact`` the sparse path against an exact re-solve of the same staffing step.

Every size runs in a fresh child process so that its peak memory is its own: peak_mib is the child's
resource.getrusage(RUSAGE_SELF).ru_maxrss (whole-process high-water mark, including the interpreter and the
numpy/scipy/OR-tools imports, reported as baseline_mib). Times cover plan() only, not instance generation.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from siaga.engine.deployment import (  # noqa: E402
    PlanConfig,
    exact_mclp,
    exact_staffing,
    greedy_mclp,
    plan,
    plan_partitioned,
    synthetic,
)
from siaga.engine.deployment.joint import joint_cost, solve_joint  # noqa: E402

NATION_TPS = 820_000
OFFICERS_PER_POLRES = 1000


def emit(metric: str, value: float, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def scenario_polres() -> None:
    base = peak_mib()
    part = synthetic.polres(synthetic.SyntheticSpec(tps=4046, officers=1000))
    times, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        result = plan(part.stations, part.officers, part.patterns, part.sites)
        times.append(time.perf_counter() - started)
    size = {"tps": len(part.stations), "officers": len(part.officers)}
    emit("plan_polres_s", round(statistics.median(times), 3), "s", **size, runs=3, posts=result.stats["posts"])
    emit("plan_polres_peak_mib", peak_mib(), "MiB", **size, method="getrusage_maxrss", baseline_mib=base)


def scenario_polda() -> None:
    base = peak_mib()
    parts = list(synthetic.region(30, synthetic.SyntheticSpec(tps=4000, officers=OFFICERS_PER_POLRES), seed=7))
    stations = [s for p in parts for s in p.stations]
    officers = [o for p in parts for o in p.officers]
    sites = [s for p in parts for s in p.sites]
    started = time.perf_counter()
    result = plan(stations, officers, parts[0].patterns, sites)
    elapsed = time.perf_counter() - started
    size = {"tps": len(stations), "officers": len(officers), "mode": "single plan() call"}
    emit("plan_polda_s", round(elapsed, 3), "s", **size, posts=result.stats["posts"])
    emit("plan_polda_peak_mib", peak_mib(), "MiB", **size, method="getrusage_maxrss", baseline_mib=base)


def scenario_nation(n_polres: int, workers: int) -> None:
    base = peak_mib()
    spec = synthetic.SyntheticSpec(officers=OFFICERS_PER_POLRES)
    tps = officers = 0
    plan_s = 0.0
    wall = time.perf_counter()
    parts = synthetic.region(n_polres, spec, seed=11, total_tps=NATION_TPS)
    if workers > 1:
        for _, result in plan_partitioned(parts, PlanConfig(), workers=workers):
            tps, officers = tps + result.stats["stations"], officers + result.stats["officers_available"]
        plan_s = time.perf_counter() - wall
    else:
        for part in parts:
            started = time.perf_counter()
            plan(part.stations, part.officers, part.patterns, part.sites)
            plan_s += time.perf_counter() - started
            tps, officers = tps + len(part.stations), officers + len(part.officers)
    size = {"tps": tps, "officers": officers, "polres": n_polres, "workers": workers}
    emit("plan_nation_s", round(plan_s, 2), "s", **size, wall_s=round(time.perf_counter() - wall, 2))
    emit("plan_nation_peak_mib", peak_mib(), "MiB", **size, method="getrusage_maxrss", baseline_mib=base)


def scenario_quality() -> None:
    small = synthetic.polres(synthetic.SyntheticSpec(tps=200, officers=80, sectors=5, desa=15, seed=3))
    mid = synthetic.polres(synthetic.SyntheticSpec(tps=1000, officers=300, sectors=10, desa=76, seed=3))
    sparse_mid = plan(mid.stations, mid.officers, mid.patterns, mid.sites, PlanConfig(dense_arc_limit=0))
    exact = exact_staffing(sparse_mid, mid.officers, mid.sites, PlanConfig(dense_arc_limit=0))
    emit(
        "staffing_sparse_ratio_vs_exact",
        round(sparse_mid.stats["objective_minutes"] / exact.objective_minutes, 4),
        "ratio",
        tps=len(mid.stations),
        officers=len(mid.officers),
        objective="travel minutes + sector penalties of the staffing step, same posts and reserve sites",
        note="the dense path is exact on its own posts by construction; the sparse graph is not",
    )
    big = synthetic.polres(synthetic.SyntheticSpec(tps=4046, officers=1000))
    runs = {}
    for name, limit in (("dense", PlanConfig().dense_arc_limit), ("sparse", 0)):
        started = time.perf_counter()
        result = plan(big.stations, big.officers, big.patterns, big.sites, PlanConfig(dense_arc_limit=limit))
        runs[name] = (result.stats, time.perf_counter() - started)
    (dense, dense_s), (sparse, sparse_s) = runs["dense"], runs["sparse"]
    emit(
        "staffing_sparse_vs_dense_cost_ratio",
        round(sparse["objective_minutes"] / dense["objective_minutes"], 4),
        "ratio",
        tps=len(big.stations),
        officers=len(big.officers),
        objective="travel minutes + sector penalties (whole plan, same posts and sites on both paths)",
        dense_objective_minutes=dense["objective_minutes"],
        sparse_objective_minutes=sparse["objective_minutes"],
        dense_plan_s=round(dense_s, 3),
        sparse_plan_s=round(sparse_s, 3),
    )
    worst, extra = _coverage_ratio(small)
    emit("reserve_coverage_ratio_vs_exact", worst, "ratio", **extra)


JOINT_INSTANCES = 8


def scenario_joint() -> None:
    """The whole planner against the exact joint MILP (siaga.engine.deployment.joint) on small instances."""
    ratios, cases, optimal, solve_s = [], [], 0, []
    for k in range(JOINT_INSTANCES):
        spec = synthetic.SyntheticSpec(
            tps=14 + 2 * (k % 4), officers=40, sectors=2, desa=4, width_km=12, height_km=10, pos_aju=2, seed=k
        )
        part = synthetic.polres(spec)
        config = PlanConfig(response_minutes=(10, 15)[k % 2])
        result = plan(part.stations, part.officers, part.patterns, part.sites, config)
        mine = joint_cost(result, part.stations, part.officers, part.patterns, part.sites, config)
        best = solve_joint(part.stations, part.officers, part.patterns, part.sites, config, time_limit=300)
        if not mine.feasible:
            raise SystemExit(f"planner result breaks the joint model's rules: {mine.violations}")
        optimal += best.optimal
        solve_s.append(best.runtime_s)
        ratios.append(mine.total / best.cost.total)
        cases.append(
            [len(part.stations), mine.posts, best.cost.posts, mine.teams, best.cost.teams]
            + [round(v, 1) for v in (mine.staffing, best.cost.staffing, mine.grouping, best.cost.grouping)]
            + [round(mine.uncovered), round(best.cost.uncovered), round(ratios[-1], 4)]
        )
    emit(
        "plan_objective_ratio_vs_exact",
        round(statistics.mean(ratios), 4),
        "ratio",
        aggregate="mean over instances",
        instances=len(ratios),
        mean=round(statistics.mean(ratios), 4),
        worst=round(max(ratios), 4),
        best=round(min(ratios), 4),
        proven_optimal=optimal,
        exact_solve_s_max=round(max(solve_s), 2),
        officers=40,
        objective=(
            "minutes: officer travel + sector penalties to post anchors and reserve sites, TPS travel from their "
            "post anchor, 1000 per must-cover TPS out of reserve reach"
        ),
        fields=[
            "tps",
            "posts_plan",
            "posts_exact",
            "teams_plan",
            "teams_exact",
            "staffing_plan",
            "staffing_exact",
            "grouping_plan",
            "grouping_exact",
            "uncovered_plan",
            "uncovered_exact",
            "ratio",
        ],
        cases=cases,
    )


def _coverage_ratio(small) -> tuple[float, dict]:
    big = synthetic.polres(synthetic.SyntheticSpec(tps=4046, officers=1000))
    worst, cases = 1.0, []
    for name, part in (("small", small), ("polres", big)):
        for minutes in (10, 15, 30):
            config = PlanConfig(response_minutes=minutes)
            for p in (1, 2, 3, 5, 8, 15):
                if p > len(part.sites):
                    continue
                greedy = greedy_mclp(part.stations, part.sites, p, config)
                exact = exact_mclp(part.stations, part.sites, p, config)
                ratio = greedy.covered / exact.covered if exact.covered else 1.0
                worst = min(worst, ratio)
                cases.append([name, minutes, p, greedy.covered, exact.covered])
    fields = ["instance", "response_min", "sites", "greedy", "exact"]
    return round(worst, 4), {
        "tps": 200,
        "officers": 80,
        "aggregate": "min over cases",
        "fields": fields,
        "cases": cases,
    }


def run_child(args: list[str]) -> None:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    sys.stdout.write(out.stdout)
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the nation-size run")
    parser.add_argument("--scenario", choices=["polres", "polda", "nation", "quality", "joint"], help=argparse.SUPPRESS)
    parser.add_argument("--nation-polres", type=int, default=203, help="Polres partitions for 820,000 TPS")
    parser.add_argument("--workers", type=int, default=1, help="processes for the nation run")
    args = parser.parse_args()
    if args.scenario == "polres":
        return scenario_polres()
    if args.scenario == "polda":
        return scenario_polda()
    if args.scenario == "nation":
        return scenario_nation(args.nation_polres, args.workers)
    if args.scenario == "quality":
        return scenario_quality()
    if args.scenario == "joint":
        return scenario_joint()
    run_child(["--scenario", "polres"])
    run_child(["--scenario", "polda"])
    if not args.quick:
        run_child(["--scenario", "nation", "--nation-polres", str(args.nation_polres), "--workers", str(args.workers)])
    run_child(["--scenario", "quality"])
    run_child(["--scenario", "joint"])


if __name__ == "__main__":
    main()
