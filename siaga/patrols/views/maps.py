"""Ops pages: coverage achieved vs. planned, the patrol map and its GeoJSON layers."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from siaga.core import access
from siaga.core.maps import map_config
from siaga.core.params import date_param, date_range
from siaga.patrols import coverage
from siaga.patrols.selectors import local_today


def _day(request, name: str = "tanggal") -> date:
    return date_param(request.GET.get(name), name=name, default=local_today())


def _range(request) -> tuple[date, date]:
    return date_range(request.GET.get("dari"), request.GET.get("sampai"), default=local_today())


@login_required
def coverage_view(request):
    access.require(request.user, "patrols.plan")  # planned visits are plan data, as on the plan pages
    day_from, day_to = _range(request)
    summary = coverage.coverage_summary(user=request.user, day_from=day_from, day_to=day_to)
    context = {**summary, "day_from": day_from, "day_to": day_to}
    if request.htmx and not request.htmx.boosted:
        return render(request, "patrols/htmx/coverage_body.html", context)
    return render(request, "patrols/coverage.html", context)


def map_layers(day: date | None = None) -> list[dict]:
    suffix = f"?tanggal={day.isoformat()}" if day else ""
    return [
        {"key": "objek", "label": "Objek rawan", "url": reverse("patrols:objects_geojson"), "refresh": 0},
        {"key": "rute", "label": "Rute patroli", "url": reverse("patrols:routes_geojson") + suffix, "refresh": 0},
        {"key": "checkin", "label": "Check-in", "url": reverse("patrols:checkins_geojson") + suffix, "refresh": 30},
    ]


@login_required
def patrol_map(request):
    day = _day(request)
    return render(request, "patrols/map.html", {"map_config": map_config(map_layers(day)), "day": day})


@login_required
def objects_geojson(request):
    return JsonResponse(coverage.objects_geojson(user=request.user))


@login_required
def routes_geojson(request):
    day = _day(request)
    return JsonResponse(coverage.routes_geojson(user=request.user, day=day))


@login_required
def checkins_geojson(request):
    day = _day(request)
    return JsonResponse(coverage.checkins_geojson(user=request.user, day=day))
