"""Incident history that the reports app lends to other apps (registered in ReportsConfig.ready()):

- the risk rule counts incidents per TPS and per desa (siaga.risk.providers.register_incident_counter);
- patrol planning raises an object's weight when incidents cluster around it
  (siaga.patrols.history.register_incident_history).

Rejected reports never count."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from django.db.models import Count
from django.utils import timezone

from siaga.engine.geo import haversine_km

OBJECT_RADIUS_KM = 1.0
OBJECT_WINDOW = timedelta(days=30)
PER_INCIDENT = 0.2  # each incident within the radius adds 0.2 to the history component (capped by patrols)


def _counted(since):
    from siaga.reports.models import Report

    qs = Report.objects.exclude(status=Report.Status.REJECTED)
    return qs.filter(occurred_at__gte=since) if since is not None else qs


def risk_incident_counts(*, election, since):
    from siaga.risk.providers import IncidentCounts
    from siaga.stations.models import Station

    qs = _counted(since)
    per_station = qs.filter(station__election=election).values_list("station_id").annotate(n=Count("id"))
    desa_codes = Station.objects.filter(election=election).values("desa_id")
    per_desa = qs.filter(desa_id__in=desa_codes).values_list("desa_id").annotate(n=Count("id"))
    return IncidentCounts(stations=dict(per_station), desa=dict(per_desa))


def object_incident_history(objects) -> dict[int, float]:
    located = [o for o in objects if o.lat is not None and o.lon is not None]
    if not located:
        return {}
    lats = np.array([o.lat for o in located])
    lons = np.array([o.lon for o in located])
    pad = OBJECT_RADIUS_KM / 111.0 * 2
    rows = list(
        _counted(timezone.now() - OBJECT_WINDOW)
        .filter(
            lat__gte=lats.min() - pad, lat__lte=lats.max() + pad, lon__gte=lons.min() - pad, lon__lte=lons.max() + pad
        )
        .values_list("lat", "lon")
    )
    if not rows:
        return {}
    points = np.array(rows, dtype=float)
    near = haversine_km(lats[:, None], lons[:, None], points[None, :, 0], points[None, :, 1]) <= OBJECT_RADIUS_KM
    counts = near.sum(axis=1)
    return {o.pk: PER_INCIDENT * int(n) for o, n in zip(located, counts, strict=True) if n}


def register_history_providers() -> None:
    from siaga.patrols.history import register_incident_history
    from siaga.risk.providers import register_incident_counter

    register_incident_counter(risk_incident_counts)
    register_incident_history(object_incident_history)
