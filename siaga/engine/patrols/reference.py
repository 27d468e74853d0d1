"""Reference solver: one linear program per candidate attacked target (ERASER-style "multiple LPs").

Slow (n LPs of n variables); used to validate ORIGAMI on small instances, not in production planning.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog

from .coverage import effective_resources, payoff_arrays
from .models import Target


def solve_coverage_lp(targets: Sequence[Target], resources: float) -> tuple[list[float], float]:
    """Optimal strong-Stackelberg coverage by solving, for each target t, "maximise the defender's utility at t
    subject to t being an attacker best response and sum(c) == min(resources, n)".

    Returns (coverage, optimal defender utility)."""
    n = len(targets)
    if n == 0:
        return [], 0.0
    m = effective_resources(resources, n)
    dc, du, ac, au = payoff_arrays(targets)
    best_value, best_cov = -np.inf, np.zeros(n)
    for t in range(n):
        solved = _lp_for_target(t, m, dc, du, ac, au)
        if solved is not None and solved[1] > best_value:
            best_cov, best_value = solved
    return best_cov.tolist(), float(best_value)


def _lp_for_target(
    t: int, m: float, dc: np.ndarray, du: np.ndarray, ac: np.ndarray, au: np.ndarray
) -> tuple[np.ndarray, float] | None:
    n = len(au)
    delta_a = au - ac
    others = np.array([j for j in range(n) if j != t], dtype=int)
    # attacker EU(j) <= attacker EU(t):  -c_j * delta_a_j + c_t * delta_a_t <= au_t - au_j
    a_ub = np.zeros((len(others), n))
    a_ub[np.arange(len(others)), others] = -delta_a[others]
    a_ub[:, t] = delta_a[t]
    b_ub = au[t] - au[others]
    objective = np.zeros(n)
    objective[t] = -(dc[t] - du[t])
    a_eq, b_eq = np.ones((1, n)), np.array([m])
    bounds = [(0.0, 1.0)] * n
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:
        return None
    value = float(result.x[t] * dc[t] + (1.0 - result.x[t]) * du[t])
    return np.asarray(result.x), value
