"""Hot-spot surfaces and the short-term forecast.

* `kde_surface`: Gaussian kernel density of past events (histogram smoothed by a Gaussian filter = a Gaussian KDE
  evaluated at cell centres, binned).
* `forecast_surface`: the expected number of events per cell in the next `horizon` days under a self-exciting
  point process (Mohler et al. 2011, "Self-exciting point process modeling of crime", JASA): a stationary
  background μ(x) (long-term KDE, a rate per day) plus a triggering kernel θ·ω·e^(−ω·Δt)·g_σ(Δx) around each past
  event, i.e. near-repeat victimisation. Integrated over the horizon:
      E[N_c] = horizon·μ_c + Σ_i θ·(e^(−ω(T−t_i)) − e^(−ω(T+h−t_i)))·g_σ(c − x_i)
  θ (offspring per event), ω (decay per day) and σ (spatial spread) are chosen by rolling-origin validation on the
  last training weeks (`fit_forecast`), never on the weeks it is evaluated on.
* `pai`: the Prediction Accuracy Index (Chainey et al. 2008): hit rate / area fraction of the top cells.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

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
    return lats, lons


def counts_surface(grid: Grid, lats, lons) -> np.ndarray:
    lats, lons = _check(lats, lons)
    return grid.histogram(lats, lons)


def kde_surface(grid: Grid, lats, lons, bandwidth_m: float = 500.0) -> np.ndarray:
    """Kernel density (events per cell, summing to the events inside)."""
    lats, lons = _check(lats, lons)
    return _smooth(grid.histogram(lats, lons), grid, bandwidth_m)


def forecast_surface(grid: Grid, lats, lons, times, at: float, horizon: float = 7.0, params=ForecastParams()):
    """Expected events per cell in [at, at + horizon) from the events before `at` (times in days)."""
    lats, lons = _check(lats, lons, times)
    times = np.asarray(times, float)
    past = times < at
    lats, lons, times = lats[past], lons[past], times[past]
    if times.size == 0:
        return np.zeros(grid.shape)
    span = max(at - times.min(), 1.0)
    background = _smooth(grid.histogram(lats, lons), grid, params.background_m) * (1 - params.theta) / span
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


def fit_forecast(grid: Grid, lats, lons, times, at: float, *, weeks: int = 6, horizon: float = 7.0, area=0.05):
    """Choose θ, ω, σ and the background bandwidth by PAI on the `weeks` weeks just before `at` (each predicted
    from the events before it)."""
    lats, lons = _check(lats, lons, times)
    times = np.asarray(times, float)
    origins = [at - horizon * (w + 1) for w in range(weeks)]
    actual = {}
    for o in origins:
        mask = (times >= o) & (times < o + horizon)
        actual[o] = grid.histogram(lats[mask], lons[mask])
    best, best_score = ForecastParams(), -1.0
    for theta, omega, sigma, bg in itertools.product(
        (0.2, 0.5, 0.8), (0.05, 0.15, 0.4), (150.0, 300.0, 600.0), (500.0, 1000.0)
    ):
        params = ForecastParams(theta, omega, sigma, bg)
        score = sum(
            pai(forecast_surface(grid, lats, lons, times, o, horizon, params), actual[o], area)[0] for o in origins
        )
        if score > best_score:
            best, best_score = params, score
    return best
