"""Defender coverage of a Stackelberg security game without scheduling constraints.

``compute_coverage`` implements ORIGAMI (Kiekintveld et al., AAMAS 2009) in its sorted, prefix-sum form:
targets are sorted by the attacker's uncovered payoff, and the attack set grows until either the resources are
used up or a target in the attack set would need more than full coverage. O(n log n).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .models import Target

CoverageLike = Sequence[float] | Mapping[object, float] | np.ndarray
TIE_TOL = 1e-9


def payoff_arrays(targets: Sequence[Target]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Arrays (defender_covered, defender_uncovered, attacker_covered, attacker_uncovered) in target order."""
    rows = [target.payoffs for target in targets]
    matrix = np.array(
        [(p.defender_covered, p.defender_uncovered, p.attacker_covered, p.attacker_uncovered) for p in rows],
        dtype=float,
    ).reshape(len(rows), 4)
    return matrix[:, 0], matrix[:, 1], matrix[:, 2], matrix[:, 3]


def effective_resources(resources: float, n_targets: int) -> float:
    """Resources actually usable: ``resources`` capped at the number of targets."""
    if resources < 0:
        raise ValueError("resources must be >= 0")
    return float(min(resources, n_targets))


def compute_coverage(targets: Sequence[Target], resources: float) -> list[float]:
    """Optimal defender coverage (strong Stackelberg equilibrium) for ``resources`` patrol visits per period.

    Returns c_i in [0, 1] in target order with sum(c) == min(resources, len(targets)).
    """
    dc, du, ac, au = payoff_arrays(targets)
    return origami(dc, du, ac, au, resources).tolist()


def origami(dc: np.ndarray, du: np.ndarray, ac: np.ndarray, au: np.ndarray, resources: float) -> np.ndarray:
    """ORIGAMI on payoff arrays; see ``compute_coverage``."""
    n = len(au)
    m = effective_resources(resources, n)
    if n == 0 or m <= 0:
        return np.zeros(n)
    if m >= n - 1e-12:
        return np.ones(n)
    order = np.argsort(-au, kind="stable")
    u, a = au[order], ac[order]
    inv = 1.0 / (u - a)
    s1, s2 = np.cumsum(u * inv), np.cumsum(inv)
    covered_floor = np.maximum.accumulate(a)
    next_u = np.append(u[1:], -np.inf)
    floor = np.maximum(next_u, covered_floor)
    with np.errstate(invalid="ignore"):
        needed = s1 - floor * s2
    stop = (needed >= m) | (covered_floor >= next_u)
    k = int(np.argmax(stop))
    level = max((s1[k] - m) / s2[k], covered_floor[k])
    sorted_cov = np.zeros(n)
    sorted_cov[: k + 1] = np.clip((u[: k + 1] - level) * inv[: k + 1], 0.0, 1.0)
    coverage = np.empty(n)
    coverage[order] = sorted_cov
    return _spend_leftover(coverage, m, dc, du, ac, au)


def _spend_leftover(
    coverage: np.ndarray, m: float, dc: np.ndarray, du: np.ndarray, ac: np.ndarray, au: np.ndarray
) -> np.ndarray:
    """Place resources ORIGAMI could not use (a target hit full coverage) without changing the equilibrium.

    Extra coverage on any target except the one the attacker attacks only lowers that target's attractiveness.
    """
    left = m - coverage.sum()
    if left <= 1e-12:
        return np.minimum(coverage * (m / coverage.sum()), 1.0)
    attacked = _sse_response(coverage, dc, du, ac, au)
    room = 1.0 - coverage
    room[attacked] = 0.0
    order = np.argsort(-au, kind="stable")
    room_sorted = room[order]
    before = np.cumsum(room_sorted) - room_sorted
    coverage = coverage.copy()
    coverage[order] += np.clip(left - before, 0.0, room_sorted)
    rest = m - coverage.sum()
    if rest > 1e-12:
        coverage[attacked] = min(1.0, coverage[attacked] + rest)
    return coverage


def _sse_response(coverage: np.ndarray, dc: np.ndarray, du: np.ndarray, ac: np.ndarray, au: np.ndarray) -> int:
    """Index attacked in a strong Stackelberg equilibrium (ties broken in the defender's favour)."""
    attacker_eu = coverage * ac + (1.0 - coverage) * au
    defender_eu = coverage * dc + (1.0 - coverage) * du
    best = attacker_eu.max()
    candidates = np.flatnonzero(attacker_eu >= best - TIE_TOL * max(1.0, abs(best)))
    return int(candidates[np.argmax(defender_eu[candidates])])


def as_coverage_array(coverage: CoverageLike, targets: Sequence[Target]) -> np.ndarray:
    """Coverage aligned with ``targets``: a sequence in target order or a mapping id -> probability."""
    is_mapping = isinstance(coverage, Mapping)
    values = [coverage.get(target.id, 0.0) for target in targets] if is_mapping else list(coverage)
    array = np.asarray(values, dtype=float)
    if array.shape != (len(targets),):
        raise ValueError("coverage must have one value per target")
    if np.any(array < -1e-9) or np.any(array > 1 + 1e-9):
        raise ValueError("coverage values must be within [0, 1]")
    return np.clip(array, 0.0, 1.0)


def attacker_best_response(coverage: CoverageLike, targets: Sequence[Target]) -> int:
    """Index of the target attacked against ``coverage`` (strong Stackelberg tie-breaking)."""
    if not targets:
        raise ValueError("no targets")
    return _sse_response(as_coverage_array(coverage, targets), *payoff_arrays(targets))


def defender_utility(coverage: CoverageLike, targets: Sequence[Target]) -> float:
    """Defender expected utility against a best-responding attacker (ties broken in the defender's favour)."""
    if not targets:
        return 0.0
    cov = as_coverage_array(coverage, targets)
    dc, du, ac, au = payoff_arrays(targets)
    i = _sse_response(cov, dc, du, ac, au)
    return float(cov[i] * dc[i] + (1.0 - cov[i]) * du[i])


def attacker_utility(coverage: CoverageLike, targets: Sequence[Target]) -> float:
    """Attacker expected utility of the best response to ``coverage``."""
    if not targets:
        return 0.0
    cov = as_coverage_array(coverage, targets)
    _, _, ac, au = payoff_arrays(targets)
    return float(np.max(cov * ac + (1.0 - cov) * au))


def uniform_coverage(targets: Sequence[Target], resources: float) -> list[float]:
    """Baseline: every target gets m / n."""
    n = len(targets)
    m = effective_resources(resources, n)
    return [m / n] * n if n else []


def deterministic_coverage(targets: Sequence[Target], resources: float) -> list[float]:
    """Baseline: always patrol the m highest-risk targets (c = 1), the rest never (c = 0).

    Ranked by ``risk_weight`` then attacker uncovered payoff; a fractional remainder goes to the next target.
    """
    n = len(targets)
    m = effective_resources(resources, n)
    ranked = sorted(range(n), key=lambda i: (-targets[i].risk_weight, -targets[i].payoffs.attacker_uncovered, i))
    coverage = [0.0] * n
    full = int(np.floor(m + 1e-12))
    for i in ranked[:full]:
        coverage[i] = 1.0
    if full < n and m - full > 1e-12:
        coverage[ranked[full]] = m - full
    return coverage
