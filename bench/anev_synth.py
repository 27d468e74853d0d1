"""Synthetic gangguan kamtibmas for bench/anev.py: a year of cases for one Polres from a marked branching process,
written independently of siaga.engine.hotspots (no shared code).

Background events (immigrants, `background` of them, uniform in time) come from two sources:
* hot spots (half): 40 places (markets, terminals, nightlife streets) with lognormal weights and a 400 m spread;
  30 % of them are active only for 3 to 12 weeks of the year (a drug-selling spot until it is raided, a seasonal
  market) — hot spots emerge and fade, as in Weisburd et al.'s trajectories of crime at places;
* settlements (the other half): 300 desa centres with lognormal weights and a 700 m spread, crime where people live
  rather than uniform over rice fields and plantations.
With this mix a static map's top 5 % of the area holds about half the crime, the "law of crime concentration"
(Weisburd 2015: 50 % of crime at about 2-6 % of places); an earlier version with 85 % of the background in
hot spots put ~80 % of all crime in 5 % of the area, which no real Polres sees.
Every event then has Poisson(`branching`) near-repeat offspring after an exponential delay (mean `delay_days`)
within about `repeat_m` metres (Johnson & Bowers: risk raised for a few hundred metres for one to two weeks).

`true_intensity` gives the process's own expected counts for the week after a day (its real hot spots, settlements
and offspring kernel): the ceiling no forecast can beat, printed by the bench next to the forecast.
"""

from __future__ import annotations

import math
import random

LAT0, LON0, SPAN = -7.30, 112.30, 0.40  # a 44 × 44 km Polres area
DAYS = 365
DEG = 1 / 110_574  # degrees per metre
HOTSPOT_SHARE = 0.5
HOTSPOT_M, SETTLEMENT_M = 400.0, 700.0
TRANSIENT_SHARE, LIFE_DAYS = 0.3, (21.0, 84.0)


def _places(rng: random.Random):
    spots = []
    for _ in range(40):
        lat, lon = LAT0 + rng.uniform(0.03, SPAN - 0.03), LON0 + rng.uniform(0.03, SPAN - 0.03)
        weight = rng.lognormvariate(0, 0.8)
        active = (-math.inf, math.inf)
        if rng.random() < TRANSIENT_SHARE:
            life = rng.uniform(*LIFE_DAYS)
            start = rng.uniform(-life / 2, DAYS - life / 2)
            active = (start, start + life)
        spots.append((lat, lon, weight, active))
    settlements = [
        (LAT0 + rng.uniform(0, SPAN), LON0 + rng.uniform(0, SPAN), rng.lognormvariate(0, 0.6)) for _ in range(300)
    ]
    return spots, settlements


def _pick(rng: random.Random, places):
    pick, acc = rng.uniform(0, sum(p[2] for p in places)), 0.0
    for place in places:
        acc += place[2]
        if acc >= pick:
            return place
    return places[-1]


def _poisson(rng: random.Random, mean: float) -> int:
    k, p, limit = 0, 1.0, math.exp(-mean)
    while True:  # Knuth's sampler
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def synthetic_year(seed: int = 7, background: int = 2900, branching: float = 0.55, delay_days: float = 6.0,
                   repeat_m: float = 150.0) -> list[tuple[float, float, float]]:  # fmt: skip
    """[(lat, lon, day)] sorted by day (see the module docstring)."""
    rng = random.Random(seed)
    spots, settlements = _places(rng)
    events = []
    while len(events) < background:
        day = rng.uniform(0, DAYS)
        if rng.random() < HOTSPOT_SHARE:
            active = [s for s in spots if s[3][0] <= day < s[3][1]]
            lat, lon, *_ = _pick(rng, active)
            spread = HOTSPOT_M
        else:
            lat, lon, _ = _pick(rng, settlements)
            spread = SETTLEMENT_M
        events.append((lat + rng.gauss(0, spread) * DEG, lon + rng.gauss(0, spread) * DEG, day))
    queue = list(events)
    while queue:
        lat, lon, day = queue.pop()
        for _ in range(_poisson(rng, branching)):
            child_day = day + rng.expovariate(1 / delay_days)
            if child_day >= DAYS:
                continue
            child = (lat + rng.gauss(0, repeat_m) * DEG, lon + rng.gauss(0, repeat_m) * DEG, child_day)
            events.append(child)
            queue.append(child)
    events.sort(key=lambda e: e[2])
    return events


def true_intensity(lats, lons, events, at: float, horizon: float = 7.0, seed: int = 7, background: int = 2900,
                   branching: float = 0.55, delay_days: float = 6.0, repeat_m: float = 150.0):  # fmt: skip
    """The process's expected number of events in [at, at + horizon) per m² at points (lat, lon arrays), given
    the events before `at`: its own background (the hot spots active mid-horizon, the settlements) plus the
    offspring still due from past events (same seed and parameters as `synthetic_year`)."""
    import numpy as np

    lats, lons = np.asarray(lats, float), np.asarray(lons, float)
    rng = random.Random(seed)
    spots, settlements = _places(rng)
    mid = at + horizon / 2
    active = [s for s in spots if s[3][0] <= mid < s[3][1]]

    def gauss(lat, lon, sd):
        d2 = ((lats - lat) / DEG) ** 2 + ((lons - lon) / DEG) ** 2
        return np.exp(-d2 / (2 * sd * sd)) / (2 * math.pi * sd * sd)

    density = np.zeros(lats.shape)
    for places, share, sd in ((active, HOTSPOT_SHARE, HOTSPOT_M), (settlements, 1 - HOTSPOT_SHARE, SETTLEMENT_M)):
        total = sum(p[2] for p in places)
        for place in places:
            density += share * place[2] / total * gauss(place[0], place[1], sd)
    value = horizon * background / DAYS * density
    for e_lat, e_lon, e_day in events:
        age = at - e_day
        if age <= 0 or age > 20 * delay_days:
            continue
        due = math.exp(-age / delay_days) - math.exp(-(age + horizon) / delay_days)
        value += branching * due * gauss(e_lat, e_lon, repeat_m)
    return value
