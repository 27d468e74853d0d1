"""An exact solver for small instances, independent of OR-Tools: Held–Karp gives the shortest closed tour for
every subset of targets, a subset is a feasible day when that tour plus visit time fits; a second DP over subsets
assigns disjoint feasible days to maximise the prize. Exponential: for n ≤ 12 targets."""

from __future__ import annotations

from .model import Officer, VisitConfig, check_officer, minutes_matrix

MAX_TARGETS = 12


def solve_exact(officer: Officer, config: VisitConfig | None = None) -> float:
    """The largest total prize any week plan can collect."""
    config = config or VisitConfig()
    check_officer(officer)
    n = len(officer.targets)
    if n > MAX_TARGETS:
        raise ValueError(f"exact solver takes at most {MAX_TARGETS} targets, got {n}")
    days = config.days if officer.days is None else officer.days
    if not n or days <= 0:
        return 0.0
    tour = _tour_minutes(officer, config)
    prize = [0.0] * (1 << n)
    for mask in range(1, 1 << n):
        low = (mask & -mask).bit_length() - 1
        prize[mask] = prize[mask & (mask - 1)] + officer.targets[low].prize
    feasible = [m for m in range(1 << n) if tour[m] <= config.day_minutes]
    best = [0.0] * (1 << n)  # best prize with the days so far using exactly targets within mask
    for _ in range(days):
        nxt = best[:]
        for mask in range(1 << n):
            sub = mask
            while sub:
                if tour[sub] <= config.day_minutes:
                    value = best[mask ^ sub] + prize[sub]
                    if value > nxt[mask]:
                        nxt[mask] = value
                sub = (sub - 1) & mask
        best = nxt
    del feasible
    return max(best)


def _tour_minutes(officer: Officer, config: VisitConfig) -> list[float]:
    """Shortest base → targets of the subset → base, plus their visit minutes, for every subset."""
    n = len(officer.targets)
    minutes = minutes_matrix(officer, config)
    inf = float("inf")
    size = 1 << n
    dp = [[inf] * n for _ in range(size)]  # dp[mask][j]: from base through mask, ending at j
    for j in range(n):
        dp[1 << j][j] = minutes[0, j + 1] + officer.targets[j].minutes
    for mask in range(1, size):
        row = dp[mask]
        for j in range(n):
            here = row[j]
            if here == inf:
                continue
            for k in range(n):
                if mask & (1 << k):
                    continue
                value = here + minutes[j + 1, k + 1] + officer.targets[k].minutes
                nm = mask | (1 << k)
                if value < dp[nm][k]:
                    dp[nm][k] = value
    tour = [0.0] * size
    for mask in range(1, size):
        tour[mask] = min(dp[mask][j] + minutes[j + 1, 0] for j in range(n) if mask & (1 << j))
    return tour
