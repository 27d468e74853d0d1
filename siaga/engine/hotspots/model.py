"""Hot-spot surfaces and the short-term forecast.

* `kde_surface`: Gaussian kernel density of past events (histogram smoothed by a Gaussian filter = a Gaussian KDE
  evaluated at cell centres, binned).
* `forecast_surface`: the expected number of events per cell in the next `horizon` days under a self-exciting
  point process (Mohler et al. 2011, "Self-exciting point process modeling of crime", JASA): a stationary
  background μ(x) (a KDE over the whole history, a rate per day) plus a triggering kernel θ·ω·e^(−ω·Δt)·g_σ(Δx)
  around each past event, i.e. near-repeat victimisation. Integrated over the horizon:
      E[N_c] = horizon·μ_c + Σ_i θ·(e^(−ω(T−t_i)) − e^(−ω(T+h−t_i)))·g_σ(c − x_i)
  θ (offspring per event), ω (decay per day) and σ (spatial spread) are fitted by EM on the events before the
  forecast origin (hawkes.py), the background declustered by the same fit (each past event weighted by its
  probability of being a background event); the background bandwidth is chosen by rolling-origin validation on
  the last weeks before the origin (`fit_forecast`), never on the weeks it is evaluated on.
* `pai`: the Prediction Accuracy Index (Chainey et al. 2008): hit rate / area fraction of the top cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

from siaga.engine.hotspots import hawkes
from siaga.engine.hotspots.grid import Grid, HotspotInputError


@dataclass(frozen=True)
class ForecastParams:
    theta: float = 0.5  # expected offspring per event
    omega: float = 0.1  # decay per day (1/ω = mean delay)
    sigma_m: float = 250.0  # spatial spread of the triggering kernel
    background_m: float = 750.0  # bandwidth of the background KDE


def _smooth(hist: np.ndarray, grid: Grid, bandwidth_m: float) -> np.ndarray:
    return gaussian_filter(hist, sigma=max(bandwidth_m / grid.cell_m, 1e-6), mode="constant", truncate=3.0)


def _check(lats, lons, times=None):
    lats, lons = np.asarray(lats, float), np.asarray(lons, float)
    if lats.shape != lons.shape or (times is not None and np.asarray(times).shape != lats.shape):
        raise HotspotInputError("Jumlah lintang, bujur dan waktu kejadian tidak sama.")
    ok = np.isfinite(lats) & np.isfinite(lons)
    if times is not None:
        ok &= np.isfinite(np.asarray(times, float))
    bad = np.flatnonzero(~ok)
    if bad.size:
        rows = ", ".join(str(i + 1) for i in bad[:10])
        raise HotspotInputError(f"Koordinat atau waktu kejadian tidak sah pada baris {rows}.")
    return lats, lons


def counts_surface(grid: Grid, lats, lons) -> np.ndarray:
    lats, lons = _check(lats, lons)
    return grid.histogram(lats, lons)


def kde_surface(grid: Grid, lats, lons, bandwidth_m: float = 500.0) -> np.ndarray:
    """Kernel density (events per cell, summing to the events inside)."""
    lats, lons = _check(lats, lons)
    return _smooth(grid.histogram(lats, lons), grid, bandwidth_m)


def forecast_surface(grid: Grid, lats, lons, times, at: float, horizon: float = 7.0, params=ForecastParams()):
    """Expected events per cell in [at, at + horizon) from the events before `at` (times in days).

    Background: a KDE of the past events, each weighted by its probability of being a background event (one
    declustering step of the fitted process), as a rate per day over the whole history; plus the near-repeat
    excitation each past event still carries over the horizon."""
    lats, lons = _check(lats, lons, times)
    times = np.asarray(times, float)
    past = times < at
    lats, lons, times = lats[past], lons[past], times[past]
    if times.size == 0:
        return np.zeros(grid.shape)
    span = max(at - times.min(), 1.0)
    if params.theta > 0:
        pairs = hawkes.pairs_within(hawkes.project(grid, lats, lons), times, hawkes.MAX_DISTANCE_M, hawkes.MAX_DAYS)
        weights = hawkes.background_probability(grid, lats, lons, times, pairs, params, span)
    else:
        weights = np.ones(times.size)
    background = hawkes.background_rate(grid, lats, lons, weights, params.background_m, span)
    age = at - times
    weight = params.theta * (np.exp(-params.omega * age) - np.exp(-params.omega * (age + horizon)))
    trigger = _smooth(grid.histogram(lats, lons, weight), grid, params.sigma_m)
    return horizon * background + trigger


def top_cells(surface: np.ndarray, area: float = 0.05) -> np.ndarray:
    """Flat indices of the highest cells covering `area` of the grid (ties broken by position, deterministic)."""
    k = max(1, math.ceil(area * surface.size))
    flat = surface.ravel()
    return np.argsort(-flat, kind="stable")[:k]


def pai(surface: np.ndarray, actual: np.ndarray, area: float = 0.05) -> tuple[float, float]:
    """(PAI, hit rate) of a surface against the events that happened (a counts surface)."""
    total = actual.sum()
    if total == 0:
        return 0.0, 0.0
    cells = top_cells(surface, area)
    hit = actual.ravel()[cells].sum() / total
    return float(hit / (len(cells) / surface.size)), float(hit)


def fit_forecast(
    grid: Grid,
    lats,
    lons,
    times,
    at: float,
    *,
    weeks: int = 6,
    horizon: float = 7.0,
    area=0.05,
    bandwidths=(250.0, 400.0, 600.0, 900.0),
) -> ForecastParams:
    """Fit the forecast on the events before `at` only: θ, ω, σ by EM (hawkes.fit_em) for each candidate background
    bandwidth, and the bandwidth whose forecasts score the best PAI on the `weeks` weeks just before `at` (each
    predicted from the events before it)."""
    lats, lons = _check(lats, lons, times)
    times = np.asarray(times, float)
    before = times < at
    lats, lons, times = lats[before], lons[before], times[before]
    if times.size < 3:
        return ForecastParams()
    origins = [at - horizon * (w + 1) for w in range(weeks)]
    actual = {}
    for o in origins:
        mask = (times >= o) & (times < o + horizon)
        actual[o] = grid.histogram(lats[mask], lons[mask])
    best, best_score = ForecastParams(), -1.0
    for bandwidth in bandwidths:
        fit = hawkes.fit_em(grid, lats, lons, times, background_m=bandwidth)
        params = ForecastParams(fit.theta, fit.omega, fit.sigma_m, bandwidth)
        score = sum(
            pai(forecast_surface(grid, lats, lons, times, o, horizon, params), actual[o], area)[0] for o in origins
        )
        if score > best_score:
            best, best_score = params, score
    return best
