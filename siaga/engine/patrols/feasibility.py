"""Time-window arithmetic: when may a team start a visit, and can it reach an object at all in its shift."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._geo import distance_matrix_km, travel_minutes
from .models import MINUTES_PER_DAY, PatrolConfig, Target, Team


def arrival_ranges(windows: Sequence[tuple[int, int]], shift: tuple[int, int], dwell: int) -> list[tuple[int, int]]:
    """Allowed visit-start minutes (inclusive ranges) inside a shift, honouring critical windows if any."""
    start, end = shift
    last = end - dwell
    if not windows:
        return [(start, last)] if last >= start else []
    ranges = []
    for win_start, win_end in windows:
        win_end = win_end if win_end > win_start else win_end + MINUTES_PER_DAY
        for day_shift in (-MINUTES_PER_DAY, 0, MINUTES_PER_DAY):
            lo, hi = max(win_start + day_shift, start), min(win_end + day_shift, last)
            if lo <= hi:
                ranges.append((lo, hi))
    return _merge(sorted(ranges))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def single_visit_fits(ranges: list[tuple[int, int]], shift: tuple[int, int], out_min: int, dwell: int) -> bool:
    """Can the team leave at shift start, visit once (start within ``ranges``) and be back by shift end?"""
    start, end = shift
    for lo, hi in ranges:
        begin = max(lo, start + out_min)
        if begin <= hi and begin + dwell + out_min <= end:
            return True
    return False


def team_travel_minutes(targets: Sequence[Target], team: Team, config: PatrolConfig) -> np.ndarray:
    """One-way travel minutes from the team's base to each (located) target."""
    lats = np.array([t.lat for t in targets], dtype=float)
    lons = np.array([t.lon for t in targets], dtype=float)
    km = distance_matrix_km(np.array([team.base_lat], float), np.array([team.base_lon], float), lats, lons)[0]
    return travel_minutes(km, team.speed_kmh, config.road_factor)


def reachability(targets: Sequence[Target], teams: Sequence[Team], config: PatrolConfig) -> np.ndarray:
    """Boolean (targets, teams): the team can visit the target alone within its shift (and windows)."""
    result = np.zeros((len(targets), len(teams)), dtype=bool)
    if not targets:
        return result
    dwell = config.dwell_minutes
    for j, team in enumerate(teams):
        shift = team.shift_window()
        out = team_travel_minutes(targets, team, config)
        result[:, j] = 2 * out + dwell <= shift[1] - shift[0]
        for i in np.flatnonzero(result[:, j]):
            if targets[i].windows:
                ranges = arrival_ranges(targets[i].windows, shift, dwell)
                result[i, j] = single_visit_fits(ranges, shift, int(out[i]), dwell)
    return result
