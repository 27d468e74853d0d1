"""Next week's hot-spot forecast for a unit (siaga.engine.hotspots), shared by the map layers, the patrol object
weights (lent to patrols through `patrols.history.register_forecast_intensity`) and the proposals of new patrol
objects (analysis.proposals).

The forecast is fitted on the crime cases with coordinates of the year before its origin (EM for the near-repeat
kernel, the background bandwidth by validation on the last weeks) and kept in the cache under a fingerprint of
those cases (count, last id, last change), so a new or changed case refits it and a page view does not."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from siaga.engine.hotspots import ForecastParams, Grid, HotspotInputError, fit_forecast, forecast_surface

WINDOW_DAYS = 365
HORIZON_DAYS = 7
CELL_M = 250.0
CACHE_SECONDS = 6 * 3600
OBJECT_RADIUS_M = 500.0  # the forecast counted around a patrol object
PER_EXPECTED_EVENT = 0.2
MAX_CELLS = 400_000
MAX_FIT_EVENTS = 30_000  # weight component per expected event next week within the radius (patrols caps it)


@dataclass(frozen=True)
class Forecast:
    grid: Grid
    surface: np.ndarray  # expected crime cases per cell in [start, end]
    params: ForecastParams
    events: int  # cases the forecast was fitted on
    start: dt.date  # first day forecast
    end: dt.date  # last day forecast

    def cell(self, lat: float, lon: float) -> tuple[int, int] | None:
        r, c, inside = self.grid.index([lat], [lon])
        return (int(r[0]), int(c[0])) if inside[0] else None

    def around(self, lat: float, lon: float, radius_m: float = OBJECT_RADIUS_M) -> float:
        """Expected cases over the horizon in the cells whose centre lies within `radius_m` of a point."""
        rows, cols = self.grid.shape
        lat_m = (lat - self.grid.lat_min) * 110_574.0
        lon_m = (lon - self.grid.lon_min) * self.grid.km_per_deg_lon * 1000
        r = (np.arange(rows) + 0.5) * self.grid.cell_m - lat_m
        c = (np.arange(cols) + 0.5) * self.grid.cell_m - lon_m
        near = (r[:, None] ** 2 + c[None, :] ** 2) <= radius_m**2
        return float(self.surface[near].sum())


def _cases(qs, start: dt.datetime, end: dt.datetime):
    return qs.exclude(lat=None).exclude(lon=None).filter(occurred_at__gte=start, occurred_at__lt=end)


def unit_forecast(*, cases, key: str, until: dt.date | None = None, crime_type: str | None = None) -> Forecast | None:
    """The forecast for the `HORIZON_DAYS` after `until` from `cases` (a Case queryset already cut to what the
    caller may see, e.g. `selectors.crimes(user, unit)`); `key` names that scope in the cache. By default `until` is
    yesterday: a daily forecast from today on, refitted when the past changes rather than with every new case of
    the day. None when no case has coordinates."""
    until = until or timezone.localdate() - dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min), tz)
    start = end - dt.timedelta(days=WINDOW_DAYS)
    qs = cases.filter(crime_type_id=crime_type) if crime_type else cases
    qs = _cases(qs, start, end)
    mark = qs.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at"))
    if not mark["n"]:
        return None
    fingerprint = f"{mark['n']}:{mark['last']}:{mark['changed'].timestamp() if mark['changed'] else 0}"
    cache_key = f"analysis:forecast:v1:{key}:{crime_type or '*'}:{until.isoformat()}:{fingerprint}"
    found = cache.get(cache_key)
    if found is not None:
        return found
    rows = list(qs.values_list("lat", "lon", "occurred_at"))
    lats = np.array([r[0] for r in rows], float)
    lons = np.array([r[1] for r in rows], float)
    days = np.array([(r[2] - start).total_seconds() / 86_400 for r in rows], float)
    try:
        grid = Grid.around(lats, lons, cell_m=CELL_M, pad_m=750)
        rows_, cols_ = grid.shape
        if rows_ * cols_ > MAX_CELLS:  # a Polda-wide area: coarser cells keep the surface bounded
            cell = CELL_M * math.sqrt(rows_ * cols_ / MAX_CELLS)
            grid = Grid(grid.lat_min, grid.lon_min, grid.lat_max, grid.lon_max, cell)
        if len(rows) > MAX_FIT_EVENTS:
            # beyond a few Polres the near-repeat pairs outgrow a request: the long-term background only
            params = ForecastParams(theta=0.0, background_m=max(400.0, grid.cell_m))
        else:
            params = fit_forecast(grid, lats, lons, days, WINDOW_DAYS, weeks=4, bandwidths=(250.0, 400.0, 600.0))
        surface = forecast_surface(grid, lats, lons, days, at=WINDOW_DAYS, horizon=HORIZON_DAYS, params=params)
    except HotspotInputError:  # coordinates are checked on entry; a stored bad value leaves the layer empty
        return None
    first = until + dt.timedelta(days=1)
    result = Forecast(grid, surface, params, len(rows), first, first + dt.timedelta(days=HORIZON_DAYS - 1))
    cache.set(cache_key, result, CACHE_SECONDS)
    return result


def _prefixes(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and i > 0]


def polres_of(unit):
    """The Polres a unit belongs to (itself when it is one); None above or outside a Polres."""
    from siaga.units.models import Unit

    if unit is None:
        return None
    if unit.kind == "polres":
        return unit
    return Unit.objects.filter(kind="polres", path__in=_prefixes(unit.path)).first()


def subtree_cases(unit_id: int):
    """Every crime case of a unit's subtree, the unit given by id (its path read inside the same query): a system
    read, only aggregate figures leave this module."""
    from django.db.models import Subquery

    from siaga.analysis.models import Case, CrimeType
    from siaga.units.models import Unit

    path = Unit.objects.filter(pk=unit_id).values("path")[:1]
    units = Unit.objects.filter(path__startswith=Subquery(path)).values("pk")
    codes = CrimeType.objects.filter(group__is_crime=True).values("code")
    return Case.objects.filter(unit_id__in=units, crime_type_id__in=codes)


def _polres_ids(objects) -> dict[int, int | None]:
    """{unit id: its Polres id} for the objects' units: a Polres is its own, a Polsek's is its parent (read from the
    unit already loaded on the object, select_related); other units by one query over their ancestors."""
    from siaga.units.models import Unit

    out: dict[int, int | None] = {}
    loaded = {}
    for obj in objects:
        unit = obj._state.fields_cache.get("unit")
        if unit is None:
            continue
        loaded[obj.unit_id] = unit
        if unit.kind == "polres":
            out[unit.pk] = unit.pk
        elif unit.kind == "polsek":
            out[unit.pk] = unit.parent_id
    missing = {o.unit_id for o in objects} - set(out)
    if missing:
        units = {**{u.pk: u for u in Unit.objects.filter(pk__in=missing - set(loaded))}, **loaded}
        paths = {p for pk in missing if pk in units for p in _prefixes(units[pk].path)}
        ancestors = dict(Unit.objects.filter(kind="polres", path__in=paths).values_list("path", "pk")) if paths else {}
        for pk in missing:
            unit = units.get(pk)
            out[pk] = next((ancestors[p] for p in _prefixes(unit.path) if p in ancestors), None) if unit else None
    return out


def object_forecast_intensity(objects) -> dict[int, float]:
    """Provider for `patrols.history.register_forecast_intensity`: PER_EXPECTED_EVENT × the cases expected next
    week within OBJECT_RADIUS_M of each object, from its Polres' forecast (one query per Polres when the forecast
    is cached and the objects' units are loaded)."""
    located = [o for o in objects if o.lat is not None and o.lon is not None]
    if not located:
        return {}
    polres_of_unit = _polres_ids(located)
    forecasts: dict[int, Forecast | None] = {}
    out = {}
    for obj in located:
        polres_id = polres_of_unit.get(obj.unit_id)
        if polres_id is None:
            continue
        if polres_id not in forecasts:
            forecasts[polres_id] = unit_forecast(cases=subtree_cases(polres_id), key=f"unit{polres_id}")
        forecast = forecasts[polres_id]
        if forecast is None:
            continue
        value = PER_EXPECTED_EVENT * forecast.around(obj.lat, obj.lon)
        if value > 0.005:
            out[obj.pk] = round(value, 3)
    return out


def register_forecast_providers() -> None:
    from siaga.patrols.history import register_forecast_intensity

    register_forecast_intensity(object_forecast_intensity)
