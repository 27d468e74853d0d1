"""Benchmark of the weekly visit planner (siaga.engine.visits); prints one JSON object per line.

Run: .venv/bin/python bench/visit_plan.py
A synthetic Polres: 250 desa on a ~60 x 60 km district around lat -8.17, lon 113.7, each with 6 RW and 20 tokoh
(1,500 RW, 5,000 tokoh) and one Bhabinkamtibmas based at the desa centre; priorities from influence, the desa's
kerawanan and incident history, days since the last visit and a directive (every calon kades). A week is 5 days
with 3 hours of sambang each (travel and visits included; the rest is other duty); a tokoh visit takes 30 min, an RW
meeting 45 min.

- visit_plan_s: the week's plan for all 250 officers (OR-Tools per officer).
- visit_priority_gain_vs_roundrobin: priority collected by the plan / by a round-robin rota (the officer works down
  the list in register order, same week, same hours), both computed in this run.
- visit_plan_gap_vs_exact: mean relative shortfall against the exact optimum (subset DP, independent of OR-Tools)
  on 30 instances of 10 targets and 2 days small enough to solve exactly; the max is printed too.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from siaga.engine.visits import Officer, Target, VisitConfig, plan_week, priority  # noqa: E402
from siaga.engine.visits.exact import solve_exact  # noqa: E402
from siaga.engine.visits.roundrobin import plan_rota  # noqa: E402

CENTER = (-8.17, 113.7)
KM_PER_DEG = 111.0
DESA, RW_PER_DESA, TOKOH_PER_DESA = 250, 6, 20
KINDS = ["tokoh_agama"] * 5 + ["tokoh_masyarakat"] * 6 + ["perangkat_desa"] * 4 + ["calon_kades"] * 2 + ["media"] * 3


def _near(rng, lat, lon, km):
    return lat + rng.uniform(-km, km) / KM_PER_DEG, lon + rng.uniform(-km, km) / KM_PER_DEG


def polres(seed: int = 7) -> list[Officer]:
    rng = random.Random(seed)
    officers = []
    for d in range(DESA):
        lat, lon = _near(rng, *CENTER, 30)
        kerawanan = rng.choice([0.0, 0.0, 0.0, 0.5, 0.5, 1.0])
        incidents = int(rng.paretovariate(1.5)) - 1
        targets = []
        for r in range(RW_PER_DESA):
            t_lat, t_lon = _near(rng, lat, lon, 1.5)
            days = rng.choice([None, 3, 10, 20, 40])
            prize = priority(influence=3, kerawanan=kerawanan, incidents=incidents, days_since_visit=days)
            targets.append(Target(f"d{d}-rw{r}", t_lat, t_lon, prize, 45))
        for t in range(TOKOH_PER_DESA):
            t_lat, t_lon = _near(rng, lat, lon, 2.0)
            kind = KINDS[t]
            days = rng.choice([None, 2, 7, 14, 30, 60])
            prize = priority(
                influence=rng.randint(1, 5), kerawanan=kerawanan, incidents=incidents, days_since_visit=days,
                directive=kind == "calon_kades",
            )  # fmt: skip
            targets.append(Target(f"d{d}-t{t}", t_lat, t_lon, prize, 30))
        rng.shuffle(targets)  # the register's order has nothing to do with priority
        officers.append(Officer(f"bhabin{d}", lat, lon, targets))
    return officers


def small_instances(n: int = 30, seed: int = 11) -> list[Officer]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lat, lon = _near(rng, *CENTER, 20)
        targets = [
            Target(f"s{i}-{k}", *_near(rng, lat, lon, 2.5), round(rng.uniform(1, 20), 2), rng.choice([30, 45, 60]))
            for k in range(10)
        ]
        out.append(Officer(f"kecil{i}", lat, lon, targets))
    return out


def emit(metric: str, value, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def main() -> None:
    config = VisitConfig(days=5, day_minutes=180)
    officers = polres()
    start = perf_counter()
    plans = plan_week(officers, config)
    seconds = perf_counter() - start
    rota = [plan_rota(o, config) for o in officers]
    total = sum(t.prize for o in officers for t in o.targets)
    planned, rota_prize = sum(p.prize for p in plans), sum(p.prize for p in rota)
    emit("visit_plan_s", round(seconds, 3), "s", officers=len(officers), rw=DESA * RW_PER_DESA,
         tokoh=DESA * TOKOH_PER_DESA, visits=sum(len(p.stops) for p in plans))  # fmt: skip
    emit("visit_priority_gain_vs_roundrobin", round(planned / rota_prize, 4), "ratio",
         plan_share=round(planned / total, 4), rota_share=round(rota_prize / total, 4),
         rota_visits=sum(len(p.stops) for p in rota))  # fmt: skip
    small = VisitConfig(days=2, day_minutes=150)
    gaps = []
    for officer in small_instances():
        exact = solve_exact(officer, small)
        found = plan_week([officer], small)[0].prize
        gaps.append(max(0.0, (exact - found) / exact) if exact else 0.0)
    emit("visit_plan_gap_vs_exact", round(100 * statistics.mean(gaps), 3), "%", instances=len(gaps),
         max_pct=round(100 * max(gaps), 3), exact_matches=sum(g < 1e-9 for g in gaps))  # fmt: skip


if __name__ == "__main__":
    main()
