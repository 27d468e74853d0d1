"""Reads of the register: statistics (CT, CC, CC %, crime rate, crime clock, crime index, comparisons) for any unit,
period and grouping, each figure drilling down to its cases. Everything goes through `Case.objects.restrict`."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from siaga.analysis.formulas import (
    Period,
    cc_percent,
    change,
    clock_label,
    crime_clock_seconds,
    crime_rate,
    previous_period,
    same_period_last_year,
)
from siaga.analysis.models import Case, CrimeGroup, CrimeType, Population

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
GROUPS = {
    "type": ("crime_type_id", "Jenis"),
    "golongan": ("crime_type__group_id", "Golongan"),
    "polsek": ("unit_id", "Kesatuan"),
    "kecamatan": ("desa__parent_id", "Kecamatan"),
    "desa": ("desa_id", "Desa"),
    "hour": ("hour", "Jam"),
    "weekday": ("weekday", "Hari"),
}
MEASURES = ("ct", "cc", "ci_ct", "ci_cc")


def _bounds(period: Period):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def crimes(user, unit):
    """The crime cases (golongan counted as crime) of a unit's subtree that the user may see."""
    from siaga.units.models import Unit

    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    codes = CrimeType.objects.filter(group__is_crime=True).values("code")
    return Case.objects.restrict(user).filter(unit_id__in=units, crime_type_id__in=codes)


