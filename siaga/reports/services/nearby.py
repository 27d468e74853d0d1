"""What is near a batch of reports, for the deferred triage step: the nearest TPS of the active election, a
vulnerable object, and near-duplicates (grouped into an Incident with a count).

TPS and objects are loaded once per batch (the bounding box of the batch's coordinates) and bucketed on a grid;
near-duplicate candidates are one cheap id query per report (prepared SQL, no ORM compile) and one fetch of the
batch's distinct candidates (neighbouring reports share most of theirs); incident counters are applied once per
incident."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import timedelta

from django.apps import apps
from django.db import connections
from django.utils import timezone

from siaga.core.prepared import prepared_fetchall
from siaga.engine.triage import ReportRef, find_duplicate
from siaga.reports.models import Incident, Report

DUPLICATE_WINDOW = timedelta(hours=2)
NEAR_KM = 0.3
CANDIDATE_LIMIT = 50
CELL_DEG = 0.01  # ~1.1 km, larger than NEAR_KM: a point's neighbours are in its cell or the 8 around it


def _bbox(lat: float, lon: float, km: float) -> dict:
    dlat = km / 111.0
    dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.2))
    return {"lat__range": (lat - dlat, lat + dlat), "lon__range": (lon - dlon, lon + dlon)}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return math.hypot(lat2 - lat1, (lon2 - lon1) * math.cos(math.radians(lat1))) * 111.0


class _Grid:
    def __init__(self, rows) -> None:
        self.cells: dict[tuple[int, int], list] = defaultdict(list)
        for row in rows:
            self.cells[(math.floor(row.lat / CELL_DEG), math.floor(row.lon / CELL_DEG))].append(row)

    def nearest(self, lat: float, lon: float):
        ci, cj = math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)
        rows = [r for di in (-1, 0, 1) for dj in (-1, 0, 1) for r in self.cells.get((ci + di, cj + dj), ())]
        near = [(d, r.pk, r) for r in rows if (d := _km(lat, lon, r.lat, r.lon)) <= NEAR_KM]
        return min(near, key=lambda t: (t[0], t[1]))[2] if near else None


class Nearby:
    """Lookups shared by one batch of reports (and the reports of the batch, by id)."""

    def __init__(self, batch: list[Report]) -> None:
        self.by_pk = {r.pk: r for r in batch}
        self.candidates = candidates_prefetch(batch)
        self.others: dict[int, Report] = {}
        points = [(r.lat, r.lon) for r in batch if r.lat is not None and r.lon is not None]
        self.box = None
        if points:
            lats, lons = [p[0] for p in points], [p[1] for p in points]
            margin = 2 * NEAR_KM / 111.0 / max(math.cos(math.radians(max(map(abs, lats)))), 0.2)
            self.box = {
                "lat__range": (min(lats) - margin, max(lats) + margin),
                "lon__range": (min(lons) - margin, max(lons) + margin),
            }
        self.last_at: dict[int, object] = {}
        self._stations: _Grid | None = None
        self._objects: _Grid | None = None

    def _station_grid(self) -> _Grid:
        if self._stations is None:
            self._stations = _Grid(self._load_stations() if self.box else [])
        return self._stations

    def _load_stations(self) -> list:
        from siaga.elections.models import Election
        from siaga.stations.models import Station

        today = timezone.localdate()
        election = (
            Election.objects.filter(voting_day__gte=today - timedelta(days=60)).order_by("voting_day").first()
            or Election.objects.order_by("-voting_day").first()
        )
        if election is None:
            return []
        return list(Station.objects.filter(election=election, lat__isnull=False, **self.box))

    def _object_grid(self) -> _Grid:
        if self._objects is None:
            rows = []
            if self.box and apps.is_installed("siaga.patrols"):
                from siaga.patrols.models import VulnerableObject

                qs = VulnerableObject.objects.filter(is_active=True, lat__isnull=False, **self.box)
                rows = list(qs.only("pk", "name", "lat", "lon"))
            self._objects = _Grid(rows)
        return self._objects

    def match_station(self, report: Report, data: dict) -> None:
        if report.lat is None:
            return
        station = self._station_grid().nearest(report.lat, report.lon)
        if station is not None:
            report.station_id = station.pk
            data["station"] = {"id": station.pk, "name": str(station)}

    def match_object(self, report: Report, data: dict) -> None:
        if report.lat is None:
            return
        found = self._object_grid().nearest(report.lat, report.lon)
        if found is not None:
            report.object_id_ref, report.object_name = found.pk, found.name[:200]
            data["object"] = {"id": found.pk, "name": found.name}

    def locked(self, pk: int) -> Report:
        """A matched report outside this batch, row-locked and read once (another triage process may be grouping
        it at the same time); kept for the rest of the batch."""
        if pk not in self.others:
            self.others[pk] = Report.objects.select_for_update(of=("self",)).get(pk=pk)
        return self.others[pk]

    def incidents_apply(self, increments: Counter) -> None:
        """Add this batch's reports to their incidents: one locking read and one bulk update."""
        if not increments:
            return
        incidents = list(Incident.objects.select_for_update().filter(pk__in=list(increments)).order_by("pk"))
        for incident in incidents:
            incident.report_count += increments[incident.pk]
            incident.last_at = max(incident.last_at, self.last_at[incident.pk])
        Incident.objects.bulk_update(incidents, ["report_count", "last_at"])


