"""A person settles where a report happened: the desa chosen from the candidates the triage could not decide
between (or any desa of the Polres), and with it the responsible Polsek."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from siaga.core.audit import audit_record
from siaga.reports.errors import ReportError
from siaga.reports.locate import location_index, polres_for_unit
from siaga.reports.models import Report, ReportEvent
from siaga.units.models import Unit


def report_set_desa(*, report: Report, user, desa_code: str) -> Report:
    """Set the report's desa (permission `reports.change`, the report in the user's scope); an open report that
    no one has escalated moves to the desa's Polsek, which must be in the user's scope too."""
    if user is None or not user.can("reports.change"):
        raise ReportError("Anda tidak berwenang mengubah lokasi laporan.", status=403)
    if not Report.objects.restrict(user, "change").filter(pk=report.pk).exists():
        raise ReportError("Laporan tidak ditemukan.", status=404)
    code = (desa_code or "").strip()
    index = location_index(polres_for_unit(report.unit))
    entry = index.gazetteer.get(code) if code else None
    if entry is None or entry.level != "desa":
        raise ReportError("Pilih desa/kelurahan di wilayah Polres ini.", field="desa_code")
    fields: dict = {"desa_id": code, "updated_at": timezone.now()}
    unit_id = index.unit_for(code)
    if report.is_open and report.escalation_level == 0 and unit_id != report.unit_id:
        if not Unit.objects.restrict(user).filter(pk=unit_id).exists():
            raise ReportError(
                "Desa ini di wilayah satuan lain; mintalah Polres menetapkan lokasinya.", status=403, field="desa_code"
            )
        fields["unit_id"] = unit_id
    triage = dict(report.triage or {})
    triage["located_by"] = "person"
    fields["triage"] = triage
    label = index.label(code)
    with transaction.atomic():
        updated = Report.objects.filter(pk=report.pk, desa_id=report.desa_id, unit_id=report.unit_id).update(**fields)
        if updated != 1:
            raise ReportError("Laporan ini baru saja diubah oleh pengguna lain. Muat ulang lalu coba lagi.", status=409)
        for key, value in fields.items():
            setattr(report, key, value)
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.ASSIGNED,
            actor=user,
            from_status=report.status,
            to_status=report.status,
            unit_id=report.unit_id,
            note=f"Lokasi ditetapkan: {label}.",
        )
        audit_record(
            action="update",
            model="reports.Report",
            object_id=report.pk,
            object_repr=report,
            changes={k: [None, str(v)] for k, v in fields.items() if k not in ("updated_at", "triage")},
            note="lokasi",
        )
    return report
