"""The self-exciting point process behind the short-term forecast, fitted by EM (stochastic declustering).

Model (Mohler et al. 2011, "Self-exciting point process modeling of crime", JASA; Veen & Schoenberg 2008):

    λ(t, x) = μ(x) + Σ_{t_j < t} θ · ω e^(−ω (t − t_j)) · g_σ(x − x_j)

μ(x) is a stationary background (a Gaussian KDE of the events weighted by their probability of being background
events, a rate per day), θ the expected number of near-repeat offspring per event, 1/ω their mean delay in days and
g_σ an isotropic Gaussian of spread σ metres. EM alternates between the probability p_ij that event i was
triggered by event j (p_ii that it is a background event) and the parameters that maximise the expected complete
log-likelihood given those probabilities:

    θ = Σ p_ij / Σ_j (1 − e^(−ω (T − t_j)))      (offspring per event, corrected for offspring after T)
    ω = Σ p_ij / Σ p_ij (t_i − t_j)               σ² = Σ p_ij |x_i − x_j|² / (2 Σ p_ij)

Only pairs closer than `max_distance_m` and `max_days` are considered (the triggering kernel is negligible beyond).
Everything is NumPy/SciPy; coordinates are projected to metres on the grid's local plane.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter
from scipy.spatial import cKDTree

from siaga.engine.hotspots.grid import KM_PER_DEG_LAT, Grid

MAX_DISTANCE_M = 1500.0
MAX_DAYS = 90.0


@dataclass(frozen=True)
class Pairs:
    """Candidate (offspring i, parent j) pairs with t_j < t_i within the cut-offs."""

    child: np.ndarray
    parent: np.ndarray
    dt: np.ndarray  # days
    d2: np.ndarray  # squared distance, m²


def project(grid: Grid, lats, lons) -> np.ndarray:
    """(n, 2) positions in metres on the grid's local plane."""
    y = (np.asarray(lats, float) - grid.lat_min) * KM_PER_DEG_LAT * 1000
    x = (np.asarray(lons, float) - grid.lon_min) * grid.km_per_deg_lon * 1000
    return np.column_stack([x, y])


def pairs_within(xy: np.ndarray, times: np.ndarray, max_distance_m=MAX_DISTANCE_M, max_days=MAX_DAYS) -> Pairs:
    if len(times) < 2:
        empty = np.zeros(0)
        return Pairs(empty.astype(int), empty.astype(int), empty, empty)
    raw = cKDTree(xy).query_pairs(max_distance_m, output_type="ndarray")
    if raw.size == 0:
        empty = np.zeros(0)
        return Pairs(empty.astype(int), empty.astype(int), empty, empty)
    a, b = raw[:, 0], raw[:, 1]
    later = times[a] > times[b]
    child = np.where(later, a, b)
    parent = np.where(later, b, a)
    dt = times[child] - times[parent]
    keep = (dt > 0) & (dt <= max_days)
    child, parent, dt = child[keep], parent[keep], dt[keep]
    d2 = ((xy[child] - xy[parent]) ** 2).sum(axis=1)
    return Pairs(child, parent, dt, d2)


def background_rate(grid: Grid, lats, lons, weights, bandwidth_m: float, days: float) -> np.ndarray:
    """Background events per cell per day: a Gaussian KDE of the weighted events (binned on the grid)."""
    hist = grid.histogram(lats, lons, weights)
    return gaussian_filter(hist, sigma=max(bandwidth_m / grid.cell_m, 1e-6), mode="constant", truncate=3.0) / days


