"""BKO matching: exact against an independent LP on the same arcs, partial on short supply, bad input named."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from siaga.engine.bko import BkoInputError, Demand, Supply, candidate_arcs, match


def _instance(seed: int, groups: int = 3, per_group: int = 6):
    rng = random.Random(seed)
    demands, supplies = [], []
    for g in range(groups):
        base_lat, base_lon = -8 + rng.uniform(-1, 1), 110 + 3 * g
        for q in range(per_group):
            uid = g * 100 + q
            lat, lon = base_lat + rng.uniform(-0.8, 0.8), base_lon + rng.uniform(-0.8, 0.8)
            if rng.random() < 0.45:
                demands.append(Demand(uid, g, lat, lon, rng.randint(0, 60), name=f"Polres {uid}"))
            else:
                supplies.append(Supply(uid, g, lat, lon, rng.randint(0, 50), name=f"Polres {uid}"))
        if rng.random() < 0.5:
            supplies.append(Supply(10_000 + g, g, base_lat, base_lon, rng.randint(0, 80), kind="pool"))
    return demands, supplies


def _lp_optimum(demands, supplies, **kw) -> tuple[int, int]:
    """Independent formulation: phase 1 maximises the personnel moved, phase 2 minimises the cost at that flow."""
    sup, dem, _, cost = candidate_arcs(demands, supplies, **kw)
    n = len(sup)
    if n == 0:
        return 0, 0
    rows, rhs = [], []
    for j, s in enumerate(supplies):
        row = (sup == j).astype(float)
        if row.any():
            rows.append(row)
            rhs.append(s.spare)
    for i, d in enumerate(demands):
        row = (dem == i).astype(float)
        if row.any():
            rows.append(row)
            rhs.append(d.need)
    a_ub, b_ub = np.array(rows), np.array(rhs, dtype=float)
    phase1 = linprog(-np.ones(n), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    flow = round(-phase1.fun)
    phase2 = linprog(
        cost.astype(float), A_ub=a_ub, b_ub=b_ub, A_eq=np.ones((1, n)), b_eq=[flow], bounds=(0, None), method="highs"
    )
    assert phase1.status == 0 and phase2.status == 0
    return flow, round(phase2.fun)


@pytest.mark.parametrize("seed", range(8))
def test_min_cost_flow_is_exact_against_linprog(seed):
    demands, supplies = _instance(seed)
    result = match(demands, supplies, k_nearest=3)
    flow, cost = _lp_optimum(demands, supplies, k_nearest=3)
    assert result.moved == flow
    assert result.cost == cost
    # the matches respect every giver's spare and every receiver's need
    for s in supplies:
        assert sum(m.personnel for m in result.matches if m.supply_id == s.id) <= s.spare
    for d in demands:
        got = sum(m.personnel for m in result.matches if m.demand_id == d.id)
        assert got + result.unmet.get(d.id, 0) == d.need


def test_nearest_giver_is_preferred_within_the_polda():
    demands = [Demand(1, 0, -8.0, 113.0, 30, name="Polres Jember")]
    supplies = [
        Supply(2, 0, -8.1, 113.1, 30, name="Polres Lumajang"),
        Supply(3, 0, -7.2, 112.7, 30, name="Polres Malang"),
    ]
    result = match(demands, supplies)
    assert [(m.supply_id, m.personnel) for m in result.matches] == [(2, 30)]
    assert result.unmet == {}
    assert result.spare_left == {3: 30}
    assert result.message.startswith("Seluruh kebutuhan BKO")


def test_short_supply_gives_a_partial_match_with_a_clear_message():
    demands = [Demand(1, 0, -8.0, 113.0, 50, name="Polres Jember"), Demand(2, 0, -8.2, 113.5, 20, name="Polres Bwi")]
    supplies = [Supply(3, 0, -8.1, 113.2, 30, name="Polres Lumajang")]
    result = match(demands, supplies)
    assert result.moved == 30
    assert sum(result.unmet.values()) == 40
    assert "30 dari 70" in result.message
    assert "Polres Jember kurang" in result.message


def test_no_supply_at_all_leaves_every_need_unmet():
    demands = [Demand(1, 0, -8.0, 113.0, 12, name="Polres Jember")]
    result = match(demands, [])
    assert result.matches == [] and result.unmet == {1: 12}
    assert "0 dari 12" in result.message


def test_cross_border_givers_are_limited_to_the_k_nearest_and_weighted():
    demand = Demand(1, 0, -8.0, 113.0, 10)
    # the same distance across the border costs more: the own Polda's giver wins
    own = Supply(2, 0, -8.0, 113.5, 10)
    across = Supply(3, 1, -8.0, 112.5, 10)
    result = match([demand], [own, across])
    assert [m.supply_id for m in result.matches] == [2]
    # with only cross-border givers, k_nearest bounds the candidates
    far = [Supply(10 + i, 1, -8.0, 113.0 + 0.1 * (i + 1), 1) for i in range(6)]
    sup, _, _, _ = candidate_arcs([demand], far, k_nearest=2)
    assert sorted(far[j].id for j in sup) == [10, 11]
    assert match([demand], far, cross_border=False).moved == 0


def test_bad_input_names_the_rows():
    with pytest.raises(BkoInputError) as err:
        match(
            [Demand(1, 0, math.nan, 113.0, 5, name="Polres Jember"), Demand(1, 0, -8, 113, 1, name="Polres Ganda")],
            [Supply(2, 0, -8.0, 113.0, -3, name="Polres Lumajang")],
        )
    text = str(err.value)
    assert "Polres Jember: koordinat tidak sah" in text
    assert "ID ganda" in text
    assert "Polres Lumajang: jumlah personel" in text


def test_a_national_instance_runs_and_balances():
    rng = random.Random(7)
    demands, supplies = [], []
    for g in range(34):
        for q in range(15):
            uid, lat, lon = g * 100 + q, rng.uniform(-10, 5), rng.uniform(95, 140)
            if rng.random() < 0.4:
                demands.append(Demand(uid, g, lat, lon, rng.randint(1, 300)))
            else:
                supplies.append(Supply(uid, g, lat, lon, rng.randint(0, 200)))
        supplies.append(Supply(100_000 + g, g, rng.uniform(-10, 5), rng.uniform(95, 140), 400, kind="pool"))
    result = match(demands, supplies)
    assert 0 < result.moved <= min(sum(d.need for d in demands), sum(s.spare for s in supplies))
    assert result.moved + sum(result.unmet.values()) == sum(d.need for d in demands)
    assert result.moved + sum(result.spare_left.values()) == sum(s.spare for s in supplies)
    assert result.stats["arcs"] < len(demands) * 30


def test_whole_units_are_lent_in_lots():
    """With lot=30 (an SST) a giver with 70 spare lends two SST; a need of 40 asks for two."""
    demands = [Demand(1, 0, -8.0, 113.0, 40, name="Polres Jember"), Demand(2, 0, -8.3, 113.4, 25, name="Polres B")]
    supplies = [Supply(3, 0, -8.1, 113.1, 70, name="Polres Lumajang")]
    result = match(demands, supplies, lot=30)
    assert all(m.personnel % 30 == 0 for m in result.matches)
    assert result.moved == 60 and result.stats["lot"] == 30
    assert result.spare_left == {3: 10}
    # both SST go to the nearer Polres Jember (40 needed: two SST), Polres B stays 25 short
    assert {m.demand_id: m.personnel for m in result.matches} == {1: 60}
    assert result.unmet == {2: 25} and "Polres B kurang 25" in result.message
    with pytest.raises(BkoInputError, match="Ukuran satuan"):
        match(demands, supplies, lot=0)
