"""The map of one patrol plan for a chosen day x shift: a LineString per team (base → stops → base), the stops
as numbered points, and the objects the plan left uncovered with the engine's reason in their popup."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape

from siaga.patrols.coverage import TEAM_COLORS
from siaga.patrols.models import PatrolPlan, PlanPeriod, VulnerableObject

UNCOVERED_COLOR = "#6c757d"
LAYERS = ("rute", "titik", "terlewat")


def _feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def plan_period_pick(*, plan: PatrolPlan, period_id: int | None, today) -> PlanPeriod | None:
    """The chosen period of the plan, else the first one of ``today``, else the plan's first period."""
    periods = plan.plan_periods.order_by("day", "period")
    if period_id:
        chosen = periods.filter(pk=period_id).first()
        if chosen is not None:
            return chosen
    return periods.filter(day=today).first() or periods.first()


def _color(team_id: int) -> str:
    return TEAM_COLORS[team_id % len(TEAM_COLORS)]


def route_features(period: PlanPeriod) -> list[dict]:
    stops = list(period.stops.select_related("team", "object").order_by("team_id", "seq"))
    by_team: dict = {}
    for stop in stops:
        by_team.setdefault(stop.team, []).append(stop)
    features = []
    for team, route in by_team.items():
        points = [[s.object.lon, s.object.lat] for s in route if s.object.has_coordinates]
        if team.base_lat is not None and team.base_lon is not None:
            points = [[team.base_lon, team.base_lat], *points, [team.base_lon, team.base_lat]]
        times = "<br>".join(f"{s.seq}. {timezone.localtime(s.arrival):%H.%M} {escape(s.object.name)}" for s in route)
        features.append(
            _feature(
                {"type": "LineString", "coordinates": points},
                team=team.pk,
                name=f"{team.name} ({period.label})",
                color=_color(team.pk),
                weight=3,
                popup=f"<b>{escape(team.name)}</b> · {escape(period.label)}<br>{times}",
            )
        )
    return features


def stop_features(period: PlanPeriod) -> list[dict]:
    stops = period.stops.select_related("team", "object").order_by("team_id", "seq")
    return [
        _feature(
            _point(s.object.lon, s.object.lat),
            team=s.team_id,
            seq=s.seq,
            name=f"{s.seq}. {s.object.name}",
            color=_color(s.team_id),
            radius=6,
            popup=f"<b>{s.seq}. {escape(s.object.name)}</b><br>{escape(s.team.name)} · "
            f"{timezone.localtime(s.arrival):%H.%M}–{timezone.localtime(s.departure):%H.%M}",
        )
        for s in stops
        if s.object.has_coordinates
    ]


def uncovered_features(period: PlanPeriod, *, user) -> list[dict]:
    """Objects of the period's ``uncovered`` list that have coordinates (the rest are listed on the page)."""
    items = period.result.get("uncovered", [])
    objects = VulnerableObject.objects.restrict(user).in_bulk([item["object_id"] for item in items])
    features = []
    for item in items:
        obj = objects.get(item["object_id"])
        if obj is None or not obj.has_coordinates:
            continue
        features.append(
            _feature(
                _point(obj.lon, obj.lat),
                id=obj.pk,
                name=obj.name,
                code=item["code"],
                color=UNCOVERED_COLOR,
                radius=5,
                popup=f"<b>{escape(obj.name)}</b><br>Tidak dikunjungi: {escape(item['reason'])}",
            )
        )
    return features


def plan_period_geojson(*, period: PlanPeriod, layer: str, user) -> dict:
    builders = {"rute": route_features, "titik": stop_features}
    features = uncovered_features(period, user=user) if layer == "terlewat" else builders[layer](period)
    return {"type": "FeatureCollection", "features": features}