@functools.cache
def _fixed_offset_minutes(zone_key: str) -> int | None:
    """The zone's UTC offset in minutes when it is the same throughout 2000-2100 (every Indonesian zone: WIB,
    WITA, WIT), else None (a zone with daylight saving)."""
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(zone_key)
    except (ValueError, KeyError, OSError):
        return None
    offsets = {
        zone.utcoffset(dt.datetime(year, month, 15, 12)) for year in range(2000, 2101) for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


def _sqlite_offset(connection) -> int | None:
    from django.conf import settings

    if connection.vendor != "sqlite" or not settings.USE_TZ:  # without USE_TZ the stored times are local already
        return None
    return _fixed_offset_minutes(str(timezone.get_current_timezone()))


class LocalHour(ExtractHour):
    """Hour of day in the server's zone. On SQLite with a fixed-offset zone the hour comes from SQLite's own
    strftime (C) instead of Django's per-row Python function: the same value, ~4x faster on a Polda's year."""

    def as_sqlite(self, compiler, connection, **extra):
        offset = _sqlite_offset(connection)
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%H', {sql}, '{offset:+d} minutes') AS INTEGER)", params


class LocalIsoWeekDay(ExtractIsoWeekDay):
    """ISO day of week (Monday 1 … Sunday 7) in the server's zone; on SQLite as LocalHour."""

    def as_sqlite(self, compiler, connection, **extra):
        offset = _sqlite_offset(connection)
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%w', {sql}, '{offset:+d} minutes') AS INTEGER) + 6) %% 7 + 1)", params


def _annotated(qs, group: str | None):
    if group == "hour":
        return qs.annotate(hour=LocalHour("occurred_at"))
    if group == "weekday":
        return qs.annotate(weekday=LocalIsoWeekDay("occurred_at"))
    return qs


def _counts_many(qs, periods: dict[str, Period], group: str | None) -> dict[str, dict]:
    """{period key: {group key: {"ct", "ci_ct", "cc", "ci_cc"}}} in one query for all the periods: CT counts cases
    reported in a period, CC cases cleared in it. Periods that coincide (a year's previous period is also the same
    period a year earlier) are counted once."""
    field = GROUPS[group][0] if group else None
    index_codes = list(CrimeType.objects.filter(is_crime_index=True).values_list("code", flat=True))
    index = Q(crime_type_id__in=index_codes)
    any_period = Q()
    aggregates = {}
    alias: dict[str, str] = {}  # period name -> the name its counts are stored under
    seen: dict[tuple, str] = {}
    for name, period in periods.items():
        span = (period.start, period.end)
        if span in seen:
            alias[name] = seen[span]
            continue
        seen[span] = alias[name] = name
        start, end = _bounds(period)
        reported = Q(reported_at__gte=start, reported_at__lt=end)
        cleared = Q(cleared_on__gte=period.start, cleared_on__lte=period.end)
        any_period |= reported | cleared
        aggregates[f"{name}__ct"] = Count("id", filter=reported)
        aggregates[f"{name}__ci_ct"] = Count("id", filter=reported & index)
        aggregates[f"{name}__cc"] = Count("id", filter=cleared)
        aggregates[f"{name}__ci_cc"] = Count("id", filter=cleared & index)
    base = _annotated(qs.filter(any_period), group)
    rows = base.values(field).annotate(**aggregates).order_by() if field else [base.aggregate(**aggregates)]
    out: dict[str, dict] = {name: defaultdict(lambda: dict.fromkeys(MEASURES, 0)) for name in periods}
    for row in rows:
        key = row[field] if field else None
        for name in periods:
            counts = {m: row[f"{alias[name]}__{m}"] or 0 for m in MEASURES}
            if any(counts.values()) or not field:
                out[name][key] = counts
    return out


def _counts(qs, period: Period, group: str | None) -> dict:
    return _counts_many(qs, {"now": period}, group)["now"]


def population_of(region_codes: list[str], year: int) -> int | None:
    """Population of regions in a year (the latest year on or before it): a region's own figure, else the sum of
    its desa. None when no figure is known."""
    total, found = 0, False
    for code in region_codes:
        rows = list(
            Population.objects.filter(Q(region__code=code) | Q(region__code__startswith=code + "."), year__lte=year)
            .values("region_id", "region__level", "year", "population")
            .order_by("region_id", "-year")
        )
        latest: dict[str, dict] = {}
        for row in rows:
            latest.setdefault(row["region_id"], row)
        if code in latest:
            total, found = total + latest[code]["population"], True
            continue
        for level in (4, 3):
            parts = [r["population"] for r in latest.values() if r["region__level"] == level]
            if parts:
                total, found = total + sum(parts), True
                break
    return total if found else None


def populations_of(region_codes, year: int) -> dict[str, int]:
    """{region code: population} for many kecamatan or desa at once (as `population_of`: a region's own latest
    figure on or before `year`, else the sum of its children's). Regions without a figure are left out."""
    codes = [c for c in region_codes if c]
    if not codes:
        return {}
    own: dict[str, dict] = {}
    children: dict[str, dict[str, int]] = defaultdict(dict)
    for i in range(0, len(codes), 500):
        chunk = codes[i : i + 500]
        rows = (
            Population.objects.filter(Q(region_id__in=chunk) | Q(region__parent_id__in=chunk), year__lte=year)
            .values_list("region_id", "region__parent_id", "year", "population")
            .order_by("region_id", "-year")
        )
        for region, parent, _year, people in rows:
            if region in chunk:
                own.setdefault(region, people)
            elif parent in chunk:
                children[parent].setdefault(region, people)
    out = dict(own)
    for parent, parts in children.items():
        out.setdefault(parent, sum(parts.values()))
    return out


def _labels(group: str | None, keys) -> dict:
    from siaga.regions.models import Region
    from siaga.units.models import Unit

    keys = [k for k in keys if k is not None]
    if group == "type":
        return {t.code: t.name for t in CrimeType.objects.filter(code__in=keys)}
    if group == "golongan":
        return {g.code: g.label for g in CrimeGroup.objects.filter(code__in=keys)}
    if group == "polsek":
        return {u.pk: u.name for u in Unit.objects.filter(pk__in=keys)}
    if group in ("kecamatan", "desa"):
        return {r.code: r.name for r in Region.objects.filter(code__in=keys)}
    if group == "hour":
        return {k: f"{k:02d}.00-{k:02d}.59" for k in keys}
    if group == "weekday":
        return {k: HARI[k - 1] for k in keys}
    return {}


def _figures(c: dict, period: Period, population: int | None) -> dict:
    clock = crime_clock_seconds(c["ct"], period.seconds)
    return {
        **c,
        "cc_pct": cc_percent(c["ct"], c["cc"]),
        "ci_cc_pct": cc_percent(c["ci_ct"], c["ci_cc"]),
        "rate": crime_rate(c["ct"], population),
        "population": population,
        "clock_s": clock,
        "clock": clock_label(clock),
    }


def _region_codes(unit) -> list[str]:
    return [r.code for r in unit.regions.all()]


def case_stats(*, user, unit, period: Period, group: str | None = None) -> dict:
    """Totals and (optionally) rows per group, each with its comparison against the previous period and the same
    period a year earlier. `empty` says there is no case at all in the three periods."""
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown grouping {group!r}")
    qs = crimes(user, unit)
    prev, last_year = previous_period(period), same_period_last_year(period)
    now = _counts_many(qs, {"now": period, "prev": prev, "yoy": last_year}, group)
    totals = {k: _sum(v) for k, v in now.items()}
    pop = population_of(_region_codes(unit), period.end.year)
    result = {
        "unit": unit,
        "period": period,
        "previous": prev,
        "last_year": last_year,
        "group": group,
        "total": _figures(totals["now"], period, pop),
        "total_prev": _figures(totals["prev"], prev, pop),
        "total_yoy": _figures(totals["yoy"], last_year, pop),
        "empty": not any(totals[k]["ct"] or totals[k]["cc"] for k in totals),
        "rows": [],
    }
    result["change_prev"] = _changes(result["total"], result["total_prev"])
    result["change_yoy"] = _changes(result["total"], result["total_yoy"])
    if group:
        keys = set(now["now"]) | set(now["prev"]) | set(now["yoy"])
        labels = _labels(group, keys)
        zero = dict.fromkeys(MEASURES, 0)
        people = populations_of(keys, period.end.year) if group in ("kecamatan", "desa") else {}
        for key in sorted(
            keys, key=lambda k: (k is None, str(labels.get(k, k)) if group not in ("hour", "weekday") else k or 0)
        ):
            row_pop = people.get(key)
            cur = _figures(now["now"].get(key, zero), period, row_pop)
            row = {"key": key, "label": labels.get(key, "(tanpa keterangan)" if key is None else key), **cur}
            row["change_prev"] = _changes(cur, _figures(now["prev"].get(key, zero), prev, None))
            row["change_yoy"] = _changes(cur, _figures(now["yoy"].get(key, zero), last_year, None))
            result["rows"].append(row)
    return result


def _sum(groups: dict) -> dict:
    out = dict.fromkeys(MEASURES, 0)
    for c in groups.values():
        for m in MEASURES:
            out[m] += c[m]
    return out


def _changes(cur: dict, prev: dict) -> dict:
    return {m: change(cur[m], prev[m]) for m in ("ct", "cc", "ci_ct", "ci_cc")} | {
        "prev": {m: prev[m] for m in MEASURES}
    }


def drill_down(*, user, unit, period: Period, measure: str = "ct", group: str | None = None, key=None):
    """The cases behind one figure of `case_stats` (same unit, period, measure and group key)."""
    qs = crimes(user, unit)
    start, end = _bounds(period)
    if measure in ("ct", "ci_ct"):
        qs = qs.filter(reported_at__gte=start, reported_at__lt=end)
    else:
        qs = qs.filter(cleared_on__gte=period.start, cleared_on__lte=period.end)
    if measure.startswith("ci_"):
        qs = qs.filter(crime_type__is_crime_index=True)
    if group:
        field = GROUPS[group][0]
        qs = _annotated(qs, group)
        qs = qs.filter(**{field: key}) if key not in (None, "") else qs.filter(**{f"{field}__isnull": True})
    return qs.select_related("crime_type", "unit", "desa").order_by("-reported_at")


def monthly_series(*, user, unit, months: list[Period]) -> list[dict]:
    """CT and CC per month (charts and the 'CC % fell three months running' finding)."""
    qs = crimes(user, unit)
    return [{"period": p, **_figures(_counts(qs, p, None)[None], p, None)} for p in months]


HOTSPOT_LAYERS = ("kde", "perkiraan")


def hotspot_geojson(*, user, unit, period: Period, layer: str = "kde", crime_type: str | None = None) -> dict:
    """The hot-spot layer: the top 5 % cells of the KDE of the period's cases, or of the week after the period's
    end as forecast by the self-exciting point process fitted on the year before (analysis.forecast), as GeoJSON
    points coloured by intensity."""
    import numpy as np

    from siaga.engine.hotspots import Grid, kde_surface

    if layer == "perkiraan":
        from siaga.analysis.forecast import unit_forecast

        found = unit_forecast(cases=crimes(user, unit), key=f"unit{unit.pk}", until=period.end, crime_type=crime_type)
        if found is None:
            return {"type": "FeatureCollection", "features": [], "properties": {"empty": True}}
        return surface_geojson(found.grid, found.surface, label="Perkiraan {value:.2f} kejadian dalam 7 hari")
    qs = crimes(user, unit).exclude(lat=None).exclude(lon=None)
    if crime_type:
        qs = qs.filter(crime_type_id=crime_type)
    start, end = _bounds(period)
    rows = list(qs.filter(occurred_at__gte=start, occurred_at__lt=end).values_list("lat", "lon"))
    if not rows:
        return {"type": "FeatureCollection", "features": [], "properties": {"empty": True}}
    lats = np.array([r[0] for r in rows])
    lons = np.array([r[1] for r in rows])
    grid = Grid.around(lats, lons, cell_m=250, pad_m=750)
    return surface_geojson(grid, kde_surface(grid, lats, lons, bandwidth_m=500))


def surface_geojson(grid, surface, *, area: float = 0.05, label: str = "Intensitas {value:.2f} kejadian") -> dict:
    """The top `area` cells of a surface as GeoJSON points (colour and radius by intensity)."""
    from siaga.engine.hotspots import top_cells

    cells = top_cells(surface, area)
    top = float(surface.ravel()[cells[0]]) or 1.0
    features = []
    cols = surface.shape[1]
    for flat in cells:
        value = float(surface.ravel()[flat])
        if value <= 0:
            break
        lat, lon = grid.centre(int(flat // cols), int(flat % cols))
        share = value / top
        colour = "#b00020" if share > 0.66 else "#e76f51" if share > 0.33 else "#f4a261"
        features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {"kind": "hotspot", "color": colour, "radius": 4 + 6 * share, "value": round(value, 3),
                           "name": label.format(value=value)},
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features, "properties": {"empty": not features}}


PROPOSAL_CASES_SHOWN = 500


def proposal_cases(*, user, unit, key: str) -> dict | None:
    """The cases behind one proposed patrol object (analysis.proposals) of a unit the user may view: those the
    proposal counted (the forecast's cases within EVIDENCE_M of the cell, in the year the forecast was fitted on),
    read again through `crimes(user, unit)` so nothing outside the user's scope appears. Each case carries its
    distance from the proposal (`distance_m`); newest first. None when `key` is not among the current proposals."""
    import numpy as np

    from siaga.analysis.proposals import EVIDENCE_M, evidence_window, patrol_object_proposal
    from siaga.engine.geo import haversine_km

    forecast, proposal = patrol_object_proposal(user=user, unit=unit, key=key)
    if proposal is None:
        return None
    qs = crimes(user, unit).filter(pk__in=proposal.case_ids)
    rows = list(qs.select_related("crime_type__group", "unit", "desa"))
    if rows:
        far = haversine_km(
            proposal.lat, proposal.lon, np.array([c.lat for c in rows], float), np.array([c.lon for c in rows], float)
        )
        for case, km in zip(rows, np.atleast_1d(far), strict=True):
            case.distance_m = round(float(km) * 1000)
    rows.sort(key=lambda c: (c.occurred_at, c.pk), reverse=True)
    start, end = evidence_window(forecast)
    return {
        "forecast": forecast,
        "proposal": proposal,
        "cases": rows[:PROPOSAL_CASES_SHOWN],
        "total": len(rows),
        "since": start.date(),
        "until": (end - dt.timedelta(days=1)).date(),
        "radius_m": int(EVIDENCE_M),
    }
