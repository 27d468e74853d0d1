"""Bad coordinates and settings are rejected at the engine boundary with a message naming the row."""

from __future__ import annotations

import dataclasses
import math

import pytest

from siaga.engine.deployment import (
    Officer,
    PlanConfig,
    PlanInputError,
    ReserveSite,
    Station,
    coordinate_problem,
    exact_mclp,
    exact_staffing,
    greedy_mclp,
    plan,
    replan,
    synthetic,
)

SMALL = synthetic.SyntheticSpec(tps=40, officers=30, sectors=3, desa=6, width_km=10, height_km=8, seed=4)


def small():
    return synthetic.polres(SMALL)


def with_officer(part, index: int, lat, lon):
    officers = list(part.officers)
    officers[index] = dataclasses.replace(officers[index], lat=lat, lon=lon)
    return officers


def with_site(part, index: int, lat, lon):
    sites = list(part.sites)
    sites[index] = dataclasses.replace(sites[index], lat=lat, lon=lon)
    return sites


@pytest.mark.parametrize("lat,lon", [(math.nan, 113.7), (-8.1, math.inf), (-8.1, -math.inf), (95.0, 113.7)])
def test_bad_officer_home_is_named_instead_of_failing_in_the_solver(lat, lon):
    part = small()
    officers = with_officer(part, 3, lat, lon)
    with pytest.raises(PlanInputError) as caught:
        plan(part.stations, officers, part.patterns, part.sites)
    message = str(caught.value)
    assert f"personel {officers[3].id}:" in message and "koordinat" in message
    assert [(i.kind, i.ref) for i in caught.value.issues] == [("personel", officers[3].id)]


def test_bad_reserve_site_is_named():
    part = small()
    sites = with_site(part, 1, math.nan, math.nan)
    with pytest.raises(PlanInputError, match=rf"lokasi cadangan {sites[1].id}: koordinat bukan angka terhingga"):
        plan(part.stations, part.officers, part.patterns, sites)
    with pytest.raises(PlanInputError, match="lokasi cadangan"):
        greedy_mclp(part.stations, sites, 2)
    with pytest.raises(PlanInputError, match="lokasi cadangan"):
        exact_mclp(part.stations, sites, 2)


def test_every_bad_row_is_listed_and_a_missing_location_is_still_allowed():
    part = small()
    officers = with_officer(part, 0, None, None)  # no home base: planned from the sector centre, as before
    officers[1] = dataclasses.replace(officers[1], lat=math.nan)
    stations = list(part.stations)
    stations[2] = dataclasses.replace(stations[2], lat=-8.2, lon=200.0)
    stations[3] = dataclasses.replace(stations[3], lat=None, lon=None)
    with pytest.raises(PlanInputError) as caught:
        plan(stations, officers, part.patterns, part.sites)
    assert {(i.kind, i.ref) for i in caught.value.issues} == {("personel", officers[1].id), ("tps", stations[2].id)}
    assert "di luar rentang" in str(caught.value)
    officers[1] = part.officers[1]
    stations[2] = part.stations[2]
    result = plan(stations, officers, part.patterns, part.sites)
    assert {p.code for p in result.problems} >= {"officer_no_home", "station_no_coords"}


def test_replan_and_exact_staffing_check_too():
    part = small()
    first = plan(part.stations, part.officers, part.patterns, part.sites)
    officers = with_officer(part, 5, math.inf, 113.0)
    with pytest.raises(PlanInputError, match=f"personel {officers[5].id}"):
        replan(first, part.stations, officers, part.patterns, part.sites)
    with pytest.raises(PlanInputError, match=f"personel {officers[5].id}"):
        exact_staffing(first, officers, part.sites)


@pytest.mark.parametrize(
    "field,value",
    [
        ("speed_kmh", 0.0),
        ("speed_kmh", math.nan),
        ("circuity", -1.0),
        ("response_minutes", math.inf),
        ("reserve_fraction", 1.0),
        ("reserve_team_size", 0),
    ],
)
def test_unusable_settings_are_rejected(field, value):
    part = small()
    with pytest.raises(PlanInputError, match="pengaturan"):
        plan(part.stations, part.officers, part.patterns, part.sites, PlanConfig(**{field: value}))


def test_many_bad_rows_are_counted_not_all_spelled_out():
    officers = [Officer(i, math.nan, 113.0) for i in range(1, 15)]
    with pytest.raises(PlanInputError, match="dan 4 lainnya") as caught:
        plan([Station(1, -8.1, 113.7, "rawan", 1, 1)], officers, synthetic.DEFAULT_PATTERNS)
    assert len(caught.value.issues) == 14


def test_coordinate_problem():
    assert coordinate_problem(-8.17, 113.7) is None
    assert coordinate_problem(None, None) is None
    assert coordinate_problem(None, None, required=True) == "koordinat wajib diisi"
    assert "terhingga" in coordinate_problem(math.nan, 1.0)
    assert "rentang" in coordinate_problem(-91.0, 1.0)
    assert "bukan angka" in coordinate_problem("x", 1.0)
    assert isinstance(PlanInputError([]), ValueError)
    assert ReserveSite(1, 0.0, 0.0)  # the dataclass itself stays a plain container
