"""Synthetic gangguan kamtibmas for bench/anev.py: a year of cases for one Polres from a marked branching process
(fixed hot spots plus near-repeat offspring), written independently of siaga.engine.hotspots (no shared code)."""

from __future__ import annotations

import math
import random

LAT0, LON0, SPAN = -7.30, 112.30, 0.40  # a 44 × 44 km Polres area
DAYS = 365


def _hotspots(rng: random.Random, n: int = 40):
    return [
        (LAT0 + rng.uniform(0.03, SPAN - 0.03), LON0 + rng.uniform(0.03, SPAN - 0.03), rng.lognormvariate(0, 0.8))
        for _ in range(n)
    ]


def synthetic_year(seed: int = 7, background: int = 2900, branching: float = 0.55, delay_days: float = 6.0,
                   repeat_m: float = 150.0) -> list[tuple[float, float, float]]:  # fmt: skip
    """[(lat, lon, day)] sorted by day: background events around hot spots (85 %) or anywhere (15 %); each event
    then has Poisson(branching) offspring after an exponential delay, within about `repeat_m` metres."""
    rng = random.Random(seed)
    spots = _hotspots(rng)
    total_w = sum(w for *_, w in spots)
    deg = 1 / 110_574  # degrees per metre
    events = []
    for _ in range(background):
        day = rng.uniform(0, DAYS)
        if rng.random() < 0.15:
            events.append((LAT0 + rng.uniform(0, SPAN), LON0 + rng.uniform(0, SPAN), day))
            continue
        pick, acc, chosen = rng.uniform(0, total_w), 0.0, spots[-1]
        for spot in spots:
            acc += spot[2]
            if acc >= pick:
                chosen = spot
                break
        events.append((chosen[0] + rng.gauss(0, 400) * deg, chosen[1] + rng.gauss(0, 400) * deg, day))
    queue = list(events)
    while queue:
        lat, lon, day = queue.pop()
        k, p, limit = 0, 1.0, math.exp(-branching)
        while True:  # Knuth's Poisson sampler
            p *= rng.random()
            if p <= limit:
                break
            k += 1
        for _ in range(k):
            child_day = day + rng.expovariate(1 / delay_days)
            if child_day >= DAYS:
                continue
            child = (lat + rng.gauss(0, repeat_m) * deg, lon + rng.gauss(0, repeat_m) * deg, child_day)
            events.append(child)
            queue.append(child)
    events.sort(key=lambda e: e[2])
    return events
