"""Planned vs. achieved patrol coverage from check-ins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .models import ObjectId


@dataclass(frozen=True)
class CoverageRow:
    """One object's planned (expected) and achieved visit counts over a reporting window."""

    object_id: ObjectId
    planned: float
    achieved: int
    ratio: float | None
    under_visited: bool


def expected_visits(coverage: Mapping[ObjectId, float], periods: int) -> dict[ObjectId, float]:
    """Expected visit count per object over ``periods`` planned periods (coverage is per period)."""
    if periods < 0:
        raise ValueError("periods must be >= 0")
    return {object_id: prob * periods for object_id, prob in coverage.items()}


def coverage_report(
    planned: Mapping[ObjectId, float],
    achieved: Mapping[ObjectId, int],
    *,
    min_ratio: float = 0.8,
    min_shortfall: float = 1.0,
) -> list[CoverageRow]:
    """Rows for every object in ``planned`` (then any extra in ``achieved``), in that order.

    An object is under-visited when ``achieved < min_ratio * planned`` and it is at least ``min_shortfall`` visits
    short, so a planned 0.3 visits with none achieved is not flagged. ``ratio`` is None when nothing was planned.
    """
    rows = []
    for object_id in [*planned, *(k for k in achieved if k not in planned)]:
        plan = float(planned.get(object_id, 0.0))
        done = int(achieved.get(object_id, 0))
        under = plan > 0 and done < min_ratio * plan and plan - done >= min_shortfall
        rows.append(CoverageRow(object_id, plan, done, done / plan if plan > 0 else None, under))
    return rows
