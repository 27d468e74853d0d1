"""The deferred triage step, after the report is committed: suggested category and severity rules (which update
severity and deadline unless a person set them), place names, near-duplicates → Incident, nearest TPS,
vulnerable object, and the "suggested" timeline entry.

It works in batches (`reports_triage`: up to BATCH pending reports per transaction, rows locked with SKIP LOCKED so
several processes can share the queue, bulk updates). How it is scheduled (SIAGA_REPORTS_TRIAGE):

- "inline" (tests, development with SIAGA_DEBUG, small installations): right after the intake commits, in the
  same process;
- "process" (production default): nothing on the request path; `siaga reports_triage --loop` (a separate
  process, ideally at lower CPU priority) polls the pending queue and triages in batches.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone

from siaga.reports.models import Report, ReportEvent
from siaga.reports.services.nearby import Nearby, group_duplicate
from siaga.reports.taxonomy import category_label, known_categories
from siaga.reports.triage import deadline_from, triage_suggest

log = logging.getLogger(__name__)
BATCH = 200
_UPDATED = ("triage", "triage_state", "suggested_category", "severity", "deadline_at", "station", "object_id_ref")
UPDATED_FIELDS = (*_UPDATED, "object_name", "incident", "updated_at")


def triage_mode() -> str:
    from django.conf import settings

    inline = getattr(settings, "TESTING", False) or getattr(settings, "DEBUG", False)
    return os.environ.get("SIAGA_REPORTS_TRIAGE", "inline" if inline else "process")


def triage_schedule(report_ids: list[int]) -> None:
    """Called by intake after the INSERT: inline mode triages right after commit; otherwise the loop does."""
    if report_ids and triage_mode() == "inline":
        ids = list(report_ids)
        transaction.on_commit(lambda: reports_triage(ids=ids))


def report_triage(*, report_id: int) -> Report | None:
    """Complete the triage of one report (idempotent: a report already triaged is left alone)."""
    done = reports_triage(ids=[report_id])
    return done[0] if done else None


def reports_triage(*, ids: list[int] | None = None, limit: int = BATCH) -> list[Report]:
    """Triage pending reports (the given ones, else the oldest `limit`) in one transaction; returns them."""
    with transaction.atomic():
        qs = Report.objects.select_for_update(skip_locked=True, of=("self",)).select_related("unit")
        qs = qs.filter(triage_state=Report.Triage.PENDING)
        qs = qs.filter(pk__in=ids) if ids is not None else qs.order_by("id")[:limit]
        batch = list(qs)
        if not batch:
            return []
        nearby = Nearby(batch)
        increments: Counter = Counter()
        for report in batch:
            _triage_one(report, nearby, increments)
        now = timezone.now()
        for report in batch:
            report.triage_state, report.updated_at = Report.Triage.DONE, now
        _update_all(batch)
        nearby.incidents_apply(increments)
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, kind=ReportEvent.Kind.SUGGESTED, note=_suggestion_note(r.triage)) for r in batch]
        )
    return batch


def _update_all(batch: list[Report]) -> None:
    """One parametrised UPDATE executed for every report (psycopg pipelines it): far cheaper than bulk_update's
    CASE WHEN per field and row."""
    connection = connections[Report.objects.db]
    qn = connection.ops.quote_name
    fields = [Report._meta.get_field(name) for name in UPDATED_FIELDS]
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    sql = f"UPDATE {qn(Report._meta.db_table)} SET {assignments} WHERE {qn('id')} = %s"
    rows = [[*(f.get_db_prep_save(getattr(r, f.attname), connection) for f in fields), r.pk] for r in batch]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _triage_one(report: Report, nearby: Nearby, increments: Counter) -> None:
    from siaga.reports.locate import polres_for_unit

    data = dict(report.triage or {})
    found = triage_suggest(
        text=report.text,
        category=report.category_id,
        location_text=report.location_text,
        polres_id=polres_for_unit(report.unit),
    )
    places = data.get("places") or found.data["places"]
    data.update(found.data, places=places)
    report.suggested_category = found.suggested
    _apply_severity(report, data, found)
    nearby.match_station(report, data)
    nearby.match_object(report, data)
    group_duplicate(report, data, nearby, increments)
    report.triage = data


def _apply_severity(report: Report, data: dict, found) -> None:
    """The rules' severity and its deadline, unless the reporter gave one or a person acted on the report since."""
    touched = report.status != Report.Status.NEW or report.severity != data.get("intake_severity", report.severity)
    if data.get("severity_given") or touched or found.severity == report.severity:
        return
    report.severity = found.severity
    cat = known_categories().get(report.category_id or found.suggested)
    minutes = cat.deadline_minutes(found.severity) if cat else found.deadline_minutes
    if report.status in Report.UNATTENDED_STATUSES and report.escalation_level == 0:
        report.deadline_at = deadline_from(minutes, report.created_at)


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


def triage_pending(*, limit: int = BATCH) -> int:
    """Triage one batch of pending reports (oldest first); safe to run in several processes at once."""
    try:
        return len(reports_triage(limit=limit))
    except Exception:  # noqa: BLE001 - one bad batch must not stop the loop; retried one by one
        log.exception("triage batch failed; retrying report by report")
    done = 0
    ids = list(Report.objects.filter(triage_state="pending").order_by("id").values_list("pk", flat=True)[:limit])
    for report_id in ids:
        try:
            done += len(reports_triage(ids=[report_id]))
        except Exception:  # noqa: BLE001 - a report the triage cannot handle must not block the queue
            log.exception("triage of report %s failed; left without suggestions", report_id)
            Report.objects.filter(pk=report_id, triage_state="pending").update(triage_state=Report.Triage.DONE)
    return done


def triage_backlog(*, older_than: timedelta | None = None) -> int:
    qs = Report.objects.filter(triage_state=Report.Triage.PENDING)
    if older_than is not None:
        qs = qs.filter(created_at__lt=timezone.now() - older_than)
    return qs.count()
