"""Hot-spot engine: PAI, the EM fit of the self-exciting process (it recovers the parameters of a process it did not
generate), the forecast against the two baselines on held-back weeks, and bad input."""

import math

import numpy as np
import pytest

from siaga.engine.hotspots import (
    ForecastParams,
    Grid,
    HotspotInputError,
    counts_surface,
    fit_forecast,
    forecast_surface,
    kde_surface,
    pai,
    top_cells,
)
from siaga.engine.hotspots.hawkes import fit_em

LAT0, LON0 = -7.20, 112.60
M = 1 / 110_574  # degrees per metre (latitude; longitude close enough this near the equator)


def simulate(seed, *, days=240.0, rate=4.0, spots=6, spot_share=0.4, theta=0.5, delay=5.0, sigma=120.0, size=6000):
    """A branching process written for the tests alone: background events per day (`spot_share` around a few
    fixed places, the rest uniform over the square) and Poisson(θ) offspring after Exp(delay) days within
    N(0, σ) metres."""
    rng = np.random.default_rng(seed)
    places = rng.uniform(500, size - 500, size=(spots, 2))
    n = rng.poisson(rate * days)
    t = rng.uniform(0, days, n)
    at_spot = rng.random(n) < spot_share
    xy = rng.uniform(0, size, size=(n, 2))
    xy[at_spot] = places[rng.integers(0, spots, at_spot.sum())] + rng.normal(0, 250, size=(at_spot.sum(), 2))
    events = [(x, y, ti) for (x, y), ti in zip(xy, t, strict=True)]
    queue = list(events)
    while queue:
        x, y, ti = queue.pop()
        for _ in range(rng.poisson(theta)):
            tc = ti + rng.exponential(delay)
            if tc < days:
                child = (x + rng.normal(0, sigma), y + rng.normal(0, sigma), tc)
                events.append(child)
                queue.append(child)
    events.sort(key=lambda e: e[2])
    arr = np.array(events)
    keep = (arr[:, 0] >= 0) & (arr[:, 0] < size) & (arr[:, 1] >= 0) & (arr[:, 1] < size)
    arr = arr[keep]
    return LAT0 + arr[:, 1] * M, LON0 + arr[:, 0] * M / math.cos(math.radians(LAT0)), arr[:, 2]


def _grid(size=6000):
    lon_span = size * M / math.cos(math.radians(LAT0))
    return Grid(LAT0, LON0, LAT0 + size * M, LON0 + lon_span, 250)


@pytest.fixture(scope="module")
def process():
    return simulate(3)


def test_pai_is_the_hit_rate_over_the_area_share():
    surface = np.zeros((10, 10))
    surface[0, :5] = [5, 4, 3, 2, 1]  # the top 5 % = 5 cells of 100
    actual = np.zeros((10, 10))
    actual[0, 0], actual[0, 4], actual[9, 9] = 2, 1, 1  # 3 of 4 events in the top cells
    index, hit = pai(surface, actual, 0.05)
    assert hit == 0.75 and index == pytest.approx(0.75 / 0.05)
    assert sorted(top_cells(surface, 0.05)) == [0, 1, 2, 3, 4]
    assert pai(surface, np.zeros((10, 10))) == (0.0, 0.0)  # no event: no division by zero


def test_em_recovers_the_parameters_of_a_near_repeat_process(process):
    lats, lons, days = process
    fit = fit_em(_grid(), lats, lons, days, background_m=250)
    assert fit.theta == pytest.approx(0.5, abs=0.12)
    assert 1 / fit.omega == pytest.approx(5.0, rel=0.35)
    assert fit.sigma_m == pytest.approx(120.0, rel=0.3)
    assert ((fit.background >= 0) & (fit.background <= 1)).all()
    # the background probabilities add up to about the number of background events (1 - θ of all)
    assert fit.background.sum() / len(days) == pytest.approx(0.5, abs=0.12)


def test_em_finds_no_excitation_in_a_process_without_near_repeats():
    # with a background bandwidth near the hot spots' spread (fit_forecast picks it by validation): a background
    # smoothed much wider than its hot spots leaves their clustering to the triggering kernel
    lats, lons, days = simulate(5, theta=0.0, rate=5.0)
    fit = fit_em(_grid(), lats, lons, days, background_m=250)
    assert fit.theta < 0.1


def test_forecast_beats_both_baselines_on_held_back_weeks(process):
    lats, lons, days = process
    grid = _grid()
    first = 240.0 - 7 * 6  # six held-back weeks; everything is fitted on the weeks before
    params = fit_forecast(grid, lats, lons, days, first, weeks=4, bandwidths=(250.0, 500.0))
    hits = {"forecast": 0.0, "kde": 0.0, "last_period": 0.0}
    for week in range(6):
        o = first + 7 * week
        now = (days >= o) & (days < o + 7)
        actual = counts_surface(grid, lats[now], lons[now])
        past8, past1 = (days >= o - 56) & (days < o), (days >= o - 7) & (days < o)
        surfaces = {
            "forecast": forecast_surface(grid, lats, lons, days, o, 7.0, params),
            "kde": kde_surface(grid, lats[past8], lons[past8], 250.0),
            "last_period": counts_surface(grid, lats[past1], lons[past1]),
        }
        for key, surface in surfaces.items():
            hits[key] += pai(surface, actual)[1] * actual.sum()
    assert hits["forecast"] > hits["kde"] and hits["forecast"] > hits["last_period"]


def test_the_forecast_only_looks_at_the_past(process):
    lats, lons, days = process
    grid, at = _grid(), 150.0
    params = ForecastParams(0.5, 0.2, 120.0, 400.0)
    before = forecast_surface(grid, lats, lons, days, at, 7.0, params)
    past = days < at
    only_past = forecast_surface(grid, lats[past], lons[past], days[past], at, 7.0, params)
    assert np.allclose(before, only_past)
    # expected events over the horizon: background rate × 7 days plus the offspring still due, all positive
    assert before.sum() > 0 and (before >= 0).all()
    assert not forecast_surface(grid, lats, lons, days, 0.0, 7.0, params).any()  # nothing before day 0


def test_recent_events_raise_the_forecast_around_them(process):
    lats, lons, days = process
    grid = _grid()
    params = ForecastParams(0.5, 0.2, 120.0, 400.0)
    base = forecast_surface(grid, lats, lons, days, 150.0, 7.0, params)
    # one more event yesterday in a quiet corner
    extra_lat, extra_lon = LAT0 + 200 * M, LON0 + 200 * M
    lats2, lons2, days2 = np.append(lats, extra_lat), np.append(lons, extra_lon), np.append(days, 149.0)
    raised = forecast_surface(grid, lats2, lons2, days2, 150.0, 7.0, params)
    r, c, _ = grid.index([extra_lat], [extra_lon])
    assert raised[r[0], c[0]] > base[r[0], c[0]]


def test_bad_coordinates_are_named_by_row():
    grid = _grid()
    with pytest.raises(HotspotInputError, match="baris 2"):
        forecast_surface(grid, [LAT0, float("nan")], [LON0, LON0], [1.0, 2.0], 5.0)
    with pytest.raises(HotspotInputError, match="tidak sama"):
        forecast_surface(grid, [LAT0], [LON0, LON0], [1.0], 5.0)
    with pytest.raises(HotspotInputError):
        Grid(LAT0, LON0, LAT0 - 1, LON0 + 1)
    assert fit_forecast(grid, [LAT0], [LON0], [1.0], 5.0) == ForecastParams()  # too few events: the defaults
