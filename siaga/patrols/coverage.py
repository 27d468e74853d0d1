"""Coverage achieved vs. planned (engine ``coverage_report``) and the GeoJSON layers of the patrol map."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.html import escape

from siaga.core import access
from siaga.engine.patrols import coverage_report
from siaga.patrols.models import PatrolStop, PatrolTeam, VulnerableObject
from siaga.patrols.selectors import checkins_between, current_plans_filter, objects_with_weights, stops_between

TEAM_COLORS = ["#1d3557", "#e76f51", "#2a9d8f", "#8338ec", "#fb8500", "#3a86ff", "#d62828", "#6a994e", "#b5179e"]


@dataclass
class CoverageLine:
    obj: VulnerableObject
    planned: int
    due: int
    achieved: int
    ratio: float | None
    flagged: bool


@dataclass
class DayLine:
    day: date
    planned: int
    due: int
    achieved: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.achieved / self.due) if self.due else None


def coverage_summary(*, user, day_from: date, day_to: date, now: datetime | None = None) -> dict:
    """Per object and per day: planned stops, stops due by ``now``, stops achieved (checked in), flags."""
    now = now or timezone.now()
    stops = list(
        stops_between(user=user, day_from=day_from, day_to=day_to).values("pk", "object_id", "day", "departure")
    )
    checkins = list(checkins_between(user=user, day_from=day_from, day_to=day_to).values("object_id", "stop_id", "at"))
    done_stops = {c["stop_id"] for c in checkins if c["stop_id"]}
    planned, due, by_day = Counter(), Counter(), defaultdict(lambda: [0, 0, 0])
    for stop in stops:
        is_due = stop["departure"] <= now or stop["pk"] in done_stops
        planned[stop["object_id"]] += 1
        due[stop["object_id"]] += is_due
        by_day[stop["day"]][0] += 1
        by_day[stop["day"]][1] += is_due
    achieved = _achieved(checkins, {s["pk"]: (s["object_id"], s["day"]) for s in stops}, by_day)
    rows = coverage_report(dict(due), dict(achieved))
    objects = VulnerableObject.objects.restrict(user).in_bulk([row.object_id for row in rows])
    lines = [
        CoverageLine(objects[r.object_id], planned[r.object_id], int(r.planned), r.achieved, r.ratio, r.under_visited)
        for r in rows
        if r.object_id in objects
    ]
    lines.sort(key=lambda line: (not line.flagged, line.obj.name))
    days = [DayLine(day, *by_day[day]) for day in sorted(by_day)]
    totals = DayLine(day_from, sum(d.planned for d in days), sum(d.due for d in days), sum(d.achieved for d in days))
    return {"lines": lines, "days": days, "totals": totals, "flagged": sum(line.flagged for line in lines)}


def _achieved(checkins: list[dict], stop_info: dict, by_day: dict) -> Counter:
    """A stop counts once however many members check in; a check-in without a stop counts by itself."""
    achieved: Counter = Counter()
    seen = set()
    for checkin in checkins:
        stop_id = checkin["stop_id"]
        if stop_id in seen:
            continue
        if stop_id in stop_info:
            seen.add(stop_id)
            object_id, day = stop_info[stop_id]
            by_day[day][2] += 1
        elif stop_id is None:
            object_id = checkin["object_id"]
        else:
            continue  # a stop of a superseded plan
        achieved[object_id] += 1
    return achieved


def today_panel(user) -> dict:
    today = timezone.localdate()
    summary = coverage_summary(user=user, day_from=today, day_to=today)
    return {"totals": summary["totals"], "flagged": summary["flagged"], "day": today}


def _feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def objects_geojson(*, user) -> dict:
    qs = VulnerableObject.objects.restrict(user).filter(is_active=True).exclude(lat=None).exclude(lon=None)
    objects = objects_with_weights(qs.select_related("desa", "unit").prefetch_related("critical_periods"))
    features = [
        _feature(
            {"type": "Point", "coordinates": [obj.lon, obj.lat]},
            id=obj.pk,
            name=obj.name,
            kind=obj.kind,
            weight=obj.weight.effective,
            color=obj.weight.color,
            radius=5 + min(obj.weight.effective, 20) / 2,
            popup=f"<b>{escape(obj.name)}</b><br>{escape(obj.get_kind_display())}<br>"
            f"Bobot efektif {escape(obj.weight.explanation)}",
        )
        for obj in objects
    ]
    return {"type": "FeatureCollection", "features": features}


def routes_geojson(*, user, day: date) -> dict:
    """One LineString per team and shift of ``day``: base → stops → base (own teams only for field users)."""
    stops = stops_between(user=user, day_from=day, day_to=day).select_related("team", "object", "plan_period")
    if not access.can(user, "patrols.plan"):
        stops = (
            PatrolStop.objects.filter(team__in=PatrolTeam.objects.filter(members=user), day=day)
            .filter(current_plans_filter(day_from=day, day_to=day))
            .select_related("team", "object", "plan_period")
        )
    routes: dict[tuple, list] = defaultdict(list)
    for stop in stops.order_by("team_id", "plan_period_id", "seq"):
        routes[(stop.team, stop.plan_period.label)].append(stop)
    features = [_route_feature(team, label, route) for (team, label), route in routes.items()]
    return {"type": "FeatureCollection", "features": features}


def _route_feature(team: PatrolTeam, label: str, stops: list) -> dict:
    points = [[s.object.lon, s.object.lat] for s in stops if s.object.lat is not None]
    if team.base_lat is not None:
        base = [team.base_lon, team.base_lat]
        points = [base, *points, base]
    times = ", ".join(f"{timezone.localtime(s.arrival):%H.%M} {escape(s.object.name)}" for s in stops)
    return _feature(
        {"type": "LineString", "coordinates": points},
        team=team.pk,
        name=f"{team.name} ({label})",
        color=TEAM_COLORS[team.pk % len(TEAM_COLORS)],
        weight=3,
        stops=len(stops),
        popup=f"<b>{escape(team.name)}</b> · {escape(label)}<br>{times}",
    )


def checkins_geojson(*, user, day: date) -> dict:
    qs = checkins_between(user=user, day_from=day, day_to=day)
    features = []
    for c in qs:
        lat, lon = (c.lat, c.lon) if c.lat is not None else (c.object.lat, c.object.lon)
        if lat is None:
            continue
        popup = f"<b>Check-in {escape(c.team.name)}</b><br>{escape(c.object.name)} {timezone.localtime(c.at):%H.%M}"
        features.append(
            _feature(
                {"type": "Point", "coordinates": [lon, lat]}, name=c.object.name, color="#06d6a0", radius=4, popup=popup
            )
        )
    return {"type": "FeatureCollection", "features": features}
