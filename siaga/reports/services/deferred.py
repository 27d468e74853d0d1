"""The deferred triage step, after the report is committed: suggested category and severity rules (which update
severity and deadline unless a person set them), place names, near-duplicates → Incident, nearest TPS,
vulnerable object, and the "suggested" timeline entry.

It works in batches (`reports_triage`: up to BATCH pending reports per transaction, rows locked with SKIP LOCKED so
several processes can share the queue, bulk updates). How it is scheduled (SIAGA_REPORTS_TRIAGE):

- "inline" (tests, development with SIAGA_DEBUG, small installations): right after the intake commits, in the
  same process;
- "process" (production default): nothing on the request path; `siaga reports_triage --loop` (a separate
  process, ideally at lower CPU priority) polls the pending queue and triages in batches.

Nothing stays pending for good: a report whose inline triage was lost (the process died between the commit and
the triage) is triaged when its client retries (the replay) and by the sweep that the job worker and the
escalation loop run (`triage_sweep`: pending reports older than SIAGA_TRIAGE_SWEEP_AFTER seconds, 30 inline,
600 in process mode where the triage loop is the first in line). A connection fault never counts against a
report (it stays pending, the loop reconnects); a report whose triage fails MAX_ATTEMPTS times for another reason
is marked failed, listed for ops staff (`reports:triage_failed`), and put back in the queue by `report_triage_retry`.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from datetime import timedelta

from django.db import connections, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from siaga.core import access
from siaga.core.dbfaults import is_transient
from siaga.reports.errors import ReportError
from siaga.reports.models import Report, ReportEvent
from siaga.reports.services.nearby import Nearby, group_duplicate
from siaga.reports.taxonomy import category_label, known_categories
from siaga.reports.triage import deadline_from, triage_suggest

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 5
SWEEP_AFTER = {"inline": 30, "process": 600}  # seconds, unless SIAGA_TRIAGE_SWEEP_AFTER says otherwise
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
        transaction.on_commit(lambda: _triage_inline(ids))


def _triage_inline(ids: list[int]) -> None:
    """After the commit the report is acknowledged whatever happens here: a failure is recorded on the report
    (or, for a connection fault, left to the sweep), never turned into an error answer."""
    try:
        _triage_guarded(ids=ids)
    except Exception as exc:  # noqa: BLE001 - only connection faults reach here
        log.warning("inline triage of %s postponed (%s); the sweep will triage it", ids, type(exc).__name__)


def report_triage(*, report_id: int) -> Report | None:
    """Complete the triage of one report (idempotent: a report already triaged is left alone)."""
    done = reports_triage(ids=[report_id])
    return done[0] if done else None


def _pending(*, ids: list[int] | None = None, limit: int = BATCH, older_than: timedelta | None = None, qs=None):
    qs = (Report.objects.all() if qs is None else qs).filter(triage_state=Report.Triage.PENDING)
    if ids is not None:
        return qs.filter(pk__in=ids)
    if older_than is not None:
        qs = qs.filter(created_at__lt=timezone.now() - older_than)
    return qs.order_by("id")[:limit]


def reports_triage(
    *, ids: list[int] | None = None, limit: int = BATCH, older_than: timedelta | None = None
) -> list[Report]:
    """Triage pending reports (the given ones, else the oldest `limit`, optionally only those stored more than
    `older_than` ago) in one transaction; returns them."""
    with transaction.atomic():
        # SKIP LOCKED with the LIMIT on the same query: a second process takes the next reports, not none
        locked = Report.objects.select_for_update(skip_locked=True, of=("self",)).select_related("unit")
        batch = list(_pending(ids=ids, limit=limit, older_than=older_than, qs=locked))
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


def triage_pending(*, limit: int = BATCH, older_than: timedelta | None = None) -> int:
    """Triage one batch of pending reports (oldest first); safe to run in several processes at once.

    A connection fault propagates (the loop reconnects; nothing is counted against the reports)."""
    return _triage_guarded(limit=limit, older_than=older_than)


def _triage_guarded(*, ids: list[int] | None = None, limit: int = BATCH, older_than: timedelta | None = None) -> int:
    try:
        return len(reports_triage(ids=ids, limit=limit, older_than=older_than))
    except Exception as exc:
        if is_transient(exc):
            raise
        log.exception("triage batch failed; retrying report by report")
    done = 0
    pending = _pending(ids=ids, limit=limit, older_than=older_than)
    for report_id in list(pending.values_list("pk", flat=True)):
        try:
            done += len(reports_triage(ids=[report_id]))
        except Exception as exc:
            if is_transient(exc):
                raise
            _triage_failure(report_id, exc)
    return done


def _triage_failure(report_id: int, exc: Exception) -> None:
    """Count a failed attempt; the MAX_ATTEMPTS-th marks the report failed (listed for ops staff)."""
    error = f"{type(exc).__name__}: {exc}"[:500]
    log.warning("triage of report %s failed: %s", report_id, error)
    Report.objects.filter(pk=report_id, triage_state=Report.Triage.PENDING).update(
        triage_attempts=F("triage_attempts") + 1,
        triage_error=error,
        triage_state=Case(
            When(triage_attempts__gte=MAX_ATTEMPTS - 1, then=Value(Report.Triage.FAILED)),
            default=Value(Report.Triage.PENDING),
        ),
        updated_at=timezone.now(),
    )


def triage_sweep_after() -> timedelta:
    seconds = os.environ.get("SIAGA_TRIAGE_SWEEP_AFTER") or SWEEP_AFTER.get(triage_mode(), SWEEP_AFTER["process"])
    return timedelta(seconds=float(seconds))


def triage_sweep(*, limit: int = BATCH) -> int:
    """Triage pending reports older than the sweep bound: the safety net under inline triage (a process killed
    between the commit and the triage) and under a stopped triage loop. Run by the job worker and the escalation
    loop."""
    return triage_pending(limit=limit, older_than=triage_sweep_after())


def report_triage_retry(*, user, report: Report) -> Report:
    """Put a report whose triage failed back in the queue (attempts reset); triaged at once when inline."""
    reason = access.refusal(user, "reports.change", report)
    if reason is not None:
        raise ReportError(reason, status=403)
    if report.triage_state != Report.Triage.FAILED:
        raise ReportError("Triase laporan ini tidak gagal; tidak ada yang perlu diulang.", status=409)
    Report.objects.filter(pk=report.pk, triage_state=Report.Triage.FAILED).update(
        triage_state=Report.Triage.PENDING, triage_attempts=0, triage_error="", updated_at=timezone.now()
    )
    triage_schedule([report.pk])
    report.refresh_from_db()
    return report


def triage_backlog(*, older_than: timedelta | None = None) -> int:
    qs = Report.objects.filter(triage_state=Report.Triage.PENDING)
    if older_than is not None:
        qs = qs.filter(created_at__lt=timezone.now() - older_than)
    return qs.count()
