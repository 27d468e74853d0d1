"""The second triage step, after the report is committed: near-duplicates → Incident, nearest TPS, vulnerable
object, the "suggested" timeline entry.

`triage_schedule(report_id)` runs it right away ("inline", the default under tests and for low volume) or hands
it to a per-process background thread ("background", SIAGA_REPORTS_TRIAGE=background) so that the intake
request answers as soon as the report is durable. Anything left pending (a crash, a restart) is picked up by
the thread's periodic sweep or by `siaga reports_triage`."""

from __future__ import annotations

import logging
import math
import os
import threading
from datetime import timedelta

from django.apps import apps
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from siaga.engine.triage import ReportRef, find_duplicate
from siaga.reports.models import Incident, Report, ReportEvent
from siaga.reports.taxonomy import category_label

log = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(hours=2)
NEAR_KM = 0.3
BATCH = 200


def triage_mode() -> str:
    from django.conf import settings

    default = "inline" if getattr(settings, "TESTING", False) else "background"
    return os.environ.get("SIAGA_REPORTS_TRIAGE", default)


def triage_schedule(report_id: int) -> None:
    if triage_mode() == "background":
        _worker().kick()
    else:
        report_triage(report_id=report_id)


def report_triage(*, report_id: int) -> Report | None:
    """Complete the triage of one report (idempotent: a report already triaged is left alone)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id, triage_state="pending").first()
        if report is None:
            return None
        data = dict(report.triage or {})
        _match_station(report, data)
        _match_object(report, data)
        _group_duplicate(report, data)
        Report.objects.filter(pk=report.pk).update(
            triage=data,
            triage_state="done",
            station_id=report.station_id,
            object_id_ref=report.object_id_ref,
            object_name=report.object_name,
            incident_id=report.incident_id,
            updated_at=timezone.now(),
        )
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUGGESTED, note=_suggestion_note(data))
    return report


def _suggestion_note(data: dict) -> str:
    parts = []
    suggestions = data.get("suggestions") or []
    if suggestions:
        top = suggestions[0]
        parts.append(f"Saran kategori: {category_label(top['category'])} ({round(100 * top['confidence'])}%)")
    severity = data.get("severity") or {}
    if severity:
        parts.append(f"tingkat menurut aturan: {severity.get('level')}")
    places = data.get("places") or []
    if places:
        parts.append("tempat disebut: " + ", ".join(p["name"] for p in places[:3]))
    if data.get("duplicate_of"):
        parts.append(f"mirip laporan #{data['duplicate_of']}")
    return "; ".join(parts) or "Tidak ada saran."


def _bbox(lat: float, lon: float, km: float) -> dict:
    dlat = km / 111.0
    dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.2))
    return {"lat__range": (lat - dlat, lat + dlat), "lon__range": (lon - dlon, lon + dlon)}


def _nearest(rows, lat: float, lon: float):
    def dist(row):
        kx = math.cos(math.radians(lat))
        return math.hypot(row.lat - lat, (row.lon - lon) * kx) * 111.0

    rows = [r for r in rows if dist(r) <= NEAR_KM]
    return min(rows, key=dist) if rows else None


def _match_station(report: Report, data: dict) -> None:
    from siaga.elections.models import Election
    from siaga.stations.models import Station

    if report.lat is None:
        return
    today = timezone.localdate()
    election = (
        Election.objects.filter(voting_day__gte=today - timedelta(days=60)).order_by("voting_day").first()
        or Election.objects.order_by("-voting_day").first()
    )
    if election is None:
        return
    near = Station.objects.filter(election=election, **_bbox(report.lat, report.lon, NEAR_KM))[:50]
    station = _nearest(list(near), report.lat, report.lon)
    if station is not None:
        report.station_id = station.pk
        data["station"] = {"id": station.pk, "name": str(station)}


def _match_object(report: Report, data: dict) -> None:
    if report.lat is None or not apps.is_installed("siaga.patrols"):
        return
    try:
        from siaga.patrols.models import VulnerableObject
    except ImportError:
        return
    near = VulnerableObject.objects.filter(is_active=True, **_bbox(report.lat, report.lon, NEAR_KM))[:50]
    found = _nearest(list(near), report.lat, report.lon)
    if found is not None:
        report.object_id_ref, report.object_name = found.pk, found.name[:200]
        data["object"] = {"id": found.pk, "name": found.name}


def _ref(r: Report) -> ReportRef:
    location = (r.lat, r.lon) if r.lat is not None else None
    return ReportRef(r.pk, r.occurred_at, location, r.desa_id, r.category_id or r.suggested_category, r.text)


def _candidates(report: Report) -> list[Report]:
    window = (report.occurred_at - DUPLICATE_WINDOW, report.occurred_at + DUPLICATE_WINDOW)
    qs = Report.objects.exclude(pk=report.pk).filter(occurred_at__range=window).exclude(status="rejected")
    if report.lat is not None:
        qs = qs.filter(**_bbox(report.lat, report.lon, 1.5)) | qs.filter(desa_id=report.desa_id, lat__isnull=True)
    elif report.desa_id:
        qs = qs.filter(desa_id=report.desa_id)
    else:
        return []
    return list(qs.order_by("-occurred_at")[:50])


def _group_duplicate(report: Report, data: dict) -> None:
    candidates = _candidates(report)
    match = find_duplicate(_ref(report), [_ref(c) for c in candidates]) if candidates else None
    if match is None:
        return
    other = Report.objects.select_for_update().get(pk=match.report_id)
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
        Report.objects.filter(pk=other.pk).update(incident=incident, updated_at=timezone.now())
        other.incident_id = incident.pk
    Incident.objects.filter(pk=other.incident_id).update(
        report_count=F("report_count") + 1, last_at=max(report.occurred_at, other.occurred_at)
    )
    report.incident_id = other.incident_id
    data["duplicate_of"] = other.pk
    data["duplicate_score"] = round(match.score, 3)


def triage_pending(*, limit: int = BATCH) -> int:
    """Triage reports still pending (oldest first); safe to run in several processes at once."""
    done = 0
    ids = list(Report.objects.filter(triage_state="pending").order_by("id").values_list("pk", flat=True)[:limit])
    for report_id in ids:
        try:
            if report_triage(report_id=report_id) is not None:
                done += 1
        except Exception:  # noqa: BLE001 - one bad report must not stop the sweep
            log.exception("triage of report %s failed", report_id)
    return done


class _TriageWorker:
    """A daemon thread per process: woken after each intake commit, sweeps every few seconds."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="siaga-triage", daemon=True)
        self.thread.start()

    def kick(self) -> None:
        self.event.set()

    def _run(self) -> None:
        while True:
            self.event.wait(timeout=5.0)
            self.event.clear()
            try:
                while triage_pending() >= BATCH:
                    pass
            except Exception:  # noqa: BLE001 - keep the thread alive across database hiccups
                log.exception("triage sweep failed")
            finally:
                close_old_connections()


_worker_lock = threading.Lock()
_worker_instance: list[_TriageWorker] = []


def _worker() -> _TriageWorker:
    if not _worker_instance:
        with _worker_lock:
            if not _worker_instance:
                _worker_instance.append(_TriageWorker())
    return _worker_instance[0]
