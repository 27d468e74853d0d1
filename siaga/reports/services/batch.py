"""`reports_submit_batch`: up to MAX_BATCH reports in one request and one transaction (SMS/WhatsApp gateways,
the officer app flushing its offline queue).

Every item is validated first; the good ones are inserted together (idempotent per client_id), the bad ones get
their own 4xx with an Indonesian message and never block the others. Per item: 201 created, 200 replay of a
client_id already stored for the same reporter, 4xx error."""

from __future__ import annotations

from contextlib import nullcontext

from django.db import IntegrityError, transaction

from siaga.core.dbfaults import retry_on_disconnect
from siaga.reports.errors import ReportError
from siaga.reports.models import Report
from siaga.reports.services.deferred import triage_schedule
from siaga.reports.services.intake import created_note, report_prepare
from siaga.reports.services.store import needs_transaction, reports_insert

MAX_BATCH = 100
_ACK_FIELDS = ("id", "client_id", "status", "tracking_code", "reporter_id", "triage_state")


def _ok(index: int, report, created: bool) -> dict:
    return {
        "index": index,
        "client_id": str(report.client_id),
        "status": 201 if created else 200,
        "id": report.pk,
        "report_status": report.status,
        "tracking_code": report.tracking_code,
        "created": created,
        "detail": "",
    }


def batch_error(index: int, client_id, exc: ReportError) -> dict:
    cid = str(client_id) if client_id else None
    return {
        "index": index,
        "client_id": cid,
        "status": exc.status,
        "id": None,
        "report_status": None,
        "tracking_code": None,
        "created": False,
        "detail": exc.message,
    }


@retry_on_disconnect
def reports_submit_batch(*, user, channel: str, items: list) -> list[dict]:
    """Store a batch; `items` holds keyword dicts for report_prepare (or a ReportError for an item the caller
    could not parse). Returns one result dict per item, in order."""
    if channel in ("officer", "partner") and (user is None or not user.can("reports.submit")):
        raise ReportError("Anda tidak berwenang mengirim laporan.", status=403)
    if len(items) > MAX_BATCH:
        raise ReportError(f"Terlalu banyak laporan dalam satu kiriman (maksimal {MAX_BATCH}).", status=413)
    results: list[dict | None] = [None] * len(items)
    prepared, first_of, repeats = _prepare(items, results, user=user, channel=channel)
    created = _insert(list(prepared.values()), user=user)
    replayed = _answer(prepared, created, results, user)
    for index, first in repeats:  # the same client_id twice in one batch: the second is a replay of the first
        if results[first]["status"] in (200, 201):
            results[index] = {**results[first], "index": index, "status": 200, "created": False}
        else:
            results[index] = {**results[first], "index": index}
    # a replayed report still pending: its first sending may have died between the commit and the inline triage
    pending = [r.pk for r in replayed if r.reporter_id == getattr(user, "pk", None) and r.triage_state == "pending"]
    triage_schedule([r.pk for r in created] + pending)
    return results


def _prepare(items: list, results: list, *, user, channel: str):
    prepared: dict[int, Report] = {}
    first_of: dict = {}
    repeats: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        if isinstance(item, ReportError):
            results[index] = batch_error(index, getattr(item, "client_id", None), item)
            continue
        try:
            report = report_prepare(channel=channel, user=user, **item)
        except ReportError as exc:
            results[index] = batch_error(index, item.get("client_id"), exc)
            continue
        if report.client_id in first_of:
            repeats.append((index, first_of[report.client_id]))
            continue
        first_of[report.client_id] = index
        prepared[index] = report
    return prepared, first_of, repeats


def _insert(reports: list[Report], *, user) -> list[Report]:
    if not reports:
        return []
    # Sorted by client_id: every batch takes its unique-index locks in the same order, so two overlapping batches
    # (the same ids, any order) wait for each other instead of deadlocking.
    reports = sorted(reports, key=lambda r: r.client_id)
    partner_unit = user.unit_id if user is not None and user.is_partner and user.unit_id else None
    atomic = transaction.atomic() if (partner_unit or needs_transaction()) else nullcontext()
    try:
        with atomic:
            created = reports_insert(reports, actor_id=getattr(user, "pk", None), note=created_note(reports[0].source))
            if partner_unit and created:  # a partner keeps seeing what it reported itself
                through = Report.shared_with.through
                through.objects.bulk_create([through(report_id=r.pk, unit_id=partner_unit) for r in created])
    except IntegrityError as exc:
        raise ReportError("Kiriman tidak dapat disimpan. Silakan kirim ulang.", status=409) from exc
    return created


def _answer(prepared: dict[int, Report], created: list[Report], results: list, user) -> list[Report]:
    """Fill in each item's result; returns the stored reports that the replayed items refer to."""
    created_ids = {r.client_id for r in created}
    replayed = [r.client_id for r in prepared.values() if r.client_id not in created_ids]
    existing = {}
    if replayed:
        rows = Report.objects.filter(client_id__in=replayed).only(*_ACK_FIELDS)
        existing = {r.client_id: r for r in rows}
    reporter_id = getattr(user, "pk", None)
    for index, report in prepared.items():
        if report.client_id in created_ids:
            results[index] = _ok(index, report, True)
            continue
        stored = existing.get(report.client_id)
        if stored is None:
            exc = ReportError("Laporan tidak dapat disimpan. Silakan coba lagi.", status=409)
        elif stored.reporter_id != reporter_id:
            exc = ReportError("ID klien ini sudah dipakai untuk laporan lain.", status=409, field="client_id")
        else:
            results[index] = _ok(index, stored, False)
            continue
        results[index] = batch_error(index, report.client_id, exc)
    return list(existing.values())
