"""plan(), replan() and plan_partitioned(): the public entry points of the deployment planner."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .allocation import Levels, allocate, fill_order
from .assemble import Staffing, assemble
from .context import Context, Locator, build_posts, inherit_ids, station_problems
from .grouping import StationArrays, group_stations
from .model import Officer, Pattern, Plan, PlanConfig, Post, ReserveSite, Station
from .placement import ReserveLayout, layout, site_side
from .staffing import Side, assign
from .validation import validate_inputs


@dataclass(slots=True)
class Partition:
    """Independent planning input, e.g. one Polres of a Polda or of the nation."""

    key: Any
    stations: Sequence[Station]
    officers: Sequence[Officer]
    patterns: Mapping[str, Pattern]
    sites: Sequence[ReserveSite] = field(default_factory=list)


def plan(
    stations: Sequence[Station],
    officers: Sequence[Officer],
    patterns: Mapping[str, Pattern],
    sites: Sequence[ReserveSite] = (),
    config: PlanConfig | None = None,
) -> Plan:
    """Group TPS into posts, decide post and reserve strength, place reserve teams and staff everything."""
    return _run(stations, officers, patterns, sites, config or PlanConfig(), None)


def replan(
    previous: Plan,
    stations: Sequence[Station],
    officers: Sequence[Officer],
    patterns: Mapping[str, Pattern],
    sites: Sequence[ReserveSite] = (),
    config: PlanConfig | None = None,
) -> Plan:
    """Plan again after a change, keeping every still-valid assignment of `previous`; Plan.moved counts changes."""
    return _run(stations, officers, patterns, sites, config or PlanConfig(), previous)


def plan_partitioned(
    partitions: Iterable[Partition], config: PlanConfig | None = None, workers: int = 1
) -> Iterator[tuple[Any, Plan]]:
    """Plan independent partitions (e.g. Polres by Polres); yields (key, plan) in input order.

    workers > 1 uses a process pool (fork); config (including travel_fn) must then be picklable.
    """
    config = config or PlanConfig()
    if workers <= 1:
        for part in partitions:
            yield part.key, _plan_partition(part, config)
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_plan_keyed, ((p, config) for p in partitions), chunksize=1)


def _plan_partition(part: Partition, config: PlanConfig) -> Plan:
    return plan(part.stations, part.officers, part.patterns, part.sites, config)


def _plan_keyed(args: tuple[Partition, PlanConfig]) -> tuple[Any, Plan]:
    part, config = args
    return part.key, _plan_partition(part, config)


def _run(stations, officers, patterns, sites, config: PlanConfig, previous: Plan | None) -> Plan:
    started = time.perf_counter()
    validate_inputs(stations, officers, sites, config)
    arrays = StationArrays.build(stations)
    drafts, problems = group_stations(stations, patterns, config, arrays)
    drafts.sort(key=lambda d: (d.sector_id, d.desa_ids[0], d.category, min(stations[i].id for i in d.members)))
    ctx = Context(stations, arrays, Locator.build(stations, arrays), [o for o in officers if o.available])
    ctx.problems[:0] = problems + station_problems(stations, arrays)
    posts = build_posts(drafts, inherit_ids(drafts, stations, previous), ctx, patterns)
    voters = [sum(stations[i].voters for i in d.members) for d in drafts]
    levels = _levels(posts, voters, len(ctx.officers), config)
    must = np.flatnonzero(arrays.located & np.isin([s.category for s in stations], list(config.must_cover_categories)))
    must_pts = np.column_stack([arrays.lat[must], arrays.lon[must]])
    lay = layout(levels.reserve, list(sites), must, must_pts, config, previous, ctx.off_side)
    staffing = _staff(ctx, posts, levels, lay, list(sites), config, previous)
    result = assemble(ctx, posts, levels, lay, list(sites), staffing, config, previous)
    result.stats["runtime_s"] = round(time.perf_counter() - started, 4)
    return result


def _levels(posts: list[Post], voters: list[int], strength: int, config: PlanConfig) -> Levels:
    cats = [p.category for p in posts]
    order = fill_order(cats, [len(p.station_ids) for p in posts], voters, [p.id for p in posts], config)
    return allocate(cats, [p.required for p in posts], order, strength, config)


def _staff(
    ctx: Context,
    posts: list[Post],
    levels: Levels,
    lay: ReserveLayout,
    sites: list[ReserveSite],
    config: PlanConfig,
    previous: Plan | None,
) -> Staffing:
    """Build slot groups (staffed posts, then reserve sites), fix keepers on a replan, solve the rest."""
    post_idx = [i for i, n in enumerate(levels.staffed) if n > 0]
    site_demand = lay.site_demand()
    site_idx = sorted(site_demand)
    demand = np.array([levels.staffed[i] for i in post_idx] + [site_demand[j] for j in site_idx], dtype=np.int64)
    pts = [ctx.locator.for_post(posts[i]) for i in post_idx]
    sides = site_side(sites, site_idx)
    grp = Side(
        np.vstack([np.array(pts, dtype=float).reshape(-1, 2), sides.pts]),
        np.concatenate([np.array([posts[i].sector_id for i in post_idx], dtype=np.int64), sides.sector]),
    )
    keys = [("post", posts[i].id) for i in post_idx] + [("reserve", sites[j].id) for j in site_idx]
    group_of = _keepers(ctx, keys, demand, previous)
    free = np.flatnonzero(group_of < 0)
    residual = demand - np.bincount(group_of[group_of >= 0], minlength=len(demand))
    off = ctx.off_side
    group_of[free] = assign(Side(off.pts[free], off.sector[free]), grp, residual, config)
    return Staffing(post_idx, site_idx, grp, group_of)


def _keepers(ctx: Context, keys: list[tuple[str, int]], demand: np.ndarray, previous: Plan | None) -> np.ndarray:
    """On a replan, officers stay where they were if that post or reserve site still has a slot for them."""
    group_of = np.full(len(ctx.officers), -1, dtype=np.int64)
    if previous is None:
        return group_of
    slot = {key: g for g, key in enumerate(keys)}
    left = demand.copy()
    before = previous.assignments()
    for i, officer in enumerate(ctx.officers):
        g = slot.get(before.get(officer.id, ("none", None)))
        if g is not None and left[g] > 0:
            group_of[i] = g
            left[g] -= 1
    return group_of
