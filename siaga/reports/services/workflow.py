"""The report workflow: new → verified → handling → resolved, or rejected with a reason; assignment, escalation,
sharing with partners. Every transition is a conditional UPDATE (nobody silently overwrites a colleague) and a
ReportEvent row with the actor and time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.reports.errors import ReportError
from siaga.reports.locate import polres_for_unit
from siaga.reports.models import Report, ReportEvent
from siaga.reports.taxonomy import known_categories
from siaga.reports.triage import classifier_learn, deadline_from
from siaga.units.models import Unit

S = Report.Status
CONFLICT = "Laporan ini baru saja diubah oleh pengguna lain. Muat ulang lalu coba lagi."


def _require(user, report: Report, perm: str = "reports.change") -> None:
    """The permission boundary (role, unit level, the report's unit in the user's scope), told as a ReportError."""
    reason = access.refusal(user, perm, report)
    if reason is not None:
        raise ReportError(reason, status=403)


def _check_from(report: Report, allowed: tuple[str, ...], action: str) -> None:
    if report.status not in allowed:
        raise ReportError(
            f"Laporan berstatus '{report.get_status_display()}' tidak dapat {action}.", status=409, field="status"
        )


def _apply(report: Report, *, user, kind: str, guard: dict, fields: dict, note: str = "", unit_id=None) -> Report:
    """UPDATE … WHERE pk=… AND <guard>; 409 when someone else changed the report first; then the event."""
    old_status = report.status
    fields = {**fields, "updated_at": timezone.now()}
    with transaction.atomic():
        updated = Report.objects.filter(pk=report.pk, **guard).update(**fields)
        if updated != 1:
            raise ReportError(CONFLICT, status=409)
        for key, value in fields.items():
            setattr(report, key, value)
        ReportEvent.objects.create(
            report=report,
            kind=kind,
            actor=access.acting_user(user),
            from_status=old_status,
            to_status=report.status,
            unit_id=unit_id or report.unit_id,
            note=note,
        )
        changes = {k: [None, str(v)] for k, v in fields.items() if k != "updated_at"}
        audit_record(
            action="update", model="reports.Report", object_id=report.pk, object_repr=report, changes=changes, note=kind
        )
    return report


def report_verify(*, report: Report, user, category: str | None = None, severity: int | None = None) -> Report:
    """Verify a new report; the verifier confirms its category (the suggestion unless another is given)."""
    _require(user, report)
    _check_from(report, (S.NEW,), "diverifikasi")
    code = category or report.category_id or report.suggested_category or "lainnya"
    if code not in known_categories():
        raise ReportError(f"Kategori '{code}' tidak dikenal.", field="category")
    fields = {"status": S.VERIFIED, "category_id": code, "category_confirmed": True}
    if severity is not None:
        if severity not in (1, 2, 3, 4):
            raise ReportError("Tingkat keparahan harus 1 sampai 4.", field="severity")
        fields["severity"] = severity
    note = f"Kategori dikonfirmasi: {known_categories()[code].label}."
    _apply(report, user=user, kind=ReportEvent.Kind.VERIFIED, guard={"status": report.status}, fields=fields, note=note)
    text, polres_id = report.text, polres_for_unit(report.unit)
    transaction.on_commit(lambda: classifier_learn(text=text, category=code, polres_id=polres_id))
    return report


def report_start_handling(*, report: Report, user, note: str = "") -> Report:
    _require(user, report)
    _check_from(report, (S.VERIFIED,), "mulai ditangani (verifikasi dahulu)")
    return _apply(
        report,
        user=user,
        kind=ReportEvent.Kind.HANDLING,
        guard={"status": report.status},
        fields={"status": S.HANDLING},
        note=note,
    )


def report_resolve(*, report: Report, user, note: str = "") -> Report:
    _require(user, report)
    _check_from(report, (S.HANDLING,), "diselesaikan (belum ditangani)")
    return _apply(
        report,
        user=user,
        kind=ReportEvent.Kind.RESOLVED,
        guard={"status": report.status},
        fields={"status": S.RESOLVED, "deadline_at": None},
        note=note,
    )


def report_reject(*, report: Report, user, reason: str) -> Report:
    _require(user, report)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Alasan penolakan wajib diisi.", field="reason")
    _check_from(report, (S.NEW, S.VERIFIED), "ditolak")
    return _apply(
        report,
        user=user,
        kind=ReportEvent.Kind.REJECTED,
        guard={"status": report.status},
        fields={"status": S.REJECTED, "rejection_reason": reason[:2000], "deadline_at": None},
        note=reason,
    )


def report_assign(*, report: Report, user, unit: Unit | None = None, note: str = "") -> Report:
    """Give the report to a police unit in the user's scope (default: the Polsek of the place)."""
    _require(user, report)
    _check_from(report, Report.OPEN_STATUSES, "ditugaskan")
    if unit is None:
        from siaga.reports.locate import location_index, polres_for_unit

        index = location_index(polres_for_unit(report.unit))
        unit = Unit.objects.get(pk=index.unit_for(report.desa_id))
    if not unit.is_police or not Unit.objects.restrict(user).filter(pk=unit.pk).exists():
        raise ReportError("Satuan tujuan tidak valid atau di luar wilayah Anda.", field="unit")
    return _apply(
        report,
        user=user,
        kind=ReportEvent.Kind.ASSIGNED,
        guard={"status": report.status, "unit_id": report.unit_id},
        fields={"unit_id": unit.pk},
        note=note or f"Ditugaskan ke {unit.name}.",
        unit_id=unit.pk,
    )