def _own_share(grid: Grid, bandwidth_m: float) -> float:
    """The share of an event's own kernel mass that lands in its own cell (removed for a leave-one-out estimate)."""
    size = 2 * int(3 * bandwidth_m / grid.cell_m + 1) + 1
    delta = np.zeros((size, size))
    delta[size // 2, size // 2] = 1.0
    sigma = max(bandwidth_m / grid.cell_m, 1e-6)
    return float(gaussian_filter(delta, sigma=sigma, mode="constant", truncate=3.0)[size // 2, size // 2])


def trigger_density(pairs: Pairs, theta: float, omega: float, sigma_m: float) -> np.ndarray:
    """θ · ω e^(−ωΔt) · g_σ(Δx) per pair, per day and m²."""
    g = np.exp(-pairs.d2 / (2 * sigma_m**2)) / (2 * math.pi * sigma_m**2)
    return theta * omega * np.exp(-omega * pairs.dt) * g


def background_probability(grid: Grid, lats, lons, times, pairs: Pairs, params, span: float, iterations: int = 2):
    """p_ii of every event (its probability of being a background event) under fixed parameters."""
    n = len(times)
    cell_area = grid.cell_m**2
    weights = np.full(n, 1.0 - params.theta)
    r, c, _ = grid.index(lats, lons)
    r, c = np.clip(r, 0, grid.shape[0] - 1), np.clip(c, 0, grid.shape[1] - 1)
    own = _own_share(grid, params.background_m)
    trig = trigger_density(pairs, params.theta, params.omega, params.sigma_m)
    excitation = np.bincount(pairs.child, weights=trig, minlength=n)
    for _ in range(iterations):
        rate = background_rate(grid, lats, lons, weights, params.background_m, span)[r, c] - own * weights / span
        mu = np.maximum(rate / cell_area, 1e-30)
        weights = mu / (mu + excitation)
    return weights


@dataclass(frozen=True)
class EmFit:
    theta: float
    omega: float
    sigma_m: float
    background: np.ndarray  # p_ii per event
    iterations: int
    log_likelihood: float


def fit_em(
    grid: Grid,
    lats,
    lons,
    times,
    *,
    background_m: float = 400.0,
    start=(0.3, 0.1, 200.0),
    max_iter: int = 60,
    tol: float = 1e-4,
    max_distance_m: float = MAX_DISTANCE_M,
    max_days: float = MAX_DAYS,
) -> EmFit:
    """θ, ω, σ by EM on the events (times in days, all before the forecast origin)."""
    lats, lons, times = (np.asarray(a, float) for a in (lats, lons, times))
    n = len(times)
    theta, omega, sigma = start
    if n < 3:
        return EmFit(theta, omega, sigma, np.ones(n), 0, float("nan"))
    t_end = times.max()
    span = max(t_end - times.min(), 1.0)
    xy = project(grid, lats, lons)
    pairs = pairs_within(xy, times, max_distance_m, max_days)
    r, c, _ = grid.index(lats, lons)
    r, c = np.clip(r, 0, grid.shape[0] - 1), np.clip(c, 0, grid.shape[1] - 1)
    cell_area = grid.cell_m**2
    own = _own_share(grid, background_m)
    weights = np.full(n, 1.0 - theta)
    loglik, previous, done = float("nan"), None, 0
    for step in range(1, max_iter + 1):
        done = step
        rate = background_rate(grid, lats, lons, weights, background_m, span)[r, c] - own * weights / span
        mu = np.maximum(rate / cell_area, 1e-30)  # leave-one-out: an event does not explain itself
        trig = trigger_density(pairs, theta, omega, sigma)
        total = mu + np.bincount(pairs.child, weights=trig, minlength=n)
        p = trig / total[pairs.child]
        weights = mu / total
        loglik = float(np.log(total).sum())
        offspring = p.sum()
        if offspring <= 1e-9:  # no near-repeat structure at all
            theta = 0.0
            break
        omega = float(np.clip(offspring / (p * pairs.dt).sum(), 1.0 / max_days, 10.0))
        sigma = float(np.clip(math.sqrt((p * pairs.d2).sum() / (2 * offspring)), 10.0, max_distance_m / 3))
        exposure = (1.0 - np.exp(-omega * (t_end - times))).sum()
        theta = float(np.clip(offspring / max(exposure, 1e-9), 0.0, 0.95))
        current = np.array([theta, omega, sigma / 1000])
        if previous is not None and np.abs(current - previous).max() < tol:
            break
        previous = current
    return EmFit(theta, omega, sigma, weights, done, loglik)