def _ref(r: Report) -> ReportRef:
    location = (r.lat, r.lon) if r.lat is not None else None
    return ReportRef(r.pk, r.occurred_at, location, r.desa_id, r.category_id or r.suggested_category, r.text)


_CANDIDATE_FIELDS = (
    "id", "occurred_at", "lat", "lon", "desa_id", "category_id", "suggested_category", "text", "incident_id",
)  # fmt: skip


class _Candidate:
    __slots__ = (*_CANDIDATE_FIELDS, "pk")

    def __init__(self, row) -> None:
        for name, value in zip(_CANDIDATE_FIELDS, row, strict=True):
            setattr(self, name, value)
        self.pk = self.id


def _candidate_ids_sql(connection, *, point: bool, desa: bool) -> str:
    """Earlier reports (lower id; those are triaged already or earlier in this batch, so a group gets one incident)
    within the time window and not rejected; with coordinates: inside the box, or in the same desa without
    coordinates; without: in the same desa. The 50 latest."""
    qn = connection.ops.quote_name
    lat, lon = qn("lat"), qn("lon")
    same_desa = f"{qn('desa_id')} = %s" if desa else f"{qn('desa_id')} IS NULL"
    area = same_desa  # without coordinates (then always with a desa)
    if point:
        area = f"({lat} BETWEEN %s AND %s AND {lon} BETWEEN %s AND %s) OR ({same_desa} AND {lat} IS NULL)"
    return (
        f"SELECT {qn('id')} FROM {qn(Report._meta.db_table)} WHERE {qn('id')} < %s "
        f"AND {qn('occurred_at')} BETWEEN %s AND %s AND {qn('status')} <> 'rejected' AND ({area}) "
        f"ORDER BY {qn('occurred_at')} DESC LIMIT {CANDIDATE_LIMIT}"
    )


def _candidate_ids(connection, report: Report) -> list[int]:
    point = report.lat is not None
    if not point and not report.desa_id:
        return []
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        report.pk, adapt(report.occurred_at - DUPLICATE_WINDOW), adapt(report.occurred_at + DUPLICATE_WINDOW)
    ]  # fmt: skip
    if point:
        box = _bbox(report.lat, report.lon, 1.5)
        params += [*box["lat__range"], *box["lon__range"]]
    if report.desa_id:
        params.append(report.desa_id)
    sql = _candidate_ids_sql(connection, point=point, desa=bool(report.desa_id))
    return [row[0] for row in prepared_fetchall(connection, sql, params)]


def candidates_prefetch(batch: list[Report]) -> dict[int, list[_Candidate]]:
    """Each batch report's near-duplicate candidates (latest first), read before any of the batch is changed."""
    connection = connections[Report.objects.db]
    ids = {r.pk: _candidate_ids(connection, r) for r in batch}
    wanted = {pk for found in ids.values() for pk in found}
    rows: dict[int, _Candidate] = {}
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 5000):
        chunk = wanted_list[start : start + 5000]
        for row in Report.objects.filter(pk__in=chunk).values_list(*_CANDIDATE_FIELDS):
            rows[row[0]] = _Candidate(row)
    return {pk: [rows[c] for c in found if c in rows] for pk, found in ids.items()}


def group_duplicate(report: Report, data: dict, nearby: Nearby, increments: Counter) -> None:
    if report.incident_id is not None:  # already grouped (a later report of this batch matched it)
        return
    candidates = nearby.candidates.get(report.pk, [])
    match = find_duplicate(_ref(report), [_ref(c) for c in candidates]) if candidates else None
    if match is None:
        return
    other = nearby.by_pk.get(match.report_id) or nearby.others.get(match.report_id)
    if other is None:
        found = next(c for c in candidates if c.pk == match.report_id)
        other = found if found.incident_id is not None else nearby.locked(found.pk)
    if other.incident_id is None:
        incident = Incident.objects.create(
            unit_id=other.unit_id,
            title=other.text[:120],
            category_id=other.category_id,
            desa_id=other.desa_id,
            lat=other.lat,
            lon=other.lon,
            first_at=other.occurred_at,
            last_at=other.occurred_at,
            report_count=1,
            is_demo=other.is_demo,
        )
        other.incident_id = incident.pk
        if other.pk not in nearby.by_pk:
            Report.objects.filter(pk=other.pk).update(incident=incident, updated_at=timezone.now())
    increments[other.incident_id] += 1
    latest = max(report.occurred_at, other.occurred_at)
    nearby.last_at[other.incident_id] = max(latest, nearby.last_at.get(other.incident_id, latest))
    report.incident_id = other.incident_id
    data["duplicate_of"] = other.pk
    data["duplicate_score"] = round(match.score, 3)