def report_escalate(*, report: Report, user, reason: str = "") -> Report:
    """Move the report one level up (Polsek → Polres → Polda) with a fresh deadline."""
    _require(user, report)
    _check_from(report, Report.OPEN_STATUSES, "dieskalasi")
    parent = Unit.objects.filter(pk=report.unit.parent_id, kind__in=Unit.POLICE_KINDS).first()
    if parent is None:
        raise ReportError("Laporan sudah berada di satuan tertinggi.", status=409)
    minutes = (
        known_categories()[report.category_code].deadline_minutes(report.severity)
        if report.category_code in known_categories()
        else 60
    )
    fields = {
        "unit_id": parent.pk,
        "escalation_level": report.escalation_level + 1,
        "deadline_at": deadline_from(minutes),
    }
    note = reason or f"Eskalasi ke {parent.name}."
    return _apply(
        report,
        user=user,
        kind=ReportEvent.Kind.ESCALATED,
        guard={"status": report.status, "unit_id": report.unit_id},
        fields=fields,
        note=note,
        unit_id=parent.pk,
    )


def report_share(*, report: Report, user, partner: Unit) -> Report:
    _require(user, report, "reports.share")
    if partner.is_police:
        raise ReportError("Laporan hanya dapat dibagikan ke instansi mitra.", field="unit")
    from siaga.units.selectors import partners_for

    if not partners_for(user=user).filter(pk=partner.pk).exists():
        raise ReportError("Instansi mitra ini bukan mitra satuan Anda.", status=403, field="unit")
    with transaction.atomic():
        report.shared_with.add(partner)
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.SHARED,
            actor=access.acting_user(user),
            unit=partner,
            from_status=report.status,
            to_status=report.status,
            note=f"Dibagikan ke {partner.name}.",
        )
    return report


def reports_escalate_due(*, now=None, limit: int = 500) -> int:
    """Escalate every unattended report past its deadline; at the top level the deadline is cleared."""
    now = now or timezone.now()
    due = Report.objects.filter(status__in=Report.UNATTENDED_STATUSES, deadline_at__lt=now).select_related("unit")
    count = 0
    for report in due.order_by("deadline_at")[:limit]:
        try:
            report_escalate(
                report=report, user=access.SYSTEM, reason="Eskalasi otomatis: melewati batas waktu penanganan."
            )
            count += 1
        except ReportError:
            Report.objects.filter(pk=report.pk, deadline_at=report.deadline_at).update(deadline_at=None)
    return count
