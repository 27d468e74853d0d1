"""Steps b and e: fill order, how many officers each post gets, the reserve size and the BKO figure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .model import PlanConfig

BODY_MINIMUM = 2


@dataclass(slots=True)
class Levels:
    """Outcome of the allocation rule (counts only; who goes where is decided by staffing)."""

    staffed: list[int]  # officers to place per post (index aligned with the post list)
    fill_order: list[int]  # post indices in the order they are filled
    reserve: int  # officers held as reserve
    reserve_target: int  # ceil(reserve_fraction x available strength)
    unassigned: int  # surplus neither on posts nor in reserve (only when surplus_to_reserve is False)
    bko_needed: int


def reserve_target(strength: int, fraction: float) -> int:
    """The reserve a strength of `strength` officers should hold: ceil(fraction x strength)."""
    return max(0, math.ceil(fraction * strength - 1e-9)) if strength > 0 else 0


def bko_needed(strength: int, required: int, fraction: float) -> int:
    """Smallest k such that strength + k officers staff every post fully and still hold the full reserve."""
    k = max(0, required - strength)
    while (strength + k) - reserve_target(strength + k, fraction) < required:
        k += 1
    return k


def fill_order(
    categories: Sequence[str], sizes: Sequence[int], voters: Sequence[int], ids: Sequence[int], config: PlanConfig
) -> list[int]:
    """Posts by category priority, then more TPS, then more voters, then lower post id."""
    rank = {c: i for i, c in enumerate(config.category_priority)}
    last = len(rank)
    keys = [(rank.get(c, last), -s, -v, i) for c, s, v, i in zip(categories, sizes, voters, ids, strict=True)]
    return sorted(range(len(keys)), key=keys.__getitem__)


def allocate(
    categories: Sequence[str], required: Sequence[int], order: Sequence[int], strength: int, config: PlanConfig
) -> Levels:
    """Apply the shortage rule documented in the package docstring."""
    staffed = [0] * len(required)
    protected = set(config.reserve_yields_to)
    first = [i for i in order if categories[i] in protected]
    rest = [i for i in order if categories[i] not in protected]
    budget = _fill(first, required, staffed, strength)
    target = reserve_target(strength, config.reserve_fraction)
    reserve = min(target, budget)
    budget = _fill(rest, required, staffed, budget - reserve)
    short = any(s < r for s, r in zip(staffed, required, strict=True))
    unassigned = 0
    if short or config.surplus_to_reserve:
        reserve += budget
    else:
        unassigned = budget
    bko = bko_needed(strength, sum(required), config.reserve_fraction)
    return Levels(staffed, list(order), reserve, target, unassigned, bko)


def _fill(indices: Sequence[int], required: Sequence[int], staffed: list[int], budget: int) -> int:
    """Fill posts in order, fully if possible, partially (never below the body minimum) otherwise."""
    for i in indices:
        if budget < BODY_MINIMUM:
            break
        staffed[i] = min(required[i], budget)
        budget -= staffed[i]
    return budget
