"""Turn the staffing solution into the Plan: posts, reserve teams, shortfall, problems, stats, moves."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from siaga.engine.geo import haversine_km

from .allocation import Levels
from .context import Context
from .model import Plan, PlanConfig, Post, Problem, ReserveSite, ReserveTeam, Shortfall
from .placement import ReserveLayout
from .staffing import Side, pair_minutes, penalty


@dataclass(slots=True)
class Staffing:
    """group_of[i] = slot group of available officer i (-1 none); groups = post_idx then site_idx."""

    post_idx: list[int]
    site_idx: list[int]
    grp: Side
    group_of: np.ndarray


def label(category: str) -> str:
    return category.replace("_", " ")


def assemble(
    ctx: Context,
    posts: list[Post],
    levels: Levels,
    lay: ReserveLayout,
    sites: list[ReserveSite],
    st: Staffing,
    config: PlanConfig,
    previous: Plan | None,
) -> Plan:
    ids = np.array([o.id for o in ctx.officers], dtype=np.int64)
    for g, i in enumerate(st.post_idx):
        posts[i].officer_ids = sorted(ids[st.group_of == g].tolist())
    for rank, i in enumerate(levels.fill_order, start=1):
        posts[i].fill_rank = rank
    reserves, leftover = _reserves(ctx, lay, sites, st, levels, ids)
    shortfall = [
        Shortfall(p.id, p.category, p.sector_id, p.required, len(p.officer_ids), p.required - len(p.officer_ids))
        for i in levels.fill_order
        if len((p := posts[i]).officer_ids) < p.required
    ]
    result = Plan(
        posts=posts,
        reserves=reserves,
        shortfall=shortfall,
        fill_order=[posts[i].id for i in levels.fill_order],
        bko_needed=levels.bko_needed,
        problems=ctx.problems + _shortage_problems(shortfall, levels, reserves, lay, config),
        stats={},
        unassigned_officer_ids=sorted(leftover),
    )
    result.stats = _stats(ctx, posts, levels, lay, st, config, result)
    if previous is not None:
        result.moved, result.stats["released"] = _moves(previous, result, ids)
    return result


def _reserves(
    ctx: Context, lay: ReserveLayout, sites: list[ReserveSite], st: Staffing, levels: Levels, ids: np.ndarray
) -> tuple[list[ReserveTeam], list[int]]:
    """Split each site's officers into its teams; without sites the reserve waits at HQ (site_id None)."""
    n_posts = len(st.post_idx)
    members = {j: sorted(ids[st.group_of == n_posts + g].tolist()) for g, j in enumerate(st.site_idx)}
    teams = []
    for j, size in zip(lay.team_sites, lay.team_sizes, strict=True):
        officer_ids, members[j] = members[j][:size], members[j][size:]
        covered = [ctx.stations[lay.must[k]].id for k in lay.cover[j].indices]
        teams.append(ReserveTeam(sites[j].id, sites[j].kind, officer_ids, sorted(covered)))
    idle = sorted(ids[st.group_of < 0].tolist())
    if not lay.team_sites and levels.reserve > 0 and idle:
        teams.append(ReserveTeam(None, "polres", idle[: levels.reserve], []))
        idle = idle[levels.reserve :]
    return teams, idle


def _shortage_problems(
    shortfall: list[Shortfall], levels: Levels, reserves: list[ReserveTeam], lay: ReserveLayout, config: PlanConfig
) -> list[Problem]:
    out = [
        Problem(
            "post_understaffed", f"Pos {s.post_id} ({label(s.category)}) kekurangan {s.missing} personel", s.post_id
        )
        for s in shortfall
    ]
    held = sum(len(t.officer_ids) for t in reserves)
    if held < levels.reserve_target:
        msg = f"Cadangan (power on hand) hanya {held} dari target {levels.reserve_target} personel"
        out.append(Problem("reserve_below_target", msg))
    if levels.bko_needed:
        msg = f"Dibutuhkan {levels.bko_needed} personel BKO (TNI/Polda) untuk menutup kekurangan"
        out.append(Problem("bko_needed", msg))
    if levels.reserve > 0 and not lay.team_sites:
        out.append(Problem("reserve_no_sites", "Tidak ada lokasi cadangan; cadangan disiagakan di Mapolres"))
    covered = int((lay.cover[sorted(set(lay.team_sites))].sum(axis=0).A1 > 0).sum()) if lay.team_sites else 0
    if len(lay.must) > covered:
        cats = "/".join(label(c) for c in config.must_cover_categories)
        msg = f"{len(lay.must) - covered} TPS {cats} tidak terjangkau cadangan dalam {config.response_minutes:g} menit"
        out.append(Problem("reserve_uncovered", msg))
    return out


def _stats(
    ctx: Context, posts: list[Post], levels: Levels, lay: ReserveLayout, st: Staffing, config: PlanConfig, plan: Plan
) -> dict:
    used = np.flatnonzero(st.group_of >= 0)
    g = st.group_of[used]
    off, grp = ctx.off_side, st.grp
    km = haversine_km(*off.pts[used].T, *grp.pts[g].T) * config.circuity
    minutes = pair_minutes(off.pts[used], grp.pts[g], config) if len(used) else np.zeros(0)
    pen = penalty(off.sector[used], grp.sector[g], config)
    is_post = g < len(st.post_idx)
    covered = int((lay.cover[sorted(set(lay.team_sites))].sum(axis=0).A1 > 0).sum()) if lay.team_sites else 0
    required = sum(p.required for p in posts)
    assigned = sum(len(p.officer_ids) for p in posts)
    return {
        "stations": len(ctx.stations),
        "stations_no_coords": int((~ctx.arrays.located).sum()),
        "posts": len(posts),
        "officers_available": len(ctx.officers),
        "required_at_posts": required,
        "assigned_at_posts": assigned,
        "missing_at_posts": required - assigned,
        "reserve_target": levels.reserve_target,
        "reserve_held": sum(len(t.officer_ids) for t in plan.reserves),
        "reserve_teams": len(plan.reserves),
        "unassigned": len(plan.unassigned_officer_ids),
        "linmas_required": sum(p.linmas for p in posts),
        "must_cover_stations": len(lay.must),
        "must_cover_covered": covered,
        "in_sector": int((is_post & (pen == 0)).sum()),
        "from_pool": int((is_post & (off.sector[used] < 0)).sum()),
        "out_of_sector": int((is_post & (pen == config.out_of_sector_penalty_minutes)).sum()),
        "total_travel_km": round(float(km.sum()), 3),
        "post_travel_km": round(float(km[is_post].sum()), 3),
        "reserve_travel_km": round(float(km[~is_post].sum()), 3),
        "total_travel_minutes": round(float(minutes.sum()), 3),
        "objective_minutes": round(float((minutes + pen).sum()), 3),
    }


def _moves(previous: Plan, current: Plan, ids: np.ndarray) -> tuple[int, int]:
    """moved = available officers whose assignment changed; released = previously assigned, now unavailable."""
    before, after = previous.assignments(), current.assignments()
    present = set(ids.tolist())
    moved = sum(1 for oid in present if before.get(oid) != after.get(oid))
    released = sum(1 for oid in before if oid not in present)
    return moved, released
