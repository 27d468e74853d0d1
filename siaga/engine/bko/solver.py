"""BKO matching as maximum flow at minimum cost on a sparse bipartite graph (OR-Tools SimpleMinCostFlow)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

from siaga.engine.geo import haversine_km, unit_vectors

from .model import BkoInputError, BkoResult, Demand, Match, Supply, check

COST_SCALE = 10  # arc costs in tenths of a km (integers for the network simplex)


def candidate_arcs(
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    *,
    k_nearest: int = 5,
    cross_border: bool = True,
    cross_border_factor: float = 1.5,
    max_km: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Arcs (supply index, demand index, distance km, integer cost): every giver of the receiver's own group
    plus its `k_nearest` givers of other groups. Only givers with spare > 0 and receivers with need > 0 count."""
    d_idx = np.array([i for i, d in enumerate(demands) if d.need > 0], dtype=np.int64)
    s_idx = np.array([j for j, s in enumerate(supplies) if s.spare > 0], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if not len(d_idx) or not len(s_idx):
        return empty, empty, np.zeros(0), empty
    s_group = np.array([supplies[j].group for j in s_idx])
    s_lat = np.array([supplies[j].lat for j in s_idx], dtype=float)
    s_lon = np.array([supplies[j].lon for j in s_idx], dtype=float)
    by_group: dict[int, np.ndarray] = {}
    order = np.argsort(s_group, kind="stable")
    groups, starts = np.unique(s_group[order], return_index=True)
    for g, chunk in zip(groups, np.split(order, starts[1:]), strict=True):
        by_group[int(g)] = chunk
    tree = cKDTree(unit_vectors(s_lat, s_lon)) if cross_border and k_nearest > 0 else None
    src, dst = [], []
    for i in d_idx:
        d = demands[i]
        same = by_group.get(d.group, np.zeros(0, dtype=np.int64))
        picks = [same]
        if tree is not None:
            k = min(len(s_idx), k_nearest + len(same))
            _, near = tree.query(unit_vectors([d.lat], [d.lon])[0], k=k)
            near = np.atleast_1d(near)
            other = near[s_group[near] != d.group][:k_nearest]
            picks.append(other.astype(np.int64))
        cand = np.concatenate(picks)
        src.append(cand)
        dst.append(np.full(len(cand), i, dtype=np.int64))
    local_s = np.concatenate(src)
    dem = np.concatenate(dst)
    sup = s_idx[local_s]
    d_lat = np.array([demands[i].lat for i in dem], dtype=float)
    d_lon = np.array([demands[i].lon for i in dem], dtype=float)
    km = haversine_km(s_lat[local_s], s_lon[local_s], d_lat, d_lon)
    cross = s_group[local_s] != np.array([demands[i].group for i in dem])
    if max_km is not None:
        keep = km <= max_km
        sup, dem, km, cross = sup[keep], dem[keep], km[keep], cross[keep]
    weight = np.where(cross, cross_border_factor, 1.0)
    cost = np.rint(km * weight * COST_SCALE).astype(np.int64) + 1  # +1: an arc is never free (fewer tiny moves)
    return sup, dem, km, cost


def match(
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    *,
    k_nearest: int = 5,
    cross_border: bool = True,
    cross_border_factor: float = 1.5,
    max_km: float | None = None,
    lot: int = 1,
) -> BkoResult:
    """Lend as many officers as the supply allows, at the least distance-weighted personnel moved.

    `lot` > 1 lends whole units only (an SST ≈ 30, an SSK = 100 personnel): a giver offers floor(spare / lot)
    lots, a receiver asks for ceil(need / lot) lots (so it may receive up to lot − 1 more than it needs)."""
    if not isinstance(lot, int) or lot < 1:
        raise BkoInputError(f"Ukuran satuan BKO harus bilangan bulat ≥ 1 ({lot!r}).")
    if lot > 1:
        check(demands, supplies)
        in_lots = match(
            [replace(d, need=-(-d.need // lot)) for d in demands],
            [replace(s, spare=s.spare // lot) for s in supplies],
            k_nearest=k_nearest, cross_border=cross_border, cross_border_factor=cross_border_factor, max_km=max_km,
        )  # fmt: skip
        return _scaled(in_lots, demands, supplies, lot)
    started = time.perf_counter()
    check(demands, supplies)
    sup, dem, km, cost = candidate_arcs(
        demands,
        supplies,
        k_nearest=k_nearest,
        cross_border=cross_border,
        cross_border_factor=cross_border_factor,
        max_km=max_km,
    )
    n_s, n_d = len(supplies), len(demands)
    flows = np.zeros(len(sup), dtype=np.int64)
    total_cost = 0
    if len(sup):
        source, sink = n_s + n_d, n_s + n_d + 1
        net = min_cost_flow.SimpleMinCostFlow()
        big = sum(s.spare for s in supplies) + 1
        arcs = net.add_arcs_with_capacity_and_unit_cost(sup, n_s + dem, np.full(len(sup), big, dtype=np.int64), cost)
        give = np.array([j for j, s in enumerate(supplies) if s.spare > 0], dtype=np.int64)
        take = np.array([i for i, d in enumerate(demands) if d.need > 0], dtype=np.int64)
        net.add_arcs_with_capacity_and_unit_cost(
            np.full(len(give), source, dtype=np.int64),
            give,
            np.array([supplies[j].spare for j in give], dtype=np.int64),
            np.zeros(len(give), dtype=np.int64),
        )
        net.add_arcs_with_capacity_and_unit_cost(
            n_s + take,
            np.full(len(take), sink, dtype=np.int64),
            np.array([demands[i].need for i in take], dtype=np.int64),
            np.zeros(len(take), dtype=np.int64),
        )
        net.set_node_supply(source, int(sum(supplies[j].spare for j in give)))
        net.set_node_supply(sink, -int(sum(demands[i].need for i in take)))
        status = net.solve_max_flow_with_min_cost()
        if status != net.OPTIMAL:
            raise RuntimeError(f"min-cost flow gagal (status {status})")
        flows = net.flows(arcs)
        total_cost = int(np.dot(flows, cost))
    got = np.zeros(n_d, dtype=np.int64)
    lent = np.zeros(n_s, dtype=np.int64)
    matches = []
    for a in np.nonzero(flows)[0]:
        s, d, f = int(sup[a]), int(dem[a]), int(flows[a])
        got[d] += f
        lent[s] += f
        matches.append(
            Match(
                supply_id=supplies[s].id,
                demand_id=demands[d].id,
                personnel=f,
                distance_km=round(float(km[a]), 1),
                cross_border=supplies[s].group != demands[d].group,
            )
        )
    matches.sort(key=lambda m: (m.demand_id, m.distance_km, m.supply_id))
    unmet = {d.id: d.need - int(got[i]) for i, d in enumerate(demands) if d.need - int(got[i]) > 0}
    spare_left = {s.id: s.spare - int(lent[j]) for j, s in enumerate(supplies) if s.spare - int(lent[j]) > 0}
    stats = {
        "demands": sum(1 for d in demands if d.need > 0),
        "supplies": sum(1 for s in supplies if s.spare > 0),
        "arcs": len(sup),
        "needed": sum(d.need for d in demands),
        "spare": sum(s.spare for s in supplies),
        "moved": int(flows.sum()) if len(flows) else 0,
        "runtime_s": round(time.perf_counter() - started, 4),
    }
    return BkoResult(matches, unmet, spare_left, total_cost, stats, _message(demands, unmet, stats))


def _scaled(result: BkoResult, demands: Sequence[Demand], supplies: Sequence[Supply], lot: int) -> BkoResult:
    """A result computed in lots, back in personnel."""
    matches = [replace(m, personnel=m.personnel * lot) for m in result.matches]
    got: dict[int, int] = {}
    lent: dict[int, int] = {}
    for m in matches:
        got[m.demand_id] = got.get(m.demand_id, 0) + m.personnel
        lent[m.supply_id] = lent.get(m.supply_id, 0) + m.personnel
    unmet = {d.id: d.need - got.get(d.id, 0) for d in demands if d.need - got.get(d.id, 0) > 0}
    spare_left = {s.id: s.spare - lent.get(s.id, 0) for s in supplies if s.spare - lent.get(s.id, 0) > 0}
    stats = {
        **result.stats,
        "lot": lot,
        "needed": sum(d.need for d in demands),
        "spare": sum(s.spare for s in supplies),
        "moved": sum(m.personnel for m in matches),
    }
    return BkoResult(matches, unmet, spare_left, result.cost, stats, _message(demands, unmet, stats))


def _message(demands: Sequence[Demand], unmet: dict[int, int], stats: dict) -> str:
    if not stats["needed"]:
        return "Tidak ada satuan yang membutuhkan BKO."
    if not unmet:
        return f"Seluruh kebutuhan BKO ({stats['needed']} personel) dapat dipenuhi."
    names = {d.id: d.name or f"#{d.id}" for d in demands}
    short = sorted(unmet.items(), key=lambda kv: -kv[1])
    listed = ", ".join(f"{names[i]} kurang {n}" for i, n in short[:10])
    more = f" dan {len(short) - 10} satuan lain" if len(short) > 10 else ""
    return (
        f"Kekuatan cadangan tidak mencukupi: {stats['moved']} dari {stats['needed']} personel BKO terpenuhi; "
        f"masih kurang — {listed}{more}. Ajukan tambahan ke tingkat atas."
    )
