"""Rows with coordinates the planner cannot use: the plan is still computed and names who or what to fix."""

import math

import pytest
from django.core.exceptions import ValidationError

from siaga.deployment import services
from siaga.deployment.inputs import plan_inputs
from siaga.deployment.models import Assignment, PlanReserve, ReserveSite
from siaga.personnel.models import Personnel
from siaga.stations.models import Station
from siaga.units.models import Unit
from tests.deployment.factories import strength

pytestmark = pytest.mark.django_db


def _draft(ops_user, operation, election):
    return services.deployment_plan_create(user=ops_user, operation=operation, election=election)


def test_bad_coordinates_are_listed_by_name_and_the_plan_still_computes(
    district, election, operation, mixed_tps, ops_user
):
    people = strength(district, per_polsek=20, at_polres=10)
    officer = people[0]
    Personnel.objects.filter(pk=officer.pk).update(home_lat=math.inf, home_lon=113.7)
    station = mixed_tps[0]
    Station.objects.filter(pk=station.pk).update(lat=200.0)
    Unit.objects.filter(pk=district.polsek_b.pk).update(lon=-math.inf)
    aju = ReserveSite.objects.create(unit=district.polres, name="Pos AJU Rusak", lat=95.0, lon=113.7)

    plan = services.deployment_plan_compute(plan=_draft(ops_user, operation, election))

    problems = {p["code"]: p for p in plan.result["app_problems"]}
    assert officer.name in problems["officer_bad_coords"]["message"]
    assert officer.nrp in problems["officer_bad_coords"]["message"]
    assert f"TPS {station.number:03d}" in problems["station_bad_coords"]["message"]
    sites = [p for p in plan.result["app_problems"] if p["code"] == "site_bad_coords"]
    assert sorted(p["message"].split(":")[0] for p in sites) == sorted(
        ["Lokasi cadangan Pos AJU Rusak", f"Lokasi cadangan Mako {district.polsek_b.name}"]
    )
    # the officer is still deployed (from the centre of his sector), the TPS is still guarded, the sites unused
    assert Assignment.objects.filter(plan=plan, personnel_id=officer.pk).exists()
    assert any(station.pk in post.station_ids for post in plan.posts.all())
    used = set(PlanReserve.objects.filter(plan=plan).values_list("site_id", flat=True))
    assert ReserveSite.SITE_ID_OFFSET + aju.pk not in used and district.polsek_b.pk not in used
    assert plan.summary["officers_available"] == len(people)


def test_bad_rows_are_converted_before_they_reach_the_engine(district, election, operation, mixed_tps, ops_user):
    people = strength(district, per_polsek=2)
    Personnel.objects.filter(pk=people[1].pk).update(home_lat=-8.1, home_lon=181.0)
    inputs = plan_inputs(_draft(ops_user, operation, election))
    bad = next(o for o in inputs.officers if o.id == people[1].pk)
    assert bad.lat is None and bad.lon is None
    assert [p["ref"] for p in inputs.problems if p["code"] == "officer_bad_coords"] == [people[1].pk]


def test_an_unusable_plan_setting_fails_with_its_name(district, election, operation, mixed_tps, ops_user):
    strength(district, per_polsek=20)
    plan = _draft(ops_user, operation, election)
    type(plan).objects.filter(pk=plan.pk).update(speed_kmh=math.inf)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="kecepatan"):
        services.deployment_plan_compute(plan=plan)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("speed_kmh", float("nan")),
        ("circuity", float("inf")),
        ("response_minutes", 1e20),
        ("reserve_team_size", -1),
        ("reserve_fraction", float("nan")),
        ("reserve_fraction", 1.0),
    ],
)
def test_plan_settings_that_are_not_usable_numbers_are_refused_by_name(key, value):
    from django.core.exceptions import ValidationError

    from siaga.deployment.services import validate_params

    with pytest.raises(ValidationError) as refused:
        validate_params({key: value})
    assert key in refused.value.message_dict
