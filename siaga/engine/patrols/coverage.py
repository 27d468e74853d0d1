"""Defender coverage of a Stackelberg security game without scheduling constraints.

``compute_coverage`` is ORIGAMI (Kiekintveld et al., AAMAS 2009) in its sorted, prefix-sum form, made exact for
any real number of resources: the water level (the attacker's utility on the attack set) is found by prefix
sums over targets sorted by the attacker's uncovered payoff and floored at the highest covered payoff; when a
fully covered target leaves resources unused, the attacked target is chosen by comparing every placement that
can absorb the leftover (see ``origami``), not by attacker order. O(n log n).
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
    """Exact strong Stackelberg coverage on payoff arrays for any real ``resources``; see ``compute_coverage``.

    For a candidate attacked target t, the best coverage maximises c_t subject to every other target's attacker
    utility staying at or below t's, c in [0, 1] and sum(c) == m. Writing L for the attacker's utility at t, the
    coverage the others need is max(0, (au_j - L) / (au_j - ac_j)), which must not exceed 1 (L >= ac_j), and
    c_t + sum of those needs is the same water-filling function g(L) for every t. So the lowest reachable level
    is one number, L = max(g^-1(m), max_j ac_j), and the base coverage clip((au - L) / (au - ac), 0, 1) is the
    same for every t. The resources g(L) leaves unused (when a target is fully covered at L) must go to targets
    other than t, which is possible iff c_t >= m - (n - 1). Among the targets in the attack set that pass this
    test, the one with the best defender utility is the optimum; the leftover is then spread over the others,
    highest attacker utility first (which also breaks the attacker's ties away from them).
    """
    n = len(au)
    m = effective_resources(resources, n)
    if n == 0 or m <= 0:
        return np.zeros(n)
    if m >= n - 1e-12:
        return np.ones(n)
    inv = 1.0 / (au - ac)
    level = max(_water_level(au, inv, m), float(ac.max()))
    base = np.clip((au - level) * inv, 0.0, 1.0)
    leftover = m - base.sum()
    if leftover <= 1e-12:
        return base
    scale = TIE_TOL * max(1.0, abs(level))
    in_attack_set = au >= level - scale
    room_for_leftover = base >= m - (n - 1) - 1e-9
    value = base * dc + (1.0 - base) * du
    candidates = np.flatnonzero(in_attack_set & room_for_leftover)
    if not len(candidates):  # only by rounding: fall back to the most covered member of the attack set
        candidates = np.flatnonzero(in_attack_set)
        attacked = int(candidates[np.argmax(base[candidates])])
    else:
        attacked = int(candidates[np.argmax(value[candidates])])
    return _pad(base, leftover, attacked, ac, au)


def _water_level(au: np.ndarray, inv: np.ndarray, m: float) -> float:
    """The attacker utility L at which sum_j max(0, (au_j - L) / (au_j - ac_j)) == m (0 < m)."""
    order = np.argsort(-au, kind="stable")
    u, w = au[order], inv[order]
    s1, s2 = np.cumsum(u * w), np.cumsum(w)
    next_u = np.append(u[1:], -np.inf)
    with np.errstate(invalid="ignore"):
        reaches = s1 - next_u * s2 >= m  # g(next_u[k]) >= m: the level lies within the top k+1 targets
    reaches[-1] = True
    k = int(np.argmax(reaches))
    return float((s1[k] - m) / s2[k])


def _pad(base: np.ndarray, leftover: float, attacked: int, ac: np.ndarray, au: np.ndarray) -> np.ndarray:
    """Spread ``leftover`` over every target but ``attacked``, highest attacker utility first."""
    coverage = base.copy()
    room = 1.0 - coverage
    room[attacked] = 0.0
    attacker_eu = coverage * ac + (1.0 - coverage) * au
    order = np.argsort(-attacker_eu, kind="stable")
    room_sorted = room[order]
    before = np.cumsum(room_sorted) - room_sorted
    coverage[order] += np.clip(leftover - before, 0.0, room_sorted)
    return np.minimum(coverage, 1.0)


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
